"""Quotation spans from the characters alone: which marks open and close quotes, and how they pair.

Nothing here reads the parse, so ``find_quote_spans`` also serves passage matching
(``transforms.passages``); the mark character sets other modules strip are kept here too.
"""

from __future__ import annotations

import re

RE_PARAGRAPH = re.compile(r"[^\n]+")
# Two straight apostrophes stand for a double mark in some wire copy (''The Art of the Deal'').
RE_DOUBLE_MARK = re.compile(r"''|[“”\"„‟]")
RE_SINGLE_MARK = re.compile(r"[‘’'‛]")
RE_ALNUM = re.compile(r"[^\W_]")
# Feet and inches ("5'2\"", "5' 7\""): the double mark after the inches is a unit, not a quotation mark.
RE_HEIGHT = re.compile(r"\d['’′] ?\d{1,2}([\"”″])")

DOUBLE_SHAPES = frozenset('“”"„‟')
DOUBLE_OPEN_SHAPES = frozenset("“„‟")
DOUBLE_CLOSE_SHAPES = frozenset("”")
SINGLE_OPEN_SHAPES = frozenset("‘‛")
SINGLE_CLOSE_SHAPES = frozenset("’")
# After these a mark opens a quote ("(“", "—“"); before these a mark closes one ("”,", "”)").
OPEN_AFTER = frozenset("([{—–-/‘'\"“„")
CLOSE_BEFORE = frozenset(",.;:!?)]}—–-…’'\"”*")
# Punctuation that ends quoted words: after it, a space, a mark and a lowercase word ("…, "he said") the
# mark may be a closer typed after the space.
SLIPPED_CLOSE_AFTER = frozenset(",.!?")
# Punctuation right before or after a single closing mark that shows it is not an apostrophe.
SINGLE_STRONG_BEFORE = frozenset(",.!?;:…—–-")
SINGLE_STRONG_AFTER = frozenset(",.;:!?)—–")

# Format characters (direction marks, zero-width spaces) that pasted text leaves around marks.
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")
CLOSING_MARKS = "”\"’' "
MARK_CHARS = "“”\"„‟‘’'‛ "

_OPEN, _CLOSE, _EITHER = 1, 2, 3


def _mark_role(body: str, i: int, j: int, open_shapes: frozenset[str], close_shapes: frozenset[str]) -> int:
    """Whether the mark at ``i`` opens or closes a quote, from its neighbours first and its shape second.

    Notes:
        Context wins over shape because real text has ” used as an opener and “ as a closer. The mark
        is ``body[i:j]``.
    """
    prev = body[i - 1] if i > 0 else "\n"
    nxt = body[j] if j < len(body) else "\n"
    if prev in INVISIBLE:
        prev = " "
    if nxt in INVISIBLE:
        nxt = " "
    opens = (prev.isspace() or prev in OPEN_AFTER) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in CLOSE_BEFORE)
    slipped = opens and prev == " " and i > 1 and body[i - 2] in SLIPPED_CLOSE_AFTER and nxt.islower()
    if slipped and body[i] in DOUBLE_SHAPES:
        return _EITHER  # “…the troops, "he said”: a closing mark slipped past its space; pairing decides
    if opens and not closes:
        return _OPEN
    if closes and not opens:
        return _CLOSE
    ch = body[i]
    if ch in open_shapes:
        return _OPEN
    if ch in close_shapes:
        return _CLOSE
    return _EITHER


def _trim_end(body: str, start: int, end: int) -> int:
    """``end`` moved left over trailing whitespace (an unclosed quote ends at its last visible char)."""
    while end > start + 1 and body[end - 1].isspace():
        end -= 1
    return end


def _pair_double(body: str, marks: list[tuple[int, int, int]], open_at: int | None) -> tuple[list, int | None]:
    """Pair double marks of one paragraph; return the closed spans and the quote still open at its end."""
    spans: list[tuple[int, int]] = []
    for i, j, role in marks:
        if open_at is None:
            if role != _CLOSE:  # a stray closer (odd number of marks) opens nothing
                open_at = i
        elif role == _OPEN:
            # A clear opener while a quote is open: the earlier quote was never closed.
            spans.append((open_at, _trim_end(body, open_at, i)))
            open_at = i
        else:
            spans.append((open_at, j))
            open_at = None
    return spans, open_at


def _pair_single(body: str, marks: list[tuple[int, int, int]], open_at: int | None) -> tuple[list, int | None]:
    """Pair single marks of one paragraph, telling closing marks from apostrophes (don’t, Sanders’).

    Notes:
        A closer preceded or followed by punctuation ("…,’ she said") ends the quote at once; a bare
        one ("Sanders’ plan") is only used when no better closer comes before the paragraph ends.
    """
    spans: list[tuple[int, int]] = []
    weak: int | None = None
    for i, _, role in marks:
        prev = body[i - 1] if i > 0 else " "
        nxt = body[i + 1] if i + 1 < len(body) else " "
        if prev.isalnum() and nxt.isalnum():
            continue  # don’t, it’s: an apostrophe
        if open_at is None:
            if role == _OPEN and not nxt.isdigit():  # ’90s is an elision, not a quote
                open_at, weak = i, None
            continue
        if role == _OPEN and not nxt.isdigit():
            end = weak + 1 if weak is not None else _trim_end(body, open_at, i)
            spans.append((open_at, end))
            open_at, weak = i, None
        elif role != _OPEN:
            if prev in SINGLE_STRONG_BEFORE or nxt in SINGLE_STRONG_AFTER or nxt == "\n":
                spans.append((open_at, i + 1))
                open_at, weak = None, None
            elif weak is None:
                weak = i
    if open_at is not None and weak is not None:
        spans.append((open_at, weak + 1))
        open_at = None
    return spans, open_at


def find_quote_spans(body: str) -> list[tuple[int, int]]:
    """Character spans of the quotations in ``body``, marks included, in document order.

    Args:
        body: the article body.

    Returns:
        Half-open ``(start, end)`` spans; ``body[start]`` is the opening mark.

    Notes:
        Double marks (curly or straight) are the quotation marks unless the article has none, in which
        case single marks are (British style); inner marks of the other kind stay part of the quote.
        A paragraph that leaves a quote open continues it into the next paragraph when that one opens
        with a mark (newspaper convention); otherwise the quote ends with its paragraph. Stray closers
        are skipped, so an odd number of marks does not shift the pairs of the other paragraphs; the
        inch mark of a height (5'2") is no quotation mark.
    """
    double = RE_DOUBLE_MARK.search(body) is not None
    mark_re = RE_DOUBLE_MARK if double else RE_SINGLE_MARK
    open_shapes = DOUBLE_OPEN_SHAPES if double else SINGLE_OPEN_SHAPES
    close_shapes = DOUBLE_CLOSE_SHAPES if double else SINGLE_CLOSE_SHAPES
    pair = _pair_double if double else _pair_single
    paragraphs = [(m.start(), m.end()) for m in RE_PARAGRAPH.finditer(body) if not m.group().isspace()]
    spans: list[tuple[int, int]] = []
    carried: int | None = None
    for k, (start, end) in enumerate(paragraphs):
        inches = {m.start(1) for m in RE_HEIGHT.finditer(body, start, end)}
        marks = [
            (m.start(), m.end(), _mark_role(body, m.start(), m.end(), open_shapes, close_shapes))
            for m in mark_re.finditer(body, start, end)
            if m.start() not in inches
        ]
        first = start + len(body[start:end]) - len(body[start:end].lstrip())
        if carried is not None and marks and marks[0][0] == first:
            marks = marks[1:]  # the re-opening mark of a continued quote
        found, open_at = pair(body, marks, carried)
        spans.extend(found)
        carried = None
        if open_at is None:
            continue
        following = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        if following is not None:
            head = (
                following[0] + len(body[following[0] : following[1]]) - len(body[following[0] : following[1]].lstrip())
            )
            mark = mark_re.match(body, head)
            if mark and _mark_role(body, head, mark.end(), open_shapes, close_shapes) != _CLOSE:
                carried = open_at
                continue
        spans.append((open_at, _trim_end(body, open_at, end)))
    return [(s, e) for s, e in spans if RE_ALNUM.search(body, s, e)]
