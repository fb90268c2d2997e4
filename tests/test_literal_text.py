"""Text from files (file, sheet, row and column names, notes, regions) and from links reaches markdown-rendering
elements only as literal text: a payload list is swept through the upload preview (headings, warnings, refusals,
duplicate and success messages), a shared link's notice and every page of the app with a store full of payloads.

The check: no raw payload appears in any element Streamlit renders as markdown (messages, headings, captions,
labels, toasts). `md()` escapes every ASCII punctuation character, so a payload that got through escaped never
matches its raw form, while one that slipped through unescaped does."""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _apptest import as_user, page, setup  # noqa: E402

PAYLOADS = [
    "[请重新登录](http://evil.example/login)", "![](http://evil.example/p.png)", "<img src=x onerror=alert(1)>",
    "**bold**", "`code`", "$x^2$", ":material/home:", ":red[red]", ":smile:", "http://evil.example/bare",
    "www.evil.example", "a@evil.example", "~~strike~~", "_em_", "&amp;", "<b>b</b>", "[ref]: http://evil.example",
]
LINE_PAYLOADS = ["x\n# heading", "x\n\n- item", "x\r\n> quote", "x\n===", "x\n    indented"]
# Elements whose text Streamlit renders as markdown, and the attributes that carry it.
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                  "toast", "metric", "button", "expander", "tab", "text_input", "selectbox", "checkbox", "radio")
INPUTS = ("text_input", "selectbox", "checkbox", "radio")   # their value is what the user typed or picked


def rendered_texts(at) -> list[str]:
    out = []
    for kind in MARKDOWN_KINDS:
        for el in at.get(kind):
            attrs = ("label", "help") if kind in INPUTS else ("value", "label", "body", "help")
            out += [v for v in (getattr(el, a, None) for a in attrs) if isinstance(v, str)]
    return out


def raw_payloads(at, payloads=PAYLOADS) -> list[tuple[str, str]]:
    """(payload, text) where the payload appears other than in its escaped form."""
    from plantrack.ui.widgets import md
    return [(p, t) for t in rendered_texts(at) for p in payloads if p in t.replace(md(p), "")]


# ── the escaping rule itself ──

@pytest.mark.parametrize("payload", PAYLOADS + LINE_PAYLOADS)
def test_md_escapes_every_markup_character(payload):
    from plantrack.ui.widgets import md
    out = md(payload)
    active = set("\\`*_{}[]()<>#+-.!|~$:&@")
    i = 0
    while i < len(out):   # every character markdown could act on is preceded by a backslash
        if out[i] == "\\":
            assert out[i + 1] in active, out
            i += 2
            continue
        assert out[i] not in active, (payload, out)
        i += 1
    assert ":material/" not in out, "Streamlit rewrites that literal sequence into an icon before parsing"
    parsed = out.replace("\\", "")   # the text after the parser has resolved the escapes
    assert not re.search(r":[\w+-]+:", parsed, re.A), "no emoji shortcode survives the parser"
    # what GFM's autolink-literal step (run on parsed text) turns into links
    assert not re.search(r"https?://|www(?=\.)", parsed, re.I), "no bare-URL autolink"
    assert not re.search(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", parsed, re.A), "no e-mail autolink"
    assert "\n" not in out and "\r" not in out, "one name stays on one line"
    assert out.replace("\\", "").replace("\u2060", "") == \
        "".join(" " if c in "\r\n" else c for c in payload.replace("\\", "")), "the text is kept, only escaped"


# ── the upload preview ──

def template_workbook(notes: list[str], labels: list[str]) -> bytes:
    """A template-layout workbook: one good row with a growth that disagrees with its levels (a warning naming
    the file and sheet), rows whose names are payloads (skipped, shown in a table) and notes that are payloads."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["指标代码", "指标名称", "期间", "累计值", "单位", "同比增长(%)", "备注"])
    ws.append(["gdp", "地区生产总值", "2023年1-6月", 300.5, "亿元", 5.2, notes[0]])
    for label in labels:
        ws.append([label, label, "2023年1-6月", 1, "亿元", 1, ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def refused_csv(label: str) -> bytes:
    """A bureau table whose row label is a payload and whose unit cannot be converted: refused, naming both."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["指标代码", "指标名称", "期间", "累计值", "单位", "同比增长(%)"])
    w.writerow(["gdp", label, "2023年1-6月", 300.5, "吨", 5.2])
    return buf.getvalue().encode("utf-8")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("payload", PAYLOADS + LINE_PAYLOADS)
def test_upload_preview_and_messages_show_file_text_literally(tmp_path, monkeypatch, payload):
    root = setup(tmp_path, monkeypatch)
    at = as_user(page(root, "upload"), "ana").run()
    good = template_workbook([payload], [payload])
    bad = refused_csv(payload)
    at.file_uploader[0].upload(f"{payload}.xlsx", good, XLSX)
    at.file_uploader[0].upload(f"{payload}.csv", bad, "text/csv").run()
    assert not at.exception
    from plantrack.ui.widgets import md
    assert md(f"{payload}.xlsx") in [s.value for s in at.subheader], "the file name is the heading, escaped"
    assert any(e for e in at.error), "the csv is refused"
    assert not raw_payloads(at, [payload]), raw_payloads(at, [payload])
    assert all("\n" not in t for t in [e.value for e in at.error]), "one-line refusal"
    confirm = next(b for b in at.button if b.label.startswith(("导入", "Import ")))   # "导入1个文件（…）"
    confirm.click().run()
    assert not at.exception
    assert at.success, "the import is confirmed by a message naming the file"
    assert not raw_payloads(at, [payload]), raw_payloads(at, [payload])
    at.file_uploader[0].upload(f"{payload}.xlsx", good, XLSX).run()   # the same file again: duplicate message
    assert at.info
    assert not raw_payloads(at, [payload]), raw_payloads(at, [payload])


# ── every page with a store full of payloads, and a shared link carrying one ──

def payload_store(db: Path) -> None:
    from _view_fixture import load_sample

    from plantrack.ingest.records import Location, MilestoneRecord, ParsedFile, Record
    from plantrack.model.plan import get_plan
    from plantrack.store.database import Store
    load_sample(db)
    store = Store(db)
    plan = get_plan()
    mid = plan.year(2023).milestones[0].id
    home = plan.app.home_district
    for i, p in enumerate(PAYLOADS):
        loc = Location(p, p, 3, "C")
        regions = [(home, 5.0, 2), (p, 6.0, 1), ("云溪区", 4.0, 9)]   # unknown region, wrong printed rank
        recs = [Record("gdp", "2023Q2", None, "亿元", g, None, r, k, loc) for r, g, k in regions]
        store.import_parsed(ParsedFile(file=f"{p}.xlsx", sha256=f"payload{i}", size=1, layout="city_ranking",
                                       records=recs), user=p)
        store.record_edit(ParsedFile(file=p, sha256=None, size=0, layout="edit", records=[],
                                     milestones=[MilestoneRecord(mid, "in_progress", "2023Q2", "2023-06-30", p)]), user=p, note=p)
        store.audit(p, p, p)


PAGES = ["overview", "area_industry", "area_demand", "area_enterprises", "area_green", "area_support",
         "task_force", "ranking", "review", "meeting", "export", "upload", "admin"]


@pytest.fixture(scope="module")
def payload_root(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    tmp = tmp_path_factory.mktemp("payloads")
    root = setup(tmp, mp)
    payload_store(tmp / "store.duckdb")
    yield root
    mp.undo()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_shows_stored_text_literally(payload_root, name):
    from streamlit.testing.v1 import AppTest
    at = as_user(AppTest.from_file(str(payload_root / "app.py"), default_timeout=90), "boss")
    at.query_params["year"] = "2023"
    at.query_params["period"] = "2023Q2"
    at.run()
    if name != "overview":
        at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, at.exception
    assert not raw_payloads(at), raw_payloads(at)[:3]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_shared_link_parameter_is_shown_literally(tmp_path, monkeypatch, payload):
    root = setup(tmp_path, monkeypatch)
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    at.query_params["area"] = payload
    at.query_params["year"] = payload
    at.query_params["whatif"] = payload
    at.run()
    assert not at.exception
    assert at.info, "the bad parameter is named in a notice"
    assert not raw_payloads(at, [payload]), raw_payloads(at, [payload])
