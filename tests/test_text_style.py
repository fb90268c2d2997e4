"""One text style for every Chinese string the project writes (GB/T 15834): full-width ，；：（） in Chinese text,
numbers and units half-width; 地区生产总值, never "GDP", in Chinese.

Scanned: every zh string of plantrack/locales/*.toml, the Chinese names of plan_config.toml, the Chinese string
literals in the code (messages, template instructions), and every text run of the generated DOCX and PPTX and
every text of the exported chart figures.
"""
from __future__ import annotations

import ast
import io
import re
import tomllib
from pathlib import Path

import pytest
from _export_fixture import fill_store
from PIL import Image

from plantrack import export
from plantrack.model.i18n import catalogue
from plantrack.model.plan import get_plan
from plantrack.model.textstyle import fullwidth, half_width_marks

REPO = Path(__file__).resolve().parent.parent


# ── the rule itself ──

@pytest.mark.parametrize("raw, fixed", [
    ("1-6月,全区地区生产总值同比增长5.3%,低于", "1-6月，全区地区生产总值同比增长5.3%，低于"),
    ("地区生产总值:累计同比增长与目标(可比价)", "地区生产总值：累计同比增长与目标（可比价）"),
    ("数据来源:{source};数据截至:{cutoff}", "数据来源：{source}；数据截至：{cutoff}"),
    ("完成1,000个,10:30前报送", "完成1,000个，10:30前报送"),        # digit groups and times stay
    ("Source: a, b (c)", "Source: a, b (c)"),                          # English text is left alone
])
def test_fullwidth_rewrites_marks_in_chinese_only(raw, fixed):
    assert fullwidth(raw) == fixed
    assert half_width_marks(fixed) == []
    if raw != fixed:
        assert half_width_marks(raw)


def test_marks_found_next_to_chinese_on_either_side():
    assert half_width_marks("GDP:累计") == ["GDP:累计"]
    assert half_width_marks("增长5.3%,低于")
    assert half_width_marks("(牵头单位：{unit})")
    assert half_width_marks("岳阳楼区 (示例)")


# ── the locale files and the plan's Chinese names ──

def _zh_strings():
    for key, entry in catalogue().items():
        if "zh" in entry:
            yield key, entry["zh"]


def test_every_zh_locale_string_uses_full_width_marks():
    strings = list(_zh_strings())
    assert len(strings) > 300  # the walk found the catalogue
    # a placeholder is filled with Chinese in a zh string: "{name}({unit})" is Chinese text
    filled = [(k, re.sub(r"\{[^{}]*\}", "某", s)) for k, s in strings]
    bad = {k: half_width_marks(s) for k, s in filled if half_width_marks(s)}
    assert bad == {}
    # separators joined between Chinese clauses ("；", "、") have no Chinese of their own
    assert [k for k, s in strings if s.strip() and not s.strip(" ,;:()，；：（）、") and set(s) & set(",;:()")] == []


def test_no_locale_file_declares_half_width_style():
    for path in (REPO / "plantrack" / "locales").glob("*.toml"):
        text = path.read_text(encoding="utf-8").lower()
        assert "half-width \",\"" not in text and "半角" not in text, path.name


def test_plan_names_in_chinese_use_full_width_marks_and_no_gdp():
    data = tomllib.loads((REPO / "plan_config.toml").read_text(encoding="utf-8"))
    found = []

    def walk(node, path=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("aliases", "not_aliases"):  # names of input tables, matched, never written
                    continue
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")
        elif isinstance(node, str) and path.endswith("_zh"):
            found.append((path, node))
    walk(data)
    assert len(found) > 50
    assert {p: s for p, s in found if half_width_marks(s)} == {}
    assert [p for p, s in found if "GDP" in s] == []


# ── Chinese string literals in the code ──

_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef“”]")
_REGEX = re.compile(r"\\[sdwSDW]|\(\?|\[\^|\|")
_SKIP = re.compile(r"[\d.%]")


def _neighbour(s: str, i: int, step: int) -> str:
    """The first character from i in direction step that is not a digit, %, '.' or a {placeholder}."""
    j = i + step
    while 0 <= j < len(s):
        if s[j] == ("}" if step < 0 else "{"):
            k = s.rfind("{", 0, j) if step < 0 else s.find("}", j)
            if k == -1:
                return s[j]
            j = k + step
            continue
        if not _SKIP.match(s[j]):
            return s[j]
        j += step
    return ""


def _marks_between_cjk(s: str) -> list[str]:
    return [s[max(0, i - 6):i + 7] for i, ch in enumerate(s) if ch in ",;:()"
            and not (ch in ",:" and 0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1].isdigit())
            and _CJK.match(_neighbour(s, i, -1) or "a") and _CJK.match(_neighbour(s, i, 1) or "a")]


def _code_strings():
    for path in sorted((REPO / "plantrack").rglob("*.py")) + sorted((REPO / "pages").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        # patterns: the first argument of re.sub / re.compile / …, or text that reads as a regular expression
        docs |= {id(n.args[0]) for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args
                 and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) and n.func.value.id == "re"}
        for n in ast.walk(tree):
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs \
                    and not _REGEX.search(n.value):
                yield f"{path.relative_to(REPO)}:{n.lineno}", n.value


def test_chinese_literals_in_code_use_full_width_marks():
    strings = list(_code_strings())
    assert any("填报说明" in s for _, s in strings)  # the template's instructions are scanned
    assert _marks_between_cjk("文件扩展名为 .xlsx,但内容") == [] and _marks_between_cjk("期间:{y}年") != []
    bad = {where: _marks_between_cjk(s) for where, s in strings if _marks_between_cjk(s)}
    assert bad == {}


# ── every generated document ──

@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    store = fill_store(tmp_path_factory.mktemp("style") / "sample.duckdb", sample=True)
    mp = pytest.MonkeyPatch()
    buf = io.BytesIO()
    Image.new("RGB", (320, 180), "white").save(buf, format="PNG")
    mp.setattr(export.png, "render_png", lambda fig, *a, **k: buf.getvalue())
    try:
        yield [export.build_pack(get_plan(), store, key, formats=["pptx", "docx"], lang="zh")
               for key in ("2023Q2", "2023Q4")]
    finally:
        mp.undo()


def _docx_texts(data: bytes) -> list[str]:
    from docx import Document
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    for s in doc.sections:
        texts += [p.text for p in s.footer.paragraphs] + [p.text for p in s.even_page_footer.paragraphs]
    return texts


def _pptx_texts(data: bytes) -> list[str]:
    from pptx import Presentation
    prs = Presentation(io.BytesIO(data))
    texts = []
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                texts.append(sh.text_frame.text)
            if getattr(sh, "has_table", False) and sh.has_table:
                texts += [c.text for r in sh.table.rows for c in r.cells]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


def _figure_texts(fig) -> list[str]:
    lay = fig.layout
    texts = [lay.title.text or ""] + [a.text or "" for a in lay.annotations]
    for ax in ("xaxis", "yaxis"):
        texts.append(getattr(lay, ax).title.text or "")
    for tr in fig.data:
        texts.append(getattr(tr, "name", None) or "")
        for attr in ("x", "y", "text"):
            v = getattr(tr, attr, None)
            if v is not None and not isinstance(v, str):
                texts += [str(x) for x in v]
    return texts


def test_generated_documents_use_full_width_marks_and_no_gdp(packs):
    checked = 0
    for pack in packs:
        for name, data in pack.files.items():
            texts = _docx_texts(data) if name.endswith(".docx") else _pptx_texts(data)
            assert sum(len(x) for x in texts) > 500, name
            bad = [m for x in texts for m in half_width_marks(x)]
            assert bad == [], (name, sorted(set(bad)))
            assert not any("GDP" in x for x in texts), name
            checked += 1
        for chart in pack.charts:
            texts = _figure_texts(chart.figure)
            assert [m for x in texts for m in half_width_marks(x)] == [], chart.indicator
            assert not any("GDP" in x for x in texts), chart.indicator
    assert checked == 4


def test_zh_counts_touch_their_measure_words():
    """A count and its measure word are one word in Chinese: "5项", "3秒", never "5 项" (逾期里程碑 5 项 and
    工作事项清单（9 项） read as spaced-out English on the leaders' pages)."""
    spaced = re.compile(r"(?:\{[^{}]*\}|\d) (?:项|个|秒|分钟|页|家)|(?:共|有数据|达标|识别到|已生成|请|第|每) \{")
    assert [(k, s) for k, s in _zh_strings() if spaced.search(s)] == []
