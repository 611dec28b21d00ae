"""What two articles share, word for word: common runs of words, and the passages they make up.

Notes:
    A run is a maximal stretch of identical normalised words (at least SEED_WORDS long) in both
    texts. Runs are matched one to one (longest first), so a phrase repeated in one text is not
    counted twice. Runs in the same order separated by a few words in either text (an attribution
    such as '," the Times added. "' inside one copy, a reworded word), within one paragraph in each,
    form one passage.
"""

from dataclasses import dataclass

from transforms.passages.fingerprints import MIN_PASSAGE_WORDS
from transforms.passages.words import SEED_WORDS, WordSequence

MAX_GAP_WORDS = 8
"""Words one copy may have between two runs of a passage (an attribution, an inserted clause)."""
MIN_CORE_WORDS = 8
"""A passage holds a run of at least this many identical words: stock phrasing with one word changed
("a spokesman said on Sunday that ..." against "... on Wednesday that ...") is not a shared passage."""
MAX_FRAGMENT_WORDS = 3
"""Words of another sentence a passage may begin or end with before they are trimmed off ("said. The ...")."""


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


def common_runs(a: WordSequence, b: WordSequence) -> list[WordRun]:
    """The maximal runs of at least SEED_WORDS words both texts hold, matched one to one, in ``a``'s order.

    ``a``'s index of word sequences is built once and kept (``WordSequence.seeds``): pass the article
    compared with many others as ``a``.
    """
    seed = SEED_WORDS
    where_in_a = a.seeds
    found: list[WordRun] = []
    reached: dict[int, int] = {}  # diagonal (i - j) -> end of the last run found on it, in a
    for j in range(len(b) - seed + 1):
        for i in where_in_a.get(b.words[j : j + seed], ()):
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
        # A run overlapping longer ones keeps its free stretches ("it" both ending one run and starting the next).
        free = [k for k in range(run.length) if run.first_a + k not in taken_a and run.first_b + k not in taken_b]
        for stretch in _consecutive(free):
            if len(stretch) >= seed:
                piece = WordRun(run.first_a + stretch[0], run.first_b + stretch[0], len(stretch))
                kept.append(piece)
                taken_a.update(range(piece.first_a, piece.end_a))
                taken_b.update(range(piece.first_b, piece.end_b))
    return sorted(kept, key=lambda r: r.first_a)


def _consecutive(numbers: list[int]) -> list[list[int]]:
    """Ascending ``numbers`` cut into runs of consecutive ones."""
    stretches: list[list[int]] = []
    for number in numbers:
        if stretches and stretches[-1][-1] == number - 1:
            stretches[-1].append(number)
        else:
            stretches.append([number])
    return stretches


def shared_passages(
    runs: list[WordRun], a: WordSequence, b: WordSequence, *, min_words: int = MIN_PASSAGE_WORDS
) -> list[Passage]:
    """Runs of ``a`` and ``b`` joined into passages across gaps of at most MAX_GAP_WORDS within a paragraph.

    Passages of fewer than ``min_words`` matched words are left out.
    """
    if sum(run.length for run in runs) < min_words:
        return []  # most pairs a fingerprint brings together: nothing to group, no paragraphs to read
    groups: list[list[WordRun]] = []
    for run in runs:
        if groups:
            last = groups[-1][-1]
            gap_a, gap_b = run.first_a - last.end_a, run.first_b - last.end_b
            if (
                0 <= gap_a <= MAX_GAP_WORDS
                and 0 <= gap_b <= MAX_GAP_WORDS
                and a.paragraphs[last.end_a - 1] == a.paragraphs[run.first_a]
                and b.paragraphs[last.end_b - 1] == b.paragraphs[run.first_b]
            ):
                groups[-1].append(run)
                continue
        groups.append([run])
    passages = [
        _passage(_trimmed_to_sentences(group, a, b))
        for group in groups
        if max(run.length for run in group) >= MIN_CORE_WORDS
    ]
    return [passage for passage in passages if passage.matched_words >= min_words]


def _trimmed_to_sentences(runs: list[WordRun], a: WordSequence, b: WordSequence) -> list[WordRun]:
    """The runs without a fragment of another sentence at either end ("said. Andrew ..." loses "said")."""
    first, last = runs[0], runs[-1]
    ends = [a.sentence_ends[first.first_a + k] or b.sentence_ends[first.first_b + k] for k in range(first.length - 1)]
    cut = next((k + 1 for k in range(min(MAX_FRAGMENT_WORDS, len(ends))) if ends[k]), 0)
    first = WordRun(first.first_a + cut, first.first_b + cut, first.length - cut)
    if len(runs) == 1:
        last = first
    starts = [
        a.sentence_ends[last.end_a - 2 - k] or b.sentence_ends[last.end_b - 2 - k]
        for k in range(min(MAX_FRAGMENT_WORDS, last.length - 1))
    ]
    cut = next((k + 1 for k in range(len(starts)) if starts[k]), 0)
    last = WordRun(last.first_a, last.first_b, last.length - cut)
    return [first] if len(runs) == 1 else [first, *runs[1:-1], last]


def _passage(runs: list[WordRun]) -> Passage:
    return Passage(
        first_a=runs[0].first_a,
        last_a=runs[-1].end_a - 1,
        first_b=runs[0].first_b,
        last_b=runs[-1].end_b - 1,
        matched_words=sum(run.length for run in runs),
    )
