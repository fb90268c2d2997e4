"""导出简报: pick period, areas and formats; build the briefing pack with a progress bar; download; preview text.

The pack is built on the button (a PNG per chart takes a fraction of a second on the warm kaleido server,
a whole period ≈ 10 s), kept in the session keyed by the selection and the data generation, and offered as
downloads. Changing the selection or importing new data makes the built pack stale: it is not offered again.
"""
from __future__ import annotations

import time

import streamlit as st

from ..analysis.city_ranking import briefing_sentences
from ..export import build_pack
from ..model.periods import parse_key
from ..present.narrative import build_briefing
from .context import ViewContext, cached_scorecard
from .widgets import md

FORMAT_CHOICES = ("zip", "pptx", "docx")
MIME = {"zip": "application/zip",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_STATE = "_export_pack"


def render(ctx: ViewContext) -> None:
    st.title(ctx.t("export.page_title"))
    st.caption(ctx.t("export.page_help"))
    if not ctx.periods:
        st.info(ctx.t("export.no_period"))
        return
    lang = ctx.lang
    areas = ctx.year_plan.areas
    c1, c2, c3 = st.columns([1, 2, 2])
    default_index = ctx.periods.index(ctx.period) if ctx.period in ctx.periods else len(ctx.periods) - 1
    period = c1.selectbox(ctx.t("export.pick_period"), ctx.periods, index=default_index, key="export_period",
                          format_func=lambda k: parse_key(k).label(lang, with_year=True))
    picked_areas = c2.multiselect(ctx.t("export.pick_areas"), [a.id for a in areas],
                                  default=[a.id for a in areas], key="export_areas",
                                  format_func=lambda a: f"{ctx.year_plan.area(a).number}. "
                                                        f"{ctx.year_plan.area(a).short(lang)}")
    formats = c3.multiselect(ctx.t("export.pick_formats"), FORMAT_CHOICES, default=list(FORMAT_CHOICES),
                             key="export_formats", format_func=lambda f: ctx.t(f"export.format_{f}"))
    generation = ctx.store.generation()
    selection = (period, tuple(picked_areas), tuple(formats), lang, generation)

    if st.button(ctx.t("export.generate"), type="primary", disabled=not formats, key="export_generate"):
        bar = st.progress(0.0, text="")
        started = time.perf_counter()
        try:
            pack = build_pack(ctx.plan, ctx.store, period, areas=picked_areas, formats=formats, lang=lang,
                              progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m))
        except Exception as e:  # shown, not a traceback: the usual cause is a missing browser or font
            st.error(md(ctx.t("export.failed", message=str(e))))
        else:
            st.session_state[_STATE] = (selection, pack.files)
            st.success(ctx.t("export.built", n=len(pack.files), seconds=f"{time.perf_counter() - started:.1f}"))
    if not formats:
        st.warning(ctx.t("export.nothing_picked"))

    built = st.session_state.get(_STATE)
    if built is not None:
        built_selection, files = built
        if built_selection == selection:
            cols = st.columns(max(len(files), 1))
            for col, (name, data) in zip(cols, files.items()):
                ext = name.rsplit(".", 1)[-1]
                col.download_button(ctx.t("export.download", name=name), data=data, file_name=name,
                                    mime=MIME.get(ext, "application/octet-stream"), key=f"export_dl_{name}",
                                    width="stretch")
        else:
            st.info(ctx.t("export.stale"))

    st.subheader(ctx.t("export.preview"))
    card = cached_scorecard(str(ctx.store.path), period, generation)
    briefing = build_briefing(card, lang, picked_areas,
                              ranking=briefing_sentences(ctx.plan, ctx.store, period, lang))
    with st.container(border=True):
        st.markdown(f"**{md(briefing.title)}**  \n{md(briefing.period_label)}")
        for section in briefing.sections:
            st.markdown(f"##### {md(section.title)}")
            for paragraph in section.paragraphs:
                st.markdown(md(paragraph))
