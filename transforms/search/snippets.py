"""What a search result shows: the passage of the body that matches best, and the best matching quote."""

from collections.abc import Collection, Sequence

from transforms.search.terms import SEARCH_RULES, SearchRules, indexed_tokens
from transforms.search.tokens import Token

SNIPPET_WIDTH = 200
"""Characters of body a snippet shows (highlight marks and ellipses not counted): two or three lines."""
ELLIPSIS = "…"


def matches(text: str, stems: Collection[str], *, rules: SearchRules = SEARCH_RULES) -> list[tuple[Token, str]]:
    """The words of ``text`` whose term is one of ``stems``, in order, with their term."""
    return [(token, term) for token, term in indexed_tokens(text, rules=rules) if term in stems]


def _coverage(found: Sequence[tuple[Token, str]]) -> tuple[int, int]:
    """(distinct terms, occurrences): more different query words beat one word repeated."""
    return len({term for _, term in found}), len(found)


def snippet(body: str, stems: Collection[str], *, width: int = SNIPPET_WIDTH, rules: SearchRules = SEARCH_RULES) -> str:
    """The ``width`` characters of ``body`` holding the most distinct query terms, matches in ``**bold**``.

    Args:
        body: the article body.
        stems: the query's terms (``parse_query``).
        width: characters of body to show.
        rules: the index's rules.

    Returns:
        One line: the window cut at word boundaries, with ``…`` where it cuts the body and every
        whitespace run (newlines included) as one space. The opening of the body when nothing matches
        (a match in the title only).

    Notes:
        Among windows starting at each match, the best holds the most distinct terms, then the most
        matches, then comes first; it is then centred on its matches.
    """
    found = matches(body, stems, rules=rules)
    shown: list[tuple[Token, str]] = []
    for first in range(len(found)):
        window = [hit for hit in found[first:] if hit[0].end - found[first][0].start <= width]
        if _coverage(window) > _coverage(shown):
            shown = window
    left, right = (shown[0][0].start, shown[-1][0].end) if shown else (0, 0)
    end = min(len(body), max(0, left - (width - (right - left)) // 2) + width)
    start = max(0, end - width)
    # Cut at whitespace, never inside a word nor inside the matches (a body without spaces is cut anyway).
    while 0 < start < left and not body[start - 1].isspace():
        start += 1
    cut = end
    while right < cut < len(body) and not body[cut].isspace():
        cut -= 1
    end = cut if cut > start else end
    pieces, position = [], start
    for token, _ in (hit for hit in found if start <= hit[0].start and hit[0].end <= end):
        pieces += [body[position : token.start], f"**{body[token.start : token.end]}**"]
        position = token.end
    pieces.append(body[position:end])
    text = " ".join("".join(pieces).split())
    return (ELLIPSIS if start > 0 else "") + text + (ELLIPSIS if end < len(body) else "")


def best_match(texts: Sequence[str], stems: Collection[str], *, rules: SearchRules = SEARCH_RULES) -> int | None:
    """Index of the text (a quote) holding the most distinct query terms, then the most matches, first on ties.

    None when no text holds any query term.
    """
    best, best_coverage = None, (0, 0)
    for index, text in enumerate(texts):
        coverage = _coverage(matches(text, stems, rules=rules))
        if coverage > best_coverage:
            best, best_coverage = index, coverage
    return best
