"""The briefing pack: charts rendered once, then the requested files (PNG, ZIP, PPTX, DOCX)."""
from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..analysis.city_ranking import briefing_sentences
from ..analysis.scorecard import Scorecard, build_scorecard
from ..model.i18n import t
from ..model.plan import Plan
from ..present.narrative import Briefing, build_briefing
from ..store.database import Store
from .figures import Chart, Progress, briefing_charts, file_span, render_charts, safe_filename
from .footer import sample_in_store
from .report import build_docx, doc_title
from .slides import build_pptx
from .tables import scorecard_frame

FORMATS = ("png", "zip", "pptx", "docx")


@dataclass
class Pack:
    period: str
    lang: str
    briefing: Briefing
    charts: list[Chart]
    files: dict[str, bytes] = field(default_factory=dict)   # file name → content


def pack_basename(card: Scorecard, lang: str, ascii_names: bool = False) -> str:
    """岳阳楼区2023年上半年经济运行情况汇报 — the name staff file it under; 2023Q2_briefing with ascii_names."""
    if ascii_names:
        return f"{card.period.key}_briefing" + ("_en" if lang == "en" else "")
    return safe_filename(doc_title(card, lang))


@dataclass(frozen=True)
class FileNames:
    """Every name of a pack in one place: human names, or the ASCII ids for a system that needs them."""
    base: str
    span: str
    period_key: str
    lang: str
    ascii: bool

    def chart(self, c: Chart) -> str:
        return c.ascii_filename(self.period_key) if self.ascii else c.filename(self.span)

    def zip(self) -> str:
        return f"{self.base}_charts.zip" if self.ascii else f"{t('export.file_charts', self.lang, title=self.base)}.zip"

    def csv(self) -> str:
        return f"{self.period_key}_scorecard.csv" if self.ascii else \
            f"{t('export.file_scorecard', self.lang, title=self.base)}.csv"

    def text(self) -> str:
        return f"{self.period_key}_briefing.txt" if self.ascii else f"{self.base}.txt"


def file_names(card: Scorecard, lang: str = "zh", ascii_names: bool = False) -> FileNames:
    return FileNames(pack_basename(card, lang, ascii_names), file_span(card.period, lang), card.period.key, lang,
                     ascii_names)


def build_pack(plan: Plan, store: Store, period_key: str, areas: Iterable[str] | None = None,
               formats: Iterable[str] = ("zip", "pptx", "docx"), lang: str = "zh",
               progress: Progress | None = None, ascii_names: bool = False) -> Pack:
    """Everything for a period: charts rendered once, then the requested files.

    formats: "png" (one file per chart), "zip" (all PNGs + the scorecard CSV + the text), "pptx", "docx".
    progress(fraction, message) is called as work advances (0 → 1). Files are named as staff file them
    (岳阳楼区2023年上半年经济运行情况汇报.docx, 2023年上半年_内需挖掘_50米以上高层建筑.png); ascii_names=True gives
    the ASCII ids instead (2023Q2_briefing.docx, 2023Q2_demand_towers_50m.png).
    """
    formats = [f.strip().lower() for f in formats if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown export format {bad[0]!r} (choose from {', '.join(FORMATS)})")
    areas = list(areas) if areas is not None else None
    if areas is not None:
        known = {a.id for a in plan.year(int(period_key[:4])).areas}
        unknown = [a for a in areas if a not in known]
        if unknown:
            raise ValueError(f"unknown area {unknown[0]!r} (areas: {', '.join(sorted(known))})")
    report = progress or (lambda f, m: None)
    card = build_scorecard(plan, store, period_key)
    sample = sample_in_store(store)
    briefing = build_briefing(card, lang, areas, ranking=briefing_sentences(plan, store, period_key, lang))
    charts = briefing_charts(plan, store, card, areas, lang, sample)
    render_charts(charts, report, lang, 0.0, 0.8)
    pack = Pack(period=card.period.key, lang=lang, briefing=briefing, charts=charts)
    names = file_names(card, lang, ascii_names)
    base = names.base
    if "png" in formats:
        for c in charts:
            pack.files[names.chart(c)] = c.png
    if "pptx" in formats:
        report(0.82, t("export.progress_pptx", lang))
        pack.files[f"{base}.pptx"] = build_pptx(card, briefing, charts, lang, sample, areas)
    if "docx" in formats:
        report(0.9, t("export.progress_docx", lang))
        pack.files[f"{base}.docx"] = build_docx(card, briefing, charts, lang, sample)
    if "zip" in formats:
        report(0.96, t("export.progress_zip", lang))
        pack.files[names.zip()] = build_zip(card, briefing, charts, lang, names)
    report(1.0, t("export.progress_done", lang))
    return pack


def build_zip(card: Scorecard, briefing: Briefing, charts: list[Chart], lang: str = "zh",
              names: FileNames | None = None) -> bytes:
    """All chart PNGs, the scorecard CSV and the text; member names in UTF-8 (the ZIP's language flag)."""
    names = names or file_names(card, lang)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for c in charts:
            z.writestr(names.chart(c), c.png, compress_type=zipfile.ZIP_STORED)  # PNG is compressed
        csv = scorecard_frame(card, lang).to_csv(index=False).encode("utf-8-sig")
        z.writestr(names.csv(), csv)
        z.writestr(names.text(), briefing.text().encode("utf-8"))
    return buf.getvalue()


def write_pack(pack: Pack, out_dir: str | os.PathLike) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in pack.files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def export_date() -> str:
    return dt.date.today().isoformat()
