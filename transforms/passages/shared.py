"""Shared quotes: passages found in pairs of articles, grouped into one statement carried by many.

Notes:
    Every pair of articles sharing a passage gives a link between a span of one and a span of the
    other. In each article, spans that overlap are one occurrence (a quote carried in full by one
    outlet and trimmed by another overlaps both); occurrences linked directly or through other
    articles are one shared quote. A group keeps the id it already had (the one most of its known
    occurrences carry, when links join several), so ids stay as later runs add occurrences.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from transforms.ids import stable_id
from transforms.passages.groups import Groups


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``start_char``..``end_char`` (half-open) of an article's body."""

    article_id: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class KnownOccurrence:
    """An occurrence loaded by an earlier run, and the shared quote it belongs to."""

    span: Span
    shared_quote_id: str


@dataclass(frozen=True)
class SharedQuote:
    """A passage carried by several articles: its id and its occurrences, one per span."""

    shared_quote_id: str
    occurrences: tuple[Span, ...]


def group_shared_passages(
    links: Iterable[tuple[Span, Span]],
    known: Iterable[KnownOccurrence],
    *,
    order: Callable[[Span], Any],
) -> list[SharedQuote]:
    """Group linked spans (and the known occurrences of the shared quotes they touch) into shared quotes.

    Args:
        links: pairs of spans that hold the same passage, in two different articles.
        known: every occurrence of the shared quotes any linked span overlaps.
        order: sort key of a span's article (earliest first); a new shared quote's id comes from its
            earliest occurrence.

    Returns:
        The shared quotes in articles of two or more, with their occurrences sorted.
    """
    link_list = list(links)
    known_list = list(known)
    spans_by_article: dict[str, list[Span]] = defaultdict(list)
    for span in [s for link in link_list for s in link] + [k.span for k in known_list]:
        spans_by_article[span.article_id].append(span)
    segment_of: dict[Span, Span] = {}
    for spans in spans_by_article.values():
        for segment, members in _merge_overlapping(spans):
            for member in members:
                segment_of[member] = segment
    groups = Groups(segment_of.values())
    for left, right in link_list:
        groups.join(segment_of[left], segment_of[right])
    first_of_id: dict[str, Span] = {}
    for occurrence in known_list:
        segment = segment_of[occurrence.span]
        if occurrence.shared_quote_id in first_of_id:
            groups.join(segment, first_of_id[occurrence.shared_quote_id])
        else:
            first_of_id[occurrence.shared_quote_id] = segment
    components = groups.groups()
    ids_by_root: dict[Span, Counter[str]] = defaultdict(Counter)
    for occurrence in known_list:
        ids_by_root[groups.find(segment_of[occurrence.span])][occurrence.shared_quote_id] += 1
    shared = []
    for root, segments in components.items():
        if len({segment.article_id for segment in segments}) < 2:
            continue
        ids = ids_by_root.get(root)
        if ids:
            shared_quote_id = min(ids, key=lambda value: (-ids[value], value))
        else:
            first = min(segments, key=lambda segment: (order(segment), segment))
            shared_quote_id = stable_id("shared_quote", first.article_id, first.start_char, first.end_char)
        shared.append(SharedQuote(shared_quote_id=shared_quote_id, occurrences=tuple(sorted(segments))))
    return sorted(shared, key=lambda quote: quote.shared_quote_id)


def _merge_overlapping(spans: list[Span]) -> list[tuple[Span, list[Span]]]:
    """Spans of one article merged where they overlap: (merged span, the spans in it)."""
    merged: list[tuple[Span, list[Span]]] = []
    for span in sorted(set(spans)):
        if merged and span.start_char < merged[-1][0].end_char:
            segment, members = merged[-1]
            merged[-1] = (
                Span(segment.article_id, segment.start_char, max(segment.end_char, span.end_char)),
                [*members, span],
            )
        else:
            merged.append((span, [span]))
    return merged
