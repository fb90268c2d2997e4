"""What every page needs: the plan, the store, the chosen language, year and period, cached per data change.

app.py calls `build_context()` once per run (it draws the sidebar); pages call `get_context()`.
The view state (page, year, period, language, area) lives in the URL query string so a shared link opens
the same view; a bad parameter falls back to the default with a notice.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from ..i18n import t
from ..periods import Period, is_key, parse_key
from ..plan import Plan, YearPlan, get_plan
from ..scorecard import Scorecard, build_scorecard
from ..store import Store, db_path

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

    @property
    def year_plan(self) -> YearPlan:
        return self.plan.year(self.year)

    @property
    def period_obj(self) -> Period | None:
        return parse_key(self.period) if self.period else None

    def t(self, key: str, **kwargs) -> str:
        return t(key, self.lang, **kwargs)

    def scorecard(self) -> Scorecard | None:
        return cached_scorecard(str(self.store.path), self.period, self.store.generation()) if self.period else None

    def period_label(self, key: str | None = None, with_year: bool = True) -> str:
        key = key or self.period
        return parse_key(key).label(self.lang, with_year=with_year) if key else "—"


@st.cache_resource
def _store(path: str) -> Store:
    return Store(path)


def get_store() -> Store:
    return _store(str(db_path()))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_scorecard(store_path: str, period: str, generation: tuple[int, int]) -> Scorecard:
    # `generation` is part of the cache key: any import, edit or rollback invalidates the entry.
    return build_scorecard(get_plan(), _store(store_path), period)


@st.cache_data(max_entries=64, show_spinner=False)
def _periods(store_path: str, year: int, region: str, generation: tuple[int, int]) -> list[str]:
    return _store(store_path).periods_with_data(year, region)


@st.cache_data(max_entries=16, show_spinner=False)
def _sample_shown(store_path: str, generation: tuple[int, int]) -> bool:
    h = _store(store_path).history()
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

    ctx = ViewContext(plan=plan, store=store, lang=lang, year=year, period=period, periods=periods,
                      sample_shown=_sample_shown(str(store.path), generation), notices=notices)
    st.session_state["_ctx"] = ctx
    return ctx


def get_context() -> ViewContext:
    ctx = st.session_state.get("_ctx")
    if ctx is None:  # a page run on its own (tests): build it
        ctx = build_context()
    return ctx


def sync_query_params(ctx: ViewContext, **extra: str) -> None:
    """Write the current view into the URL so the link can be shared."""
    params = {"lang": ctx.lang, "year": str(ctx.year)}
    if ctx.period:
        params["period"] = ctx.period
    params.update({k: v for k, v in extra.items() if v})
    for k, v in params.items():
        if st.query_params.get(k) != v:
            st.query_params[k] = v
