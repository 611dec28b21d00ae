"""Scoring extracted quotes and numbers against gold annotations: pure functions, no I/O.

Quotes follow the scoring of ``shared/corpus/README.md`` ("How quote extraction is scored here"),
extended to every kind of attribution; numbers follow ``docs/numbers-gold.md``.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from transforms.lexicon import PERSONAL_PRONOUNS
from transforms.numbers import Number
from transforms.quotes import Quote
from transforms.tally import Tally

QUOTE_KINDS = ("direct", "mixed", "indirect")
EDGE_CHARACTERS = frozenset("\"“”‘’'«»,.;:!?—–-… \t\n\u00a0")
RE_NAME_WORD = re.compile(r"[\w’'-]+")


def normalize_with_offsets(raw: str) -> tuple[str, list[int]]:
    """The body the pipeline makes of ``raw`` (trimmed, NFC, CRLF to LF) and, for each body offset, the raw offset.

    Gold spans point into the raw file; extracted spans into the body. The returned list has one entry
    per body character plus one for the end, so ``offsets[end_char]`` is valid.
    """
    body: list[str] = []
    offsets: list[int] = []
    start = len(raw) - len(raw.lstrip())
    stop = len(raw.rstrip())
    i = start
    while i < stop:
        j = i + 1
        while j < stop and unicodedata.combining(raw[j]):
            j += 1
        cluster = raw[i:j]
        if cluster == "\r" and j < stop and raw[j] == "\n":
            i = j
            continue
        for character in unicodedata.normalize("NFC", cluster).replace("\r", "\n"):
            body.append(character)
            offsets.append(i)
        i = j
    offsets.append(stop)
    return "".join(body), offsets


@dataclass(frozen=True)
class GoldQuote:
    """One gold attribution: its kind, content spans and source, with offsets into the raw text."""

    kind: str
    content_spans: tuple[tuple[int, int], ...]
    speaker: str | None
    speaker_spans: tuple[tuple[int, int], ...]
    speaker_gender: str | None = None
    """female, male or unknown for a person source, None for any other (scored only when ``gendered``)."""
    gendered: bool = False
    """The gold says the source's gender (or that it has none): the quote counts for the gender scores."""


@dataclass
class KindTally(Tally):
    """Counts for one kind of attribution."""

    gold: int = 0
    found: int = 0
    extracted: int = 0
    correct: int = 0
    with_speaker: int = 0
    speaker_right: int = 0
    speaker_resolved: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.with_speaker if self.with_speaker else 0.0

    @property
    def resolved_speaker_accuracy(self) -> float:
        return self.speaker_resolved / self.with_speaker if self.with_speaker else 0.0


@dataclass
class GenderScores:
    """Speaker genders of gold quotes that say one: (gold, extracted) pairs, None for no person speaker or no quote."""

    pairs: Counter[tuple[str | None, str | None]] = field(default_factory=Counter)

    def add(self, other: "GenderScores") -> None:
        self.pairs.update(other.pairs)

    @property
    def quotes(self) -> int:
        return sum(self.pairs.values())

    def precision(self, gender: str) -> float:
        said = sum(n for (_, got), n in self.pairs.items() if got == gender)
        return self.pairs[(gender, gender)] / said if said else 0.0

    def recall(self, gender: str) -> float:
        true = sum(n for (gold, _), n in self.pairs.items() if gold == gender)
        return self.pairs[(gender, gender)] / true if true else 0.0

    def f1(self, gender: str) -> float:
        p, r = self.precision(gender), self.recall(gender)
        return 2 * p * r / (p + r) if p + r else 0.0

    def female_share(self, *, gold: bool) -> float:
        """Women's share of the quotes whose speaker is a woman or a man, by the gold or by the extractor."""
        side = 0 if gold else 1
        female = sum(n for pair, n in self.pairs.items() if pair[side] == "female")
        male = sum(n for pair, n in self.pairs.items() if pair[side] == "male")
        return female / (female + male) if female + male else 0.0


@dataclass
class QuoteScores:
    """Tallies by kind, plus the misses worth reading (kind of miss, text, what was expected or got)."""

    by_kind: dict[str, KindTally] = field(default_factory=lambda: {kind: KindTally() for kind in QUOTE_KINDS})
    genders: GenderScores = field(default_factory=GenderScores)
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, other: "QuoteScores") -> None:
        for kind, tally in other.by_kind.items():
            self.by_kind[kind].add(tally)
        self.genders.add(other.genders)
        self.misses += other.misses

    def combined(self, kinds: Sequence[str]) -> KindTally:
        total = KindTally()
        for kind in kinds:
            total.add(self.by_kind[kind])
        return total


def core_range(text: str, start: int, end: int) -> range:
    """The span without quotation marks, edge punctuation and whitespace."""
    while start < end and text[start] in EDGE_CHARACTERS:
        start += 1
    while end > start and text[end - 1] in EDGE_CHARACTERS:
        end -= 1
    return range(start, end)


def overlap(a: range, b: range) -> int:
    """Characters two ranges share."""
    return max(0, min(a.stop, b.stop) - max(a.start, b.start))


def surname(speaker: str) -> str:
    """The gold speaker's surname: the last word before any appositive comma, lower-cased."""
    head = re.sub(r"[’']s$", "", speaker.split(",")[0].strip())
    words = RE_NAME_WORD.findall(head)
    return words[-1].lower() if words else ""


def needs_canonical_speaker(speaker_text: str) -> bool:
    """A pronoun ("he") or a proper name ("the Times", "Albence") must resolve to an entity to count as answered.

    A description ("officials", "a spokesman for the agency") names no one in particular, so as
    written it is the answer.
    """
    words = speaker_text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) == 1 and words[0].lower() in PERSONAL_PRONOUNS:
        return True
    return bool(words) and all(word[:1].isupper() for word in words)


def score_quotes(raw: str, gold: Sequence[GoldQuote], quotes: Sequence[Quote], offsets: Sequence[int]) -> QuoteScores:
    """Score one article's extracted ``quotes`` (body offsets, mapped through ``offsets``) against ``gold``.

    - recall, per gold kind: a gold attribution is found when extracted quotes together cover at least
      half of its content characters (quotation marks and edge punctuation ignored; a quote split around
      its attribution, or over paragraphs, may be one row or one row per part);
    - precision, per extracted kind: an extracted quote is right when it overlaps the content of any
      gold attribution;
    - speaker, over found gold attributions with a source, judged on the extracted quote covering most of
      it: right when the extracted speaker mention
      overlaps the gold source span, or the canonical speaker contains the gold speaker's surname;
      "resolved" additionally requires a canonical speaker wherever the mention is a pronoun or a name.
    """
    scores = QuoteScores()
    extracted = []
    for quote in quotes:
        core = core_range(raw, offsets[quote.start_char], offsets[quote.end_char])
        speaker_span = (
            range(offsets[quote.speaker_start], offsets[quote.speaker_end]) if quote.speaker_start is not None else None
        )
        extracted.append((quote, core, speaker_span))
    gold_content = [range(start, end) for item in gold for start, end in item.content_spans]
    for quote, core, _ in extracted:
        tally = scores.by_kind[quote.kind]
        tally.extracted += 1
        if any(overlap(core, content) for content in gold_content):
            tally.correct += 1
        else:
            scores.misses.append((f"false {quote.kind}", quote.text, quote.speaker_text or ""))
    for item in gold:
        tally = scores.by_kind[item.kind]
        tally.gold += 1
        cores = [core_range(raw, start, end) for start, end in item.content_spans]
        size = sum(len(core) for core in cores)
        best, best_overlap = None, 0
        covered: set[int] = set()
        for candidate in extracted:
            shared = sum(overlap(candidate[1], core) for core in cores)
            if shared:
                for core in cores:
                    covered.update(range(max(core.start, candidate[1].start), min(core.stop, candidate[1].stop)))
            if shared > best_overlap:
                best, best_overlap = candidate, shared
        text = " | ".join(raw[start:end] for start, end in item.content_spans)
        if best is None or len(covered) * 2 < size:
            scores.misses.append((f"missed {item.kind}", text, item.speaker or ""))
            if item.gendered:
                scores.genders.pairs[(item.speaker_gender, None)] += 1
            continue
        if item.gendered:
            scores.genders.pairs[(item.speaker_gender, best[0].speaker_gender)] += 1
            if item.speaker_gender != best[0].speaker_gender:
                got = f"gold {item.speaker!r} {item.speaker_gender}, got {best[0].speaker!r} {best[0].speaker_gender}"
                scores.misses.append(("gender", text, got))
        tally.found += 1
        if not item.speaker_spans:
            continue
        tally.with_speaker += 1
        quote, _, speaker_span = best
        right = speaker_span is not None and any(
            overlap(speaker_span, range(start, end)) for start, end in item.speaker_spans
        )
        name = surname(item.speaker or "")
        if not right and quote.speaker and name:
            right = name in {word.lower() for word in RE_NAME_WORD.findall(quote.speaker)}
        if not right:
            got = f"gold {item.speaker!r}, got {quote.speaker_text!r} = {quote.speaker!r}"
            scores.misses.append((f"speaker {item.kind}", text, got))
            continue
        tally.speaker_right += 1
        if quote.speaker or not needs_canonical_speaker(quote.speaker_text or ""):
            tally.speaker_resolved += 1
        else:
            scores.misses.append((f"unresolved {item.kind}", text, f"got {quote.speaker_text!r}"))
    return scores


@dataclass(frozen=True)
class GoldNumber:
    """One gold quantity of a passage (see docs/numbers-gold.md)."""

    start_char: int
    end_char: int
    value: float
    kind: str
    unit: str | None
    counted: str | None
    approximate: bool
    in_quote: bool | None = None
    """Inside the quoted words of a direct or mixed quote; None when the gold does not say."""


@dataclass
class NumberScores(Tally):
    """Matches of extracted numbers against gold ones, and attribute agreement among matches."""

    gold: int = 0
    extracted: int = 0
    matched: int = 0
    unit_right: int = 0
    counted_right: int = 0
    approximate_right: int = 0
    in_quote_gold: int = 0
    """Matches whose gold says whether the number is quoted: the base of :attr:`in_quote_accuracy`."""
    in_quote_right: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    def share(self, right: int) -> float:
        return right / self.matched if self.matched else 0.0

    @property
    def in_quote_accuracy(self) -> float | None:
        """Share of matches, among those whose gold gives ``in_quote``, with ``in_quote`` right; None if none do."""
        return self.in_quote_right / self.in_quote_gold if self.in_quote_gold else None


def _folded(word: str | None) -> str | None:
    return word.casefold() if word is not None else None


def score_numbers(text: str, gold: Sequence[GoldNumber], numbers: Sequence[Number]) -> NumberScores:
    """Score one passage: a match needs overlapping spans, the same kind and the same value (1e-6 relative).

    Each gold number matches at most one extracted number. Unit, counted noun and ``approximate``
    are compared exactly among matches (None equals None); ``in_quote`` only where the gold gives it.
    """
    scores = NumberScores(gold=len(gold), extracted=len(numbers))
    used: set[int] = set()
    for item in gold:
        hit = next(
            (
                index
                for index, number in enumerate(numbers)
                if index not in used
                and number.start_char < item.end_char
                and item.start_char < number.end_char
                and number.kind == item.kind
                and math.isclose(number.value, item.value, rel_tol=1e-6, abs_tol=1e-9)
            ),
            None,
        )
        surface = text[item.start_char : item.end_char]
        if hit is None:
            scores.misses.append(("missed", surface, f"{item.value:g} {item.kind}"))
            continue
        used.add(hit)
        number = numbers[hit]
        scores.matched += 1
        scores.unit_right += number.unit == item.unit
        counted_right = _folded(number.counted) == _folded(item.counted)  # a lemma: "Bafta" is "bafta"
        scores.counted_right += counted_right
        scores.approximate_right += number.approximate == item.approximate
        if item.in_quote is not None:
            scores.in_quote_gold += 1
            scores.in_quote_right += number.in_quote == item.in_quote
            if number.in_quote != item.in_quote:
                scores.misses.append(("in_quote", surface, f"got {number.in_quote} (gold {item.in_quote})"))
        if number.unit != item.unit or not counted_right:
            got = f"unit {number.unit!r} (gold {item.unit!r}), counted {number.counted!r} (gold {item.counted!r})"
            scores.misses.append(("attributes", surface, got))
    for index, number in enumerate(numbers):
        if index not in used:
            scores.misses.append(("false", number.text, f"{number.value:g} {number.kind}"))
    return scores
