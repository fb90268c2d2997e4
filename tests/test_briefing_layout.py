"""The generated DOCX is laid out as a 公文 (GB/T 9704) and the PPTX as a meeting deck: opened and measured.

DOCX: A4, margins 37/35/28/26 mm, the styles' fonts and sizes (小标宋 2号 title, 黑体/楷体 3号 headings, 仿宋 3号
body at a fixed ~29 pt), no theme fonts left to override them, "— PAGE —" footers outside on odd and even pages,
the font table's Windows look-alikes, fonts.conf's stand-ins, tables fitted to content with a repeated header and
right-aligned numbers, balanced title lines; the year-end report's 完成的 / 未完成的 sections.
Built from the bundled sample data (2023Q2 and 2023Q4) with the chart renderer stubbed.
"""
from __future__ import annotations

import io
import random
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from plantrack import export
from plantrack.export import gongwen
from plantrack.model.plan import get_plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EMU_PER_MM = 36000


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    from plantrack.store.database import Store
    from tests._view_fixture import load_sample
    db = tmp_path_factory.mktemp("layout") / "sample.duckdb"
    load_sample(db)
    return Store(db)


@pytest.fixture(scope="module")
def packs(sample_store):
    mp = pytest.MonkeyPatch()
    buf = io.BytesIO()
    Image.new("RGB", (1280, 720), "white").save(buf, format="PNG")
    mp.setattr(export.png, "render_png", lambda fig, *a, **k: buf.getvalue())
    try:
        yield {key: export.build_pack(get_plan(), sample_store, key, formats=["docx", "pptx"], lang="zh")
               for key in ("2023Q2", "2023Q4")}
    finally:
        mp.undo()


def _file(pack, ext):
    return next(data for name, data in pack.files.items() if name.endswith(ext))


def _doc(pack):
    from docx import Document
    return Document(io.BytesIO(_file(pack, ".docx")))


# ── page and styles ──

def test_page_is_a4_with_gbt9704_margins(packs):
    sec = _doc(packs["2023Q2"]).sections[0]
    mm = lambda v: round(v / EMU_PER_MM, 1)  # noqa: E731
    assert (mm(sec.page_width), mm(sec.page_height)) == (210.0, 297.0)
    assert (mm(sec.top_margin), mm(sec.bottom_margin), mm(sec.left_margin), mm(sec.right_margin)) == \
        (37.0, 35.0, 28.0, 26.0)


@pytest.mark.parametrize("style, font, size, line", [
    ("Normal", "仿宋_GB2312", 16, 28.95), ("Title", "方正小标宋简体", 22, 36.0),
    ("Heading 1", "黑体", 16, 28.95), ("Heading 2", "楷体_GB2312", 16, 28.95)])
def test_styles_name_the_official_fonts_and_sizes(packs, style, font, size, line):
    doc = _doc(packs["2023Q2"])
    el = doc.styles[style].element
    rfonts = el.rPr.find(f"{W}rFonts")
    assert rfonts.get(f"{W}eastAsia") == font and rfonts.get(f"{W}ascii") == "Times New Roman"
    assert not [a for a in rfonts.attrib if a.lower().endswith("theme")]   # a theme font would win
    assert doc.styles[style].font.size.pt == size
    spacing = el.pPr.find(f"{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact" and int(spacing.get(f"{W}line")) == round(line * 20)
    assert doc.styles[style].font.color.rgb is not None and str(doc.styles[style].font.color.rgb) == "000000"


def test_every_paragraph_uses_a_gongwen_style_and_no_run_changes_its_font(packs):
    for pack in packs.values():
        doc = _doc(pack)
        known = {"Normal", "Title", "Heading 1", "Heading 2", gongwen.STYLE_SUBTITLE, gongwen.STYLE_NOTE,
                 gongwen.STYLE_FIGURE}
        assert {p.style.name for p in doc.paragraphs} <= known
        for p in doc.paragraphs:
            for r in p.runs:
                rpr = r._r.rPr
                assert rpr is None or rpr.find(f"{W}rFonts") is None, p.text


def test_font_table_and_fontconfig_agree_on_the_stand_ins():
    doc = gongwen.new_document()
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    alt = {f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val")
           for f in ET.fromstring(part.blob).findall(f"{W}font") if f.find(f"{W}altName") is not None}
    assert {k: v[0] for k, v in gongwen.FONTS.items()}.items() <= alt.items()
    conf = ET.parse(gongwen.FONTCONFIG).getroot()
    mapped = {a.find("family").text: a.find("prefer/family").text for a in conf.findall("alias")}
    for m in conf.findall("match"):
        mapped[m.find("test/string").text] = m.find("edit/string").text
    assert {k: v[1] for k, v in gongwen.FONTS.items()}.items() <= mapped.items()


def test_page_numbers_are_page_fields_outside_on_odd_and_even_pages(packs):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    doc = _doc(packs["2023Q2"])
    assert doc.settings.odd_and_even_pages_header_footer
    sec = doc.sections[0]
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in "".join(x.text or "" for x in p._p.iter(f"{W}instrText"))
        assert xml.count('w:fldCharType="begin"') == 1 and xml.count('w:fldCharType="end"') == 1
        assert p.text == "— 1 —" and p.alignment == align
        assert all(r.font.size.pt == 14 for r in p.runs)


# ── title, cut-off, sections ──

def test_titles_and_the_year_end_sections(packs):
    q2 = [p.text for p in _doc(packs["2023Q2"]).paragraphs]
    q4 = [p.text for p in _doc(packs["2023Q4"]).paragraphs]
    assert q2[0] == "岳阳楼区2023年上半年经济运行情况汇报" and q2[2] == "（数据截至2023年6月底）"
    assert q4[0] == "岳阳楼区2023年经济运行情况汇报" and q4[2] == "（数据截至2023年12月底）"
    assert "数据截至2023年全年" not in "\n".join(q4)
    heads = [p.text for p in _doc(packs["2023Q4"]).paragraphs if p.style.name == "Heading 1"]
    assert heads[:1] == ["一、主要经济指标"]
    assert any(h.endswith("、完成的目标任务") for h in heads) and any(h.endswith("、未完成的目标任务") for h in heads)
    assert heads.index(next(h for h in heads if "未完成的" in h)) == \
        heads.index(next(h for h in heads if h.endswith("完成的目标任务") and "未" not in h)) + 1
    q2_heads = [p.text for p in _doc(packs["2023Q2"]).paragraphs if p.style.name == "Heading 1"]
    assert not any("完成的目标任务" in h for h in q2_heads)
    subs = [p.text for p in _doc(packs["2023Q2"]).paragraphs if p.style.name == "Heading 2"]
    assert subs[0] == "（一）强化产业发展，增强发展后劲" and subs[4].startswith("（五）")


def _rng_title(rng: random.Random) -> str:
    parts = ["岳阳市", "岳阳楼区", "关于", f"{rng.randint(2020, 2030)}年", rng.choice(["上半年", "前三季度", ""]),
             "打好经济增长主动仗", "工作方案", "推进", "情况", rng.choice(["汇报", "的通知", "报告"])]
    return "".join(p for p in parts if rng.random() < 0.8 or p in ("汇报", "的通知", "报告"))


@pytest.mark.parametrize("seed", range(40))
def test_title_lines_fit_keep_numbers_whole_and_balance(seed):
    rng = random.Random(seed)
    text = _rng_title(rng)
    lines = gongwen.title_lines(text)
    per_line = gongwen.TYPE_AREA_WIDTH_PT / gongwen.SIZE_TITLE
    assert "".join(lines) == text
    assert all(gongwen.text_width_em(x) <= per_line for x in lines)
    for a, b in zip(lines, lines[1:]):
        assert not (a[-1].isdigit() and b[0].isdigit())
    if len(lines) == 2:
        assert abs(gongwen.text_width_em(lines[0]) - gongwen.text_width_em(lines[1])) <= per_line / 2


# ── tables ──

def test_tables_fit_content_repeat_the_header_and_right_align_numbers(packs):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    doc = _doc(packs["2023Q2"])
    width_twips = gongwen.TYPE_AREA_WIDTH_PT * 20
    assert doc.tables
    for table in doc.tables:
        grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert len(set(grid)) > 2                          # not equal widths
        assert abs(sum(grid) - width_twips) < 20           # the type area's width
        names = [gongwen.text_width_em(r.cells[0].text) for r in table.rows[1:]]
        leads = [gongwen.text_width_em(r.cells[6].text) for r in table.rows[1:]]
        if max(names) > max(leads):
            assert grid[0] >= grid[6]                      # the indicator names get the room
        header = table.rows[0]._tr.trPr
        assert header.find(f"{W}tblHeader") is not None
        assert all(r._tr.trPr.find(f"{W}cantSplit") is not None for r in table.rows)
        for row in table.rows[1:]:
            cells = row.cells
            for j in (1, 2, 3, 4):   # target, actual, completion, gap
                assert cells[j].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
            assert cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
        # a number never wraps: its column is at least as wide as its longest cell
        for j in (1, 2, 3, 4):
            longest = max(gongwen.text_width_em(r.cells[j].text) for r in table.rows[1:]) * gongwen.SIZE_TABLE * 20
            assert grid[j] >= longest


@pytest.mark.parametrize("seed", range(30))
def test_fit_widths_for_any_table(seed):
    rng = random.Random(seed)
    cols = rng.randint(3, 8)
    align = "l" + "".join(rng.choice("lrrc") for _ in range(cols - 1))
    header = ["".join(rng.choice("指标完成差距目标单位") for _ in range(rng.randint(2, 7))) for _ in range(cols)]
    rows = [[("".join(rng.choice("既有住宅加装电梯老旧小区改造") for _ in range(rng.randint(2, 30))) if a == "l"
              else f"{rng.uniform(-999, 99999):,.1f}") for a in align] for _ in range(rng.randint(1, 25))]
    widths = gongwen.fit_widths(header, rows, align)
    assert sum(widths) <= gongwen.TYPE_AREA_WIDTH_PT + 0.01
    floor = gongwen.MIN_WRAP_EM * gongwen.SIZE_TABLE + gongwen.CELL_PAD_PT
    natural = gongwen.natural_widths(header, rows)
    fixed = sum(natural[j] for j in range(cols) if align[j] != "l")
    if fixed + align.count("l") * floor <= gongwen.TYPE_AREA_WIDTH_PT:   # it can fit: numbers never wrap
        for j in range(cols):
            if align[j] != "l":
                assert widths[j] >= max(gongwen.text_width_em(r[j]) for r in rows) * gongwen.SIZE_TABLE
            else:
                assert widths[j] >= floor - 0.01


def _parts_xml(data: bytes):
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml") and name.startswith("word/"):
                yield name, ET.fromstring(z.read(name))


@pytest.mark.parametrize("key", ["2023Q2", "2023Q4"])
def test_no_property_element_is_written_twice(packs, key):
    """Word refuses ("unreadable content") a property list that names one property twice (two tblLayout in a
    tblPr was one): every *Pr element of every part of the report holds each child element once."""
    for name, root in _parts_xml(_file(packs[key], ".docx")):
        for el in root.iter():
            if not el.tag.endswith("Pr"):
                continue
            tags = [c.tag for c in el if not c.tag.endswith(("headerReference", "footerReference"))]
            dupes = {t.split("}")[1] for t in tags if tags.count(t) > 1}
            assert not dupes, f"{name}: {el.tag.split('}')[1]} holds {sorted(dupes)} more than once"


@pytest.mark.parametrize("key", ["2023Q2", "2023Q4"])
def test_no_sentence_is_written_twice(packs, key):
    """The report says each thing once: no sentence of the body (a 。-ended clause, list numbers stripped) appears
    in two paragraphs — the year-end 完成的 / 未完成的 lists once repeated 一's headline sentences word for word."""
    import re
    seen: dict[str, str] = {}
    for p in _doc(packs[key]).paragraphs:
        text = re.sub(r"^\d+\.", "", p.text.strip())
        for sentence in (s for s in text.split("。") if len(s) > 12):
            assert sentence not in seen, f"said twice: {sentence!r} (in {seen.get(sentence)!r} and {p.text!r})"
            seen[sentence] = p.text


@pytest.mark.parametrize("n", range(1, 41))
def test_rows_kept_together_for_any_table_length(n):
    """Header with at least the first two rows, the last row never alone, a short table whole, the last row
    free (keeping it with the paragraph after the table would chain the table to the chart that follows)."""
    keep = gongwen.kept_with_next(n)
    assert 0 in keep and n not in keep
    assert n - 1 in keep                                  # the last row goes with the one before it
    if n >= 2:
        assert 1 in keep                                  # the header never leads a single row
    if n <= gongwen.KEEP_WHOLE_ROWS:
        assert keep == set(range(n))


@pytest.mark.parametrize("key", ["2023Q2", "2023Q4"])
def test_report_tables_keep_their_rows_together(packs, key):
    for table in _doc(packs[key]).tables:
        n = len(table.rows) - 1
        kept = {i for i, row in enumerate(table.rows)
                if all(c.paragraphs[0].paragraph_format.keep_with_next for c in row.cells)}
        assert kept == gongwen.kept_with_next(n), (key, table.rows[1].cells[0].text, kept)
