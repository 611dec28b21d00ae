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


def match_duplicate(a: WordSequence, b: WordSequence, runs: list[WordRun]) -> DuplicateMatch | None:
    """Whether ``a`` and ``b`` are copies of one text, given the runs of words they share (``common_runs``)."""
    shorter = min(len(a), len(b))
    matched = sum(run.length for run in runs)
    if shorter == 0 or matched < MIN_PASSAGE_WORDS:
        return None
    similarity = matched / shorter
    if similarity < MIN_DUPLICATE_SIMILARITY:
        return None
    return DuplicateMatch(similarity=round(min(similarity, 1.0), 4), exact=a.words == b.words)
