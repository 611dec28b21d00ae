"""Articles as sequences of normalised words with their character offsets: what passages are matched on.

Two copies of a text match word for word however their quotation marks, dashes, spacing or case
differ, so a word here is a run of letters and digits, case-folded; everything else separates words.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

SEED_WORDS = 5
"""Words hashed and looked up together: long enough that common phrases ("said in a statement that") rarely match."""
RE_WORD_AND_GAP = re.compile(r"(\w+)(\W*)")
"""A word and what separates it from the next."""
RE_SENTENCE_END = re.compile(r"""[)\]"'”’]*[.!?]+(?:[)\]"'”’]*)(?:\s|$)""")


@dataclass(frozen=True)
class WordSequence:
    """An article's normalised words, and where each stands in the body."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    paragraphs: tuple[int, ...]
    """Paragraph of each word: line breaks seen before it."""
    sentence_ends: tuple[bool, ...]
    """Whether each word ends a sentence ('.', '!' or '?' after it, closing marks allowed)."""

    def __len__(self) -> int:
        return len(self.words)

    @cached_property
    def seeds(self) -> dict[tuple[str, ...], list[int]]:
        """Where each run of SEED_WORDS words starts: the index ``common_runs`` looks other texts up in."""
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(self.words) - SEED_WORDS + 1):
            where[self.words[i : i + SEED_WORDS]].append(i)
        return where

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets (half-open) of words ``first`` to ``last`` (inclusive)."""
        return self.starts[first], self.ends[last]


def word_sequence(body: str) -> WordSequence:
    """The body's words, case-folded, with their offsets, paragraphs and sentence ends (one pass)."""
    words, starts, ends, paragraphs, sentence_ends = [], [], [], [], []
    paragraph = 0
    for match in RE_WORD_AND_GAP.finditer(body):
        word, gap = match.group(1, 2)
        words.append(word.casefold())
        starts.append(match.start())
        ends.append(match.end(1))
        paragraphs.append(paragraph)
        sentence_ends.append(bool(gap) and RE_SENTENCE_END.match(gap) is not None)
        paragraph += gap.count("\n")
    return WordSequence(
        words=tuple(words),
        starts=tuple(starts),
        ends=tuple(ends),
        paragraphs=tuple(paragraphs),
        sentence_ends=tuple(sentence_ends),
    )
