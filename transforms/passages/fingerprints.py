"""Winnowed fingerprints of an article: the index that finds articles sharing a passage without comparing all pairs.

Every FINGERPRINT_WORDS-word sequence is hashed; of each window of WINDOW consecutive hashes the
smallest is kept (winnowing, Schleimer, Wilkerson and Aiken 2003). Two texts sharing a run of
MIN_PASSAGE_WORDS = WINDOW + FINGERPRINT_WORDS - 1 words are guaranteed a common fingerprint, while
an article keeps only about 2 / (WINDOW + 1) of its hashes.
"""

import hashlib
from collections.abc import Sequence

from transforms.passages.words import word_sequence

FINGERPRINT_WORDS = 7
"""Words hashed together. Seven rather than five: in a warehouse of 100,000 articles, five-word stock
phrases ("said in a statement on") made four times as many look-ups that found no passage."""
WINDOW = 6
MIN_PASSAGE_WORDS = WINDOW + FINGERPRINT_WORDS - 1
"""The shortest shared passage the index is sure to find (12 words)."""


def seed_hash(words: Sequence[str]) -> int:
    """A stable signed 64-bit hash of a word sequence (the same in every process and run)."""
    digest = hashlib.blake2b("\x1f".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def winnow(hashes: Sequence[int], window: int = WINDOW) -> list[tuple[int, int]]:
    """(position, hash) of the minimum of every window of ``window`` hashes, each position once.

    On ties the rightmost minimum is taken, as in robust winnowing, so runs of equal hashes give few
    fingerprints. A text shorter than one window keeps its overall minimum.
    """
    if not hashes:
        return []
    if len(hashes) <= window:
        position = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
        return [(position, hashes[position])]
    chosen: list[tuple[int, int]] = []
    for start in range(len(hashes) - window + 1):
        position = min(range(start, start + window), key=lambda i: (hashes[i], -i))
        if not chosen or chosen[-1][0] != position:
            chosen.append((position, hashes[position]))
    return chosen


def fingerprint_article(article_id: str, body: str) -> list[dict]:
    """``passage_fingerprints`` rows of an article."""
    words = word_sequence(body).words
    hashes = [seed_hash(words[i : i + FINGERPRINT_WORDS]) for i in range(len(words) - FINGERPRINT_WORDS + 1)]
    return [
        {"article_id": article_id, "fingerprint": value, "position": position} for position, value in winnow(hashes)
    ]
