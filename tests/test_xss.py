"""Names and notes from spreadsheets are shown as text, never as HTML: the upload preview of a workbook full
of payloads shows them literally in data frames, and no page passes data to unsafe_allow_html / st.html."""
from __future__ import annotations

import ast
import io
import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _apptest import REPO, as_user, page, setup  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[click](javascript:alert(1))"


def hostile_workbook(milestone_id: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["指标代码", "指标名称", "期间", "累计值", "单位", "同比增长(%)", "备注"])
    ws.append(["gdp", "地区生产总值", "2023年1-6月", 300.5, "亿元", 5.2, IMG])
    ws.append([SCRIPT, SCRIPT, "2023年1-6月", 1, "亿元", 1, ""])
    ws.append([LINK, LINK, "2023年1-6月", 1, "亿元", 1, ""])
    ms = wb.create_sheet("里程碑")
    ms.append(["里程碑代码", "所属任务", "事项", "计划完成", "期间", "状态", "日期", "备注"])
    ms.append([milestone_id, "", "", "", "2023年1-6月", "推进中", "2023-06-30", IMG + SCRIPT])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_upload_preview_shows_payloads_as_text(tmp_path, monkeypatch):
    root = setup(tmp_path, monkeypatch)
    from plantrack.model.plan import get_plan
    mid = get_plan().year(2023).milestones[0].id
    at = as_user(page(root, "upload"), "ana").run()
    at.file_uploader[0].upload("填报.xlsx", hostile_workbook(mid),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert not at.exception
    cells = set()
    for df in (d.value for d in at.dataframe):
        cells |= {str(v) for v in df.astype(str).to_numpy().ravel()}
    assert SCRIPT in cells, "the unknown name is listed among skipped rows, literally"
    assert IMG + SCRIPT in cells, "the milestone note is shown literally"
    assert LINK in cells
    # nothing from the file reached an element that renders markdown or HTML
    rendered = [m.value for m in at.markdown] + [e.value for e in at.error] + [w.value for w in at.warning] + \
               [s.value for s in at.subheader] + [c.value for c in at.caption]
    for text in rendered:
        assert "<script" not in text and "onerror" not in text and "javascript:" not in text, text
    assert len(at.get("html")) == 0


def _constants(tree: ast.Module) -> set[str]:
    """Module-level NAMES bound once to a literal string (fixed CSS / JS written in the source)."""
    bound: dict[str, int] = {}
    literal: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    bound[t.id] = bound.get(t.id, 0) + 1
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                literal.add(node.targets[0].id)
    return {n for n in literal if bound.get(n) == 1 and n.isupper()}


def _unsafe_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _constants(tree)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        unsafe_kw = any(k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and
                                                             k.value.value is False) for k in node.keywords)
        if unsafe_kw or name == "html":
            first = node.args[0] if node.args else None
            literal = (isinstance(first, ast.Constant) and isinstance(first.value, str)) or (
                isinstance(first, ast.Name) and first.id in constants)
            if not literal:
                out.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:80]}")
    return out


def test_no_page_renders_data_as_html():
    files = [REPO / "app.py", *sorted((REPO / "pages").glob("*.py")), *sorted((REPO / "plantrack").rglob("*.py"))]
    problems = [p for f in files for p in _unsafe_calls(f)]
    assert not problems, "HTML built from data:\n" + "\n".join(problems)


def test_checker_catches_html_from_data(tmp_path):
    bad = REPO / "tests" / "_tmp_unsafe_probe.py"
    try:
        bad.write_text("import streamlit as st\nname = 'x'\nst.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\n"
                       "st.html(name)\nst.markdown('<hr>', unsafe_allow_html=True)\n", encoding="utf-8")
        assert len(_unsafe_calls(bad)) == 2
    finally:
        bad.unlink()
