"""Stories: which articles report the same event, across outlets and runs."""

from transforms.stories.cluster import SAME_STORY_THRESHOLD, Cluster, average_link
from transforms.stories.labels import headline
from transforms.stories.signatures import (
    StorySignature,
    build_signature,
    entity_counts,
    inverse_frequency,
    number_keys,
    reference_year,
    signature_from_row,
)
from transforms.stories.similarity import (
    FEATURES,
    ComparableArticle,
    comparable_article,
    pair_features,
    same_story_probability,
)

__all__ = [
    "FEATURES",
    "SAME_STORY_THRESHOLD",
    "Cluster",
    "ComparableArticle",
    "StorySignature",
    "average_link",
    "build_signature",
    "comparable_article",
    "entity_counts",
    "headline",
    "inverse_frequency",
    "number_keys",
    "pair_features",
    "reference_year",
    "same_story_probability",
    "signature_from_row",
]
