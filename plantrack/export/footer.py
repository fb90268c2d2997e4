"""What every exported file states once: source, data cut-off, basis (口径) and the 示例数据 mark."""
from __future__ import annotations

from ..i18n import t
from ..periods import _EN_MONTHS, Period
from ..store import Store

SAMPLE_MARK = "示例数据"


def sample_in_store(store: Store) -> bool:
    """True when an active revision came from a file marked 示例数据 (the sample shipped with the app)."""
    h = store.history()
    if h.empty:
        return False
    return bool((h.active.astype(bool) & h.file_name.fillna("").str.contains(SAMPLE_MARK, regex=False)).any())


def cutoff_text(period: Period, lang: str) -> str:
    """数据截至 2023年6月底 / end of Jun 2023."""
    month = _EN_MONTHS[period.end_month] if lang == "en" else period.end_month
    return t("export.cutoff", lang, year=period.year, month=month)


def basis_text(kind: str, lang: str, price_basis: str = "nominal", period: Period | None = None) -> str:
    """口径 of a chart: growth real/nominal, or cumulative counts against time progress."""
    if kind == "growth":
        return t(f"export.basis_{price_basis}", lang)
    if kind == "mixed":
        return t("export.basis_mixed", lang)
    tp = f"{period.time_progress_pct:.0f}%" if period else ""
    return t("export.basis_count", lang, tp=tp)


def footer_text(period: Period, lang: str, basis: str, sample: bool) -> str:
    text = t("export.footer", lang, source=t("app.data_source", lang), cutoff=cutoff_text(period, lang), basis=basis)
    if sample:
        text += ("  |  " if lang == "en" else "  |  ") + t("export.sample_mark", lang)
    return text


def cutoff_line(period: Period, lang: str) -> str:
    """数据截至2023年6月底 / Data as of end of Jun 2023 — the year end too (数据截至2023年12月底)."""
    return t("export.cutoff_line", lang, cutoff=cutoff_text(period, lang))

