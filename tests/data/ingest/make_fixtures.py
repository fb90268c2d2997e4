"""Regenerate the importer's fixture files in this folder (the outputs are committed).

    .venv/bin/python tests/data/ingest/make_fixtures.py

xlsx via openpyxl, .xls via xlwt, and — when Debian's `ssconvert` (gnumeric) is installed — an .xls and an
.ods converted from xlsx the way an analyst's office suite would save them. CI never runs this script.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent


def _put(ws, top_left: str, rows: list[list]) -> None:
    """Write rows starting at a cell (so tables need not start at A1)."""
    c0 = ws[top_left]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(row=c0.row + i, column=c0.column + j, value=v)


# ───────────── a district bureau table at C4, two-row merged header, 万元, sub-rows, footnotes ─────────────
BUREAU_ROWS = [
    ["一、地区生产总值", "亿元", "—", "—", 350.12, 4.5, 330.0, 3],
    ["社会消费品零售总额", "万元", 5100, 6.0, "31,206", "7.2%", 29110, 2],
    ["  其中:限额以上单位消费品零售额", "万元", 2100, 5.0, 12050, 6.6, 11300, None],
    ["固定资产投资(不含农户)", "%", "—", "—", "—", "－3.5", "—", 8],
    ["一般公共预算收入", "万元", "…", "…", 52000, 3.0, 50480, 6],
    ["\u3000\u3000其中:地方收入", "万元", "…", "…", 20500, 12.0, 18000, 5],
    ["\u3000\u3000\u3000\u3000税收收入", "万元", "…", "…", 15300, 9.1, 14020, None],
    ["城镇居民人均可支配收入", "元", "/", "/", 25680, None, 24000, 4],
    ["城镇调查失业率", "%", None, None, 4.8, -0.2, None, None],
    ["规模以上工业增加值", "%", "x", "x", "—", 6.1, "—", 9],
]


def bureau_h1() -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws["C4"] = "岳阳楼区2023年1-6月主要经济指标"
    ws.merge_cells("C4:J4")
    ws["C4"].alignment = Alignment(horizontal="center")
    ws["J5"] = "单位:万元、%"
    _put(ws, "C6", [["指标", "单位", "6月", None, "1-6月", None, "上年同期", "全市排位"],
                    [None, None, "绝对值", "增长(%)", "绝对值", "同比增长(%)", None, None]])
    for rng in ("C6:C7", "D6:D7", "E6:F6", "G6:H6", "I6:I7", "J6:J7"):
        ws.merge_cells(rng)
    _put(ws, "C8", BUREAU_ROWS)
    n = 8 + len(BUREAU_ROWS)
    ws.cell(row=n, column=3, value="注:地区生产总值增速按可比价计算。")
    ws.cell(row=n + 1, column=3, value="数据来源:岳阳楼区统计局")
    out = HERE / "bureau_2023_h1.xlsx"
    wb.save(out)
    return out


def bureau_monthly() -> Path:
    """本月 | 1-本月 side by side, 去年同期; the period only as "2023年3月" in the title."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "3月"
    ws["A1"] = "岳阳楼区2023年3月主要经济指标"
    ws.merge_cells("A1:F1")
    _put(ws, "A3", [["指标名称", "单位", "本月", "1-本月", "去年同期", "增长(%)"],
                    ["社会消费品零售总额", "亿元", 0.52, 1.55, 1.458, 6.3],
                    ["#地方收入", "亿元", 0.2, 0.71, 0.7, 1.4],
                    ["城镇新增就业", "人", 410, 2130, None, None]])
    out = HERE / "bureau_2023_03.xlsx"
    wb.save(out)
    return out


def bureau_csv_gbk() -> Path:
    text = ("2023年前三季度岳阳楼区主要经济指标\n"
            "指标名称,单位,绝对值,增速(%)\n"
            "社会消费品零售总额,亿元,5.5,8.1\n"
            "地方一般公共预算收入,万元,\"30,000\",9.2\n"
            "注:增速为累计同比\n")
    out = HERE / "bureau_q3_gbk.csv"
    out.write_bytes(text.encode("gbk"))
    return out


def bureau_csv_bom() -> Path:
    """Tab-separated UTF-8 with BOM; the year only in the file name, the span in the header."""
    text = ("指标\t1-3月(亿元)\t同比增长%\n"
            "社会消费品零售总额\t1.55\t6.3\n"
            "固定资产投资\t\t-12.4\n")
    out = HERE / "主要指标_2023.csv"
    out.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return out


def bureau_xls_annual() -> Path:
    """A legacy .xls written by xlwt: an annual bulletin (year alone → full year)."""
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("公报")
    ws.write_merge(0, 0, 0, 3, "岳阳楼区2023年国民经济和社会发展统计公报主要指标")
    for j, h in enumerate(["指标", "单位", "总量", "比上年增长(%)"]):
        ws.write(2, j, h)
    rows = [["地区生产总值", "亿元", 721.5, 6.1], ["社会消费品零售总额", "亿元", 6.8, 8.4],
            ["城镇居民人均可支配收入", "元", 51234, 6.9]]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ws.write(3 + i, j, v)
    out = HERE / "bureau_2023_annual.xls"
    wb.save(str(out))
    return out


# ───────────── a work ledger ─────────────
def ledger() -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws["A1"] = "岳阳楼区打好经济增长主动仗工作台账(截至2023年6月底)"
    ws.merge_cells("A1:I1")
    _put(ws, "A3", [
        ["序号", "工作任务", "牵头单位", "单位", "年度目标", "1-6月完成", "完成率", "状态", "备注"],
        [1, "老旧小区改造(个)", "区住建局", None, 228, 120, "52.6%", None, None],
        [2, "既有住宅加装电梯", "区住建局", "台", 180, 95, "52.8%", None, None],
        [3, "城市更新投入资金", "区住建局", "万元", 126000, "65,000", "51.6%", None, None],
        [4, "完成争项争资(亿元)", "区发改局", None, 20, 8.6, "43%", None, None],
        [5, "洞庭南路历史文化街区二期", "区发改局", None, None, None, None, "推进中", "主体完工"],
        [6, "特种密封设备产业园项目规划", "区科技工信局", None, None, None, None, "已完成", None],
        [7, "胥家桥综合物流园首开区建设", "区商务粮食局", None, None, None, None, "滞后", "征拆未完成"],
        [8, "天伦中心", "区发改局", None, None, None, None, "正在推进", None],
        [9, "新建洛王街道社区卫生服务中心", "区卫健局", None, None, None, None, "已开工", None],
        [10, "全面完成国土空间总体规划编制报批", "区自然资源局", None, None, None, None, "完成", None],
        [11, "南湖大道金融中心提质扩容", "区金融办", None, None, None, None, "未启动", None],
        [12, "召开调度会", "区发改局", "次", None, 3, None, None, None],
    ])
    out = HERE / "ledger_2023_h1.xlsx"
    wb.save(out)
    return out


# ───────────── multi-district city tables ─────────────
def city() -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "GDP"
    ws["A1"] = "2023年1-6月各县市区地区生产总值"
    ws.merge_cells("A1:D1")
    _put(ws, "A2", [["县市区", "绝对值(亿元)", "增速(%)", "排位"],
                    ["全市", 2305.6, 4.9, None],
                    ["岳阳楼区", 350.12, 4.5, 3],
                    ["云溪区", 120.3, 5.8, 1],
                    ["君山区", 88.1, 5.1, 2],
                    ["岳阳县", 170.0, "－0.8", 13]])
    ws2 = wb.create_sheet("社零固投")
    ws2["A1"] = "2023年上半年各县市区主要指标"
    ws2.merge_cells("A1:F1")
    _put(ws2, "A2", [["县市区", "社会消费品零售总额(亿元)", None, None, "固定资产投资", None],
                     [None, "绝对值", "增速(%)", "排位", "增速(%)", "排位"],
                     ["岳阳市", 780.0, 6.5, None, 5.1, None],
                     ["岳阳楼区", 3.1206, 7.2, 2, -3.5, 8],
                     ["云溪区", 1.9, 6.9, 4, 7.0, 2],
                     ["华容县", 2.2, 6.0, 7, 4.2, 5]])
    for rng in ("A2:A3", "B2:D2", "E2:F2"):
        ws2.merge_cells(rng)
    out = HERE / "city_2023_h1.xlsx"
    wb.save(out)
    return out


def convert(src: Path, name: str) -> Path | None:
    """Save `src` as .xls the way gnumeric does (skipped when ssconvert is missing)."""
    if not shutil.which("ssconvert"):
        print("ssconvert not installed: keeping the committed", name, file=sys.stderr)
        return None
    out = HERE / name
    subprocess.run(["ssconvert", str(src), str(out)], check=True, capture_output=True)
    return out


def convert_lo(src: Path, ext: str, name: str) -> Path | None:
    """Save `src` in another format with LibreOffice (skipped when it is missing)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("libreoffice not installed: keeping the committed", name, file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                        ext, "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        out = HERE / name
        shutil.move(str(Path(tmp) / (src.stem + "." + ext)), out)
    return out


def main() -> None:
    made = [bureau_h1(), bureau_monthly(), bureau_csv_gbk(), bureau_csv_bom(), bureau_xls_annual(), ledger(),
            city()]
    made.append(convert_lo(HERE / "bureau_2023_h1.xlsx", "ods", "bureau_2023_h1.ods"))
    made.append(convert(HERE / "ledger_2023_h1.xlsx", "ledger_2023_h1_gnumeric.xls"))
    for p in made:
        if p:
            print(p.relative_to(HERE.parent.parent.parent))


if __name__ == "__main__":
    main()
