"""What two articles share, word for word: common runs of words, and the passages they make up.

Notes:
    A run is a maximal stretch of identical normalised words (at least SEED_WORDS long) in both
    texts. Runs are matched one to one (longest first), so a phrase repeated in one text is not
    counted twice. Runs in the same order separated by a few words in either text (an attribution
    such as '," the Times added. "' inside one copy, a reworded word), within one paragraph in each,
    form one passage.
"""

from collections import defaultdict
from dataclasses import dataclass

from transforms.passages.fingerprints import MIN_PASSAGE_WORDS, SEED_WORDS
from transforms.passages.words import WordSequence

MAX_GAP_WORDS = 8
"""Words one copy may have between two runs of a passage (an attribution, an inserted clause)."""


@dataclass(frozen=True)
class WordRun:
    """``length`` words that stand at word ``first_a`` of one text and ``first_b`` of the other."""

    first_a: int
    first_b: int
    length: int

    @property
    def end_a(self) -> int:
        return self.first_a + self.length

    @property
    def end_b(self) -> int:
        return self.first_b + self.length


@dataclass(frozen=True)
class Passage:
    """A passage two texts share: words ``first_a``..``last_a`` of one and ``first_b``..``last_b`` of the other."""

    first_a: int
    last_a: int
    first_b: int
    last_b: int
    matched_words: int
    """Words of the passage that are identical in both (the gaps between its runs are not)."""


def common_runs(a: WordSequence, b: WordSequence, *, seed: int = SEED_WORDS) -> list[WordRun]:
    """The maximal runs of at least ``seed`` words both texts hold, matched one to one, in ``a``'s order."""
    where_in_b: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(b) - seed + 1):
        where_in_b[b.words[j : j + seed]].append(j)
    found: list[WordRun] = []
    reached: dict[int, int] = {}  # diagonal (i - j) -> end of the last run found on it, in a
    for i in range(len(a) - seed + 1):
        for j in where_in_b.get(a.words[i : i + seed], ()):
            if reached.get(i - j, -1) > i:
                continue  # inside a run already found
            length = seed
            while i + length < len(a) and j + length < len(b) and a.words[i + length] == b.words[j + length]:
                length += 1
            found.append(WordRun(i, j, length))
            reached[i - j] = i + length
    kept: list[WordRun] = []
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    for run in sorted(found, key=lambda r: (-r.length, r.first_a, r.first_b)):
        words_a, words_b = range(run.first_a, run.end_a), range(run.first_b, run.end_b)
        if taken_a.isdisjoint(words_a) and taken_b.isdisjoint(words_b):
            kept.append(run)
            taken_a.update(words_a)
            taken_b.update(words_b)
    return sorted(kept, key=lambda r: r.first_a)


def shared_passages(
    runs: list[WordRun], a: WordSequence, b: WordSequence, *, min_words: int = MIN_PASSAGE_WORDS
) -> list[Passage]:
    """Runs of ``a`` and ``b`` joined into passages across gaps of at most MAX_GAP_WORDS within a paragraph.

    Passages of fewer than ``min_words`` matched words are left out.
    """
    passages: list[Passage] = []
    current: list[WordRun] = []
    for run in runs:
        if current:
            last = current[-1]
            gap_a, gap_b = run.first_a - last.end_a, run.first_b - last.end_b
            same_paragraphs = (
                a.paragraphs[last.end_a - 1] == a.paragraphs[run.first_a]
                and b.paragraphs[last.end_b - 1] == b.paragraphs[run.first_b]
            )
            if 0 <= gap_a <= MAX_GAP_WORDS and 0 <= gap_b <= MAX_GAP_WORDS and same_paragraphs:
                current.append(run)
                continue
            passages.append(_passage(current))
        current = [run]
    if current:
        passages.append(_passage(current))
    return [passage for passage in passages if passage.matched_words >= min_words]


def _passage(runs: list[WordRun]) -> Passage:
    return Passage(
        first_a=runs[0].first_a,
        last_a=runs[-1].end_a - 1,
        first_b=runs[0].first_b,
        last_b=runs[-1].end_b - 1,
        matched_words=sum(run.length for run in runs),
    )
