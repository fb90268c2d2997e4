"""What staff take away: a chart as PNG from the browser, and the briefing pack from the export page."""
from __future__ import annotations

import io
import struct
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE, f"not a PNG: {data[:16]!r}"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chart_png_from_the_plotly_toolbar(ui, tmp_path):
    ui.goto("")
    page = ui.page
    chart = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first
    expect(chart).to_be_visible(timeout=30_000)
    chart.scroll_into_view_if_needed()
    chart.hover()
    shown_width = chart.locator("svg.main-svg").first.evaluate("e => e.getBoundingClientRect().width")
    button = chart.locator('.modebar-btn[data-title^="Download plot as a png" i]')
    expect(button).to_be_visible()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    width, height = png_size(data)
    assert path.suffix == ".png"
    # a meaningful file name (period and indicator), not plotly's default "newplot"
    assert "newplot" not in download.suggested_filename and "2023" in download.suggested_filename, \
        download.suggested_filename
    # scale 3 (toImageButtonOptions): sharp on a projector and in a printed report
    assert width >= 2.5 * shown_width and height >= 600, (width, height, shown_width)
    assert len(data) > 30_000, len(data)


def test_briefing_pack_from_the_export_page(ui, tmp_path):
    ui.goto("export")
    page = ui.page
    ui.assert_no_exception("export page")
    page.get_by_role("button", name="生成汇报材料").click()
    ui.wait_idle(timeout=240_000, settle_ms=1000)
    ui.assert_no_exception("export page after building")
    expect(page.get_by_text("已生成")).to_be_visible()
    ui.screenshot("export_built")
    got = {}
    for ext in ("zip", "pptx"):
        button = page.locator('[data-testid="stDownloadButton"] button').filter(has_text=f".{ext}").first
        expect(button).to_be_visible()
        with page.expect_download(timeout=60_000) as info:
            button.click()
        download = info.value
        assert download.suggested_filename.endswith(f".{ext}"), download.suggested_filename
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        got[ext] = path.read_bytes()
    # the ZIP: one PNG per chart, each a real PNG
    with zipfile.ZipFile(io.BytesIO(got["zip"])) as z:
        names = z.namelist()
        pngs = [n for n in names if n.endswith(".png")]
        assert len(pngs) >= 10, names
        assert any("主要指标_地区生产总值" in n for n in pngs), names   # human names: period, area, indicator
        width, _ = png_size(z.read(pngs[0]))
        assert width >= 2400, width
    # the PPTX: a deck with slides and pictures
    with zipfile.ZipFile(io.BytesIO(got["pptx"])) as z:
        slides = [n for n in z.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
        media = [n for n in z.namelist() if n.startswith("ppt/media/")]
        assert len(slides) >= 5 and media, (slides, media)
        assert "地区生产总值" in "".join(z.read(s).decode("utf-8") for s in slides) or \
            "GDP" in "".join(z.read(s).decode("utf-8") for s in slides)
