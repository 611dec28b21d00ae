"""Near-duplicates: one article's text standing, almost whole, in another.

Notes:
    Similarity is containment, not Jaccard: the share of the shorter text's words that stand, in
    the same order, in the longer one. A copy cut to its first paragraphs, or given a new headline,
    a wire credit or a reworded sentence, keeps nearly all its words in the original, while Jaccard
    similarity falls with every word the copy lacks. Two articles on one event share quotes and
    facts but not most of their sentences.
"""

from dataclasses import dataclass

from transforms.passages.align import WordRun
from transforms.passages.fingerprints import MIN_PASSAGE_WORDS
from transforms.passages.words import WordSequence

MIN_DUPLICATE_SIMILARITY = 0.8
"""Share of the shorter text found in the longer above which one copies the other."""


@dataclass(frozen=True)
class DuplicateMatch:
    """Two articles found to be copies of one text."""

    similarity: float
    exact: bool


def compare_copies(a: WordSequence, b: WordSequence, runs: list[WordRun]) -> DuplicateMatch:
    """How closely ``a`` and ``b`` are one text, given the runs of words they share (``common_runs``)."""
    shorter = min(len(a), len(b))
    matched = sum(run.length for run in runs)
    similarity = matched / shorter if shorter else 0.0
    return DuplicateMatch(similarity=round(min(similarity, 1.0), 4), exact=a.words == b.words)


def match_duplicate(a: WordSequence, b: WordSequence, runs: list[WordRun]) -> DuplicateMatch | None:
    """The comparison of ``a`` and ``b`` when one copies the other (MIN_DUPLICATE_SIMILARITY or closer), else None."""
    match = compare_copies(a, b, runs)
    if sum(run.length for run in runs) < MIN_PASSAGE_WORDS or match.similarity < MIN_DUPLICATE_SIMILARITY:
        return None
    return match
