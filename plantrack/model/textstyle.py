"""One text style for the Chinese the project writes: GB/T 15834 punctuation.

Chinese sentences take full-width marks (，。；：（）！？“”、——); numbers and units stay half-width (5.3%,
385.36亿元, 1,000, 10:30). `fullwidth` rewrites ASCII marks in Chinese text; `half_width_marks` finds the ones
left, for the test that scans the locale files, the code and every generated document.
"""
from __future__ import annotations

import re

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
CJK_CHAR = re.compile(f"[{_CJK}]")
_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
# A comma or colon between two digits belongs to the number (1,000 · 10:30) and stays half-width.
_MARK = re.compile(r"[,:](?!\d)|(?<!\d)[,:]|[;()!?]")
# ASCII , ; : ( ) with Chinese on one side (placeholders such as {unit} count as text: "({unit})" in 中文).
_BETWEEN = re.compile(f"(?<=[{_CJK}}}])\\s*[,;:()]|[,;:()]\\s*(?=[{_CJK}{{]|$)")


def has_cjk(text: str) -> bool:
    return bool(CJK_CHAR.search(text))


def fullwidth(text: str) -> str:
    """Chinese text with ASCII ,;:()!? turned full-width; digit groups (1,000) and times (10:30) kept."""
    if not has_cjk(text):
        return text
    return _MARK.sub(lambda m: _FULL[m.group(0)], text)


def half_width_marks(text: str) -> list[str]:
    """Each ASCII , ; : ( ) next to Chinese text, with a little context ("…GDP:累计…"); [] when clean."""
    if not has_cjk(text):
        return []
    out = []
    for m in _BETWEEN.finditer(text):
        a, b = max(0, m.start() - 6), min(len(text), m.end() + 6)
        out.append(text[a:b])
    return out
