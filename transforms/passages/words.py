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
RE_PASSAGE_WORD = re.compile(r"\w+")
RE_SENTENCE_END = re.compile(r"""[)\]"'”’]*[.!?]+[)\]"'”’]*(?:\s|$)""")
"""What follows a word that ends a sentence."""


@dataclass(frozen=True)
class WordSequence:
    """An article's normalised words, and where each stands in its body."""

    body: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)

    @cached_property
    def seeds(self) -> dict[tuple[str, ...], list[int]]:
        """Where each run of SEED_WORDS words starts: the index ``common_runs`` looks other texts up in."""
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(self.words) - SEED_WORDS + 1):
            where[self.words[i : i + SEED_WORDS]].append(i)
        return where

    @cached_property
    def paragraphs(self) -> tuple[int, ...]:
        """Paragraph of each word: line breaks seen before it (read only for texts that share a passage)."""
        found, paragraph, previous = [], 0, 0
        for start in self.starts:
            paragraph += self.body.count("\n", previous, start)
            found.append(paragraph)
            previous = start
        return tuple(found)

    @cached_property
    def sentence_ends(self) -> tuple[bool, ...]:
        """Whether each word ends a sentence ('.', '!' or '?' after it, closing marks allowed)."""
        return tuple(RE_SENTENCE_END.match(self.body, end) is not None for end in self.ends)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets (half-open) of words ``first`` to ``last`` (inclusive)."""
        return self.starts[first], self.ends[last]


def word_sequence(body: str) -> WordSequence:
    """The body's words, case-folded, with their offsets."""
    matches = list(RE_PASSAGE_WORD.finditer(body))
    return WordSequence(
        body=body,
        words=tuple(match.group().casefold() for match in matches),
        starts=tuple(match.start() for match in matches),
        ends=tuple(match.end() for match in matches),
    )
