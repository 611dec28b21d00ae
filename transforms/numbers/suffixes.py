"""What follows the number: a percent sign or word, "percentage points", a ratio ("one in five"),
a currency word ("40 euros"), a unit ("15 miles", "a 35-year-old") and an after-hedge ("30 or so").

The second stage of the extractor: widens a :class:`Candidate` to the right and sets its kind and unit.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Token

from transforms.numbers.lexicon import HYPHENS, POLL_CONTEXT, RE_NUM_TOKEN, SCALE_WORDS, TIME_UNITS, is_year_shaped
from transforms.numbers.records import Candidate
from transforms.numbers.rule_tables import NumberRules
from transforms.numbers.tokens import match_table


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
        elif low == "per" and j + 1 < n and doc[j + 1].lower_ == "cent":
            span.kind, span.unit, span.bare = "percent", "percent", False
            j += 2
        elif low == "percentage" and j + 1 < n and doc[j + 1].lower_ in ("point", "points"):
            span.kind, span.unit, span.bare = "percent", "percentage point", False
            j += 2
        elif low in ("point", "points", "pts") and _is_poll_sentence(doc, tok):
            # "four points ahead" in a poll story: percentage points, not points scored
            span.kind, span.unit, span.bare = "percent", "percentage point", False
            j += 1
        elif low == "in" and span.bare and (den := _ratio_denominator(doc, span, j, rules)) is not None:
            # "one in five adults": a share, stored as a percent (20)
            span.value = span.value / den * 100
            span.kind, span.unit, span.bare, span.ratio_den = "percent", "percent", False, j + 1
            j += 2
        else:
            currency = _match_currency_suffix(doc, j, rules, prev_glued)
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
    elif span.kind == "money" and j < n and span.unit == "USD":
        # "$5bn (Australian)" is rare; "US$" and "A$" are caught as prefixes. Nothing to add here.
        pass
    span.suffix_end = j
    # after-hedges: "30 or so", "30-odd", "50-plus"
    if j + 1 < n:
        key = doc[j].lower_ + " " + doc[j + 1].lower_
        if key in rules.hedges_after and (key == "or so" or not doc[j - 1].whitespace_):
            span.approximate = True
            j += 2
    span.end = j


def _is_poll_sentence(doc: Doc, tok: Token) -> bool:
    """True when the sentence of ``tok`` talks about polls or percentages (so "points" are percentage points)."""
    sent = tok.sent
    return any(t.lower_ in POLL_CONTEXT or t.text.startswith("±") for t in sent)


def _ratio_denominator(doc: Doc, span: Candidate, j: int, rules: NumberRules) -> float | None:
    """The "five" of "one in five" (``j`` is "in"), or None when "in" does not make a ratio."""
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
    return den


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
    unit, k = match_table(doc, k0, rules.units, 3, lemma=True)
    if unit is None:
        return j
    if doc[k0].lower_ in ("c", "f") and (k0 == j or doc[j - 1].whitespace_ or span.is_word):
        return j  # "C"/"F" for degrees only when glued to digits ("30C")
    if doc[k0].lower_ == "second" and k0 > 0 and doc[k0 - 1].lower_ in ("a", "the"):
        return j
    span.kind, span.unit, span.bare = "measure", unit, False  # type: ignore[assignment]
    span.hyphen_unit = hyphen
    # "35-year-old", "35 years old"
    if k + 1 < n and doc[k].text in HYPHENS and doc[k + 1].lower_ == "old" and unit == "year":
        k += 2
    return k
