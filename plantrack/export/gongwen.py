"""公文 layout (GB/T 9704) for every DOCX the project writes: page, fonts, styles, page numbers, tables.

    doc = new_document()                      # A4, margins, styles, "— 1 —" page numbers
    add_title(doc, "岳阳楼区2023年上半年经济运行情况汇报")
    add_heading(doc, "一、主要经济指标", 1)     # 黑体 3号;  level 2 "（一）…" 楷体 3号
    add_body(doc, "上半年，全区实现地区生产总值385.36亿元，……")
    add_table(doc, header, rows, align="lrrrrcl")

Fonts. A run names one East-Asian typeface (w:eastAsia). Each style names the official one — 方正小标宋简体
(title), 黑体, 楷体_GB2312, 仿宋_GB2312 (body) — which Word/WPS on an office PC have; the document's font table
gives each the Windows font of the same look as w:altName (宋体, 黑体, 楷体, 仿宋). Where neither is installed
(Linux, LibreOffice) the fontconfig aliases in fonts.conf beside this file map the names to installed fonts:
Noto Serif CJK SC (fonts-noto-cjk) for 小标宋 and 仿宋, AR PL UKai CN (fonts-arphic-ukai) for 楷体, Noto Sans
CJK SC for 黑体. Digits and Latin letters are Times New Roman (w:ascii / w:hAnsi).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

# 公文 sizes in points: 二号 22, 三号 16, 四号 14, 五号 10.5 (tables: seven columns on the 156 mm type area
# keep the indicator names to two or three lines and every figure on one).
SIZE_TITLE, SIZE_BODY, SIZE_PAGE_NUMBER, SIZE_TABLE = 22.0, 16.0, 14.0, 10.5
LINE_PITCH_PT = 28.95          # 22 lines on the 225 mm type area (GB/T 9704 7.1)
TITLE_LINE_PT = 36.0
TABLE_LINE_PT = 16.0
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
TYPE_AREA_WIDTH_PT = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72   # 156 mm

LATIN = "Times New Roman"
TITLE_FONT, HEI, KAI, FANGSONG, SONG = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体"
# official name → (Windows font of the same look for Word's substitution, font installed here for LibreOffice)
FONTS = {TITLE_FONT: ("宋体", "Noto Serif CJK SC"), HEI: ("SimHei", "Noto Sans CJK SC"),
         KAI: ("楷体", "AR PL UKai CN"), FANGSONG: ("仿宋", "Noto Serif CJK SC"), SONG: ("SimSun", "Noto Serif CJK SC")}
FONTCONFIG = Path(__file__).with_name("fonts.conf")

STYLE_TITLE, STYLE_H1, STYLE_H2, STYLE_H3 = "Title", "Heading 1", "Heading 2", "Heading 3"
STYLE_TABLE, STYLE_TABLE_HEAD, STYLE_NOTE, STYLE_FIGURE = "公文表格", "公文表头", "公文附注", "公文图片"
STYLE_SUBTITLE = "公文副题"   # a centred 楷体 line under the title (the cut-off), not a heading


def _w(tag: str):
    from docx.oxml.ns import qn
    return qn(f"w:{tag}")


def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    e = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        e.set(_w(k), str(v))
    return e


def set_fonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """w:rFonts with the Latin and East-Asian names and no theme fonts (a theme font wins over a named one)."""
    rfonts = rpr.find(_w("rFonts"))
    if rfonts is None:
        rfonts = _el("rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for slot, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        rfonts.set(_w(slot), name)
    rfonts.set(_w("hint"), "eastAsia")


def _reset(style) -> tuple:
    """Empty a style's paragraph and run properties (the template's blue, bold, borders, theme fonts)."""
    el = style.element
    for tag in ("pPr", "rPr"):
        old = el.find(_w(tag))
        if old is not None:
            el.remove(old)
    return el.get_or_add_pPr(), el.get_or_add_rPr()


@dataclass(frozen=True)
class _Spec:
    font: str
    size: float
    line_pt: float
    align: str | None = None       # "center" / "both" / "left"
    indent_chars: int = 0          # first-line indent in characters
    outline: int | None = None     # outline level (Word's navigation pane)
    bold: bool = False
    keep_next: bool = False
    rule: str = "exact"
    snap: bool = True              # snap lines to the page's line grid (body text only)


_SPECS = {
    "Normal": _Spec(FANGSONG, SIZE_BODY, LINE_PITCH_PT, "both", 2),
    STYLE_TITLE: _Spec(TITLE_FONT, SIZE_TITLE, TITLE_LINE_PT, "center", keep_next=True, snap=False),
    STYLE_H1: _Spec(HEI, SIZE_BODY, LINE_PITCH_PT, "both", 2, outline=0, keep_next=True),
    STYLE_H2: _Spec(KAI, SIZE_BODY, LINE_PITCH_PT, "both", 2, outline=1, keep_next=True),
    STYLE_H3: _Spec(FANGSONG, SIZE_BODY, LINE_PITCH_PT, "both", 2, outline=2, bold=True, keep_next=True),
    STYLE_SUBTITLE: _Spec(KAI, SIZE_BODY, LINE_PITCH_PT, "center"),
    STYLE_TABLE: _Spec(FANGSONG, SIZE_TABLE, TABLE_LINE_PT, rule="atLeast", snap=False),
    STYLE_TABLE_HEAD: _Spec(HEI, SIZE_TABLE, TABLE_LINE_PT, "center", rule="atLeast", snap=False),
    STYLE_NOTE: _Spec(FANGSONG, SIZE_PAGE_NUMBER, 22.0, "both", 2, snap=False),
    STYLE_FIGURE: _Spec(FANGSONG, SIZE_BODY, 0.0, "center", rule="auto", snap=False),
}


def _apply(style, spec: _Spec) -> None:
    ppr, rpr = _reset(style)
    twips = int(round(spec.line_pt * 20))
    spacing = _el("spacing", before=0, after=0)
    if spec.rule == "auto":
        spacing.set(_w("line"), "240")
        spacing.set(_w("lineRule"), "auto")
    else:
        spacing.set(_w("line"), str(twips))
        spacing.set(_w("lineRule"), spec.rule)
    if spec.keep_next:
        ppr.append(_el("keepNext"))
    ppr.append(_el("widowControl"))
    if not spec.snap:
        ppr.append(_el("snapToGrid", val=0))
    ppr.append(spacing)
    # first-line indent in characters (firstLineChars, hundredths) with the twips equivalent for older readers
    ppr.append(_el("ind", firstLineChars=spec.indent_chars * 100, firstLine=int(spec.indent_chars * spec.size * 20))
               if spec.indent_chars else _el("ind", firstLine=0, firstLineChars=0))
    if spec.align:
        ppr.append(_el("jc", val=spec.align))
    if spec.outline is not None:
        ppr.append(_el("outlineLvl", val=spec.outline))
    set_fonts(rpr, spec.font)
    rpr.append(_el("b", val=1 if spec.bold else 0))
    rpr.append(_el("color", val="000000"))
    half = int(round(spec.size * 2))
    rpr.append(_el("sz", val=half))
    rpr.append(_el("szCs", val=half))


def _defaults(doc) -> None:
    """Document defaults: 仿宋 3号, Chinese language tags, no space after paragraphs."""
    styles = doc.styles.element
    rpr = styles.find(_w("docDefaults")).find(_w("rPrDefault")).find(_w("rPr"))
    set_fonts(rpr, FANGSONG)
    for tag in ("sz", "szCs"):
        rpr.find(_w(tag)).set(_w("val"), str(int(SIZE_BODY * 2)))
    rpr.find(_w("lang")).set(_w("eastAsia"), "zh-CN")
    ppr = styles.find(_w("docDefaults")).find(_w("pPrDefault")).find(_w("pPr"))
    sp = ppr.find(_w("spacing"))
    sp.set(_w("after"), "0")


def _styles(doc) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    for name, spec in _SPECS.items():
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            style.quick_style = True
        _apply(style, spec)


def _font_table(doc) -> None:
    """Every font the styles name, with the Windows look-alike as w:altName, in word/fontTable.xml."""
    from lxml import etree
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    have = {f.get(_w("name")) for f in root.findall(_w("font"))}
    for name, (alt, _) in FONTS.items():
        if name in have:
            continue
        font = etree.SubElement(root, _w("font"))
        font.set(_w("name"), name)
        etree.SubElement(font, _w("altName")).set(_w("val"), alt)
        etree.SubElement(font, _w("charset")).set(_w("val"), "86")    # GB2312
        etree.SubElement(font, _w("family")).set(_w("val"), "modern" if name == HEI else "roman")
        etree.SubElement(font, _w("pitch")).set(_w("val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc) -> None:
    from docx.shared import Mm
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    sec.top_margin, sec.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    sec.left_margin, sec.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    # page number's top edge about 7 mm below the type area (GB/T 9704 7.5): the footer's bottom 24 mm up
    sec.header_distance, sec.footer_distance = Mm(15), Mm(24)
    grid = sec._sectPr.find(_w("docGrid"))
    grid.set(_w("type"), "lines")
    grid.set(_w("linePitch"), str(int(round(LINE_PITCH_PT * 20))))


def _page_number(paragraph, outside: str) -> None:
    """"— N —" in 宋体 4号 with a PAGE field, one character in from the outside edge."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if outside == "right" else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if outside == "right":
        fmt.right_indent = Pt(SIZE_PAGE_NUMBER)
    else:
        fmt.left_indent = Pt(SIZE_PAGE_NUMBER)

    def run(text: str | None = None):
        r = paragraph.add_run(text)
        set_fonts(r._r.get_or_add_rPr(), SONG, SONG)
        r.font.size = Pt(SIZE_PAGE_NUMBER)
        return r

    run("— ")
    run()._r.append(_el("fldChar", fldCharType="begin"))
    instr = _el("instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    run()._r.append(_el("fldChar", fldCharType="separate"))
    run("1")
    run()._r.append(_el("fldChar", fldCharType="end"))
    run(" —")


def _page_numbers(doc) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    sec = doc.sections[0]
    _page_number(sec.footer.paragraphs[0], "right")            # odd pages: bottom right
    _page_number(sec.even_page_footer.paragraphs[0], "left")   # even pages: bottom left


def new_document():
    """A python-docx Document in 公文 layout: A4, GB/T 9704 margins, styles, fonts, page numbers."""
    from docx import Document
    doc = Document()
    _defaults(doc)
    _styles(doc)
    _font_table(doc)
    _page(doc)
    _page_numbers(doc)
    return doc


# ─────────────────────────── writing ───────────────────────────

_NARROW = {"%": 0.85, "+": 0.6, "-": 0.35, "−": 0.6, ".": 0.25, ",": 0.25, " ": 0.25, "≥": 0.6, "≤": 0.6}


def text_width_em(text: str) -> float:
    """Rendered width in em (Times New Roman or Arial digits, CJK fonts for the rest): Chinese, full-width forms
    and symbols (●▲■, —) one em; digits 0.56 em (Arial's, the wider); lower-case half an em; capitals 0.7 em; a
    few marks as measured. Word, WPS and LibreOffice put a quarter em between Latin and Chinese text
    (autospace): "4,200万元" is wider than its characters."""
    w = 0.0
    prev_cjk = None
    for ch in str(text):
        cjk = ord(ch) >= 0x2E80
        if ch in _NARROW:
            w += _NARROW[ch]
        elif ord(ch) >= 0x2000:
            w += 1.0
        elif ch.isdigit():
            w += 0.56
        elif ch.isupper():
            w += 0.7
        else:
            w += 0.5
        if ch.isalnum() or cjk:
            if prev_cjk is not None and prev_cjk != cjk:
                w += 0.25
            prev_cjk = cjk
    return w


_BREAK_AFTER = ("关于", "区", "县", "市", "年", "的", "和", "与", "方案", "工作", "运行", "情况", "，", "：", "；")
_BREAK_BEFORE = ("情况", "工作", "汇报", "报告", "通知", "意见", "推进")


def title_lines(text: str, size: float = SIZE_TITLE, width_pt: float = TYPE_AREA_WIDTH_PT) -> list[str]:
    """The title in lines that keep words whole and look balanced (GB/T 9704 7.3.3: 回行时词意完整、排列对称).

    One line when it fits. Otherwise two lines broken after a place, a year, 的/关于 or before 情况/汇报…,
    choosing the break that makes the lines most nearly equal; never inside a number.
    """
    per_line = width_pt / size
    if text_width_em(text) <= per_line or not any(ord(ch) >= 0x2E80 for ch in text):
        return [text]    # fits, or not Chinese: Word and LibreOffice wrap Latin text at its spaces
    best = None
    for i in range(2, len(text) - 1):
        if text[i - 1].isascii() and text[i].isascii():
            continue
        word = any(text[:i].endswith(w) for w in _BREAK_AFTER) or any(text[i:].startswith(w) for w in _BREAK_BEFORE)
        a, b = text_width_em(text[:i]), text_width_em(text[i:])
        if max(a, b) > per_line:
            continue
        punct = text[i - 1] in "，：；、"     # after a comma the line ends where the reader pauses
        score = abs(a - b) + (0 if punct else 8 if word else 100)
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:     # longer than two lines: break at the line width
        n = int(per_line)
        return [text[k:k + n] for k in range(0, len(text), n)]
    return [text[:best[1]], text[best[1]:]]


def add_title(doc, text: str):
    """The document title, 2号 小标宋, centred, broken into balanced lines, one blank line below."""
    p = doc.add_paragraph(style=STYLE_TITLE)
    lines = title_lines(text)
    for k, line in enumerate(lines):
        r = p.add_run(line)
        if k < len(lines) - 1:
            r.add_break()
    doc.add_paragraph(style=STYLE_TITLE)   # the blank line between title and body
    return p


def add_heading(doc, text: str, level: int = 1):
    """一、 (黑体, level 1), （一） (楷体, level 2), 1. (仿宋 bold, level 3): the numbering is part of the text."""
    return doc.add_paragraph(text, style={1: STYLE_H1, 2: STYLE_H2, 3: STYLE_H3}[level])


def add_body(doc, text: str, style: str | None = None):
    return doc.add_paragraph(text, style=style)


def add_run(paragraph, text: str, bold: bool = False, colour: str | None = None):
    """A run inside a paragraph that keeps the paragraph style's fonts (for a coloured word or a stamp)."""
    from docx.shared import RGBColor
    r = paragraph.add_run(text)
    r.bold = bold
    if colour:
        r.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return r


def add_picture(doc, png: bytes, width_mm: float | None = None):
    """A centred picture the width of the type area, in a paragraph whose line grows with it."""
    from docx.shared import Mm
    width = Mm(width_mm or (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]))
    p = doc.add_paragraph(style=STYLE_FIGURE)
    p.add_run().add_picture(io.BytesIO(png), width=width)
    return p


# ─────────────────────────── tables ───────────────────────────

CELL_MARGIN_PT = 2.8           # left and right cell margin (0.1 cm): the type area is narrow for seven columns
SLACK_EM = 0.35                # room for the renderer's wider glyphs (8.6亿元 wrapped at 18 pt in LibreOffice)


def cell_pad(size: float) -> float:
    """A cell's width beyond its text, in points: both margins and half an em of slack."""
    return 2 * CELL_MARGIN_PT + SLACK_EM * size


CELL_PAD_PT = cell_pad(SIZE_TABLE)
MIN_WRAP_EM = 4.0
MAX_LINES = 12
KEEP_WHOLE_ROWS = 12    # a table of at most this many rows is kept on one page (it fits one with room to spare)


def _tokens(text: str) -> list[str]:
    """Break opportunities as Word and LibreOffice take them: between CJK characters, never inside a run of
    Latin letters, digits and their marks (9,800 / 41.7% / +10.0 stay whole)."""
    out: list[str] = []
    for ch in str(text):
        if out and ch.isascii() and not ch.isspace() and out[-1][-1:].isascii() and not out[-1][-1:].isspace():
            out[-1] += ch
        else:
            out.append(ch)
    return out


def lines_at(text: str, width_em: float) -> int:
    """Lines a cell's text takes at a width (em), wrapping greedily at the break opportunities."""
    lines, used = 1, 0.0
    for tok in _tokens(text):
        w = text_width_em(tok)
        if used and used + w > width_em + 1e-9:
            lines, used = lines + 1, 0.0
        used += w
    return lines


def width_for_lines(text: str, n_lines: int) -> float:
    """The narrowest width (em, to 0.25 em) at which the text takes at most n_lines lines."""
    toks = _tokens(text)
    lo = max([text_width_em(t) for t in toks] or [0.0])
    hi = max(text_width_em(text), lo)
    if lines_at(text, lo) <= n_lines:
        return lo
    while hi - lo > 0.25:
        mid = (lo + hi) / 2
        if lines_at(text, mid) <= n_lines:
            hi = mid
        else:
            lo = mid
    return hi


_HEAD_BREAKS = ("（", "(")


def header_split(head: str) -> list[str]:
    """A header in one or two lines: two when it is four characters or more, broken before its bracket
    (差距 / （百分点）) or in the middle (年度 / 目标, 牵头 / 单位) — never one character alone."""
    head = str(head)
    if len(head) < 4:
        return [head]
    for b in _HEAD_BREAKS:
        k = head.find(b)
        if 2 <= k <= len(head) - 2:
            return [head[:k], head[k:]]
    best = min(range(2, len(head) - 1), key=lambda k: abs(text_width_em(head[:k]) - text_width_em(head[k:])))
    return [head[:best], head[best:]]


@dataclass(frozen=True)
class TableFit:
    widths: list[float]        # points, summing to at most the width asked for
    header: list[str]          # the header texts, "\n" where a header takes two lines
    max_lines: int             # the most lines a text cell takes (the fit minimises it)


def _width_em(widths_pt: float, size: float) -> float:
    return (widths_pt - CELL_PAD_PT) / size


def natural_widths(header: list[str], rows: list[list[str]], size: float = SIZE_TABLE) -> list[float]:
    """Each column's width in points with every cell on one line and the header in at most two lines."""
    out = []
    for j, head in enumerate(header):
        cells = [text_width_em(r[j]) for r in rows] or [0.0]
        h = max(text_width_em(x) for x in header_split(head))
        out.append(max(max(cells), h) * size + cell_pad(size))
    return out


def fit_table(header: list[str], rows: list[list[str]], align: str, width_pt: float = TYPE_AREA_WIDTH_PT,
              size: float = SIZE_TABLE) -> TableFit:
    """Column widths fitted to the text, measured (text_width_em) rather than guessed.

    Figures ("r") and centred cells ("c") never wrap; a header takes one line when there is room, else two at a
    sensible break (header_split). Text columns ("l") wrap: the fit finds the fewest lines L such that every
    text cell fits in L lines with every figure on one line, each text column at least MIN_WRAP_EM wide; what
    width is left goes first to headers that would otherwise take two lines, then to the text columns. When
    even that cannot fit, every column shrinks in proportion (the figures may then wrap).
    """
    n = len(header)
    pad = cell_pad(size) / size
    avail = width_pt / size - n * pad                         # em of text across the table
    text_cols = [j for j in range(n) if align[j] == "l"] or list(range(n))
    cell_em = [max([text_width_em(r[j]) for r in rows] or [0.0]) for j in range(n)]
    head1 = [text_width_em(h) for h in header]
    head2 = [max(text_width_em(x) for x in header_split(h)) for h in header]

    def widths_for(lines: int) -> list[float]:
        w = []
        for j in range(n):
            if j in text_cols:
                need = max([width_for_lines(r[j], lines) for r in rows] or [0.0])
                w.append(max(need, head2[j], min(MIN_WRAP_EM, avail / n)))
            else:
                w.append(max(cell_em[j], head2[j]))
        return w

    chosen, widths = None, None
    for lines in range(1, MAX_LINES + 1):
        w = widths_for(lines)
        if sum(w) <= avail + 1e-9:
            chosen, widths = lines, w
            break
    if widths is None:            # cannot fit: shrink everything in proportion
        w = widths_for(MAX_LINES)
        scale = avail / sum(w)
        widths, chosen = [x * scale for x in w], MAX_LINES
    spare = avail - sum(widths)
    # headers on one line where the spare allows, cheapest first
    for j in sorted(range(n), key=lambda j: head1[j] - widths[j]):
        extra = head1[j] - widths[j]
        if 0 < extra <= spare:
            widths[j] += extra
            spare -= extra
    if spare > 0:                 # the rest to the text columns, in proportion to their longest cell
        total = sum(cell_em[j] for j in text_cols) or 1.0
        for j in text_cols:
            widths[j] += spare * (cell_em[j] / total if total else 1 / len(text_cols))
    heads = [h if widths[j] + 1e-9 >= head1[j] else "\n".join(header_split(h)) for j, h in enumerate(header)]
    return TableFit([(w + pad) * size for w in widths], heads, chosen)


def fit_widths(header: list[str], rows: list[list[str]], align: str, width_pt: float = TYPE_AREA_WIDTH_PT,
               size: float = SIZE_TABLE) -> list[float]:
    """Column widths in points (see fit_table)."""
    return fit_table(header, rows, align, width_pt, size).widths


def kept_with_next(n_rows: int) -> set[int]:
    """The rows (0 = header) whose paragraphs keep with the next row ("keep with next" is how Word and LibreOffice
    keep rows together). A short table stays whole; a long one never leaves its header with fewer than two rows
    or its last row alone. A table split after its first row under a repeated header lost its following rows in
    LibreOffice (2023Q2 保障要素: four rows on no page)."""
    if n_rows <= KEEP_WHOLE_ROWS:
        return set(range(n_rows))               # header … second-to-last data row
    return {0, 1, n_rows - 1}


def add_table(doc, header: list[str], rows: list[list[str]], align: str, colours: dict | None = None):
    """A table the width of the type area: fitted columns, header repeated on each page, rows kept whole.

    align: one letter a column — "l" text (wraps), "r" numbers (right-aligned), "c" centred (a status).
    colours: {(row, column): "#rrggbb"} for a coloured cell text (the status word).
    """
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor
    fit = fit_table(header, rows, align)
    widths = fit.widths
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblPr = table._tbl.tblPr
    look = tblPr.find(_w("tblLook"))      # schema order: … tblLayout, tblCellMar, tblLook

    def put(el):
        if look is not None:
            look.addprevious(el)
        else:
            tblPr.append(el)
    for old in tblPr.findall(_w("tblLayout")):   # autofit=False wrote one already; two break Word's schema
        tblPr.remove(old)
    put(_el("tblLayout", type="fixed"))
    tblw = tblPr.find(_w("tblW"))
    if tblw is None:
        tblw = _el("tblW")
        tblPr.append(tblw)
    tblw.set(_w("w"), str(int(sum(widths) * 20)))
    tblw.set(_w("type"), "dxa")
    margins = _el("tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(side, w=int(CELL_MARGIN_PT * 20), type="dxa"))
    put(margins)
    for col, w in zip(table._tbl.tblGrid.findall(_w("gridCol")), widths):
        col.set(_w("w"), str(int(w * 20)))
    aligns = {"l": WD_ALIGN_PARAGRAPH.LEFT, "r": WD_ALIGN_PARAGRAPH.RIGHT, "c": WD_ALIGN_PARAGRAPH.CENTER}
    keep = kept_with_next(len(rows))
    for i, row in enumerate(table.rows):
        trPr = row._tr.get_or_add_trPr()
        trPr.append(_el("cantSplit"))
        if i == 0:
            trPr.append(_el("tblHeader"))   # repeated at the top of every page the table runs onto
        values = fit.header if i == 0 else rows[i - 1]
        for j, (cell, text) in enumerate(zip(row.cells, values)):
            cell.width = Pt(widths[j])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.style = doc.styles[STYLE_TABLE_HEAD if i == 0 else STYLE_TABLE]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if i == 0 else aligns[align[j]]
            if i in keep:
                p.paragraph_format.keep_with_next = True
            parts = str(text).split("\n")     # a header in two lines breaks where header_split chose
            r = p.add_run(parts[0])
            for part in parts[1:]:
                r.add_break()
                r = p.add_run(part)
            colour = (colours or {}).get((i - 1, j))
            if colour and i:
                r.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return table
