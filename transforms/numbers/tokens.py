"""Small token helpers shared by several stages of the number extractor: the longest phrase in a rule
table, and a hyphen glued on both sides.
"""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.numbers.lexicon import HYPHENS


def match_table(doc: Doc, j: int, table: dict, max_len: int = 3, lemma: bool = False) -> tuple[object, int]:
    """Longest lowercase token sequence from ``j`` found in ``table``: (entry, end index) or (None, j)."""
    n = len(doc)
    for length in range(min(max_len, n - j), 0, -1):
        key = " ".join(doc[k].lower_ for k in range(j, j + length))
        if key in table:
            return table[key], j + length
        if lemma:
            key = " ".join(doc[k].lemma_.lower() for k in range(j, j + length))
            if key in table:
                return table[key], j + length
    return None, j


def glued_hyphen(doc: Doc, k: int) -> bool:
    """True when token ``k`` is a hyphen with no space on either side ("e-mail")."""
    return 0 < k < len(doc) - 1 and doc[k].text in HYPHENS and not doc[k - 1].whitespace_ and not doc[k].whitespace_
