"""Text from files made safe to show: control characters appear escaped, never act.

A bundle's manifest, a preset or a file name can hold escape sequences that clear a
terminal, set its title or fake output, and bidirectional or zero-width characters that
make a label read differently from what it holds. :func:`printable` is the one function
that every message with such text goes through before it reaches a terminal or a label
(the CLI prints every line through it; the GUI uses it for labels of file contents).
"""

from __future__ import annotations

import unicodedata

__all__ = ["printable"]

#: Unicode categories shown escaped: controls (C0, C1, DEL), format characters (bidi
#: overrides, zero-width joiners), line and paragraph separators, surrogates, private use
#: and unassigned code points.
_ESCAPED = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: object, limit: int | None = None) -> str:
    """``text`` (``str()`` of it) with every control or invisible character escaped.

    ``"\\x1b[2J"`` becomes the visible ``\\x1b[2J``; a backslash stays a backslash. With
    ``limit`` the result is cut to that many characters, ending in "...".
    """
    text = str(text)
    if not text.isprintable():  # False for every category escaped here (and odd spaces)
        text = "".join(_escape(ch) if unicodedata.category(ch) in _ESCAPED else ch for ch in text)
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 3, 0)] + "..."
    return text
