"""The upload page: drop files, preview what was recognised, commit on confirmation, see the history."""
from __future__ import annotations

import hashlib
import io
import re

import pandas as pd
import streamlit as st

from ..actions.file_import import check_together, import_warnings, store_file
from ..ingest.records import IngestError, ParsedFile, UnitNeeded
from ..ingest.sandbox import parse_untrusted
from ..model.i18n import fmt_number, fmt_value, milestone_label
from ..model.periods import parse_key
from .auth import require_role
from .widgets import md, table

_BILINGUAL = re.compile(r"^(?P<zh>.*[\u4e00-\u9fff][^/]*?) / (?P<en>[A-Za-z0-9].*)$", re.S)
_LOCATION = re.compile(r"^[^：:]*[：:]\s*")


def template_bytes(plan, year: int, period: str | None) -> bytes:
    from ..ingest.template import write_template
    buf = io.BytesIO()
    write_template(plan, year, buf, period=period)
    return buf.getvalue()


def _parse_cached(ctx, name: str, data: bytes, progress, unit: str | None = None) -> ParsedFile | IngestError:
    """Parse once per file content (and chosen unit) per session, so reruns (widget clicks) do not re-read
    big files.

    In a limited worker process: a file that crashes or exhausts the reader is one refusal, not a dead server."""
    key = ("_parsed", hashlib.sha256(data).hexdigest(), name, unit)
    cache = st.session_state.setdefault("_parse_cache", {})
    if key not in cache:
        try:
            cache[key] = parse_untrusted(ctx.plan, data, name, year_hint=ctx.year, progress=progress, unit=unit)
        except IngestError as e:
            cache[key] = e
    return cache[key]


def records_table(ctx, parsed: ParsedFile, stored: dict | None = None,
                  notes: dict[int, list[str]] | None = None) -> pd.DataFrame:
    """The preview of a file's values, in the interface language and without internal ids. With `stored`
    ((indicator, period, region) → stored value) a column "现值 → 新值" shows what a figure replaces; with
    `notes` (record index → warnings) each warning sits beside its row."""
    plan, lang = ctx.plan, ctx.lang
    rows = []
    for i, r in enumerate(parsed.records):
        ind = plan.indicators[r.indicator]
        row = {ctx.t("col.indicator"): ind.name(lang),
               ctx.t("col.period"): parse_key(r.period).label(lang, with_year=True),
               ctx.t("col.value"): fmt_value(r.value, r.unit, lang),
               ctx.t("col.growth"): _growth_text(ctx, r),
               ctx.t("col.region"): r.region,
               # where each fact was read (issue 10), before the long notes so it is on screen
               ctx.t("upload.col_unit_from"): r.source_of("unit") or "—",
               ctx.t("upload.col_period_from"): r.source_of("period") or "—",
               ctx.t("upload.col_measure_from"): r.source_of("measure") or "—"}
        if stored is not None:
            old = stored.get((r.indicator, r.period, r.region))
            row[ctx.t("upload.col_change")] = ctx.t("upload.new_value") if old is None else \
                "" if r.value is None or abs(old - r.value) < 1e-9 else \
                f"{fmt_value(old, ind.unit, lang)} → {fmt_value(r.value, r.unit, lang)}"
        if notes is not None:
            row[ctx.t("upload.col_note")] = "；".join(notes.get(i, [])) if lang == "zh" else "; ".join(notes.get(i, []))
        row.update({ctx.t("col.sheet"): r.location.sheet if r.location else "",
                    ctx.t("col.row"): r.location.row if r.location else None})
        rows.append(row)
    return pd.DataFrame(rows)


def stored_values(ctx, parsed: ParsedFile) -> dict:
    """(indicator, period, region) → the value stored now, for the figures this file would replace."""
    out = {}
    for year, region in {(parse_key(r.period).year, r.region) for r in parsed.records if r.region}:
        df = ctx.store.current_values(year, region)
        out.update({(row.indicator, row.period, region): float(row.value) for row in df.itertuples()
                    if row.value is not None and row.value == row.value})
    return out


def in_language(text: str, lang: str) -> str:
    """A bilingual importer message ("…增速不一致 / growth mismatch: …") in one language: the part before " / "
    in Chinese, the location and the part after it in English. Messages without both halves pass unchanged."""
    m = _BILINGUAL.match(text)
    if not m:
        return text
    if lang == "zh":
        return m.group("zh").rstrip(" ，,")
    loc = _LOCATION.match(m.group("zh"))
    return (loc.group(0) if loc else "") + m.group("en")


def notes_by_row(parsed: ParsedFile, warnings: list[str], lang: str) -> tuple[dict[int, list[str]], list[str]]:
    """Each warning beside the record it names (by sheet and row, as the importer writes them); the rest
    (about the whole file) stay under the table."""
    by_row: dict[int, list[str]] = {}
    loose = []
    for w in warnings:
        hits = [i for i, r in enumerate(parsed.records) if r.location and r.location.row and
                any(p in w for p in _row_patterns(r.location))]
        for i in hits:
            by_row.setdefault(i, []).append(in_language(w, lang))
        if not hits:
            loose.append(in_language(w, lang))
    return by_row, loose


def _row_patterns(loc) -> list[str]:
    sheet = loc.sheet or ""
    col = loc.column or ""
    return [f"{sheet} 第{loc.row}行", f"sheet {sheet!r}, row {loc.row}", f"{sheet}!{col}{loc.row}",
            f"{sheet}!R{loc.row}", f"{sheet}:{col}{loc.row}"]


def _growth_text(ctx, r) -> str:
    """Growth as shown, marked （推算） when the importer computed it from two levels."""
    if r.growth_pct is None:
        return "—"
    return fmt_number(r.growth_pct, 1) + (ctx.t("upload.derived") if r.growth_source == "derived" else "")


def preview_warnings(ctx, parsed: ParsedFile) -> list[str]:
    """The file's own warnings, then derived growth, then plausibility against what is already stored."""
    return list(parsed.warnings) + import_warnings(ctx.plan, ctx.store, parsed)


def _ask_unit(ctx, name: str, data: bytes, where: str) -> str | None:
    """The preview's question for a file whose amounts have no stated unit; None until the analyst answers."""
    st.warning(ctx.t("upload.unit_needed") + "\n\n" + md(where), icon=":material/help:")
    return st.selectbox(ctx.t("upload.unit_choose"), ["元", "万元", "亿元"], index=None,
                        placeholder=ctx.t("upload.unit_placeholder"),
                        key=f"unit_{hashlib.sha256(data).hexdigest()[:16]}")


def milestones_table(ctx, parsed: ParsedFile) -> pd.DataFrame:
    names = {m.id: m.name(ctx.lang) for y in ctx.plan.years.values() for m in y.milestones}
    return pd.DataFrame([{ctx.t("col.indicator"): names.get(m.milestone, m.milestone),
                          ctx.t("col.status"): milestone_label(m.status, ctx.lang),
                          ctx.t("col.date"): m.date or "", ctx.t("col.note"): m.note} for m in parsed.milestones])


def skipped_table(ctx, parsed: ParsedFile) -> pd.DataFrame:
    return pd.DataFrame([{ctx.t("col.sheet"): s.location.sheet, ctx.t("col.row"): s.location.row,
                          ctx.t("col.text"): s.text, ctx.t("col.reason"): s.reason} for s in parsed.skipped])


def render(ctx) -> None:
    user = require_role(ctx, "analyst")   # the check lives on the code path, whoever calls render()
    st.title(ctx.t("upload.title"))
    st.caption(ctx.t("upload.help"))
    st.download_button(ctx.t("upload.template"), data=lambda: template_bytes(ctx.plan, ctx.year, ctx.period),
                       file_name=f"plantrack_模板_{ctx.year}.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    nonce = st.session_state.setdefault("_upload_nonce", 0)
    files = st.file_uploader(ctx.t("upload.drop"), type=["xlsx", "xls", "ods", "csv"], accept_multiple_files=True,
                             key=f"uploader_{nonce}")
    for message in st.session_state.pop("_upload_results", []):
        st.success(md(message))

    ready: list[tuple[ParsedFile, bytes]] = []
    refused = 0
    if files:
        bar = st.progress(0.0)
        for i, f in enumerate(files):
            data = f.getvalue()

            def progress(frac: float, message: str = "", i=i, name=f.name):
                bar.progress(min((i + frac) / len(files), 1.0), text=md(ctx.t("upload.parsing", file=name)))

            result = _parse_cached(ctx, f.name, data, progress)
            bar.progress((i + 1) / len(files), text=md(ctx.t("upload.parsing", file=f.name)))
            with st.container(border=True):
                st.subheader(md(f.name))
                if isinstance(result, UnitNeeded):   # a question for the analyst, not a refusal
                    unit = _ask_unit(ctx, f.name, data, str(result))
                    if unit is None:
                        continue                  # nothing is stored until the analyst says which unit
                    result = _parse_cached(ctx, f.name, data, progress, unit=unit)
                    st.info(md(ctx.t("upload.unit_chosen", unit=unit)))
                if isinstance(result, IngestError):
                    st.error(md(ctx.t("upload.refused", message=in_language(str(result), ctx.lang))),
                             icon=":material/block:")
                    refused += 1
                    continue
                dup = ctx.store.query("revision_by_sha256", sha256=result.sha256)
                if len(dup):
                    st.info(md(ctx.t("upload.duplicate", file=f.name, revision=int(dup.revision.iloc[0]))))
                    continue
                st.markdown(ctx.t("upload.recognised", n=len(result.records)) + " · " +
                            ctx.t("upload.milestones", n=len(result.milestones)))
                notes, loose = notes_by_row(result, preview_warnings(ctx, result), ctx.lang)
                if result.records:
                    table(records_table(ctx, result, stored_values(ctx, result), notes),
                          colours={n: "#b00020" for ns in notes.values() for n in ns})
                if result.milestones:
                    table(milestones_table(ctx, result))
                for w in loose:
                    st.warning(md(w))
                if result.skipped:
                    with st.expander(ctx.t("upload.skipped", n=len(result.skipped))):
                        table(skipped_table(ctx, result))
                ready.append((result, data))
        bar.empty()
        try:
            check_together([p for p, _ in ready])
        except IngestError as e:   # two files of this upload disagree: neither is stored
            st.error(md(ctx.t("upload.conflict", message=in_language(str(e), ctx.lang))), icon=":material/block:")
            ready = []

    # The button says what will be stored: "导入1个文件（5项），1个文件被拒绝".
    label = ctx.t("upload.confirm_files", files=len(ready), n=sum(len(p.records) + len(p.milestones) for p, _ in ready))
    if refused:
        label += ctx.t("upload.confirm_refused", refused=refused)
    if ready and st.button(label, type="primary", icon=":material/check:"):
        user = require_role(ctx, "analyst")   # re-checked at the moment of writing (session may have expired)
        messages = []
        for parsed, data in ready:
            done = store_file(ctx.store, user, parsed, data)
            messages.append(ctx.t("upload.done", file=parsed.file, revision=done.revision) if done.revision is not None
                            else ctx.t("upload.duplicate", file=parsed.file, revision=done.already_imported))
        st.session_state["_upload_results"] = messages
        st.session_state["_upload_nonce"] = nonce + 1   # a fresh, empty uploader
        st.session_state.pop("_parse_cache", None)
        st.rerun()

    st.subheader(ctx.t("upload.history"))
    from .admin_page import history_table, revisions_panel
    hist = history_table(ctx)
    if hist.empty:
        st.caption(ctx.t("upload.no_history"))
    else:
        table(hist)
        with st.expander(ctx.t("admin.revisions"), icon=":material/undo:"):
            revisions_panel(ctx)
