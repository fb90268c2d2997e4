"""Briefing export: PNG size and footer, PPTX slides, DOCX text, ZIP names, the CLI.

Only a few tests render real PNGs (a warm export is a fraction of a second, a cold one seconds); the PPTX,
DOCX and ZIP structure tests stub the renderer with a small 16:9 PNG.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from _export_fixture import fill_store
from PIL import Image

from plantrack import export
from plantrack.analysis.scorecard import build_scorecard
from plantrack.model.plan import get_plan

REPO = Path(__file__).resolve().parent.parent
GDP_SENTENCE = "上半年，全区实现地区生产总值400亿元，同比增长6.3%，增速较一季度提高0.4个百分点，低于年度目标3.7个百分点。"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return fill_store(tmp_path_factory.mktemp("export") / "sample.duckdb", sample=True)


@pytest.fixture(scope="module")
def plan():
    return get_plan()


@pytest.fixture
def stub_png(monkeypatch):
    buf = io.BytesIO()
    Image.new("RGB", (320, 180), "white").save(buf, format="PNG")
    data = buf.getvalue()
    calls = []

    def fake(fig, *args, **kwargs):
        calls.append(fig)
        return data
    monkeypatch.setattr(export.png, "render_png", fake)
    return calls


@pytest.fixture(scope="module")
def zh_pack(store, plan):
    mp = pytest.MonkeyPatch()
    buf = io.BytesIO()
    Image.new("RGB", (320, 180), "white").save(buf, format="PNG")
    mp.setattr(export.png, "render_png", lambda fig, *a, **k: buf.getvalue())
    seen = []
    pack = export.build_pack(plan, store, "2023Q2", formats=["png", "zip", "pptx", "docx"], lang="zh",
                             progress=lambda f, m: seen.append((f, m)))
    mp.undo()
    return pack, seen


# ── footer, template, sample ──

def test_sample_detected_from_file_names(store, tmp_path):
    assert export.sample_in_store(store) is True
    assert export.sample_in_store(fill_store(tmp_path / "real.duckdb", sample=False)) is False


def test_prepared_figure_has_our_template_title_and_footer(store, plan):
    card = build_scorecard(plan, store, "2023Q2")
    charts = export.briefing_charts(plan, store, card, areas=["demand"], lang="zh")
    gdp = next(c for c in charts if c.indicator == "gdp")
    lay = gdp.figure.layout
    assert (lay.width, lay.height) == (1280, 720)
    assert lay.template.layout.paper_bgcolor == pio.templates[export.TEMPLATE].layout.paper_bgcolor
    assert "Noto Sans CJK SC" in lay.font.family
    assert lay.title.text.startswith("地区生产总值：")
    notes = {a.name: a.text for a in lay.annotations}
    assert notes["export_footer"] == ("数据来源：区统计局及各牵头单位报送数据；数据截至2023年6月底；口径：增速按可比价计算"
                                      "  |  示例数据，非正式统计")
    assert "footnote" not in notes and notes["sample_mark"] == "<b>示例数据，非正式统计</b>"
    fai = next(c for c in charts if c.indicator == "fai")
    assert "口径：现价" in {a.name: a.text for a in fai.figure.layout.annotations}["export_footer"]
    count = next(c for c in charts if c.indicator == "old_compounds")
    assert "口径：累计完成数，时间进度50%" in {a.name: a.text for a in count.figure.layout.annotations}["export_footer"]


def test_prepare_copies_and_replaces_a_foreign_template():
    fig = go.Figure(go.Bar(x=["一季度"], y=[1.0]), layout=dict(template="plotly_dark", title="原标题"))
    before = fig.to_dict()
    out = export.prepare_figure(fig, "标题", "脚注", sample=False)
    assert fig.to_dict() == before  # the on-screen figure is untouched
    assert out.layout.template.layout.paper_bgcolor == "white"
    assert out.layout.title.text == "标题"
    assert [a.name for a in out.layout.annotations] == ["export_footer"]


# ── real PNGs (few) ──

def test_png_is_16_9_and_wide_enough(store, plan):
    card = build_scorecard(plan, store, "2023Q2")
    chart = export.briefing_charts(plan, store, card, areas=[], lang="zh")[0]
    png = export.render_png(chart.figure)
    w, h = export.png_size(png)
    assert w >= 2400 and (w, h) == (3840, 2160) and w * 9 == h * 16
    # not a blank page: the status-coloured marks and text are drawn
    im = Image.open(io.BytesIO(png)).convert("RGB").resize((384, 216))
    assert len(im.getcolors(maxcolors=1 << 20)) > 50


def test_concurrent_exports_get_their_own_image():
    figs = [export.prepare_figure(go.Figure(go.Bar(x=["甲", "乙"], y=[1, k])), f"图{k}", "脚注", False)
            for k in (2, 5, 9)]
    expected = [export.render_png(f, scale=1) for f in figs]
    got: dict[int, bytes] = {}

    def work(i):
        got[i] = export.render_png(figs[i], scale=1)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(3) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert [got[i] for i in range(3)] == expected


# ── the pack (renderer stubbed) ──

def test_zip_names_and_csv(zh_pack):
    pack, _ = zh_pack
    # named as staff file them: period, area and indicator in words
    z = zipfile.ZipFile(io.BytesIO(pack.files["岳阳楼区2023年上半年经济运行情况汇报_图表.zip"]))
    names = z.namelist()
    span = "2023年上半年_"
    assert names == [span + n + ".png" for n in (
        "主要指标_地区生产总值", "主要指标_固定资产投资", "主要指标_社会消费品零售总额", "主要指标_一般公共预算地方收入",
        "主要指标_城镇居民人均可支配收入", "主要指标_目标状态汇总", "主要指标_主要经济指标走势",
        "产业发展_年度目标完成进度", "产业发展_培育专精特新企业",
        "内需挖掘_年度目标完成进度", "内需挖掘_争项争资", "内需挖掘_老旧小区改造", "内需挖掘_既有住宅加装电梯",
        "绿色发展_年度目标完成进度", "绿色发展_长江岳阳段水质优良率",
        "保障要素_年度目标完成进度", "保障要素_城镇新增就业", "保障要素_城镇调查失业率", "保障要素_基本医疗保险参保率")] \
        + ["岳阳楼区2023年上半年经济运行情况汇报_指标明细.csv", "岳阳楼区2023年上半年经济运行情况汇报.txt"]
    assert all(z.getinfo(n).flag_bits & 0x800 for n in names)   # UTF-8 names: unzip shows the Chinese
    assert GDP_SENTENCE in z.read("岳阳楼区2023年上半年经济运行情况汇报.txt").decode("utf-8")
    csv = z.read("岳阳楼区2023年上半年经济运行情况汇报_指标明细.csv").decode("utf-8-sig")
    assert "老旧小区改造,old_compounds,个,228.0,120.0,52.6,2.6,个百分点,● 序时推进" in csv
    assert set(n for n in pack.files if n.endswith(".png")) == set(n for n in names if n.endswith(".png"))


def test_csv_cells_are_escaped():
    assert export.escape_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert export.escape_cell("-1+2") == "'-1+2" and export.escape_cell(-1.5) == -1.5


def test_progress_reported_to_the_end(zh_pack):
    _, seen = zh_pack
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert seen[0][1].startswith("正在生成图表 1/19")


def test_pptx_slides_titles_pictures_and_fonts(zh_pack):
    from pptx import Presentation
    from pptx.oxml.ns import qn
    from pptx.util import Inches
    pack, _ = zh_pack
    prs = Presentation(io.BytesIO(pack.files["岳阳楼区2023年上半年经济运行情况汇报.pptx"]))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(prs.slides)
    # cover, cards, red items, the five headline trajectories as small multiples on one slide, five areas
    assert len(slides) == 9
    cover_text = [sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame and sh.text_frame.text]
    # the one title (narrative.document_title), as on the DOCX and the file name
    assert cover_text[0].replace("\n", "") == "岳阳楼区2023年上半年经济运行情况汇报" == pack.briefing.title
    assert "数据截至2023年6月底" in cover_text
    titles = [s.shapes.title.text_frame.text.replace("\v", "").replace("\n", "") if s.shapes.title is not None else None
              for s in slides]   # a long title takes balanced lines
    assert titles[1] == "主要经济指标：5项中2项达标，1项接近目标，2项低于目标"   # the message
    assert titles[2] == "滞后指标和逾期事项"
    # one small-multiples slide, its notes the five headline sentences
    assert titles[3] == "主要经济指标累计增速与年度目标"
    notes = slides[3].notes_slide.notes_text_frame.text.split("\n")
    assert len(notes) == 5 and notes[0] == GDP_SENTENCE
    # an area slide's title is its takeaway, counted from the presentation model
    assert titles[4].startswith("产业发展：") and "项中" in titles[4]
    assert titles[6] == "市场主体：本领域没有量化目标，见重点事项"
    pictures = [sum(1 for sh in s.shapes if sh.shape_type == 13) for s in slides]
    assert pictures == [0, 0, 0, 1, 0, 0, 0, 0, 0]
    tables = [sum(1 for sh in s.shapes if sh.has_table) for s in slides]
    assert tables == [0, 0, 0, 0, 1, 1, 0, 1, 1]
    card_texts = [sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame]
    assert "地区生产总值\n6.3%\n目标 ≥10%\n■ 低于目标\n较一季度提高0.4个百分点" in card_texts
    red_shapes = [sh for sh in slides[2].shapes if sh.has_text_frame and sh.text_frame.text.startswith("■ ")]
    red = red_shapes[0].text_frame
    assert "■ 既有住宅加装电梯完成30台" in red.text
    assert all(str(r.font.color.rgb) == "D73027" for p in red.paragraphs for r in p.runs)   # in colour
    # every run names an East-Asian typeface; all text but the footer and the stamp at least 18 pt
    runs = [(sh, r) for s in slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs
            for r in p.runs]
    runs += [(sh, r) for s in slides for sh in s.shapes if sh.has_table for row in sh.table.rows
             for c in row.cells for p in c.text_frame.paragraphs for r in p.runs]
    assert runs and all(r._r.rPr.find(qn("a:ea")).get("typeface") == export.EA_FONT for _, r in runs)
    small = {r.text for sh, r in runs if r.font.size.pt < 18}
    assert all(x.startswith("数据来源") or x.startswith("示例数据") for x in small), small


def test_docx_has_the_sentences_tables_and_pictures(zh_pack):
    from docx import Document
    pack, _ = zh_pack
    doc = Document(io.BytesIO(pack.files["岳阳楼区2023年上半年经济运行情况汇报.docx"]))
    paras = [p.text for p in doc.paragraphs]
    assert paras[0] == "岳阳楼区2023年上半年经济运行情况汇报"
    assert paras[2] == "（数据截至2023年6月底）"
    text = "\n".join(paras)
    assert GDP_SENTENCE in text
    assert "上半年，全区一般公共预算地方收入同比下降2.1%，增速较一季度回落5.1个百分点，低于年度目标12.1个百分点。" in text
    assert "完成较好的：老旧小区改造完成120个，完成年度目标的52.6%，超时间进度2.6个百分点。" in paras
    assert "完成全年目标，下半年地区生产总值需增长13.3%。" in paras
    assert "基本医疗保险参保率94.0%，低于95%的目标1.0个百分点（牵头单位：区发改局）。" in text
    # one table per area with count or rate targets; the demand table lists its 19 sub-targets
    assert [len(t.rows) for t in doc.tables] == [4, 20, 4, 6]
    demand = doc.tables[1]
    assert [c.text for c in demand.rows[0].cells][4].replace("\n", "") == "差距（百分点）"
    assert [c.text for c in demand.rows[5].cells] == ["老旧小区改造", "228个", "120个", "52.6%", "+2.6",
                                                     "● 序时推进", "区住建局"]
    assert len(doc.inline_shapes) == 4  # the four area progress charts
    assert text.count("数据截至") == 1 and text.count("数据来源") == 1   # said once each


def test_english_pack_text(store, plan, stub_png):
    pack = export.build_pack(plan, store, "2023Q2", areas=["support"], formats=["docx"], lang="en")
    from docx import Document
    (name,) = pack.files
    assert name == "Yueyanglou District, Yueyang_ the economy in H1 2023.docx"   # no ':' in a file name
    paras = [p.text for p in Document(io.BytesIO(pack.files[name])).paragraphs]
    assert ("In Jan–Jun, GDP grew 6.3% year on year to 40,000 m yuan, up 0.4 points from Q1, "
            "3.7 points below the annual target of 10%.") in "\n".join(paras)


def test_bad_format_and_area_are_refused(store, plan, stub_png):
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export.build_pack(plan, store, "2023Q2", formats=["pdf"])
    with pytest.raises(ValueError, match="unknown area 'nope'"):
        export.build_pack(plan, store, "2023Q2", areas=["nope"])


# ── the CLI, for real (renders the PNGs) ──

def test_cli_writes_the_files(store, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.update(PYTHONPATH=str(REPO), PLANTRACK_DB=str(store.path))
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "plantrack", "export", "--period", "2023Q2", "--out", str(out),
                           "--formats", "png,docx", "--areas", "green", "--quiet", "--ascii-names"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["2023Q2_overview_gdp.png", "2023Q2_overview_fai.png", "2023Q2_overview_retail.png",
                            "2023Q2_overview_revenue.png", "2023Q2_overview_income.png",
                            "2023Q2_overview_status.png", "2023Q2_overview_headline_multiples.png",
                            "2023Q2_green_progress.png",
                            "2023Q2_green_yangtze_water_quality_pct.png", "2023Q2_briefing.docx"])
    assert export.png_size((out / "2023Q2_green_progress.png").read_bytes()) == (3840, 2160)
    assert proc.stdout.splitlines() == [str(out / n) for n in [
        "2023Q2_overview_gdp.png", "2023Q2_overview_fai.png", "2023Q2_overview_retail.png",
        "2023Q2_overview_revenue.png", "2023Q2_overview_income.png", "2023Q2_overview_status.png",
        "2023Q2_overview_headline_multiples.png", "2023Q2_green_progress.png", "2023Q2_green_yangtze_water_quality_pct.png", "2023Q2_briefing.docx"]]
    assert "OSError" not in proc.stderr  # the browser is stopped before kaleido's temp folder is removed


# ── the page (renderer stubbed) ──

def test_export_page_builds_and_offers_downloads(store, tmp_path, monkeypatch, stub_png):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("PLANTRACK_DB", str(store.path))
    monkeypatch.setenv("PLANTRACK_ACCOUNTS", str(tmp_path / "accounts.json"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/export.py").run()
    assert [t.value for t in at.title] == ["导出简报"] and not at.exception
    preview = [m.value for m in at.markdown]
    assert "老旧小区改造完成120个，完成年度目标的52\\.6%，超时间进度2\\.6个百分点" in "\n".join(preview)
    at.multiselect(key="export_formats").set_value(["pptx", "docx"]).run()
    at.button(key="export_generate").click().run()
    assert not at.exception and not at.error
    assert [b.proto.label for b in at.get("download_button")] == ["下载 岳阳楼区2023年上半年经济运行情况汇报.pptx",
                                                                  "下载 岳阳楼区2023年上半年经济运行情况汇报.docx"]
    at.multiselect(key="export_areas").set_value(["demand"]).run()
    assert not at.get("download_button")  # the built pack no longer matches the selection


@pytest.mark.parametrize("seed", range(40))
def test_takeaway_counts_add_up_and_never_reads_n_of_n(seed):
    """A slide title counts by status word: the parts add up to the total; all in one word reads 5项均未完成,
    never 5项中5项未完成."""
    import random
    import re
    from types import SimpleNamespace

    from plantrack.export.slides import takeaway
    rng = random.Random(seed)
    words = [("green", "序时推进"), ("green", "提前完成"), ("yellow", "进度滞后"), ("red", "严重滞后"),
             ("red", "未完成")]
    pool = rng.sample(words, rng.randint(1, 3))
    rows = [SimpleNamespace(status=SimpleNamespace(status=s, label=w)) for s, w in
            (rng.choice(pool) for _ in range(rng.randint(1, 20)))]
    title = takeaway("产业发展", rows, "zh")
    total = len(rows)
    assert not re.search(r"(?<!\d)(\d+)项中\1项", title), title
    if len({r.status.label for r in rows}) == 1:
        assert title == f"产业发展：{total}项均{rows[0].status.label}"
    else:
        assert title.startswith(f"产业发展：{total}项中")
        assert sum(int(n) for n in re.findall(r"(\d+)项", title.split("项中", 1)[1])) == total
