"""The city ranking (全市排名): districts ranked by cumulative growth of one indicator in one period.

Rules, in one place for the CLI, the ranking page, meeting mode and the briefing text:
- Only districts are ranked; the city total (全市 / 岳阳市 / 合计, `app.city_total_names` and `app.city`) is
  kept apart as the benchmark line.
- Highest growth first. Ties share a rank and the next rank is skipped ("competition ranking", 1-2-2-4), the
  way statistics bureaus print 并列第2位. Growth is compared at 0.01-point precision, so 6.30 and 6.3 tie.
- A 全市位次 printed by the bureau (`reported_rank`) is the rank shown and cited: leaders quote the bureau's
  rank. The rank computed from growth only checks it; a difference is a warning, never a silent replacement.
  Without a printed rank, the computed rank is shown.
- The home district's rank is its shown rank; when only a single-district table gave its 全市排位 (no other
  districts imported), that printed rank is used.
- The change (较上期提升/下降 N 位) compares with the previous period of the same year with a rank: the previous
  quarter for quarter keys (较一季度), the previous month for month keys. Positive = moved up.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..model.i18n import t
from ..model.metrics import as_float as _num
from ..model.periods import Period, parse_key
from ..model.plan import Plan

# Growth is compared after rounding to this many decimals: tables print one decimal, and 6.30 == 6.3.
TIE_DECIMALS = 2


@dataclass(frozen=True)
class RankRow:
    region: str
    growth_pct: float | None
    value: float | None
    rank: int | None             # the rank shown: the printed 位次 when given, else computed; None without growth
    reported_rank: int | None    # the table's own 位次, when given
    is_home: bool = False
    computed_rank: int | None = None   # from growth (competition ranking); checks the printed one

    def as_json(self) -> dict:
        return {"region": self.region, "growth_pct": self.growth_pct, "rank": self.rank}


@dataclass(frozen=True)
class Ranking:
    indicator: str
    period: Period
    rows: tuple[RankRow, ...]          # districts, ranked first (highest growth first), then those without growth
    city: RankRow | None               # the city total, not ranked
    home: str
    home_rank: int | None
    previous_period: Period | None = None
    previous_home_rank: int | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ranked(self) -> tuple[RankRow, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    @property
    def n_ranked(self) -> int:
        return len(self.ranked)

    @property
    def change(self) -> int | None:
        """Places gained since the previous period (positive = up, 提升), None when either rank is unknown."""
        if self.home_rank is None or self.previous_home_rank is None:
            return None
        return self.previous_home_rank - self.home_rank

    @property
    def home_row(self) -> RankRow | None:
        return next((r for r in self.rows if r.is_home), None)

    @property
    def has_data(self) -> bool:
        return bool(self.rows) or self.city is not None or self.home_rank is not None

    def as_json(self) -> list[dict]:
        return [r.as_json() for r in self.ranked]


def _int(x) -> int | None:
    f = _num(x)
    return None if f is None else int(f)


def city_total_names(plan: Plan) -> set[str]:
    return {*plan.app.city_total_names, plan.app.city, "全市"}


def competition_ranks(growths: list[float]) -> list[int]:
    """Ranks for growth rates, highest first; ties share the rank and the next is skipped (1, 2, 2, 4)."""
    keys = [round(g, TIE_DECIMALS) for g in growths]
    return [1 + sum(1 for other in keys if other > k) for k in keys]


def rank_frame(df: pd.DataFrame, plan: Plan, indicator: str, period: Period) -> Ranking:
    """A Ranking from rows of queries/ranking_by_region.sql (region, growth_pct, value, reported_rank)."""
    home = plan.app.home_district
    totals = city_total_names(plan)
    city: RankRow | None = None
    districts: list[RankRow] = []
    warnings: list[str] = []
    for r in df.itertuples(index=False):
        row = RankRow(region=str(r.region), growth_pct=_num(r.growth_pct), value=_num(r.value), rank=None,
                      reported_rank=_int(r.reported_rank), is_home=str(r.region) == home)
        if row.region in totals:
            city = row if city is None else city
        else:
            districts.append(row)
    with_growth = [d for d in districts if d.growth_pct is not None]
    # One district alone (the home district's own table) is not a ranking: keep the 全市排位 it printed.
    computed = (competition_ranks([d.growth_pct for d in with_growth if d.growth_pct is not None])
                if len(with_growth) > 1
                else [None] * len(with_growth))
    # the printed 位次 wins; the computed rank fills in where none was printed
    shown = [d.reported_rank if d.reported_rank is not None else k for d, k in zip(with_growth, computed)]
    ranked = sorted((RankRow(d.region, d.growth_pct, d.value, k, d.reported_rank, d.is_home, c)
                     for d, k, c in zip(with_growth, shown, computed) if k is not None),
                    key=lambda d: (d.rank, d.region))
    unranked = sorted((d for d in districts if d.region not in {x.region for x in ranked}),
                      key=lambda d: d.region)
    known = set(plan.app.city_regions)
    for d in ranked:
        if d.reported_rank is not None and d.computed_rank is not None and d.reported_rank != d.computed_rank:
            warnings.append(t("present.rank_check", "zh", region=d.region, reported=d.reported_rank,
                              computed=d.computed_rank, indicator=indicator, period=period.key))
    for d in districts:
        if known and d.region not in known:
            warnings.append(t("ranking.warn_unknown_region", "zh", region=d.region))
    home_row = next((d for d in ranked if d.is_home), None)
    if home_row is not None:
        home_rank = home_row.rank
    else:   # no growth for the home district, or no other district: its printed 全市排位
        own = next((d for d in districts if d.is_home), None)
        home_rank = own.reported_rank if own is not None else None
    return Ranking(indicator=indicator, period=period, rows=tuple(ranked) + tuple(unranked), city=city,
                   home=home, home_rank=home_rank, warnings=tuple(warnings))


def previous_period(period: Period) -> Period | None:
    """The period a rank change is measured against: the previous quarter (or month) of the same year."""
    if period.is_quarter_end:
        return period.previous_quarter()
    return Period(period.year, period.end_month - 1) if period.end_month > 1 else None


def build_ranking(plan: Plan, store, indicator: str, period_key: str) -> Ranking:
    """The ranking of `indicator` at `period_key`, with the home district's change since the previous period."""
    if indicator not in plan.indicators:
        raise KeyError(f"unknown indicator {indicator!r}")
    period = parse_key(period_key)
    current = rank_frame(store.query("ranking_by_region", indicator=indicator, period=period.key),
                         plan, indicator, period)
    prev = previous_period(period)
    prev_rank = None
    if prev is not None:
        before = rank_frame(store.query("ranking_by_region", indicator=indicator, period=prev.key),
                            plan, indicator, prev)
        prev_rank = before.home_rank
    return Ranking(indicator=current.indicator, period=current.period, rows=current.rows, city=current.city,
                   home=current.home, home_rank=current.home_rank, previous_period=prev,
                   previous_home_rank=prev_rank, warnings=current.warnings)


def headline_rankings(plan: Plan, store, period_key: str) -> list[Ranking]:
    """One ranking per headline indicator of the period's plan year, in plan order."""
    year_plan = plan.year(parse_key(period_key).year)
    return [build_ranking(plan, store, t_.id, period_key) for t_ in year_plan.headline]


def city_periods(store, year: int, home: str) -> list[str]:
    """Periods of `year` with a city table (growth of some district other than `home`), oldest first."""
    return list(store.query("periods_with_city_data", year=year, home=home).period)


def ranking_period(with_city: list[str], chosen: str | None) -> str | None:
    """The period the ranking page opens at: the latest with city data at or before the chosen one (the city
    table comes out later than the district's own figures), else the latest there is; None without any."""
    if not with_city:
        return None
    if chosen is None:
        return with_city[-1]
    end = parse_key(chosen).end_month
    earlier = [k for k in with_city if parse_key(k).end_month <= end]
    return earlier[-1] if earlier else with_city[-1]


def resolve_indicator(plan: Plan, name: str) -> str:
    """An indicator id from an id or any alias a table uses ("gdp", "地区生产总值", "GDP")."""
    if name in plan.indicators:
        return name
    from ..model.plan import normalise_name
    found = plan.alias_index().get(normalise_name(name).lower())
    if found is None:
        raise KeyError(f"unknown indicator {name!r} (ids: {', '.join(sorted(plan.indicators))})")
    return found


# ─────────────────────────── briefing text ───────────────────────────

def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def change_text(ranking: Ranking, lang: str = "zh") -> str:
    """"较一季度提升1位" / "与一季度持平" / "up 1 place on Q1"; empty when the change is unknown."""
    change = ranking.change
    if change is None or ranking.previous_period is None:
        return ""
    prev = ranking.previous_period.label(lang)
    if change > 0:
        return t("ranking.change_up", lang, previous=prev, n=change)
    if change < 0:
        return t("ranking.change_down", lang, previous=prev, n=-change)
    return t("ranking.change_same", lang, previous=prev)


def ranking_sentence(ranking: Ranking, plan: Plan, lang: str = "zh") -> str:
    """One sentence for the briefing: "地区生产总值增速居全市第3位，较一季度提升1位"; empty without a rank."""
    if ranking.home_rank is None:
        return ""
    ind = plan.indicator(ranking.indicator)
    rank = ranking.home_rank if lang == "zh" else _ordinal_en(ranking.home_rank)
    tied = sum(1 for r in ranking.ranked if r.rank == ranking.home_rank) > 1
    text = t("ranking.sentence_tied" if tied else "ranking.sentence", lang, indicator=ind.name(lang), rank=rank)
    change = change_text(ranking, lang)
    if change:
        text += ("，" if lang == "zh" else ", ") + change
    return text


def briefing_sentences(plan: Plan, store, period_key: str, lang: str = "zh") -> list[str]:
    """The ranking sentence of every headline indicator that has a rank at the period (for the briefing)."""
    return [s for s in (ranking_sentence(r, plan, lang) for r in headline_rankings(plan, store, period_key)) if s]
