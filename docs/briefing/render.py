"""Render the sample briefing (DOCX pages, PPTX slides) to PNG with LibreOffice, for a reader to look at.

    .venv/bin/python docs/briefing/render.py [--periods 2023Q2,2023Q4] [--keep DIR]

Loads the bundled sample data into a temporary store, builds the pack for each period (real chart PNGs), then
`soffice --headless --convert-to pdf` and `pdftoppm` (poppler-utils) write docs/briefing/<period>/docx-N.png and
pptx-N.png. LibreOffice finds the official fonts' stand-ins through plantrack/export/fonts.conf.
Needs: apt-get install libreoffice-writer libreoffice-impress poppler-utils fonts-noto-cjk fonts-arphic-ukai —
for these pictures only; `make test` does not need LibreOffice.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))


def _pdf_to_pngs(pdf: Path, prefix: Path, dpi: int) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    made = sorted(prefix.parent.glob(prefix.name + "-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    out = []
    for k, p in enumerate(made, 1):
        target = prefix.parent / f"{prefix.name}-{k}.png"
        p.rename(target)
        out.append(target)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--periods", default="2023Q2,2023Q4")
    ap.add_argument("--keep", help="also keep the DOCX/PPTX/PDF files in this folder")
    ap.add_argument("--out", default=str(OUT), help="where the <period>/ folders of PNGs go (default: here)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-"))
    os.environ["PLANTRACK_DB"] = str(work / "store.duckdb")
    from plantrack.export import build_pack, stop_server
    from plantrack.model.plan import get_plan
    from plantrack.store.database import Store

    subprocess.run([sys.executable, "-m", "plantrack", "load-sample"], check=True, cwd=REPO,
                   env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL)
    store = Store()
    env = {**os.environ, "FONTCONFIG_FILE": str(REPO / "plantrack" / "export" / "fonts.conf"),
           "HOME": str(work)}   # a LibreOffice profile of its own
    plan = get_plan()
    for key in [k.strip() for k in args.periods.split(",") if k.strip()]:
        pack = build_pack(plan, store, key, formats=["pptx", "docx"])
        folder = Path(args.out) / key
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in pack.files.items():
            kind = name.rsplit(".", 1)[1]
            src = work / f"{key}.{kind}"
            src.write_bytes(data)
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(src)],
                           check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            pngs = _pdf_to_pngs(work / f"{key}.pdf", folder / kind, 60 if kind == "docx" else 50)
            print(f"{key} {name}: {len(pngs)} pages → {folder}/{kind}-N.png")
            if args.keep:
                keep = Path(args.keep)
                keep.mkdir(parents=True, exist_ok=True)
                (keep / name).write_bytes(data)
                shutil.copy(work / f"{key}.pdf", keep / f"{Path(name).stem}.pdf")
    stop_server()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
