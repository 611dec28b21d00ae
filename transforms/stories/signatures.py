"""What an article is about, as stories compare it: distinctive terms, named entities, the year it reports from."""

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

MAX_TERMS = 50
"""Terms kept per article (by TF-IDF): cosine similarity barely changes beyond them, and they are read back often."""
KEY_TERMS = 8
KEY_ENTITIES = 5
"""Rarest terms and entities an article is looked up by: articles sharing one are compared."""
STORY_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"})
"""Entity types that tell events apart (dates, numbers and quantities do not)."""
RE_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class StorySignature:
    """One ``story_signatures`` row: an article's weighted terms and entities, and its reference year."""

    article_id: str
    reference_year: int | None
    terms: tuple[str, ...]
    term_weights: tuple[float, ...]
    entities: tuple[str, ...]
    entity_counts: tuple[int, ...]
    keys: tuple[str, ...]
    run_id: str
    numbers: tuple[str, ...]


def signature_from_row(row: Sequence) -> StorySignature:
    """A signature from a ``story_signatures`` row, in the table's column order."""
    article_id, year, terms, weights, entities, counts, keys, run_id, numbers = row
    return StorySignature(
        article_id=article_id,
        reference_year=year,
        terms=tuple(terms),
        term_weights=tuple(weights),
        entities=tuple(entities),
        entity_counts=tuple(counts),
        keys=tuple(keys),
        run_id=run_id,
        numbers=tuple(numbers),
    )


def entity_counts(mentions: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Mentions per entity name (lower-cased, so 'Harry Winston' the ORG and the PERSON are one), story types only."""
    counts: dict[str, int] = {}
    for name, entity_type in mentions:
        if entity_type in STORY_ENTITY_TYPES:
            key = name.casefold()
            counts[key] = counts.get(key, 0) + 1
    return counts


def number_keys(numbers: Iterable[tuple[float, str, str | None]]) -> tuple[str, ...]:
    """The distinct quantities an article cites, as 'value|kind|unit', without small counts ('two officials').

    Coverage of one event repeats its figures (a death toll, a sum, a score); two look-alike events
    rarely cite the same ones.
    """
    keys = {
        f"{value:.10g}|{kind}|{unit or ''}" for value, kind, unit in numbers if not (kind == "count" and value <= 10)
    }
    return tuple(sorted(keys))


def reference_year(published_at: datetime | None, body: str) -> int | None:
    """The year an article reports from: its publication year, else the latest year its text names.

    Notes:
        Articles about an event name the current year far more often than a later one, so the latest
        year named is usually the year of writing; two look-alike events years apart rarely agree on it.
    """
    if published_at is not None:
        return published_at.year
    years = [int(year) for year in RE_YEAR.findall(body)]
    return max(years) if years else None


def inverse_frequency(df: int, documents: int) -> float:
    """log(1 + N / df): rare terms weigh more, and a term every article holds still counts a little.

    The plain log(N / df) gives a term two articles share no weight at all while the warehouse holds
    just those two; an unseen term counts as seen once.
    """
    return math.log(1 + max(documents, 1) / max(df, 1))


def build_signature(
    article_id: str,
    *,
    term_counts: Mapping[str, int],
    entities: Mapping[str, int],
    year: int | None,
    numbers: tuple[str, ...],
    term_df: Mapping[str, int],
    entity_df: Mapping[str, int],
    documents: int,
    run_id: str,
) -> StorySignature:
    """An article's signature, its terms weighted by TF-IDF against the warehouse (``term_df`` over ``documents``)."""
    weighted = {
        term: (1 + math.log(count)) * inverse_frequency(term_df.get(term, 1), documents)
        for term, count in term_counts.items()
        if count > 0
    }
    top = sorted(((weight, term) for term, weight in weighted.items() if weight > 0), reverse=True)[:MAX_TERMS]
    norm = math.sqrt(sum(weight * weight for weight, _ in top)) or 1.0
    entity_rank = sorted(
        ((count * inverse_frequency(entity_df.get(name, 1), documents), name) for name, count in entities.items()),
        reverse=True,
    )
    keys = [f"t:{term}" for _, term in top[:KEY_TERMS]] + [f"e:{name}" for _, name in entity_rank[:KEY_ENTITIES]]
    names = sorted(entities)
    return StorySignature(
        article_id=article_id,
        reference_year=year,
        terms=tuple(term for _, term in top),
        term_weights=tuple(round(weight / norm, 6) for weight, _ in top),
        entities=tuple(names),
        entity_counts=tuple(entities[name] for name in names),
        keys=tuple(keys),
        run_id=run_id,
        numbers=numbers,
    )
