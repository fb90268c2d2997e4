"""Import of a 100,000-row template xlsx: plantrack against pandas + openpyxl reading the same file.

The file is the analysts' template (plantrack.ingest.template.write_template for 2023) with 100,000 filled
rows appended in openpyxl's write_only mode: every plan indicator × every month-end span (1-1月 … 1-12月) ×
204 years, so each (indicator, period) appears once and the whole file is accepted. It is cached under
bench/out/ (git-ignored) and rebuilt when missing.

Measured (median of several runs, each from the bytes on disk):
- plantrack parse:          plantrack.ingest.parse_file(path) → validated records in the plan's units
- plantrack parse + store:  the same, then Store.import_parsed into a fresh temporary DuckDB store
- baseline pandas+openpyxl: pd.read_excel(path, engine="openpyxl", sheet_name=None) — only reads cells,
                            no validation (pandas 3.1's default engine for xlsx)
- for reference pandas+calamine: pd.read_excel(..., engine="calamine", sheet_name=None)
Goal: plantrack (parse + store) at least 8× faster than the baseline.
"""
from __future__ import annotations

import io
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, machine, quick, table, timed  # noqa: E402

ROWS = 100_000
FILE = OUT / "template_100k.xlsx"
GOAL = 8.0


def period_cell(year: int, month: int) -> str:
    """The period as analysts write it ("2023年1-6月"); a key ("1898M05") where the year is outside 1900-2099."""
    if 1900 <= year <= 2099:
        return f"{year}年1月" if month == 1 else f"{year}年1-{month}月"
    return f"{year}Q{month // 3}" if month % 3 == 0 else f"{year}M{month:02d}"


def build_file(path: Path = FILE, rows: int = ROWS) -> Path:
    from openpyxl import Workbook, load_workbook

    from plantrack.ingest.template import SHEET_HEADLINE, SHEET_SUBTARGETS, write_template
    from plantrack.model.plan import get_plan

    plan = get_plan()
    yp = plan.year(2023)
    buf = io.BytesIO()
    write_template(plan, 2023, buf)
    template = load_workbook(io.BytesIO(buf.getvalue()))

    headline = [(t.id, t.indicator.name_zh, t.unit) for t in yp.headline]
    task_label = {t.id: f"{t.number} {t.name_zh}" for t in yp.tasks}
    subs = [(t.id, task_label[t.task], t.indicator.name_zh, t.unit, t.target) for t in yp.subtargets + yp.tracked]
    per_year = (len(headline) + len(subs)) * 12
    years = -(-rows // per_year)
    first_year = 2099 - years + 1
    rnd = random.Random(20230630)

    wb = Workbook(write_only=True)
    sheets = {}
    for src in template.worksheets:          # the template as written: title, instructions, header, rows
        ws = wb.create_sheet(src.title)
        for width_col, dim in src.column_dimensions.items():
            ws.column_dimensions[width_col].width = dim.width
        for row in src.iter_rows(values_only=True):
            ws.append(list(row))
        sheets[src.title] = ws
    n = 0
    for year in range(first_year, 2100):
        for month in range(1, 13):
            p = period_cell(year, month)
            for iid, name, unit in headline:
                if n >= rows:
                    break
                prev = round(rnd.uniform(50, 900), 2)
                value = round(prev * rnd.uniform(0.95, 1.15), 2)
                growth = round((value / prev - 1) * 100, 2)
                sheets[SHEET_HEADLINE].append([iid, name, p, value, unit, growth, prev, None])
                n += 1
            for iid, task, name, unit, target in subs:
                if n >= rows:
                    break
                value = round(rnd.uniform(0, (target or 100) * month / 12 * 1.2), 1)
                sheets[SHEET_SUBTARGETS].append([iid, task, name, unit, target, p, value, None])
                n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    os.replace(tmp, path)
    return path


def main() -> None:
    import pandas as pd

    from plantrack.ingest import parse_file
    from plantrack.model.plan import get_plan
    from plantrack.store.database import Store

    if not FILE.exists():
        print(f"writing {FILE} ({ROWS:,} rows) …", flush=True)
        build_file()
    plan = get_plan()
    size_mb = FILE.stat().st_size / 1e6
    runs = 1 if quick() else 3

    def parse():
        return parse_file(FILE, plan=plan)

    tmpdir = Path(tempfile.mkdtemp(prefix="bench_import_"))
    counter = iter(range(10 ** 6))

    def parse_store():
        parsed = parse_file(FILE, plan=plan)
        store = Store(tmpdir / f"store_{next(counter)}.duckdb")
        store.import_parsed(parsed, user="bench", content=FILE.read_bytes())
        return parsed

    def pandas_openpyxl():
        return pd.read_excel(FILE, engine="openpyxl", sheet_name=None)

    def pandas_calamine():
        return pd.read_excel(FILE, engine="calamine", sheet_name=None)

    parsed = parse()                                   # warm-up (imports, plan caches), not counted
    records = len(parsed.records)
    assert records == ROWS, f"expected {ROWS} records, parsed {records} (skipped {len(parsed.skipped)})"
    # round-robin, so a burst of load on a shared machine hits every reader alike
    times: dict[str, list[float]] = {"parse": [], "store": [], "base": [], "cal": []}
    frames = None
    for _ in range(runs):
        for key, fn in (("base", pandas_openpyxl), ("parse", parse), ("store", parse_store), ("cal", pandas_calamine)):
            t, result = timed(fn)
            times[key].append(t)
            if key == "base":
                frames = result
    t_parse, t_store, t_base, t_cal = (statistics.median(times[k]) for k in ("parse", "store", "base", "cal"))
    base_rows = sum(len(df) for df in frames.values())

    rows = [
        ["pandas + openpyxl (baseline)", t_base, f"{base_rows / t_base:,.0f}", "1.0×"],
        ["pandas + calamine (reference)", t_cal, f"{base_rows / t_cal:,.0f}", f"{t_base / t_cal:.1f}×"],
        ["plantrack parse_file", t_parse, f"{records / t_parse:,.0f}", f"{t_base / t_parse:.1f}×"],
        ["plantrack parse + store", t_store, f"{records / t_store:,.0f}", f"{t_base / t_store:.1f}×"],
    ]
    ratio = t_base / t_store
    table(f"Import: {ROWS:,}-row template xlsx ({size_mb:.1f} MB), median of {runs}",
          ["reader", "seconds", "rows/s", "speed-up vs baseline"], rows,
          note=(f"goal: plantrack parse + store ≥ {GOAL:g}× the baseline → {ratio:.1f}× "
                f"({'met' if ratio >= GOAL else 'MISSED'}). rows/s counts data rows (plantrack: validated "
                f"records; pandas: DataFrame rows incl. instruction rows).\nmachine: {machine()}"))


if __name__ == "__main__":
    main()
