"""A small store for the narrative and export tests, filled through the real import path (Store.import_parsed).

Built in tmp_path and pointed to by PLANTRACK_DB, never data/plantrack.duckdb. The numbers are chosen so each
sentence form appears once: rising (GDP), falling but above target (FAI), level with target and unchanged
(retail), negative and red (revenue), no previous quarter (income); counts ahead, behind, red and done early;
a ceiling met and a level missed and held.
"""
from __future__ import annotations

import hashlib

from plantrack.ingest.records import MilestoneRecord, ParsedFile, Record
from plantrack.store.database import Store

DISTRICT = "岳阳楼区"

# (indicator, period, value, unit, growth_pct, prev_value)
ROWS = [
    ("gdp", "2022Q4", 800.0, "亿元", 4.1, None),
    ("gdp", "2023Q1", 190.0, "亿元", 5.9, 179.4),
    ("gdp", "2023Q2", 400.0, "亿元", 6.3, 376.3),
    ("fai", "2023Q1", None, "亿元", 12.0, None),
    ("fai", "2023Q2", None, "亿元", 10.5, None),
    ("retail", "2023Q1", None, "亿元", 10.0, None),
    ("retail", "2023Q2", None, "亿元", 10.04, None),
    ("revenue", "2023Q1", None, "亿元", 3.0, None),
    ("revenue", "2023Q2", None, "亿元", -2.1, None),
    ("income", "2023Q2", None, "元", 7.96, None),
    ("old_compounds", "2023Q2", 120, "个", None, None),
    ("elevators", "2023Q2", 30, "台", None, None),
    ("urban_unemployment_pct", "2023Q2", 4.6, "%", None, None),
    ("medical_insurance_pct", "2023Q2", 94.0, "%", None, None),
    ("yangtze_water_quality_pct", "2023Q2", 100.0, "%", None, None),
    ("new_urban_jobs", "2023Q2", 4500, "人", None, None),
    ("srdi_firms", "2023Q2", 10, "家", None, None),
    ("funds_secured", "2023Q2", 8.35, "亿元", None, None),
    ("new_market_entities", "2023Q2", 3200, "户", None, None),
]
MILESTONES = [("xujiaqiao_logistics_park", "delayed", "2023Q2"), ("sealing_park_planning", "done", "2023Q2")]


def parsed(file_name: str, rows=ROWS, milestones=MILESTONES) -> ParsedFile:
    records = [Record(indicator=i, period=p, value=None if v is None else float(v), unit=u, growth_pct=g,
                      prev_value=pv, region=DISTRICT) for i, p, v, u, g, pv in rows]
    ms = [MilestoneRecord(milestone=m, status=s, period=p) for m, s, p in milestones]
    sha = hashlib.sha256((file_name + repr(rows)).encode()).hexdigest()
    return ParsedFile(file=file_name, sha256=sha, size=1, layout="template", records=records, milestones=ms)


def fill_store(path, sample: bool = False) -> Store:
    store = Store(path)
    name = "岳阳楼区2023年1-6月主要指标_示例数据.xlsx" if sample else "岳阳楼区2023年1-6月主要指标.xlsx"
    store.import_parsed(parsed(name), user="test")
    return store
