"""export --period 2023Q2 --out DIR — the briefing pack (PNGs, ZIP, PPTX, DOCX) without the app."""
from __future__ import annotations

import sys
import time

from ..model.periods import parse_key
from ..model.plan import get_plan
from ..store.database import Store


def register(sub) -> None:
    p = sub.add_parser("export", help="write the briefing pack for a period: chart PNGs, ZIP, PPTX, DOCX")
    p.add_argument("--period", required=True, help="e.g. 2023Q2 (1-6月) or 2023M05")
    p.add_argument("--out", required=True, help="folder to write the files into (created if missing)")
    p.add_argument("--formats", default="png,zip,pptx,docx",
                   help="comma-separated: png (one file per chart), zip, pptx, docx (default: all)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--areas", default="", help="comma-separated area ids (default: all), e.g. industry,demand")
    p.add_argument("--ascii-names", action="store_true",
                   help="name the files by ids (2023Q2_briefing.docx) for a system that takes only ASCII names")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..export import build_pack, write_pack  # plotly/kaleido only when this command runs

    parse_key(args.period)
    plan = get_plan()
    areas = [a.strip() for a in args.areas.split(",") if a.strip()] or None
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    started = time.perf_counter()

    def progress(fraction: float, message: str) -> None:
        if not args.quiet:
            print(f"[{fraction * 100:5.1f}%] {message}", file=sys.stderr, flush=True)

    pack = build_pack(plan, Store(), args.period, areas=areas, formats=formats, lang=args.lang, progress=progress,
                      ascii_names=args.ascii_names)
    for path in write_pack(pack, args.out):
        print(path)
    if not args.quiet:
        print(f"{len(pack.files)} files, {len(pack.charts)} charts in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    return 0
