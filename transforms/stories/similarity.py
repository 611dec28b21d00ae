"""How likely two articles report the same event: a logistic model over what they share.

Notes:
    Features follow from what tells events apart in news: distinctive vocabulary (TF-IDF cosine),
    the people, places and organisations named (IDF-weighted), a passage both carry, publication
    dates (coverage of one event clusters within days) and, for undated articles, the year they
    report from. Look-alike events (two prison escapes, two rehab check-ins) share vocabulary but
    differ in their main actor and their year. The weights were fitted by logistic regression on
    the tuning half of stories_dev (``bench/eval_stories.py --fit``), never on its held-out half.
"""

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from transforms.stories.signatures import StorySignature, inverse_frequency

FEATURES = (
    "terms",  # TF-IDF cosine of the terms
    "entities",  # cosine of the entities, IDF-weighted
    "rarest_shared_entity",  # IDF of the rarest entity both name, / 10
    "main_entity_conflict",  # each names a main entity the other never mentions
    "shared_passage",  # a passage of MIN_PASSAGE_WORDS or more in both
    "days_apart",  # publication dates apart, capped at 30, / 30 (0 when either is undated)
    "more_than_3_days",  # published more than 3 days apart
    "same_year",  # both report from the same year
    "years_apart",  # their years differ by 2 or more
    "shared_numbers",  # IDF of the quantities both cite, summed, / 10, at most 1
)
WEIGHTS = (10.88, 3.75, 1.65, -0.79, 2.96, -2.71, -2.81, 2.79, -1.05, 1.61)
BIAS = -3.90


@dataclass(frozen=True)
class ComparableArticle:
    """A signature made ready to compare: its vectors as mappings, its main entity, its publication time."""

    article_id: str
    published_at: datetime | None
    year: int | None
    terms: Mapping[str, float]
    entities: Mapping[str, float]
    """Entity name to IDF-weighted, unit-length weight."""
    entity_idf: Mapping[str, float]
    main_entity: str | None
    """The entity named most (twice or more), weighted by rarity: what the article is about."""
    numbers: Mapping[str, float]
    """Quantity cited to its IDF."""


def comparable_article(
    signature: StorySignature,
    *,
    published_at: datetime | None,
    entity_df: Mapping[str, int],
    number_df: Mapping[str, int],
    documents: int,
) -> ComparableArticle:
    """A signature with its entities and numbers weighted by IDF (``entity_df``, ``number_df`` over ``documents``)."""
    idf = {name: _idf(entity_df.get(name, 1), documents) for name in signature.entities}
    weights = {
        name: (1 + math.log(count)) * idf[name]
        for name, count in zip(signature.entities, signature.entity_counts, strict=True)
    }
    norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
    ranked = sorted(
        (count * idf[name], name)
        for name, count in zip(signature.entities, signature.entity_counts, strict=True)
        if count >= 2
    )
    return ComparableArticle(
        article_id=signature.article_id,
        published_at=published_at,
        year=signature.reference_year,
        terms=dict(zip(signature.terms, signature.term_weights, strict=True)),
        entities={name: weight / norm for name, weight in weights.items()},
        entity_idf=idf,
        main_entity=ranked[-1][1] if ranked else None,
        numbers={number: _idf(number_df.get(number, 1), documents) for number in signature.numbers},
    )


@functools.lru_cache(maxsize=65536)
def _idf(df: int, documents: int) -> float:
    return inverse_frequency(df, documents)


def _cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    """Dot product of two unit vectors, over the keys they share (found by a set intersection, in C)."""
    return sum(first[key] * second[key] for key in first.keys() & second.keys())


def pair_features(a: ComparableArticle, b: ComparableArticle, *, shared_passage: bool) -> tuple[float, ...]:
    """The model's features for a pair of articles, in ``FEATURES`` order."""
    shared = a.entities.keys() & b.entities.keys()
    rarest = max((a.entity_idf[name] for name in shared), default=0.0)
    conflict = (
        a.main_entity is not None
        and b.main_entity is not None
        and a.main_entity != b.main_entity
        and a.main_entity not in b.entities
        and b.main_entity not in a.entities
    )
    if a.published_at is not None and b.published_at is not None:
        days = abs((a.published_at - b.published_at).total_seconds()) / 86400
        days_apart, far = min(days, 30.0) / 30.0, days > 3
    else:
        days_apart, far = 0.0, False
    both_years = a.year is not None and b.year is not None
    return (
        _cosine(a.terms, b.terms),
        _cosine(a.entities, b.entities),
        rarest / 10,
        float(conflict),
        float(shared_passage),
        days_apart,
        float(far),
        float(both_years and a.year == b.year),
        float(both_years and abs(a.year - b.year) >= 2),  # type: ignore[operator]
        min(sum(a.numbers[number] for number in a.numbers.keys() & b.numbers.keys()) / 10, 1.0),
    )


def same_story_probability(features: tuple[float, ...]) -> float:
    """The model's probability that a pair with these features reports the same event."""
    score = BIAS + sum(weight * value for weight, value in zip(WEIGHTS, features, strict=True))
    return 1.0 / (1.0 + math.exp(-score))
