"""Passages articles share: fingerprints to find them, word alignment, near-duplicates and shared quotes."""

from transforms.passages.align import MAX_GAP_WORDS, Passage, WordRun, common_runs, shared_passages
from transforms.passages.duplicates import MIN_DUPLICATE_SIMILARITY, DuplicateMatch, match_duplicate
from transforms.passages.fingerprints import MIN_PASSAGE_WORDS, fingerprint_article
from transforms.passages.order import ArticleOrder, article_order
from transforms.passages.shared import KnownOccurrence, SharedQuote, Span, group_shared_passages
from transforms.passages.words import WordSequence, word_sequence

__all__ = [
    "MAX_GAP_WORDS",
    "MIN_DUPLICATE_SIMILARITY",
    "MIN_PASSAGE_WORDS",
    "ArticleOrder",
    "DuplicateMatch",
    "KnownOccurrence",
    "Passage",
    "SharedQuote",
    "Span",
    "WordRun",
    "WordSequence",
    "article_order",
    "common_runs",
    "fingerprint_article",
    "group_shared_passages",
    "match_duplicate",
    "shared_passages",
    "word_sequence",
]
