"""Rows of ``article_duplicates`` and ``shared_quote_occurrences`` from what pairs of articles share."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from transforms.ids import stable_id
from transforms.passages.align import common_runs, shared_passages
from transforms.passages.duplicates import DuplicateMatch, match_duplicate
from transforms.passages.shared import SharedQuote, Span
from transforms.passages.words import WordSequence

MIN_PROSE_SHARE = 0.3
"""Share of a passage's words that must start lower-case: a statement, not a list of names (cities, teams)."""


@dataclass(frozen=True)
class PairMatch:
    """What two articles share: passages (a span in each) and, if one copies the other, the duplicate match."""

    article_id: str
    other_id: str
    passages: tuple[tuple[Span, Span], ...]
    duplicate: DuplicateMatch | None


def match_pair(article_id: str, body: str, other_id: str, other_body: str, *, words: Callable) -> PairMatch:
    """Align two articles: their shared passages and whether one is a copy of the other.

    ``words`` gives an article's ``WordSequence`` from its id and body (callers cache it: an article
    meets many others).
    """
    a: WordSequence = words(article_id, body)
    b: WordSequence = words(other_id, other_body)
    runs = common_runs(a, b)
    passages = []
    for passage in shared_passages(runs, a, b):
        span_a = Span(article_id, *a.span(passage.first_a, passage.last_a))
        span_b = Span(other_id, *b.span(passage.first_b, passage.last_b))
        if reads_as_prose(body[span_a.start_char : span_a.end_char]):
            passages.append((span_a, span_b))
    return PairMatch(article_id, other_id, tuple(passages), match_duplicate(a, b, runs))


def reads_as_prose(text: str) -> bool:
    """Whether a passage is a statement rather than a run of names: enough of its words start lower-case."""
    words = [word for word in text.split() if word[:1].isalpha()]
    return bool(words) and sum(word[0].islower() for word in words) >= MIN_PROSE_SHARE * len(words)


def duplicate_rows(
    matches: Iterable[tuple[str, str, DuplicateMatch]],
    known: Iterable[tuple[str, str, float]],
    *,
    order: Mapping[str, Any],
    run_id: str,
) -> list[dict]:
    """``article_duplicates`` rows of every duplicate group the matches touch: each copy and the earliest one.

    Args:
        matches: (article, other article, match) found by this run.
        known: (article, duplicate_of, similarity) rows already loaded for the groups those articles are in,
            without rows that involve an article this run re-indexes.
        order: sort key of each article involved (``article_order``); the least is the earliest copy.
        run_id: the run writing the rows.
    """
    parent: dict[str, str] = {}

    def find(article_id: str) -> str:
        parent.setdefault(article_id, article_id)
        while parent[article_id] != article_id:
            parent[article_id] = parent[parent[article_id]]
            article_id = parent[article_id]
        return article_id

    similarity: dict[frozenset[str], tuple[float, bool]] = {}
    for article_id, other_id, match in matches:
        parent[find(article_id)] = find(other_id)
        similarity[frozenset((article_id, other_id))] = (match.similarity, match.exact)
    for article_id, duplicate_of, value in known:
        parent[find(article_id)] = find(duplicate_of)
        similarity.setdefault(frozenset((article_id, duplicate_of)), (value, False))
    groups: dict[str, list[str]] = {}
    for article_id in list(parent):
        groups.setdefault(find(article_id), []).append(article_id)
    rows = []
    for members in groups.values():
        earliest = min(members, key=lambda member: order[member])
        for member in sorted(members):
            if member == earliest:
                continue
            pair = frozenset((member, earliest))
            # A copy never compared with the earliest copy itself is as close as its closest comparison.
            value, exact = similarity.get(pair) or max(
                (v for p, v in similarity.items() if member in p and p <= frozenset(members)), default=(0.0, False)
            )
            rows.append(
                {"article_id": member, "duplicate_of": earliest, "similarity": value, "exact": exact, "run_id": run_id}
            )
    return rows


def occurrence_rows(
    shared: Iterable[SharedQuote],
    *,
    bodies: Mapping[str, str],
    quotes: Mapping[str, Sequence[tuple[str, int, int]]],
    run_id: str,
) -> list[dict]:
    """``shared_quote_occurrences`` rows, each with the quote it stands in when it is quoted there.

    ``quotes`` gives each article's direct and mixed quotes as (quote_id, start, end). An occurrence
    is quoted when quotes cover at least half of it; its quote is the one covering the most (a
    passage split around its attribution is two quotes).
    """
    rows = []
    for quote in shared:
        for span in quote.occurrences:
            rows.append(
                {
                    "occurrence_id": stable_id("occurrence", span.article_id, span.start_char, span.end_char),
                    "shared_quote_id": quote.shared_quote_id,
                    "article_id": span.article_id,
                    "start_char": span.start_char,
                    "end_char": span.end_char,
                    "text": bodies[span.article_id][span.start_char : span.end_char],
                    "quote_id": _quote_holding(span, quotes.get(span.article_id, ())),
                    "run_id": run_id,
                }
            )
    return rows


def _quote_holding(span: Span, quotes: Sequence[tuple[str, int, int]]) -> str | None:
    """The quote covering the most of ``span``, when quotes cover at least half of it."""
    overlaps = [
        (min(end, span.end_char) - max(start, span.start_char), -start, quote_id) for quote_id, start, end in quotes
    ]
    overlaps = [overlap for overlap in overlaps if overlap[0] > 0]
    if not overlaps or 2 * sum(overlap[0] for overlap in overlaps) < span.end_char - span.start_char:
        return None
    return max(overlaps)[2]  # the largest overlap; on a tie, the first quote
