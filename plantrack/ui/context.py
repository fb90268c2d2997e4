"""What every page needs: the plan, the store, the chosen language, year and period, cached per data change.

app.py calls `build_context()` once per run (it draws the sidebar); pages call `get_context()`.
The view state (page, year, period, language, area) lives in the URL query string so a shared link opens
the same view; a bad parameter falls back to the default with a notice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ..analysis.scorecard import Scorecard, build_scorecard
from ..model.i18n import t
from ..model.periods import Period, parse_key
from ..model.plan import Plan, YearPlan, get_plan
from ..present import PeriodFacts, period_facts
from ..store.database import Store, db_path
from .layout import LAYOUT_PARAM, link_param
from .widgets import md

SAMPLE_MARK = "示例数据"


@dataclass
class ViewContext:
    plan: Plan
    store: Store
    lang: str
    year: int
    period: str | None            # None when the year has no data at all
    periods: list[str]            # periods of the year with data, oldest first
    sample_shown: bool = False
    notices: list[str] = field(default_factory=list)
    page: str | None = None       # url_path of the page being shown ("overview", "ranking", "area_green" …)
    area: str | None = None       # selected work-task area id (the area page shown, or ?area= for meeting mode)
    generation: str = ""          # the store's generation, read once per run (Store.generation: one stat)

    @property
    def year_plan(self) -> YearPlan:
        return self.plan.year(self.year)

    @property
    def period_obj(self) -> Period | None:
        return parse_key(self.period) if self.period else None

    def t(self, key: str, **kwargs) -> str:
        return t(key, self.lang, **kwargs)

    def scorecard(self) -> Scorecard | None:
        return cached_scorecard(str(self.store.path), self.period, self.generation) if self.period else None

    @property
    def cache_key(self) -> tuple:
        """What a drawn figure or table of this view depends on besides its own name: the store and its
        generation (so an import shows at once), the language, year and period. The same for every session
        viewing the same thing, so they share one drawing (widgets.show_chart / widgets.table)."""
        return str(self.store.path), self.generation, self.lang, self.year, self.period

    def facts(self) -> PeriodFacts | None:
        """The period's display facts (plantrack.present): what every page shows, formatted once."""
        card = self.scorecard()
        return period_facts(card, self.lang) if card is not None else None

    def period_label(self, key: str | None = None, with_year: bool = True) -> str:
        key = key or self.period
        return parse_key(key).label(self.lang, with_year=with_year) if key else "—"


@st.cache_resource
def store_at(path: str) -> Store:
    return Store(path)


def get_store() -> Store:
    return store_at(str(db_path()))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_scorecard(store_path: str, period: str, generation: str) -> Scorecard:
    # `generation` is part of the cache key: any import, edit or rollback invalidates the entry.
    # One connection for all of the scorecard's queries (Store.session).
    store = store_at(store_path)
    with store.session():
        return build_scorecard(get_plan(), store, period)


@st.cache_data(max_entries=64, show_spinner=False)
def _periods(store_path: str, year: int, region: str, generation: str) -> list[str]:
    return store_at(store_path).periods_with_data(year, region)


@st.cache_data(max_entries=16, show_spinner=False)
def _sample_shown(store_path: str, generation: str) -> bool:
    h = store_at(store_path).history()
    return bool(((h.active) & (h.file_name.fillna("").str.contains(SAMPLE_MARK))).any())


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else None


def build_context() -> ViewContext:
    """Draw the sidebar (language, year, period) and return the view context.

    On a session's first run the view is taken from the URL (a shared link); after that the widgets own it.
    """
    plan = get_plan()
    store = get_store()
    generation = store.generation()
    first_run = "_view_init" not in st.session_state
    notices: list[str] = []
    period_param = None
    if first_run:
        st.session_state["_view_init"] = True
        st.session_state["_shared_page"] = _param("page")
        st.session_state["_shared_area"] = _param("area")
        lang_p, year_p, period_param = _param("lang"), _param("year"), _param("period")
        default_lang = plan.app.default_language
        if lang_p is not None and lang_p not in ("zh", "en"):
            notices.append(t("app.bad_param", default_lang, name="lang", value=lang_p))
            lang_p = None
        st.session_state["lang"] = lang_p or default_lang
        if year_p is not None and not (year_p.isdigit() and int(year_p) in plan.years):
            notices.append(t("app.bad_param", st.session_state["lang"], name="year", value=year_p))
            year_p = None
        st.session_state["year"] = int(year_p) if year_p else plan.latest_year

    lang = st.sidebar.radio(t("app.language", "zh"), ("zh", "en"), key="lang", horizontal=True,
                            format_func=lambda x: "中文" if x == "zh" else "English")
    year = st.sidebar.selectbox(t("app.year", lang), sorted(plan.years, reverse=True), key="year",
                                format_func=lambda y: f"{y}")
    periods = _periods(str(store.path), year, plan.app.home_district, generation)
    if period_param is not None:
        if period_param in periods:
            st.session_state["period"] = period_param
        else:
            notices.append(t("app.bad_param", lang, name="period", value=period_param))
    period = None
    if periods:
        if st.session_state.get("period") not in periods:
            st.session_state["period"] = periods[-1]  # default: the latest period with data
        period = st.sidebar.selectbox(t("app.period", lang), periods, key="period",
                                      format_func=lambda k: parse_key(k).label(lang, with_year=True))
    else:
        st.sidebar.info(t("app.no_data_year", lang, year=year))

    area_param = st.session_state.pop("_shared_area", None)
    if area_param is not None:
        if area_param in {a.id for a in plan.year(year).areas}:
            st.session_state["area"] = area_param
            st.session_state["_shared_area_open"] = True
            st.session_state["_link_area"] = area_param    # meeting mode starts at this area's slide
        else:
            notices.append(t("app.bad_param", lang, name="area", value=area_param))
    notices = st.session_state.pop("_carried_notices", []) + notices
    ctx = ViewContext(plan=plan, store=store, lang=lang, year=year, period=period, periods=periods,
                      sample_shown=_sample_shown(str(store.path), generation), notices=notices,
                      area=st.session_state.get("area"), generation=generation)
    st.session_state["_ctx"] = ctx
    return ctx


def get_context() -> ViewContext:
    ctx = st.session_state.get("_ctx")
    if ctx is None:  # a page run on its own (tests), or a deep link on a fresh server (below): build it
        _run_through_app()
        ctx = build_context()
    return ctx


def _run_through_app() -> None:
    """A deep link (/meeting?…) opened as the first request after the server starts runs pages/meeting.py
    *without* app.py: with a pages/ folder next to the entrypoint, Streamlit starts in its old pages-folder
    mode until some run has called st.navigation. Leave that mode and rerun, so the same URL goes through
    app.py (navigation, sidebar, banner, URL sync). Streamlit internals: if they change, the page still
    renders, only without app.py's frame."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return
    if getattr(PagesManager, "uses_pages_directory", None):
        PagesManager.uses_pages_directory = False
        st.rerun()


DEFAULT_PAGE = "overview"
VIEW_KEYS = {"lang", "year", "period", "page", "area", "layout"}
# Parameters only some pages read (the 情景测算 scenario): dropped from the link elsewhere.
PAGE_PARAMS = {"whatif": {"overview", "meeting"}}
PAGES_DIR = "pages"


def page_name(page) -> str:
    """The registry name of a page ("ranking", "area_green"). Streamlit reports the default page's url_path
    as "", so for it take the script's file name (the registry gives every page url_path = file stem)."""
    if page.url_path:
        return page.url_path
    script = getattr(page, "_page", None)
    return Path(script).stem if isinstance(script, (str, Path)) else DEFAULT_PAGE


def follow_page(ctx: ViewContext, page) -> None:
    """Record the page being shown in the context; on a session's first run open the page a link names.

    `?page=ranking` opens that page (so does the URL path, /ranking); `?area=green` alone opens that area's
    page; with `?page=meeting&area=green` meeting mode starts at that area. A page that does not exist, or is
    not open to this user, keeps the current page and says so.
    """
    ctx.page = page_name(page)
    wanted = st.session_state.pop("_shared_page", None)
    if st.session_state.pop("_shared_area_open", False) and wanted is None and not page.url_path:
        wanted = f"area_{ctx.area}"
    if wanted is not None and wanted != ctx.page:
        st.session_state["_carried_notices"] = list(ctx.notices)
        try:
            if not re.fullmatch(r"[a-z_]+", wanted):
                raise ValueError(wanted)
            # raises to rerun on that page; keep the link's other parameters (meeting mode's ?slide=)
            st.switch_page(f"{PAGES_DIR}/{wanted}.py", query_params=st.query_params.to_dict())
        except (StreamlitAPIException, ValueError):   # not a page of this app, or not for this user
            st.session_state.pop("_carried_notices", None)
            notice = t("app.bad_param", ctx.lang, name="page", value=wanted)
            ctx.notices.append(notice)
            st.toast(md(notice))
            st.info(md(notice))
    if ctx.page.startswith("area_"):
        ctx.area = ctx.page.removeprefix("area_")
        st.session_state["area"] = ctx.area


def sync_query_params(ctx: ViewContext, page=None, **extra: str) -> None:
    """Write the current view into the URL so the link can be shared.

    With `page` (what st.navigation returned), first follow a shared link's ?page= / ?area= (follow_page).
    """
    if page is not None:
        follow_page(ctx, page)
    params = {"lang": ctx.lang, "year": str(ctx.year)}
    if ctx.period:
        params["period"] = ctx.period
    if ctx.page:
        params["page"] = ctx.page
    if ctx.area and (ctx.page or "").startswith("area_"):
        params["area"] = ctx.area
    if link_param():           # a link that asked for a layout keeps asking, page after page
        params[LAYOUT_PARAM] = link_param()
    params.update({k: v for k, v in extra.items() if v})
    for stale in VIEW_KEYS - set(params):    # a rejected ?area=zzz must not stay in the link
        if stale in st.query_params:
            del st.query_params[stale]
    for name, pages in PAGE_PARAMS.items():
        if ctx.page not in pages and name in st.query_params:
            del st.query_params[name]
    for k, v in params.items():
        if st.query_params.get(k) != v:
            st.query_params[k] = v
