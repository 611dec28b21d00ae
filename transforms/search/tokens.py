"""Words of a text for full-text search, with their character offsets.

The same split runs in Python (indexing, ``newswh search``) and in DuckDB's RE2 (the SQL macro
``search_query_terms`` in ``warehouse/search.py``): ``RE_TOKEN`` and ``SQL_TOKEN_PATTERN`` are one rule
written twice, and a test holds them together.
"""

import re
import sys
import unicodedata
from dataclasses import dataclass

APOSTROPHES = "’‘ʼ′`´"
"""Characters written for an apostrophe; all become ``'`` (one character for one, so offsets hold)."""

_UNIFY = str.maketrans(dict.fromkeys(APOSTROPHES, "'") | {"_": " "})  # "_" splits words, as in RE2's \p classes


def _combining_marks() -> str:
    """A regex class body of every combining mark (Unicode M*): Python's ``\\w`` lacks them (Hindi vowel signs)."""
    ranges: list[list[int]] = []
    for code in range(0x300, sys.maxunicode + 1):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


_WORD_CHAR = rf"[\w{_combining_marks()}]"
# A token: a number with inner separators ("5.6", "1,200"), a dotted abbreviation ("U.S.", "D.C."), or a
# run of letters, digits and marks with inner apostrophes ("O'Rourke", "Trump's"); hyphens split words,
# so "Ocasio-Cortez" is found by "Cortez".
RE_TOKEN = re.compile(rf"\d+(?:[.,]\d+)+|(?:[^\W\d_]\.){{2,}}|{_WORD_CHAR}+(?:'{_WORD_CHAR}+)*")
SQL_TOKEN_PATTERN = r"\p{Nd}+(?:[.,]\p{Nd}+)+|(?:\p{L}\.){2,}|[\p{L}\p{N}\p{M}]+(?:'[\p{L}\p{N}\p{M}]+)*"
"""``RE_TOKEN`` for DuckDB (RE2), applied to text already lower-cased with apostrophes unified."""
SQL_APOSTROPHES_PATTERN = "[" + APOSTROPHES + "]"
"""What ``unify_apostrophes`` replaces, as an RE2 class."""


@dataclass(frozen=True)
class Token:
    """A word as search sees it: lower-cased, apostrophes unified; ``text[start:end]`` is where it was written."""

    word: str
    start: int
    end: int


def unify_apostrophes(text: str) -> str:
    """``text`` with every apostrophe variant as ``'`` and underscores as spaces; the same length."""
    return text.translate(_UNIFY)


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` in order, with half-open offsets into it.

    Notes:
        Unicode aware: letters, digits and combining marks of any script make words. Hyphens, slashes
        and other punctuation split them; an apostrophe inside a word does not ("don't", "O'Rourke").
        Lower-casing is per word, so offsets stay exact even where ``str.lower`` changes a length.
    """
    return [
        Token(word=match.group().lower(), start=match.start(), end=match.end())
        for match in RE_TOKEN.finditer(unify_apostrophes(text))
    ]
