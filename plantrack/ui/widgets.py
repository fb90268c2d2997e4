"""Small Streamlit pieces the dashboard pages share: status badges, headline cards, charts, number texts.

Data reaches the page as text through st.markdown of our own strings (no HTML) or st.dataframe; names from
the config and numbers are escaped for markdown so a bracket or asterisk cannot change the layout.
"""
from __future__ import annotations

import math

import streamlit as st

from ..model.i18n import STATUS_COLOURS, STATUS_ICONS, milestone_label, status_label
from ..present import StatusFacts, Tally, TargetFacts, charts, span_text
from ..present.export_safety import escape_frame
from . import layout

# Streamlit's markdown badge colours closest to i18n.STATUS_COLOURS; the icon and the word carry the meaning.
BADGE_COLOURS = {"green": "green", "yellow": "orange", "red": "red", "no_data": "gray"}
MILESTONE_BADGES = {"done": "green", "in_progress": "blue", "not_started": "gray", "delayed": "red",
                    "not_reported": "violet"}
# Markdown's active characters (CommonMark lets a backslash escape any of them), plus & (entities such as
# &amp;) and @ (e-mail autolinks). Left alone: , % / ; = and quotes, which start nothing on one line.
_MD_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:&@")
_WORD_JOINER = "\u2060"   # invisible


def md(text) -> str:
    """Text (a file, sheet or row name, a note, a message that quotes one) shown literally in anything
    Streamlit renders as markdown: messages, headings, captions, labels.

    The backslashes stop links, images, emphasis, code, math ($), HTML and directives (:red[…]). Some things
    act on the text after parsing, where escapes are gone: Streamlit rewrites a literal ":material/" into an
    icon, the emoji plugin turns ":name:" into a picture, and GFM turns bare "http://…", "www.…" and
    "name@host" into links. An invisible word joiner after every ":" and "@" and inside "www." breaks all
    of them without changing what is read. Line breaks and other control characters become spaces: one name
    stays on one line and cannot start a heading, a list or a code block."""
    text = str(text)
    out = []
    for i, ch in enumerate(text):
        if ch in _MD_SPECIAL:
            out.append("\\" + ch)
            if ch in ":@":
                out.append(_WORD_JOINER)
        elif ch < " " or ch == "\x7f" or ch in "\u2028\u2029\x85":
            out.append(" ")
        else:
            out.append(ch)
            if ch in "wW" and text[i + 1:i + 2] == "." and text[max(0, i - 2):i + 1].lower() == "www":
                out.append(_WORD_JOINER)
    return "".join(out)


def status_badge(status: StatusFacts | str, lang: str = "zh") -> str:
    """Markdown for a status: colour + icon + word. A target's StatusFacts (plantrack.present) carries its own
    label (● 序时推进, ■ 未完成); a bare status key gets the count category's word (● 正常)."""
    if isinstance(status, StatusFacts):
        return f":{BADGE_COLOURS[status.status]}-badge[{md(status.text)}]"
    return f":{BADGE_COLOURS[status]}-badge[{md(status_label(status, lang))}]"


def milestone_badge(state: str, lang: str) -> str:
    return f":{MILESTONE_BADGES[state]}-badge[{md(milestone_label(state, lang))}]"


def status_counts_md(counts: Tally) -> str:
    """Targets counted by their status words (plantrack.present Tally), as badges: ● 提前完成 2  ● 序时推进 6
    ▲ 进度滞后 6  ■ 严重滞后 5 — the words of the cards and lists, never a colour's name."""
    return " ".join(f":{BADGE_COLOURS[s]}-badge[{md(text)} {n}]" for s, text, n in counts.items())


def text_or_dash(x) -> str:
    """A stored text that may be missing (None, NaN from an empty cell) as text."""
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) or str(x) == "" else str(x)


def table(df, status_col: str | None = None, fit: bool = True, cache: tuple | None = None,
          colours: dict[str, str] | None = None) -> None:
    """A read-only table tall enough to show every row (no inner scrolling on a projector); the status
    column, when named, is coloured as well as carrying its icon and word.

    Every on-screen table goes through here: its text is formula-escaped because Streamlit's own
    "download as CSV" button would otherwise hand spreadsheet-origin text ("=cmd|…") to Excel.

    Escaping and styling cost more than the rest of a page run, and every viewer of the same data draws
    the same tables, so each is drawn once and replayed for the rest: keyed by its content, or — with `df`
    a function that builds the frame and `cache` what it depends on (as for show_chart) — by that key,
    without building the frame again.

    `colours` maps cell texts to a colour wherever they are (overdue milestones in red).

    On a phone (compact layout) every table is a wrapped markdown table instead: a data grid scrolls sideways
    inside a 390 px screen and hides its last columns."""
    if layout.is_compact():
        frame = df() if callable(df) else df
        # keyed by content: two tables with the same columns on one page (完成的 / 未完成的) get two keys
        content = (tuple(map(str, frame.columns)), tuple(map(str, frame.astype(str).to_numpy().ravel())))
        compact_table(frame, "t" + str(abs(hash(content)) % 10**10))
        return
    colour_items = tuple(sorted((colours or {}).items()))
    if cache is None:
        _table_by_content(df() if callable(df) else df, status_col, fit, colour_items)
    else:
        _table_by_key(cache, status_col, fit, colour_items, df)


# st.cache_data records the st.dataframe element and replays it on a hit.
@st.cache_data(max_entries=512, show_spinner=False)
def _table_by_content(df, status_col: str | None, fit: bool, colour_items: tuple = ()) -> None:
    _dataframe(df, status_col, fit, dict(colour_items))


@st.cache_data(max_entries=512, show_spinner=False)
def _table_by_key(cache: tuple, status_col: str | None, fit: bool, colour_items: tuple, _df) -> None:
    _dataframe(_df() if callable(_df) else _df, status_col, fit, dict(colour_items))


def _dataframe(df, status_col: str | None, fit: bool, colours: dict[str, str] | None = None) -> None:
    height = 38 + 35 * max(len(df), 1) if fit else 400
    df = escape_frame(df, keep_signed_figures=True)
    data = df
    if status_col is not None and status_col in df.columns and len(df):
        # a status cell starts with its icon (● ▲ ■ ○) whatever its label says (序时推进, 未完成 …)
        by_icon = {STATUS_ICONS[s]: c for s, c in STATUS_COLOURS.items()}
        data = df.style.map(lambda v: f"color: {by_icon.get(str(v)[:1], 'inherit')}; font-weight: 600",
                            subset=[status_col])
    elif colours and len(df):   # given cell texts in colour wherever they are (overdue milestones in red)
        data = df.style.map(lambda v: f"color: {colours[v]}; font-weight: 700" if v in colours else "")
    st.dataframe(data, hide_index=True, width="stretch", height=height)


def show_chart(fig, filename: str, key: str | None = None, cache: tuple | None = None) -> None:
    """Our figure as built (theme=None keeps our template) with the PNG button at 3× and a meaningful name;
    in the compact (phone) layout without the toolbar, which would cover the title.

    `fig` is a plotly figure or a function that builds one. With `cache` — everything the figure depends on,
    normally `ctx.cache_key` (store generation, language, year, period) plus the chart's own name — the
    figure is built and drawn once for every session viewing the same data and replayed for the others
    (building a plotly figure is most of a page run). Without it, built and drawn every run."""
    compact = layout.is_compact()
    if cache is None:
        _plot(fig() if callable(fig) else fig, filename, key, compact)
    else:
        _cached_plot(cache, filename, key, compact, fig)


def _plot(fig, filename: str, key: str | None, compact: bool) -> None:
    st.plotly_chart(fig, width="stretch", theme=None, config=charts.chart_config(filename, compact=compact),
                    key=key)


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_plot(cache: tuple, filename: str, key: str | None, compact: bool, _fig) -> None:
    # `_fig` is not part of the cache key (leading underscore): `cache` names what the figure shows.
    _plot(_fig() if callable(_fig) else _fig, filename, key, compact)


def _safe_key(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in str(text))


def status_chip(status: StatusFacts, key: str) -> None:
    """The target's status label with its icon on a chip in the status colour (styled by layout.STYLE via the
    key)."""
    with st.container(key=f"chip_{status.status}_{_safe_key(key)}"):
        st.markdown(md(status.text))


def change_line(ctx, f: TargetFacts) -> str:
    """The change on the previous quarter, neutral: "较一季度提高0.7个百分点", "与一季度持平"."""
    return f.change_phrase


def headline_card(ctx, f: TargetFacts, detail: bool = True) -> None:
    """One headline target from its display facts (plantrack.present), status first (the PPTX headline
    slide's model): the card's edge and the big figure in the status colour, the icon and label on a chip,
    the gap as the second-largest line with its unit, then the target; the change on last quarter in neutral
    grey (持平 when unchanged). `detail` adds the level, last year's figure and the required pace — or why it
    cannot be computed (the overview; meeting mode leaves them out)."""
    lang, a = ctx.lang, f.assessment
    ind = a.target.indicator
    basis = ctx.t(f"basis.{ind.price_basis}")
    sid = _safe_key(f.id)
    status = f.status.status
    with st.container(border=True, key=f"card_{status}_{sid}"):
        with st.container(key=f"cardname_{sid}"):
            # the ⓘ help only where a pointer hovers: on the projected slide it wrapped to a line of its own
            st.markdown(md(f"{f.short}（{basis}）" if lang == "zh" else f"{f.short} ({basis})"),
                        help=ctx.t("dash.card.help", name=f.name, basis=basis) if detail else None)
        with st.container(key=f"figure_{status}_{sid}"):
            st.markdown(md(f.actual_text))
        status_chip(f.status, f.id)
        if f.gap is not None:
            with st.container(key=f"gap_{sid}"):
                st.markdown(md(ctx.t("dash.card.gap", gap=f.gap_text)))
        st.markdown(md(ctx.t("dash.card.target", target=f.target_text)))
        change = change_line(ctx, f)
        if change:
            with st.container(key=f"change_{sid}"):
                st.markdown(md(change))
        lines = []
        if detail:
            if f.level_text:
                lines.append(md(ctx.t("dash.card.level", span=span_text(a.period, lang), value=f.level_text)))
            if f.last_year_text:
                lines.append(md(ctx.t("dash.card.last_year",
                                      span=a.period.same_period_last_year().label(lang, True),
                                      growth=f.last_year_text)))
            if f.pace_text:
                lines.append("**" + md(f.pace_text) + "**")
        if lines:
            st.markdown("  \n".join(lines))


STATUS_TEXT = {"green": "green", "yellow": "orange", "red": "red", "no_data": "gray"}


def compact_table(df, key: str) -> None:
    """A small table for the phone as escaped markdown: it wraps inside the screen where a data grid would
    scroll sideways (styled with the status list, layout.STYLE)."""
    if len(df.columns) > 4:   # too many columns for 390 px: one item per row, "column value" pairs under its name
        cols = list(df.columns)
        lines = []
        for row in df.itertuples(index=False):
            head = [str(c) for c in cols]
            first = 1 if head[0] == "#" else 0
            # a status cell (● ▲ ■ ○ …) goes with the name after it: "■ 低于目标 固定资产投资"
            n_head = 2 if str(row[first])[:1] in STATUS_ICONS.values() else 1
            title = " ".join(md(text_or_dash(v)) for v in row[first:first + n_head])
            rest = [f"{md(h)} {md(text_or_dash(v))}" for h, v in zip(head[first + n_head:], row[first + n_head:])
                    if text_or_dash(v) not in ("—", "")]
            lines.append(f"- **{title}**" + ("  \n  " + " · ".join(rest) if rest else ""))
        with st.container(key=f"statuslist_{key}"):
            st.markdown("\n".join(lines))
        return
    lines = ["| " + " | ".join(md(c) for c in df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(md(text_or_dash(v)) for v in row) + " |" for row in df.itertuples(index=False)]
    with st.container(key=f"statuslist_{key}"):
        st.markdown("\n".join(lines))


def compact_status_list(ctx, targets, title: str | None = None) -> None:
    """One status list, worst first (`targets`: plantrack.present TargetFacts). On a phone a list: each target's
    status word and name on one line, then 实际 · 目标 · 差距 — five columns do not fit 390 px without breaking
    "严重滞后" or "-5.9个百分点" inside (layout.STYLE keeps CJK words and figures whole). On a screen (meeting
    slides) the table 指标 | 实际 | 目标 | 差距 | 状态."""
    rows = charts.worst_first(targets)
    if title:
        st.markdown(f"**{md(title)}**")
    if layout.is_compact():
        items = []
        for f in rows:
            # a figure and its unit stay together (38,536\u00a0m yuan, −5.9\u00a0pp): no-break spaces inside a value
            figures = " · ".join(md(ctx.t(f"dash.compact.{k}_item", value=v.replace(" ", "\u00a0"))) for k, v in
                                 (("actual", f.actual_text), ("target", f.target_text), ("gap", f.gap_text)))
            items.append(f"- :{STATUS_TEXT[f.status.status]}[**{md(f.status.text)}**] "
                         f"**{md(f.short if f.is_headline else f.name)}**  \n  {figures}")
        with st.container(key="statuslist"):
            st.markdown("\n".join(items))
        return
    head = [ctx.t(f"dash.compact.{k}") for k in ("indicator", "actual", "target", "gap", "status")]
    lines = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    for f in rows:
        lines.append("| " + " | ".join([
            md(f.short if f.is_headline else f.name), md(f.actual_text), md(f.target_text), md(f.gap_text),
            f":{STATUS_TEXT[f.status.status]}[**{md(f.status.text)}**]"]) + " |")
    with st.container(key="statuslist"):
        st.markdown("\n".join(lines))


def footnote(ctx) -> str:
    return charts.footnote(ctx.lang, ctx.period_obj)

