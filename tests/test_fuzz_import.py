"""Fuzz the importer: seeded mutations of valid xlsx, ods and csv files — byte flips, attribute quoting and
spacing, declared dimensions and repeat counts, deep nesting, long runs without tags, huge counts, broken
numbers. Every mutant goes through the worker (parse_untrusted) as an upload does, under a budget of 10 s
CPU and 1 GB: none may crash this process, hit the budget or fail inside the importer; each imports or is
refused with one line naming the file. A failure prints the mutant's seed and operator to replay it."""
from __future__ import annotations

import dataclasses
import io
import random
import re
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plantrack.ingest.records import IngestError, ParsedFile
from plantrack.ingest.sandbox import parse_untrusted  # noqa: E402
from plantrack.model.plan import load_plan

PLAN = load_plan(REPO / "plan_config.toml")
# The budget is CPU time, so that a machine shared with other jobs does not make the test flaky; the wall
# time is only the backstop for a worker that waits instead of working.
BUDGET = dataclasses.replace(PLAN, import_=dataclasses.replace(PLAN.import_, parse_cpu_seconds=10,
                                                               parse_memory_mb=1024, parse_wall_seconds=120))
DATA = REPO / "tests" / "data" / "ingest"
SEEDS = {"bureau.xlsx": (DATA / "bureau_2023_h1.xlsx").read_bytes(),
         "ledger.xlsx": (DATA / "ledger_2023_h1.xlsx").read_bytes(),
         "bureau.ods": (DATA / "bureau_2023_h1.ods").read_bytes(),
         "bureau.xls": (DATA / "bureau_2023_annual.xls").read_bytes(),
         "主要指标.csv": (DATA / "主要指标_2023.csv").read_bytes(),
         "bureau_gbk.csv": (DATA / "bureau_q3_gbk.csv").read_bytes()}
CASES_PER_OPERATOR = 6


# ─────────────────────────── mutation operators ───────────────────────────

def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b, compress_type=zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main_xml(parts: dict[str, bytes]) -> str:
    return "content.xml" if "content.xml" in parts else sorted(n for n in parts if n.startswith("xl/worksheets/"))[0]


def edit_xml(data: bytes, rng: random.Random, edit) -> bytes:
    parts = members(data)
    name = main_xml(parts)
    parts[name] = edit(parts[name], rng)
    return rezip(parts)


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def flip_xml_bytes(data: bytes, rng: random.Random) -> bytes:
    return edit_xml(data, rng, lambda x, r: flip_bytes(x, r))


def requote(data: bytes, rng: random.Random) -> bytes:
    """Rewrite attributes with single quotes, spaces, tabs or newlines around '=' (all valid XML)."""
    forms = ["{k}='{v}'", '{k} = "{v}"', '{k}\t=\t"{v}"', '{k}\n="{v}"', "{k} =\n'{v}'"]

    def edit(x: bytes, r: random.Random) -> bytes:
        return re.sub(rb'(\s)([\w:.-]+)="([^"<]*)"', lambda m: m.group(1) + r.choice(forms).format(
            k=m.group(2).decode(), v=m.group(3).decode("utf-8", "replace")).encode(), x)
    return edit_xml(data, rng, edit)


def far_reference(data: bytes, rng: random.Random) -> bytes:
    """Move a cell (xlsx) or a repeat count (ods) somewhere huge."""
    def edit(x: bytes, r: random.Random) -> bytes:
        far = r.choice([b"XFD1048576", b"A1048576", b"XFD1", b"ZZZZ99999999", b"AAAAAAAA1", b"A0", b"1"])
        refs = list(re.finditer(rb'\br="[A-Z]*[0-9]*"', x))
        if refs:
            m = r.choice(refs)
            return x[:m.start()] + b'r="' + far + b'"' + x[m.end():]
        count = str(r.choice([2 ** 20, 2 ** 31 - 1, 2 ** 32 + 5, 10 ** 12])).encode()
        attr = r.choice([b"table:number-rows-repeated", b"table:number-columns-repeated"])
        tag = b"<table:table-row" if b"rows" in attr else b"<table:table-cell"
        spots = [m.end() for m in re.finditer(re.escape(tag) + rb"(?=[\s>])", x)]
        if not spots:
            return x
        at = r.choice(spots)
        return x[:at] + b" " + attr + b'="' + count + b'"' + x[at:]
    return edit_xml(data, rng, edit)


def declared_dimension(data: bytes, rng: random.Random) -> bytes:
    def edit(x: bytes, r: random.Random) -> bytes:
        ref = r.choice([b"A1:XFD1048576", b"A1:ZZZZ999999999", b"XFD1048576", b""])
        if b"<dimension" in x:
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', x)
        return x.replace(b"<sheetData", b'<dimension ref="' + ref + b'"/><sheetData', 1)
    return edit_xml(data, rng, edit)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    def edit(x: bytes, r: random.Random) -> bytes:
        depth = r.choice([1000, 50_000, 200_000])
        at = x.rfind(b"</", 0, len(x) // 2) if r.random() < 0.5 else x.rfind(b"</")
        return x[:at] + b"<x>" * depth + b"</x>" * depth + x[at:]
    return edit_xml(data, rng, edit)


def long_run(data: bytes, rng: random.Random) -> bytes:
    """A long stretch without '>' (or of unclosed tags) somewhere in the XML."""
    def edit(x: bytes, r: random.Random) -> bytes:
        run = r.choice([b"a" * 300_000, b"<c " * 100_000, b"<row r" * 50_000, b'"' * 200_000, b"&#" * 100_000])
        at = r.randrange(len(x))
        return x[:at] + run + x[at:]
    return edit_xml(data, rng, edit)


def huge_counts(data: bytes, rng: random.Random) -> bytes:
    """Count-like attributes (count, uniqueCount, spans, ss:… indexes) set to huge or negative numbers."""
    def edit(x: bytes, r: random.Random) -> bytes:
        big = r.choice([b"4294967296", b"99999999999999999999", b"-1", b"1e308", b"NaN"])
        return re.sub(rb'\b(count|uniqueCount|spans|s|ht|customHeight|table:number-columns-spanned)="[^"]*"',
                      lambda m: m.group(1) + b'="' + big + b'"', x)
    parts = members(data)
    for name in [n for n in parts if n.endswith(".xml")]:
        parts[name] = edit(parts[name], rng)
    return rezip(parts)


def bad_numbers(data: bytes, rng: random.Random) -> bytes:
    """Numbers a file can hold but a figure must not be: non-finite, overflowing, absurd, errors."""
    values = [b"INF", b"-Infinity", b"NaN", b"9" * 400, b"1.2e308", b"-1e300", b"#DIV/0!", b"0x1p1023"]
    if not data.startswith(b"PK"):
        text = data
        nums = list(re.finditer(rb"(?<=[,\t])-?\d+(?:\.\d+)?(?=[,\t\r\n])", text))
        for m in rng.sample(nums, min(len(nums), rng.randint(1, 3)))[::-1] if nums else []:
            text = text[:m.start()] + rng.choice(values) + text[m.end():]
        return text

    def edit(x: bytes, r: random.Random) -> bytes:
        x = re.sub(rb"<v>(-?[\d.Ee+]+)</v>", lambda m: b"<v>" + r.choice(values) + b"</v>" if r.random() < 0.3
                   else m.group(0), x)
        return re.sub(rb'office:value="[^"]*"', lambda m: b'office:value="' + r.choice(values) + b'"'
                      if r.random() < 0.3 else m.group(0), x)
    return edit_xml(data, rng, edit)


_LAUGHS = (b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + b"".join(
    b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10) for i in range(1, 9)) + b"]>")


def other_parts(data: bytes, rng: random.Random) -> bytes:
    """Attacks on the parts besides the sheet: an entity bomb or external entity in any XML part (shared strings,
    styles, workbook, rels, content types, docProps, manifest), a shared-strings table declaring more strings than
    it holds (the reader reserves the declared count), a sheet value hidden in a CDATA section."""
    parts = members(data)
    op = rng.choice(["dtd", "xxe", "sst_lie", "cdata"])
    if op == "cdata":
        name = main_xml(parts)
        parts[name] = re.sub(rb"<v>([^<]+)</v>", lambda m: b"<v><![CDATA[" + m.group(1) + b"]]></v>"
                             if rng.random() < 0.5 else m.group(0), parts[name])
        parts[name] = re.sub(rb"(<text:p>)([^<]+)(</text:p>)", lambda m: m.group(1) + b"<![CDATA[" + m.group(2)
                             + b"]]>" + m.group(3) if rng.random() < 0.5 else m.group(0), parts[name])
        return rezip(parts)
    if op == "sst_lie":
        body = parts.get("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                                                 b'2006/main"><si><t>x</t></si></sst>')
        big = rng.choice([b"4000000000", b"99999999", b"18446744073709551615"])
        body = re.sub(rb'\s(uniqueCount|count)="[^"]*"', b"", body)
        parts["xl/sharedStrings.xml"] = body.replace(b"<sst ", b'<sst uniqueCount="' + big + b'" ', 1)
        return rezip(parts)
    name = rng.choice(sorted(n for n in parts if n.endswith((".xml", ".rels"))))
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", parts[name].lstrip())
    dtd = _LAUGHS if op == "dtd" else b'<!DOCTYPE d [<!ENTITY a8 SYSTEM "file:///etc/passwd">]>'
    first_text = re.search(rb">([^<>]+)<", body)
    if first_text:
        body = body[:first_text.start(1)] + b"&a8;" + body[first_text.end(1):]
    parts[name] = b'<?xml version="1.0"?>' + dtd + body
    return rezip(parts)


def csv_mangle(data: bytes, rng: random.Random) -> bytes:
    if data.startswith((b"PK", b"\xd0\xcf\x11\xe0")):   # a workbook: flip bytes instead
        return flip_bytes(data, rng)
    op = rng.choice(["long_field", "many_columns", "nul", "quote", "lines", "truncate"])
    if op == "long_field":
        at = data.find(b"\n") + 1
        return data[:at] + b"x" * rng.choice([140_000, 1_000_000]) + data[at:]
    if op == "many_columns":
        return data + (b"," * rng.choice([20_000, 200_000]) + b"1\n")
    if op == "nul":
        at = rng.randrange(len(data))
        return data[:at] + b"\x00" * rng.randint(1, 50) + data[at:]
    if op == "quote":
        at = rng.randrange(len(data))
        return data[:at] + b'"' + data[at:]
    if op == "lines":
        return data + b"\r" * rng.choice([1000, 100_000])
    return data[:rng.randrange(1, len(data))]


OPERATORS = {"flip_bytes": flip_bytes, "flip_xml_bytes": flip_xml_bytes, "requote": requote,
             "far_reference": far_reference, "declared_dimension": declared_dimension, "deep_nesting": deep_nesting,
             "long_run": long_run, "huge_counts": huge_counts, "bad_numbers": bad_numbers, "csv_mangle": csv_mangle,
             "other_parts": other_parts}
ZIP_ONLY = {"flip_xml_bytes", "requote", "far_reference", "declared_dimension", "deep_nesting", "long_run",
            "huge_counts", "other_parts"}


def cases():
    for seed_name, seed_data in SEEDS.items():
        for op in OPERATORS:
            if op in ZIP_ONLY and not seed_data.startswith(b"PK"):
                continue
            if seed_name.endswith(".xls") and op == "bad_numbers":
                continue
            for k in range(CASES_PER_OPERATOR):
                yield seed_name, op, k


ALL = list(cases())


@pytest.mark.parametrize("seed_name, op, k", [pytest.param(*c, id=f"{c[0]}-{c[1]}-{c[2]}") for c in ALL])
def test_mutant_imports_or_is_refused_in_one_line_within_budget(seed_name, op, k):
    rng = random.Random(f"{seed_name}/{op}/{k}")
    data = OPERATORS[op](SEEDS[seed_name], rng)
    name = f"fuzz_{op}_{k}_{seed_name}"
    try:
        result = parse_untrusted(BUDGET, data, name)
    except IngestError as e:
        msg = str(e)
        assert e.code not in ("resource_limit", "internal"), f"replay {seed_name}/{op}/{k}: {msg}"
        assert msg.startswith(name) and "\n" not in msg and len(msg) < 2000, msg
        return
    assert isinstance(result, ParsedFile) and (result.records or result.milestones)


def test_the_operators_change_every_seed():
    for seed_name, op, k in ALL:
        assert OPERATORS[op](SEEDS[seed_name], random.Random(f"{seed_name}/{op}/{k}")) != SEEDS[seed_name], (
            seed_name, op, k)
