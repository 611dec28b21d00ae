"""What follows the number: a percent sign or word, points ("3 percentage points", "a 30-point lead"), a ratio
("one in five"), a currency word ("40 euros"), a unit ("15 miles", "a 35-year-old", "seven-foot-one") and an
after-hedge ("30 or so"); a bare figure that is a stock index level ("closed at 10,892.35") is a measure in points.

The second stage of the extractor: widens a :class:`Candidate` to the right and sets its kind and unit.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Token

from transforms.numbers.lexicon import (
    AGE_CUES,
    AGE_OPEN_BOUNDS,
    ELECTION_CONTEXT,
    HYPHEN_CURRENCIES,
    HYPHENS,
    INCHES_PER_FOOT,
    INDEX_CONTEXT,
    INDEX_LEVEL_LEMMAS,
    MARGIN_BEFORE,
    MARGIN_WORDS,
    PEOPLE_LEMMAS,
    POLL_CONTEXT,
    RE_FOOT_INCHES,
    RE_NUM_TOKEN,
    SCALE_WORDS,
    TIME_UNITS,
    is_year_shaped,
)
from transforms.numbers.records import Candidate
from transforms.numbers.rule_tables import NumberRules
from transforms.numbers.tokens import glued_hyphen, match_table


class CurrencySuffix(NamedTuple):
    """A currency word after a number ("40 euros", "5 US dollars"), as :func:`_match_currency_suffix` reads it."""

    iso: str
    """ISO 4217 code."""
    factor: float
    """Multiplier of the number's value (0.01 for pence and cents)."""
    end: int
    """One past the currency's last token."""


def extend_right(doc: Doc, span: Candidate, rules: NumberRules) -> None:
    """Take the percent sign, currency word or unit after the number, then an after-hedge."""
    n = len(doc)
    j = span.end
    if span.kind == "count" and j < n:
        tok = doc[j]
        low = tok.lower_
        prev_glued = not doc[j - 1].whitespace_
        if low == "%" or (low in ("percent", "pc") and not (low == "pc" and not prev_glued and span.is_word)):
            span.kind, span.unit, span.bare = "percent", "percent", False
            j += 1
        elif glued_hyphen(doc, j) and doc[j + 1].lower_ == "percent":
            span.kind, span.unit, span.bare = "percent", "percent", False  # "up to 80-percent", "a 5-percent rise"
            j += 2
        elif low == "per" and j + 1 < n and doc[j + 1].lower_ == "cent":
            span.kind, span.unit, span.bare = "percent", "percent", False
            j += 2
        elif (k := _match_points(doc, span, j)) > j:
            span.kind, span.unit, span.bare = "measure", "point", False
            j = k
        elif span.bare and (ratio := _ratio_denominator(doc, span, j, rules)) is not None:
            # "one in five adults", "one in every 500 users", "a two-in-three chance": a share, stored as a
            # percent (20, 0.2, 66.7)
            den, at = ratio
            span.value = span.value / den * 100
            span.kind, span.unit, span.bare, span.ratio_den = "percent", "percent", False, at
            j = at + 1
        else:
            currency = _match_currency_suffix(doc, j, rules, prev_glued)
            if currency is None and glued_hyphen(doc, j) and doc[j + 1].lower_ in HYPHEN_CURRENCIES:
                # "a two-million-euro haul", "a five-dollar bill" (not "a 200-pound man": a weight)
                currency = _match_currency_suffix(doc, j + 1, rules, False)
            if currency is not None:
                span.kind, span.unit, span.bare = "money", currency.iso, False
                span.value *= currency.factor
                j = currency.end
            elif span.plural_scale and low == "of" and j + 1 < n:
                currency = _match_currency_suffix(doc, j + 1, rules, False)
                if currency is not None:
                    span.kind, span.unit, span.bare = "money", currency.iso, False
                    j = currency.end
            else:
                j = _match_unit(doc, span, j, rules)
    if span.kind == "count" and span.bare and _on_richter_scale(doc, span, j):
        span.kind, span.unit, span.bare = "measure", "magnitude", False  # "registering 6.1 on the Richter scale"
    if span.kind == "count" and span.bare and not span.is_word and _is_index_level(doc, span):
        span.kind, span.unit, span.bare = "measure", "point", False
    if span.kind == "count" and span.bare and _is_open_age(doc, span, j):
        span.kind, span.unit, span.bare, span.approximate = "measure", "year", False, True
        j += 2
    span.suffix_end = j
    # after-hedges: "30 or so", "30-odd", "50-plus"
    if j + 1 < n:
        key = doc[j].lower_ + " " + doc[j + 1].lower_
        if key in rules.hedges_after and (key == "or so" or not doc[j - 1].whitespace_):
            span.approximate = True
            j += 2
    span.end = j


def _match_points(doc: Doc, span: Candidate, j: int) -> int:
    """The end of "percentage points", or of points in a sentence about polls, percents or a stock index ("fell 120
    points"), or of points that are an election margin ("a 30-point lead", "within 5 points of"), after the number
    at ``j``; ``j`` for points scored."""
    n = len(doc)
    k = j + 1 if glued_hyphen(doc, j) else j  # "a three-percentage-point margin", "a 30-point lead"
    if k >= n:
        return j
    low = doc[k].lower_
    if low == "percentage":
        m = k + 2 if glued_hyphen(doc, k + 1) else k + 1
        return m + 1 if m < n and doc[m].lower_ in ("point", "points") else j
    if low not in ("point", "points", "pts"):
        return j
    if _sentence_mentions(doc[k], POLL_CONTEXT | INDEX_CONTEXT):
        return k + 1
    after = doc[k + 1].lemma_.lower() if k + 1 < n else ""
    before = {doc[m].lower_ for m in range(max(0, span.start - 2), span.start)}
    margin = after in MARGIN_WORDS or bool(before & MARGIN_BEFORE)
    # a lead in a match is points scored: a margin is in points only in an article about an election
    return k + 1 if margin and any(t.lower_ in ELECTION_CONTEXT for t in doc) else j


def _sentence_mentions(tok: Token, words: frozenset[str]) -> bool:
    """True when the sentence of ``tok`` has one of ``words`` (or a "±" margin of error)."""
    return any(t.lower_ in words or t.text.startswith("±") for t in tok.sent)


def _is_open_age(doc: Doc, span: Candidate, j: int) -> bool:
    """ "voters 45 and older", "those aged 65 and over": a whole number and an open bound that ends the phrase;
    "older"/"younger" say age alone, "over"/"under"/"up"/"above" only after people or an age cue ("version 5 and
    up" is a label, "the two and up to 20 percent" goes on)."""
    if not (span.value.is_integer() and 0 < span.value < 120) or j + 1 >= len(doc):
        return False
    if f"{doc[j].lower_} {doc[j + 1].lower_}" not in AGE_OPEN_BOUNDS:
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    if doc[j + 1].lower_ not in ("older", "younger") and not (
        before is not None and (before.lemma_.lower() in PEOPLE_LEMMAS or before.lower_ in AGE_CUES)
    ):
        return False
    return j + 2 == len(doc) or doc[j + 2].pos_ not in ("NOUN", "PROPN", "DET", "NUM", "ADJ", "PRON")


def _on_richter_scale(doc: Doc, span: Candidate, j: int) -> bool:
    """ "6.1 on the Richter scale", "magnitude 6.1", "a magnitude-7 quake", "a magnitude of 6.1", "put the
    magnitude at 6.1", "the magnitude was 6.1": an earthquake's magnitude."""
    after = " ".join(t.lower_ for t in doc[j : j + 3])
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    return (
        after in ("on the richter", "on richter scale")
        or before[-1:] == ["magnitude"]
        or (len(before) == 2 and before[0] == "magnitude" and before[1] in ("of", "at", "was", "is"))
        or (span.start > 1 and glued_hyphen(doc, span.start - 1) and doc[span.start - 2].lower_ == "magnitude")
    )


def _is_index_level(doc: Doc, span: Candidate) -> bool:
    """ "The Dow closed at 10,892.35", "the FTSE fell to 4,765.2": a bare figure a stock index moved to or stood at."""
    if span.start == 0 or doc[span.start - 1].lower_ not in ("at", "to", "from"):
        return False
    head = doc[span.start - 1].head
    return (head.lemma_.lower() in INDEX_LEVEL_LEMMAS or head.lower_ in INDEX_LEVEL_LEMMAS) and _sentence_mentions(
        head, INDEX_CONTEXT
    )


def _ratio_denominator(doc: Doc, span: Candidate, j: int, rules: NumberRules) -> tuple[float, int] | None:
    """The "five" of "one in five", "one in every five" or "two-in-three" (``j`` is "in" or the hyphen before it)
    and its token index, or None when there is no ratio."""
    hyphenated = glued_hyphen(doc, j)
    if hyphenated:
        j += 1
    if doc[j].lower_ != "in":
        return None
    if hyphenated:
        if not glued_hyphen(doc, j + 1):
            return None
        j += 1
    elif j + 1 < len(doc) and doc[j + 1].lower_ == "every":
        j += 1
    if j + 1 >= len(doc) or not span.value.is_integer() or not 0 < span.value < 100:
        return None
    tok = doc[j + 1]
    m = RE_NUM_TOKEN.fullmatch(tok.text)
    if m is not None:
        if m["cur"] or m["suf"] or m["pm"]:
            return None
        den = float(m["num"].replace(",", ""))
        if is_year_shaped(den, tok.text):
            return None  # "3 in 2019"
    else:
        entry = rules.words.get(tok.lower_)
        if entry is None or entry[1] not in ("unit", "tens", "scale") or tok.lower_ == "dozen":
            return None
        den = entry[0]
    if den <= span.value:
        return None
    after = doc[j + 2] if j + 2 < len(doc) else None
    if after is not None and (after.lemma_.lower() in TIME_UNITS or after.lower_ in ("%", "percent")):
        return None  # "3 in 10 minutes" is a rate, not a share
    return den, j + 1


def _match_currency_suffix(doc: Doc, j: int, rules: NumberRules, glued: bool) -> CurrencySuffix | None:
    """ "40 euros", "5 US dollars", "50p" (only glued), "300 pounds" (unless weighed)."""
    entry, k = match_table(doc, j, rules.currencies, 3)
    if entry is None:
        return None
    iso, position, factor = entry  # type: ignore[misc]
    if position != "suffix":
        return None
    first = doc[j].lower_
    if first == "p" and not glued:
        return None
    # "won" is a currency after a scale ("5.2 trillion won") or when tagged as a noun, else the verb
    if first == "won" and k == j + 1 and doc[j - 1].lower_ not in SCALE_WORDS and doc[j].tag_.startswith("VB"):
        return None
    if doc[k - 1].text.istitle() and k < len(doc) and doc[k].text.istitle() and doc[k].pos_ == "PROPN":
        return None  # "8 Rand Paul": a capitalised currency word that opens a name
    if first in ("kroner", "krone") and k == j + 1 and "norw" in doc.text.lower():
        return CurrencySuffix("NOK", 1.0, k)  # bare "kroner" is Danish unless the article is about Norway
    # "weighed 300 pounds": a weight, not money
    if (
        first in ("pound", "pounds")
        and k == j + 1
        and (any(t.lemma_ == "weigh" for t in doc[j].sent) or "lb" in doc[j].sent.text)
    ):
        return None
    return CurrencySuffix(iso, factor, k)


def _match_unit(doc: Doc, span: Candidate, j: int, rules: NumberRules) -> int:
    """A unit after the number ("15 miles", "a 10-mile walk", "35-year-old"); returns the new end."""
    n = len(doc)
    hyphen = False
    k0 = j
    if j + 1 < n and doc[j].text in HYPHENS and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
        hyphen = True
        k0 = j + 1
    height = RE_FOOT_INCHES.fullmatch(doc[k0].lower_) if hyphen else None
    if height is not None and 0 < int(height["inches"]) < INCHES_PER_FOOT:
        span.kind, span.unit, span.bare, span.hyphen_unit = "measure", "foot", False, True
        span.value += int(height["inches"]) / INCHES_PER_FOOT  # "6-foot-2" read by spaCy as "6", "-", "foot-2"
        return k0 + 1
    unit, k = match_table(doc, k0, rules.units, 3, lemma=True)
    if hyphen and glued_hyphen(doc, k0 + 1):
        two_words = f"{doc[k0].lower_} {doc[k0 + 2].lower_}"  # "a 1.4-square-mile city"
        if two_words in rules.units:
            unit, k = rules.units[two_words], k0 + 3
    if unit is None:
        return j
    if doc[k0].lower_ in ("c", "f") and span.value >= 0 and (k0 == j or doc[j - 1].whitespace_ or span.is_word):
        return j  # "C"/"F" for degrees only when glued to digits ("30C") or after a minus sign ("-11 C")
    if doc[k0].lower_ == "second" and k0 > 0 and doc[k0 - 1].lower_ in ("a", "the"):
        return j
    span.kind, span.unit, span.bare = "measure", unit, False  # type: ignore[assignment]
    span.hyphen_unit = hyphen
    # "35-year-old", "35 years old"
    if k + 1 < n and doc[k].text in HYPHENS and doc[k + 1].lower_ == "old" and unit == "year":
        k += 2
    # "seven-foot-one", "6-foot-2": a height, the inches after the feet
    if unit == "foot" and glued_hyphen(doc, k) and (inches := _small_number(doc[k + 1], rules)) is not None:
        span.value += inches / INCHES_PER_FOOT
        k += 2
    return k


def _small_number(tok: Token, rules: NumberRules) -> float | None:
    """The value of a digit or number-word token under twelve ("one", "11"), else None."""
    entry = rules.words.get(tok.lower_)
    if entry is not None and entry[1] == "unit":
        value = entry[0]
    elif tok.text.isdigit():
        value = float(tok.text)
    else:
        return None
    return value if 0 < value < INCHES_PER_FOOT else None
