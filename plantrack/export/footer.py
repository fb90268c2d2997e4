"""What every exported file states once: source, data cut-off, basis (口径) and the 示例数据 mark."""
from __future__ import annotations

from ..model.i18n import t
from ..model.periods import Period

# The cut-off phrase is the presentation model's, so screens and documents say the same (数据截至2023年6月底).
from ..present.facts import cutoff_line, cutoff_text  # noqa: F401  (re-exported by plantrack.export)
from ..store.database import Store

SAMPLE_MARK = "示例数据"


def sample_in_store(store: Store) -> bool:
    """True when an active revision came from a file marked 示例数据 (the sample shipped with the app)."""
    h = store.history()
    if h.empty:
        return False
    return bool((h.active.astype(bool) & h.file_name.fillna("").str.contains(SAMPLE_MARK, regex=False)).any())


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
