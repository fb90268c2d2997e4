"""The trajectory chart as drawn (kaleido SVG): whatever statuses its points have, with or without the dashed
情景测算 trace, at the widths it is shown at, the legend never reaches the title nor the plot, and a point's
figure never sits on its mark (issue 17 review: 地方收入's legend over its title, "8.8%" on the ▲)."""
import re

import pytest

from plantrack.model.periods import Period
from plantrack.model.plan import get_plan
from plantrack.present import charts
from plantrack.present.series import GrowthPoint, GrowthSeries
from plantrack.present.whatif import Base, project
from plantrack.present.whatif_chart import add_projection

PLAN = get_plan()
IND = PLAN.indicator("revenue")


def chart(statuses, with_projection: bool):
    period = Period(2023, 3 * len(statuses))
    growth = {"green": 10.5, "yellow": 8.8, "red": 5.0}
    pts = tuple(GrowthPoint(3 * (k + 1), growth[s], 1.0, s) for k, s in enumerate(statuses))
    series = GrowthSeries(IND, 10.0, period, pts, required_growth=11.4 if period.end_month < 12 else None)
    fig = charts.growth_chart(series, "zh", "数据来源：测试")
    if with_projection and period.end_month < 12:
        base = Base(IND, 10.0, period, pts[-1].growth, {3: 100.0, 6: 210.0, 9: 320.0, 12: 450.0})
        fig = add_projection(fig, project(base, {"Q4": 9.0}, PLAN.status), "zh")
    return fig


def boxes(svg: str):
    """(title top, title bottom), (legend top, legend bottom) in px from the top."""
    t = re.search(r'<text class="gtitle"[^>]*\by="([\d.]+)"[^>]*dy="0.7em"[^>]*font-size: (\d+)px', svg)
    title_top, size = float(t.group(1)), float(t.group(2))
    lg = re.search(r'<g class="legend"[^>]*transform="translate\(([\d.]+),([\d.]+)\)"><rect class="bg"[^>]*'
                   r'height="([\d.]+)"', svg)
    legend_top = float(lg.group(2))
    return (title_top, title_top + 1.2 * size), (legend_top, legend_top + float(lg.group(3)))


# kaleido takes seconds a figure: the most entries (three statuses and the projection) at the narrowest width
# and a wide one, and a light legend; the margin is computed from the entries, not tuned to these.
@pytest.mark.parametrize("statuses, projection, width", [(("green", "yellow", "red"), True, 480),
                                                         (("green", "yellow", "red"), True, 760),
                                                         (("red", "yellow"), True, 570),
                                                         (("red",), False, 480)])
def test_legend_between_title_and_plot(statuses, projection, width):
    fig = chart(statuses, with_projection=projection)
    svg = fig.to_image(format="svg", width=width, height=fig.layout.height).decode()
    (_, title_bottom), (legend_top, legend_bottom) = boxes(svg)
    assert legend_top >= title_bottom, (legend_top, title_bottom)
    assert legend_bottom <= fig.layout.margin.t, (legend_bottom, fig.layout.margin.t)


def test_point_figures_are_lifted_clear_of_their_marks():
    fig = chart(("red", "yellow"), with_projection=False)
    marks = [tr for tr in fig.data if tr.mode == "markers+text"]
    assert {tr.marker.symbol for tr in marks} == {"square", "triangle-up"}
    for tr in marks:
        assert tr.textposition == "top center" and tr.texttemplate == "%{text}" + charts.LABEL_LIFT


def test_projection_labels_alternate_and_the_year_end_one_leans_left():
    fig = chart(("red",), with_projection=True)      # after Q1: Q2, Q3, Q4 projected
    est = fig.data[-1]
    assert list(est.textposition) == ["top center", "bottom center", "top center", "bottom left"]
    assert [x for x in est.text if x] == [x for x in est.text[1:]] and all(x.startswith("测算") for x in est.text[1:])
