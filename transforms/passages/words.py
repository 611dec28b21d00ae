"""Articles as sequences of normalised words with their character offsets: what passages are matched on.

Two copies of a text match word for word however their quotation marks, dashes, spacing or case
differ, so a word here is a run of letters and digits, case-folded; everything else separates words.
"""

import re
from dataclasses import dataclass

RE_PASSAGE_WORD = re.compile(r"\w+")
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

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets (half-open) of words ``first`` to ``last`` (inclusive)."""
        return self.starts[first], self.ends[last]


def word_sequence(body: str) -> WordSequence:
    """The body's words, case-folded, with their offsets and paragraphs."""
    matches = list(RE_PASSAGE_WORD.finditer(body))
    paragraphs = []
    paragraph = previous_end = 0
    for match in matches:
        paragraph += body.count("\n", previous_end, match.start())
        paragraphs.append(paragraph)
        previous_end = match.end()
    return WordSequence(
        words=tuple(match.group().casefold() for match in matches),
        starts=tuple(match.start() for match in matches),
        ends=tuple(match.end() for match in matches),
        paragraphs=tuple(paragraphs),
        sentence_ends=tuple(bool(RE_SENTENCE_END.match(body, match.end())) for match in matches),
    )
