"""Render one truth table (indicators × periods, in the plan's units) in the layouts bureaus actually send.

Used by test_layout_variants.py: each Variant is a file (bytes + name) and what it must import to — or
`refuse` when the file itself does not establish a fact (no unit for an amount, a year alone as period).
"""
from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

import openpyxl

# The truth: indicator → (plan unit, plan-unit level per end month, reported growth per end month)
TRUTH = {
    "retail": ("社会消费品零售总额", {3: 1.5234, 6: 3.1206, 9: 4.8012}, {3: 6.5, 6: 7.2, 9: 7.5}),
    "revenue": ("一般公共预算地方收入", {3: 0.6125, 6: 2.05, 9: 3.0875}, {3: 10.5, 6: 12.0, 9: -3.5}),
    "fai": ("固定资产投资", None, {3: 12.1, 6: 10.4, 9: 9.8}),          # growth only, as bureaus publish it
}
SCALE = {"元": 1e8, "万元": 1e4, "亿元": 1.0}        # file value = plan (亿元) value × SCALE[unit]
SPAN = {3: "1-3月", 6: "1-6月", 9: "1-9月"}
KEY = {3: "2023Q1", 6: "2023Q2", 9: "2023Q3"}
# Typed with a Chinese input method left in full-width mode: "２０２３年１－６月", "３８５．３６"
FULLWIDTH = str.maketrans("0123456789-.", "０１２３４５６７８９－．")


@dataclass
class Variant:
    name: str                  # file name
    data: bytes
    describe: str
    expect: dict | None        # (indicator, period) → (value, growth); None: must be refused
    refuse_code: set[str] | None = None   # any of these (a file may lack more than one fact)


@dataclass
class Layout:
    unit: str                  # 元 | 万元 | 亿元
    unit_at: str               # header | upper | title | note_ascii | note_full | note_bracket | note_mixed (单位：亿元、%)
    #                            | note_pct_first (单位：%，万元) | label | unit_col | sheet | file | none
    period_at: str             # title | header | sheet | file | month_sheet | year_only
    months: tuple[int, ...]    # periods in the file (several only with period_at == header)
    monthly_pair: bool         # 本月 | 同月增长 columns before the cumulative pair
    two_row_header: bool       # "1-6月" merged over "绝对值 | 增长(%)"
    growth_only: bool          # a rate table: title says 增速(%), periods across the columns
    fmt: str                   # xlsx | xls | ods | csv-utf8 | csv-gbk
    blank_rows: int            # rows above the table
    across: bool = False       # indicators across the columns, periods/measures down the rows
    prev: str = "none"         # 上年同期 level column: none | beside growth | instead of growth (growth derived)
    fullwidth: bool = False    # full-width digits in the title, headers, sheet name and figures
    thousands: bool = False    # amounts as text with thousands separators ("2,712,345")


def draw(rng: random.Random) -> Layout:
    growth_only = rng.random() < 0.15
    period_at = rng.choice(["title", "header", "sheet", "file", "month_sheet", "year_only"])
    months = tuple(sorted(rng.sample([3, 6, 9], rng.choice([2, 3])))) if period_at == "header" else (rng.choice([3, 6, 9]),)
    if growth_only:
        period_at, months = "header", (3, 6, 9)
    return Layout(unit=rng.choice(["元", "万元", "亿元"]),
                  unit_at=rng.choice(["header", "upper", "title", "note_ascii", "note_full", "note_bracket", "label",
                                      "note_mixed", "note_pct_first", "unit_col", "sheet", "file", "none"]),
                  period_at=period_at, months=months, monthly_pair=rng.random() < 0.3 and period_at != "header",
                  two_row_header=rng.random() < 0.5, growth_only=growth_only,
                  fmt=rng.choice(["xlsx", "xlsx", "xls", "ods", "csv-utf8", "csv-gbk"]), blank_rows=rng.choice([0, 0, 2]),
                  across=rng.random() < 0.2, prev=rng.choice(["none", "none", "beside", "instead"]),
                  fullwidth=rng.random() < 0.15)


def render(lay: Layout, k: int) -> Variant:
    u = lay.unit
    month = lay.months[0]
    title = "岳阳楼区2023年" + (SPAN[month] if lay.period_at == "title" else "") + "主要经济指标"
    if lay.period_at == "year_only":
        title = "岳阳楼区2023年主要经济指标"
    if lay.period_at == "month_sheet":
        title = "岳阳楼区2023年主要经济指标月报"
    if lay.growth_only:
        title = "岳阳楼区2023年主要经济指标增速(%)"
    sheet = {"sheet": f"2023年{SPAN[month]}", "month_sheet": f"{month}月"}.get(lay.period_at, "表1")
    fname = f"v{k:03d}_" + ({"file": f"2023年{SPAN[month]}"}.get(lay.period_at, "报表"))
    unit_in = {"header": f"({u})", "upper": f"({u})"}
    if lay.unit_at == "title":
        title += f"（{u}）"
    if lay.unit_at == "sheet":
        sheet += f"({u})"
    if lay.unit_at == "file":
        fname += f"({u})"
    if lay.fmt.startswith("csv") and sheet != "表1":
        fname += "_" + sheet               # a csv has no sheet: what the sheet name says goes into the file name
    rows: list[list] = [[] for _ in range(lay.blank_rows)]
    merges: list[tuple[int, int, int, int]] = []
    rows.append([title])
    note = {"note_ascii": f"单位:{u}", "note_full": f"单位：{u}", "note_bracket": f"（单位：{u}）",
            "note_mixed": f"单位：{u}、%", "note_pct_first": f"单位：%，{u}"}.get(lay.unit_at)
    if note:
        rows.append([None, None, None, note])
    unit_col = lay.unit_at == "unit_col"
    head1, head2 = ["指标"] + (["单位"] if unit_col else []), ["" ] + ([""] if unit_col else [])
    cols: list[tuple[str, int]] = []      # (kind, month): kinds value | growth | mvalue | mgrowth
    if lay.growth_only:
        for m in lay.months:
            head1.append({3: "一季度", 6: "上半年", 9: "前三季度"}[m])
            head2.append("")
            cols.append(("growth", m))
        lay.two_row_header = False
    else:
        if lay.monthly_pair:
            head1 += ["本月", "比去年同月增长(%)"] if not lay.two_row_header else ["本月", "本月"]
            head2 += ["", ""] if not lay.two_row_header else ["绝对值", "比去年同月增长(%)"]
            cols += [("mvalue", month), ("mgrowth", month)]
        for m in lay.months:
            group = {"header": SPAN[m], "month_sheet": "本月止累计"}.get(lay.period_at, "累计")
            vu = unit_in.get(lay.unit_at, "")
            if lay.two_row_header:
                head1 += [group + (vu if lay.unit_at == "upper" else ""), group + (vu if lay.unit_at == "upper" else "")]
                head2 += ["绝对值" + (vu if lay.unit_at == "header" else ""), "比去年同期增长(%)"]
            else:
                head1 += [group + "绝对值" + vu, "比去年同期增长(%)"]
                head2 += ["", ""]
            cols += [("value", m), ("growth", m)]
    if lay.growth_only or len(lay.months) > 1:
        lay.prev = "none"
    if lay.prev == "instead":           # no growth column: the importer derives growth from the two levels
        k_growth = max(i for i, (kind, _) in enumerate(cols) if kind == "growth")
        del cols[k_growth]
        del head1[first_col(unit_col) + k_growth]
        del head2[first_col(unit_col) + k_growth]
    first = first_col(unit_col)
    pairs_end = len(head1)
    if lay.prev != "none":
        vu = unit_in.get(lay.unit_at, "")
        head1.append("上年同期" + vu)
        head2.append("")
        cols.append(("prev", month))
    hr = len(rows)
    rows.append(head1)
    if lay.two_row_header:
        rows.append(head2)
        merges.append((hr, 0, hr + 1, 0))
        if unit_col:
            merges.append((hr, 1, hr + 1, 1))
        for j in range(first, pairs_end - 1, 2):
            if lay.prev == "instead" and j + 1 >= pairs_end - 1 and head1[j] != head1[j + 1]:
                break
            merges.append((hr, j, hr, j + 1))
        if lay.prev == "instead":       # the last value column stands alone under its group
            merges = [mg for mg in merges if not (mg[1] == pairs_end - 1 or mg[3] == pairs_end - 1)]
        if lay.prev != "none":
            merges.append((hr, pairs_end, hr + 1, pairs_end))
    expect: dict = {}
    for ind, (label, levels, growth) in TRUTH.items():
        name = label + (f"({u})" if lay.unit_at == "label" and levels else "")
        row: list = [name] + ([u if levels else "%"] if unit_col else [])
        if levels is None and not lay.growth_only and not unit_col:
            name += "增速(%)"
            row[0] = name
        for kind, m in cols:
            if kind == "prev":
                p = None if levels is None else prev_level(levels[m], growth[m])
                row.append("—" if p is None else round(p * SCALE[u], 6))
            elif kind in ("value", "mvalue"):
                v = None if levels is None else round(levels[m] * SCALE[u] * (0.2 if kind == "mvalue" else 1), 6)
                row.append("—" if v is None else v)
            else:
                row.append(growth[m] + (3.3 if kind == "mgrowth" else 0))
        rows.append(row)
        for kind, m in cols:
            if kind in ("value", "growth"):
                value = None if (levels is None or lay.growth_only) else levels[m]
                prev = prev_level(levels[m], growth[m]) if levels and lay.prev != "none" else None
                g = growth[m]
                if lay.prev == "instead":
                    g = None if prev is None else round((value / prev - 1) * 100, 2)
                if (value, g, prev) != (None, None, None):     # a row of dashes gives no record
                    expect[(ind, KEY[m])] = (value, g, prev)
    if lay.thousands:
        rows = [[f"{c:,.6f}".rstrip("0").rstrip(".") if isinstance(c, float) and abs(c) >= 1000 else c for c in r]
                for r in rows]
    if lay.fullwidth:
        rows = [[_full(c) for c in r] for r in rows]
        sheet = sheet.translate(FULLWIDTH)
    if lay.across:
        rows, merges = _turn(rows, merges, hr)
    rows.append(["注：地区生产总值增速按可比价计算。"])
    needs_unit = not lay.growth_only and lay.unit_at == "none"
    refuse = {c for c, missing in (("unit_needed", needs_unit), ("no_period", lay.period_at == "year_only"))
              if missing} or None
    ext = {"csv-utf8": "csv", "csv-gbk": "csv"}.get(lay.fmt, lay.fmt)
    data = write(lay.fmt, rows, merges, sheet)
    desc = (f"{lay.fmt} unit {u} at {lay.unit_at}, period at {lay.period_at} {lay.months}, "
            f"{'two-row' if lay.two_row_header else 'one-row'} header, monthly pair {lay.monthly_pair}, "
            f"growth-only {lay.growth_only}, indicators {'across' if lay.across else 'down'}, 上年同期 {lay.prev}"
            f"{', full-width digits' if lay.fullwidth else ''}{', thousands separators' if lay.thousands else ''}")
    return Variant(f"{fname}.{ext}", data, desc, None if refuse else expect, refuse)


def _full(cell):
    """A cell as typed in full-width mode: text and figures alike become full-width strings."""
    if cell is None or cell == "":
        return cell
    return (f"{cell:.6f}".rstrip("0").rstrip(".") if isinstance(cell, float) else str(cell)).translate(FULLWIDTH)


def first_col(unit_col: bool) -> int:
    return 2 if unit_col else 1


def prev_level(level: float, growth: float) -> float:
    """Last year's level in the plan's unit, as a bureau would print it (4 decimals of 亿元)."""
    return round(level / (1 + growth / 100), 4)


def _turn(rows, merges, top: int):
    """Indicators across: the table from row `top` down turned round (title and note rows stay above)."""
    block = rows[top:]
    width = max(len(r) for r in block)
    turned = [[block[i][j] if j < len(block[i]) else None for i in range(len(block))] for j in range(width)]
    return rows[:top] + turned, [(c0 + top, r0 - top, c1 + top, r1 - top) for r0, c0, r1, c1 in merges]


# ─────────────────────────── writers ───────────────────────────

def write(fmt: str, rows, merges, sheet: str) -> bytes:
    if fmt == "xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = sheet
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                if v not in (None, ""):
                    ws.cell(row=i + 1, column=j + 1, value=v)
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        bio = io.BytesIO()
        wb.save(bio)
        return bio.getvalue()
    if fmt == "xls":
        import xlwt
        wb = xlwt.Workbook(encoding="utf-8")
        ws = wb.add_sheet(sheet)
        covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r0, c0, r1, c1 in merges:
            v = rows[r0][c0] if c0 < len(rows[r0]) else None
            ws.write_merge(r0, r1, c0, c1, v if v not in (None, "") else "")
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                if v not in (None, "") and (i, j) not in covered:
                    ws.write(i, j, v)
        bio = io.BytesIO()
        wb.save(bio)
        return bio.getvalue()
    if fmt == "ods":
        return _ods(rows, sheet)
    text = "\n".join(",".join("" if v is None else _csv(v) for v in r) for r in rows) + "\n"
    return text.encode("gbk" if fmt == "csv-gbk" else "utf-8")


def _csv(v) -> str:
    s = str(v)
    return f'"{s}"' if any(c in s for c in ',"\n') else s


def _ods(rows, sheet: str) -> bytes:
    """A minimal OpenDocument spreadsheet (no merge information, as calamine reports ods)."""
    cells = []
    for r in rows:
        out = []
        for v in r:
            if v is None or v == "":
                out.append("<table:table-cell/>")
            elif isinstance(v, (int, float)):
                out.append(f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
                           f"</table:table-cell>")
            else:
                out.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p>'
                           f"</table:table-cell>")
        cells.append("<table:table-row>" + "".join(out) + "</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
               + "".join(cells) + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return bio.getvalue()


def variants(n: int, seed: int = 20231) -> list[Variant]:
    rng = random.Random(seed)
    # new dimensions draw from their own stream, so adding one does not reshuffle the layouts above
    extra = random.Random(seed + 1)
    out = []
    for k in range(n):
        lay = draw(rng)
        lay.thousands = extra.random() < 0.15
        out.append(render(lay, k))
    return out
