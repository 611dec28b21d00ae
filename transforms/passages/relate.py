"""Rows of ``article_duplicates`` and ``shared_quote_occurrences`` from what pairs of articles share."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from transforms.ids import stable_id
from transforms.passages.align import common_runs, shared_passages
from transforms.passages.duplicates import DuplicateMatch, compare_copies, match_duplicate
from transforms.passages.groups import Groups
from transforms.passages.shared import SharedQuote, Span
from transforms.passages.words import WordSequence

MIN_UNQUOTED_PASSAGE_WORDS = 20
"""Words a passage must have to count as shared when neither article quotes it."""
MIN_PROSE_SHARE = 0.3
"""Share of a passage's words that must start lower-case: a statement, not a list of names (cities, teams)."""


@dataclass(frozen=True)
class PairMatch:
    """What two articles share: passages (a span in each) and, if one copies the other, the duplicate match."""

    article_id: str
    other_id: str
    passages: tuple[tuple[Span, Span], ...]
    duplicate: DuplicateMatch | None


def match_pair(
    article_id: str,
    body: str,
    other_id: str,
    other_body: str,
    *,
    words: Callable,
    quotes: Mapping[str, Sequence[tuple[str, int, int]]],
) -> PairMatch:
    """Align two articles: their shared passages and whether one is a copy of the other.

    ``words`` gives an article's ``WordSequence`` from its id and body (callers cache it: an article
    meets many others); ``quotes`` each article's direct and mixed quotes as (quote_id, start, end).
    A passage of fewer than MIN_UNQUOTED_PASSAGE_WORDS words must stand in quotation marks in one
    of the two: twelve words of the same title or stock phrasing ("the top Democrat on the Senate
    Intelligence Committee") recur across unrelated stories, twelve words of a quotation rarely do.
    """
    a: WordSequence = words(article_id, body)
    b: WordSequence = words(other_id, other_body)
    runs = common_runs(a, b)
    passages = []
    for passage in shared_passages(runs, a, b):
        span_a = Span(article_id, *a.span(passage.first_a, passage.last_a))
        span_b = Span(other_id, *b.span(passage.first_b, passage.last_b))
        quoted = (
            _quote_holding(span_a, quotes.get(article_id, ())) is not None
            or _quote_holding(span_b, quotes.get(other_id, ())) is not None
        )
        long_enough = quoted or passage.matched_words >= MIN_UNQUOTED_PASSAGE_WORDS
        if long_enough and reads_as_prose(body[span_a.start_char : span_a.end_char]):
            passages.append((span_a, span_b))
    return PairMatch(article_id, other_id, tuple(passages), match_duplicate(a, b, runs))


def compare_pair(article_id: str, body: str, other_id: str, other_body: str, *, words: Callable) -> DuplicateMatch:
    """How closely two articles are one text, however close (two copies each of a third, say)."""
    a: WordSequence = words(article_id, body)
    b: WordSequence = words(other_id, other_body)
    return compare_copies(a, b, common_runs(a, b))


def reads_as_prose(text: str) -> bool:
    """Whether a passage is a statement rather than a run of names: enough of its words start lower-case."""
    words = [word for word in text.split() if word[:1].isalpha()]
    return bool(words) and sum(word[0].islower() for word in words) >= MIN_PROSE_SHARE * len(words)


@dataclass(frozen=True)
class DuplicateGroup:
    """Copies of one text: the earliest, and the others."""

    earliest: str
    copies: tuple[str, ...]


def duplicate_groups(pairs: Iterable[tuple[str, str]], *, order: Mapping[str, Any]) -> list[DuplicateGroup]:
    """Articles linked by pairs of copies (found now, or loaded before), each group with its earliest copy.

    ``order`` gives each article's sort key (``article_order``); the least is the earliest copy.
    """
    linked: Groups[str] = Groups()
    for article_id, other_id in pairs:
        linked.join(article_id, other_id)
    members = linked.groups()
    groups = []
    for group in members.values():
        earliest = min(group, key=lambda member: order[member])
        groups.append(DuplicateGroup(earliest, tuple(sorted(member for member in group if member != earliest))))
    return sorted(groups, key=lambda group: group.earliest)


def duplicate_rows(
    groups: Iterable[DuplicateGroup], matches: Mapping[frozenset[str], DuplicateMatch], *, run_id: str
) -> list[dict]:
    """``article_duplicates`` rows: each copy, its earliest copy, and how the two compare (``matches`` has them all)."""
    rows = []
    for group in groups:
        for copy in group.copies:
            match = matches[frozenset((copy, group.earliest))]
            rows.append(
                {
                    "article_id": copy,
                    "duplicate_of": group.earliest,
                    "similarity": match.similarity,
                    "exact": match.exact,
                    "run_id": run_id,
                }
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
