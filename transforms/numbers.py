"""Quantities in news text: counts, percentages, money and measures, read off spaCy's tokens.

One pass over the tokens finds the numeric core of each quantity (digits such as "5,000" or "1.13bn",
number words such as "two hundred and fifty", "a dozen", "half a million", "hundreds of thousands"),
widens it to its currency, scale, percent sign or unit and to a hedge ("about", "more than"), then
drops what is not a quantity (dates, years, times, ordinals, numbers inside names, scores, phone
numbers, the pronoun "one"). The parse and the entity labels spaCy already computed give the noun that
is counted and the DATE/TIME/ORDINAL signal; no second spaCy call is made.

Decisions (see docs/numbers-gold.md for the full list):
- The span INCLUDES a hedge written before or after the number ("about 300", "more than 5,000",
  "30 or so"), the currency sign or word, the scale ("$1.13bn", "€40 million") and the unit or percent
  word ("15 miles", "35 percent", "a 35-year-old"). It never includes the counted noun ("5,000" in
  "5,000 criminals"). A range bound does not include "between".
- Ranges ("between 300 and 400", "10-15%", "£5m to £10m" is two figures anyway) give two numbers; a
  bare bound inherits the other's scale, currency, percent or unit ("10" in "10-15%" is 10 percent) and
  both bounds are approximate.
- "hundreds", "thousands", "dozens", "tens of thousands" are kept as approximate counts valued at their
  lower bound (200, 2000, 24, 20000).
- Durations and ages are measures in time units ("10 years", "a 35-year-old", "aged 35" -> 35 year).
- Sports scores and tallies ("won 3-1", "a 2-2 draw", "a vote of 51 to 48") are not quantities.
- Shares written as fractions or ratios ("two-thirds of", "half the", "one in five") are percents (66.67, 50,
  20); "5 points" is a percentage point in a sentence about polls or percents, else a count of points.
- An age in commas after a name ("Jones, 41,") is a measure in years.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from spacy.tokens import Doc, Token

from transforms.ids import stable_id
from transforms.rules import RULES_DIR, read_rule_csv


def _word_set(words: str) -> frozenset[str]:
    """A frozenset from a space-separated word list (keeps the long lists readable)."""
    return frozenset(words.split())


# A numeric token as spaCy leaves it: optional currency glued on ("HK$5bn", "Rs500"), digits with
# well-formed thousands separators or a decimal part, optional glued suffix (scale, %, pence, unit).
RE_NUM_TOKEN = re.compile(
    r"(?P<pm>±)?(?P<cur>[A-Z]{1,3}\$|\$|£|€|¥|₹|Rs\.?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suf>[A-Za-z°%/]+\d?)?"
)
# Glued suffixes that scale a number ("5m", "1.13bn", "20k").
SCALE_SUFFIXES: dict[str, float] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
# Scale words that may follow a number after a space ("40 million", "5 bn").
SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "mn": 1e6,
    "tn": 1e12,
    "hundred": 1e2,
}
MONTHS = _word_set(
    "january february march april june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec"
)
# Words after a number that make it a clock time.
TIME_SUFFIXES = _word_set("a.m. p.m. am pm a.m p.m gmt bst cet est edt pst pdt et pt utc o'clock hrs hundred_hours")
# Words that, written right before a bare number, make it a label ("Section 8", "No 10").
ID_PREFIXES = _word_set(
    "no no. number # section title article chapter flight route room page line platform gate channel "
    "radio bus apollo day level phase grade category game round stage part episode season series volume "
    "vol vol. highway interstate junction exit act clause paragraph rule verse psalm version windows pub "
    "tier class division league lot terminal ward district precinct unit"
)
# Nouns after "one" that make it an idiom, not a count ("one day", "one way or another").
ONE_IDIOM_NOUNS = _word_set("day time way thing hand side point moment stage kind sort another other")
# Words before "one" that make it a pronoun ("no one", "the one who").
ONE_PRONOUN_BEFORE = _word_set(
    "no any every each the this that which whichever someone anyone a another everyone either neither"
)
# Verbs and nouns of change: "sales rose 5%", "a 5% rise in sales" count sales, not the rise.
CHANGE_LEMMAS = _word_set(
    "rise fall increase decrease drop grow growth jump climb slip decline cut raise boost reduce gain "
    "lose loss surge slump soar plunge tumble edge dip fell rose hike lift lower slash expand shrink "
    "improve improvement reduction narrow widen"
)
# Nouns that never make a good "counted" (time words, pronoun-like nouns).
NOT_COUNTED = _word_set(
    "yesterday today tomorrow year years month week day time tonight morning evening night % percent cent per"
)
# After "100m", these make "m" metres, not million ("the 100m sprint").
METRE_CONTEXT = _word_set(
    "sprint race hurdles freestyle butterfly backstroke breaststroke relay medley final title record dash run swim "
    "champion champions champ gold silver bronze medal medallist heats indoors"
)
TIME_UNITS = _word_set("second minute hour day week month year decade century")
SCORE_NOUNS = _word_set("win victory defeat draw lead loss scoreline aggregate margin vote")
FRACTION_WORDS = _word_set("half halves third thirds quarter quarters fifth fifths tenth tenths")
# Denominators of written fractions ("two-thirds", "a quarter of", "three fifths").
FRACTION_DENOMINATORS: dict[str, int] = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
    "tenths": 10,
}
# After "half" these make it a share of what follows ("half the voters", "half of all", "half its staff").
HALF_FOLLOWERS = _word_set("of the its their his her our all those these")
# Words before "half" that make it a part of a match or a year, not a share ("the second half").
HALF_NOT_AFTER = _word_set("the a first second last other better 1st 2nd")
# Words in a sentence that make "5 points" percentage points (polls), not points scored.
POLL_CONTEXT = _word_set("% percent cent poll polls polling pollster survey surveys percentage approval rating ±")
# Lemmas before a descending "51 to 48" that make it a vote tally or a score.
TALLY_LEMMAS = _word_set("vote win beat lose pass defeat approve reject margin score")
# Track and pool distances written glued to "m" after "the" ("the 10,000m"): metres, not millions.
RACE_DISTANCES = frozenset({50, 60, 100, 110, 200, 400, 800, 1000, 1500, 3000, 5000, 10000})
HYPHENS = frozenset({"-", "–", "—"})


@dataclass(frozen=True)
class NumberRules:
    """Rule data for :func:`extract_numbers`; swap it in tests.

    Attributes:
        currencies: alias -> (ISO 4217 code, position "prefix"/"suffix", factor); suffix aliases are
            lowercase token sequences joined by spaces ("australian dollars"), prefixes exact ("HK$").
        units: lowercase alias (token sequence joined by spaces) -> singular unit word.
        hedges_before / hedges_after: lowercase token sequences joined by spaces.
        words: number word -> (value, role), role in unit/tens/scale/plural.
    """

    currencies: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    hedges_before: frozenset[str] = frozenset()
    hedges_after: frozenset[str] = frozenset()
    words: dict[str, tuple[float, str]] = field(default_factory=dict)


def load_number_rules(rules_dir: Path = RULES_DIR) -> NumberRules:
    """Read the ``number_*.csv`` rule tables once (at import) into a :class:`NumberRules`."""

    def rows(name: str) -> list[dict[str, str]]:
        return read_rule_csv(name, rules_dir)

    currencies = {r["alias"]: (r["iso"], r["position"], float(r["factor"])) for r in rows("number_currencies.csv")}
    units = {r["alias"].lower(): r["unit"] for r in rows("number_units.csv")}
    hedges = rows("number_hedges.csv")
    words = {r["word"]: (float(r["value"]), r["role"]) for r in rows("number_words.csv")}
    return NumberRules(
        currencies=currencies,
        units=units,
        hedges_before=frozenset(h["phrase"] for h in hedges if h["position"] == "before"),
        hedges_after=frozenset(h["phrase"] for h in hedges if h["position"] == "after"),
        words=words,
    )


NUMBER_RULES = load_number_rules()


@dataclass(frozen=True)
class Number:
    """One quantity in an article body; offsets are half-open into the body given to spaCy."""

    number_id: str
    article_id: str
    text: str
    value: float
    kind: str
    unit: str | None
    counted: str | None
    approximate: bool
    in_quote: bool
    start_char: int
    end_char: int


@dataclass
class _Span:
    """Work record for one candidate quantity (token indices, half-open)."""

    start: int  # first token of the span (hedge or currency included)
    end: int  # one past the last token of the span
    core_start: int  # first token of the number itself
    core_end: int  # one past the last number token (scale included)
    value: float
    bare: bool  # digits or words with no scale, currency, percent or unit
    scaled: bool = False
    kind: str = "count"
    unit: str | None = None
    approximate: bool = False
    between: bool = False
    from_: bool = False
    is_word: bool = False
    counted: str | None = None
    drop: bool = False
    plural_scale: bool = False
    suffix_end: int = -1  # one past the last unit/percent/currency token (before any after-hedge)
    hyphen_unit: bool = False
    trim_end: int = 0  # characters to drop from the last token ("1.2m." at a sentence end keeps its ".")
    partner: _Span | None = None  # the other bound of a range whose unit this bound inherited
    fraction: bool = False  # "two-thirds", "half of": a share written as a fraction
    ratio_den: int = -1  # token index of the denominator of "one in five"


def extract_numbers(
    doc: Doc,
    *,
    article_id: str,
    quote_spans: Sequence[tuple[int, int]] = (),
    rules: NumberRules = NUMBER_RULES,
) -> list[Number]:
    """Find every quantity in a parsed article: counts, percentages, money and measures.

    Args:
        doc: the article body parsed by the pipeline's spaCy model (parser and NER used, not re-run).
        article_id: the article's id, part of each ``number_id``.
        quote_spans: half-open character spans of quotations; a number wholly inside one is ``in_quote``.
        rules: currency, unit, hedge and number-word tables.

    Returns:
        Numbers in document order. ``text`` is ``doc.text[start_char:end_char]`` and includes the hedge
        ("about 300"), currency and scale ("$1.13bn") and unit ("15 miles"), never the counted noun.

    Notes:
        Rules, not a model: precision depends on spaCy's parse for ``counted`` and on its DATE/TIME
        labels for excluding dates. Measured on real news (docs/numbers-gold.md): value+kind precision
        about 0.91-0.95, unit 1.0, counted about 0.93. Known limits: an age limit without "aged" ("voters
        under 30"), idioms such as "half the person", and a "$" whose country is only named elsewhere in
        the article (read as USD).
    """
    spans: list[_Span] = []
    n = len(doc)
    i = 0
    while i < n:
        span = _match_core(doc, i, rules)
        if span is None:
            i += 1
            continue
        _extend_right(doc, span, rules)
        _extend_left(doc, span, rules)
        spans.append(span)
        i = span.end
    _link_ranges(doc, spans)
    numbers: list[Number] = []
    text = doc.text
    for span in spans:
        if span.drop or _is_excluded(doc, span):
            span.drop = True
            continue
        span.counted = _find_counted(doc, span)
    for span in spans:
        if span.partner is not None and span.counted is None:
            span.counted = span.partner.counted
    for span in spans:
        if span.drop:
            continue
        start_char = doc[span.start].idx
        last = doc[span.end - 1]
        end_char = last.idx + len(last.text) - (span.trim_end if span.end == span.core_end else 0)
        numbers.append(
            Number(
                number_id=stable_id(article_id, start_char, end_char, "number"),
                article_id=article_id,
                text=text[start_char:end_char],
                value=span.value,
                kind=span.kind,
                unit=span.unit,
                counted=span.counted,
                approximate=span.approximate,
                in_quote=any(qs <= start_char and end_char <= qe for qs, qe in quote_spans),
                start_char=start_char,
                end_char=end_char,
            )
        )
    return numbers


# --- finding the number ---------------------------------------------------------------------------


def _match_core(doc: Doc, i: int, rules: NumberRules) -> _Span | None:
    """The numeric core starting at token ``i`` (digits, or a run of number words), or None."""
    tok = doc[i]
    first = tok.text[0]
    if (
        first.isdigit()
        or (len(tok.text) > 1 and not first.isalpha() and tok.text[-1].isdigit())
        or (first in "$£€¥₹" or tok.text[:2] in ("Rs", "US", "HK", "NZ", "A$", "C$", "S$", "R$", "NT", "AU", "CA"))
    ):
        return _match_digits(doc, i, rules)
    lower = tok.lower_
    if lower in rules.words or lower in ("a", "an", "half"):
        return _match_fraction(doc, i, rules) or _match_words(doc, i, rules)
    return None


def _match_fraction(doc: Doc, i: int, rules: NumberRules) -> _Span | None:
    """A share written as a fraction: "two-thirds of", "a quarter of", "half the voters", "by a third".

    It becomes a percent (two-thirds -> 66.67) so shares add up with "%" figures in the warehouse.
    """
    n = len(doc)
    low = doc[i].lower_
    prev = doc[i - 1].lower_ if i > 0 else ""
    if low == "half":
        if (
            i + 1 >= n
            or doc[i + 1].lower_ not in HALF_FOLLOWERS
            or prev in HALF_NOT_AFTER
            or (i > 0 and doc[i - 1].pos_ in ("ADJ", "PROPN", "NOUN") and prev != "more")
        ):
            # "half a million" is a number word; "the second half", "the Republican half of" are parts
            return None
        span = _Span(start=i, end=i + 1, core_start=i, core_end=i + 1, value=50.0, bare=False, is_word=True)
        span.kind, span.unit, span.fraction = "percent", "percent", True
        return span
    if low in ("a", "an", "one"):
        numerator = 1.0
    else:
        entry = rules.words.get(low)
        if entry is None or entry[1] != "unit" or not 1 < entry[0] < 10:
            return None
        numerator = entry[0]
    k = i + 1
    hyphen = k < n and doc[k].text in HYPHENS and not doc[i].whitespace_ and not doc[k].whitespace_
    if hyphen:
        k += 1
    if k >= n or doc[k].lower_ not in FRACTION_DENOMINATORS or (low in ("a", "an") and hyphen):
        return None
    den = FRACTION_DENOMINATORS[doc[k].lower_]
    nxt = doc[k + 1] if k + 1 < n else None
    # a share needs what it is a share of, a change ("fell by a third") or a noun it qualifies ("a two-thirds
    # majority"); "a quarter" alone is usually three months, "three quarters" of a match.
    if not (
        (nxt is not None and nxt.lower_ == "of")
        or prev == "by"
        or (hyphen and nxt is not None and nxt.pos_ == "NOUN" and numerator > 1)
        or (den == 2 and nxt is not None and nxt.lower_ in HALF_FOLLOWERS)
    ):
        return None
    if den == 4 and nxt is not None and nxt.lower_ == "of" and k + 2 < n and doc[k + 2].lower_ in ("an", "a"):
        return None  # "a quarter of an hour", "three quarters of a mile": a measure, left alone
    span = _Span(start=i, end=k + 1, core_start=i, core_end=k + 1, value=numerator / den * 100, bare=False)
    span.kind, span.unit, span.fraction, span.is_word = "percent", "percent", True, True
    return span


def _match_digits(doc: Doc, i: int, rules: NumberRules) -> _Span | None:
    """A digit token ("5,000", "1.13bn", "HK$5bn", "35%") with a following scale word or suffix."""
    tok = doc[i]
    m = RE_NUM_TOKEN.fullmatch(tok.text)
    if m is None:
        return None
    num = m["num"]
    if len(num) > 1 and num[0] == "0" and num[1] != ".":
        return None  # "007", "0800": codes, not quantities
    value = float(num.replace(",", ""))
    span = _Span(start=i, end=i + 1, core_start=i, core_end=i + 1, value=value, bare=True)
    cur = m["cur"]
    if cur:
        code = rules.currencies.get(cur)
        if code is None:
            return None
        span.kind, span.unit, span.bare = "money", code[0], False
    suf = m["suf"]
    if suf:
        low = suf.lower()
        if low in SCALE_SUFFIXES:
            span.value *= SCALE_SUFFIXES[low]
            span.scaled, span.bare = True, False
        elif low == "%":
            span.kind, span.unit, span.bare = "percent", "percent", False
        elif low == "p" and not cur:
            span.kind, span.unit, span.bare = "money", "GBP", False
            span.value *= 0.01
        elif low in rules.units and not cur:
            span.kind, span.unit, span.bare = "measure", rules.units[low], False
        else:
            return None  # "3rd", "10.30am", "1990s", "4x4": not a plain quantity
    j = i + 1
    n = len(doc)
    if not span.scaled and j < n:
        nxt = doc[j]
        low = nxt.lower_
        if not tok.whitespace_ and low[-1:] == "." and low[:-1] in SCALE_SUFFIXES:
            # "£1.2m." at a sentence end: spaCy keeps the full stop on the suffix
            span.value *= SCALE_SUFFIXES[low[:-1]]
            span.scaled, span.bare = True, False
            span.trim_end = 1
            j += 1
        elif not tok.whitespace_ and low in SCALE_SUFFIXES:
            if low == "m" and span.kind != "money" and _is_race(doc, i, j, value):
                span.kind, span.unit, span.bare = "measure", "metre", False
            else:
                span.value *= SCALE_SUFFIXES[low]
                span.scaled, span.bare = True, False
            j += 1
        elif low in SCALE_WORDS and (low != "hundred" or "." not in num):
            span.value *= SCALE_WORDS[low]
            span.scaled, span.bare = True, False
            j += 1
            # "5 hundred thousand", "2.5 thousand million" (rare, but cheap)
            if j < n and doc[j].lower_ in SCALE_WORDS and SCALE_WORDS[doc[j].lower_] > SCALE_WORDS[low]:
                span.value *= SCALE_WORDS[doc[j].lower_]
                j += 1
    span.core_end = span.end = j
    return span


def _is_race(doc: Doc, i: int, j: int, value: float) -> bool:
    """ "100m" at token ``i`` (the "m" at ``j``) is a distance: "the 100m sprint", "won the 10,000m"."""
    if j + 1 < len(doc) and doc[j + 1].lower_ in METRE_CONTEXT:
        return True
    return i > 0 and doc[i - 1].lower_ == "the" and value in RACE_DISTANCES


def _match_words(doc: Doc, i: int, rules: NumberRules) -> _Span | None:
    """A run of number words: "two", "twenty-five", "two hundred and fifty", "a dozen", "half a million",
    "hundreds of thousands"."""
    n = len(doc)
    words = rules.words
    tok = doc[i]
    lower = tok.lower_
    # "a million", "an estimated" is handled as a hedge; "half a million", "half a dozen"
    factor = 1.0
    j = i
    if lower in ("a", "an"):
        if j + 1 < n and words.get(doc[j + 1].lower_, (0, ""))[1] == "scale":
            j += 1
        else:
            return None
    elif lower == "half":
        if j + 2 < n and doc[j + 1].lower_ == "a" and words.get(doc[j + 2].lower_, (0, ""))[1] == "scale":
            factor = 0.5
            j += 2
        else:
            return None
    role = words.get(doc[j].lower_, (0.0, ""))[1]
    if role == "plural":
        return _match_plural_scale(doc, i, j, rules)
    total = 0.0
    current = 0.0
    seen = False
    last_role = ""
    k = j
    while k < n:
        low = doc[k].lower_
        entry = words.get(low)
        if entry is None:
            # "twenty-five": a hyphen glued on both sides between tens and a unit word
            if (
                low in HYPHENS
                and last_role == "tens"
                and not doc[k - 1].whitespace_
                and not doc[k].whitespace_
                and k + 1 < n
                and words.get(doc[k + 1].lower_, (0, ""))[1] == "unit"
            ):
                k += 1
                continue
            # "one and a half million", "two and a half years"
            if (
                low == "and"
                and last_role == "unit"
                and k + 2 < n
                and doc[k + 1].lower_ == "a"
                and doc[k + 2].lower_ in ("half", "quarter")
            ):
                current += 0.5 if doc[k + 2].lower_ == "half" else 0.25
                k += 3
                continue
            # "two hundred and fifty"
            if (
                low == "and"
                and last_role == "scale"
                and k + 1 < n
                and words.get(doc[k + 1].lower_, (0, ""))[1] in ("unit", "tens")
            ):
                k += 1
                continue
            break
        value, role = entry
        if role == "plural":
            break
        if role in ("unit", "tens"):
            if last_role in ("unit",) or (last_role == "tens" and role == "tens"):
                break  # "two three" is not one number
            current += value
        else:  # scale
            if value == 100:
                current = (current or 1.0) * value
            else:
                total += (current or 1.0) * value
                current = 0.0
        seen = True
        last_role = role
        k += 1
    if not seen or (last_role == "scale" and k - j == 1 and i == j):
        return None  # a bare scale word ("multi-billion dollar", "million") states no number
    value = (total + current) * factor
    span = _Span(start=i, end=k, core_start=i, core_end=k, value=value, bare=True, is_word=True)
    if k - i > 1 or last_role == "scale":
        span.bare = last_role != "scale" and factor == 1.0
    return span


def _match_plural_scale(doc: Doc, i: int, j: int, rules: NumberRules) -> _Span | None:
    """ "hundreds", "thousands of", "tens of thousands", "hundreds of millions": approximate counts at
    their lower bound (twice the scale)."""
    n = len(doc)
    low = doc[j].lower_
    base = rules.words[low][0]
    if low in ("scores", "tens") and not (j + 1 < n and doc[j + 1].lower_ == "of"):
        return None  # "scores" alone is a sports word; "tens" needs "of thousands"
    if low == "tens" and rules.words.get(doc[j + 2].lower_ if j + 2 < n else "", (0, ""))[1] != "plural":
        return None
    if i != j:
        return None  # "a thousands" is not English
    value = 2 * base
    k = j + 1
    # "hundreds of thousands", "tens of millions"
    if k + 1 < n and doc[k].lower_ == "of" and rules.words.get(doc[k + 1].lower_, (0, ""))[1] == "plural":
        value *= rules.words[doc[k + 1].lower_][0]
        k += 2
    span = _Span(start=i, end=k, core_start=i, core_end=k, value=value, bare=True, is_word=True)
    span.approximate = True
    span.plural_scale = True
    return span


def _match_table(doc: Doc, j: int, table: dict, max_len: int = 3, lemma: bool = False) -> tuple[object, int]:
    """Longest lowercase token sequence from ``j`` found in ``table``: (entry, end index) or (None, j)."""
    n = len(doc)
    for length in range(min(max_len, n - j), 0, -1):
        key = " ".join(doc[k].lower_ for k in range(j, j + length))
        if key in table:
            return table[key], j + length
        if lemma:
            key = " ".join(doc[k].lemma_.lower() for k in range(j, j + length))
            if key in table:
                return table[key], j + length
    return None, j


def _extend_right(doc: Doc, span: _Span, rules: NumberRules) -> None:
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
            entry, k = _match_currency_suffix(doc, j, rules, prev_glued)
            if entry is not None:
                iso, factor = entry
                span.kind, span.unit, span.bare = "money", iso, False
                span.value *= factor
                j = k
            elif span.plural_scale and low == "of" and j + 1 < n:
                entry, k = _match_currency_suffix(doc, j + 1, rules, False)
                if entry is not None:
                    span.kind, span.unit, span.bare = "money", entry[0], False
                    j = k
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


def _ratio_denominator(doc: Doc, span: _Span, j: int, rules: NumberRules) -> float | None:
    """The "five" of "one in five" (``j`` is "in"), or None when "in" does not make a ratio."""
    if j + 1 >= len(doc) or not span.value.is_integer() or not 0 < span.value < 100:
        return None
    tok = doc[j + 1]
    m = RE_NUM_TOKEN.fullmatch(tok.text)
    if m is not None:
        if m["cur"] or m["suf"] or m["pm"]:
            return None
        den = float(m["num"].replace(",", ""))
        if 1000 <= den <= 2100 and "," not in tok.text:
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


def _match_currency_suffix(doc: Doc, j: int, rules: NumberRules, glued: bool) -> tuple[object, int]:
    """ "40 euros", "5 US dollars", "50p" (only glued), "300 pounds" (unless weighed)."""
    entry, k = _match_table(doc, j, rules.currencies, 3)
    if entry is None:
        return None, j
    iso, position, factor = entry  # type: ignore[misc]
    if position != "suffix":
        return None, j
    first = doc[j].lower_
    if first == "p" and not glued:
        return None, j
    # "won" is a currency after a scale ("5.2 trillion won") or when tagged as a noun, else the verb
    if first == "won" and k == j + 1 and doc[j - 1].lower_ not in SCALE_WORDS and doc[j].tag_.startswith("VB"):
        return None, j
    if first in ("kroner", "krone") and k == j + 1 and "norw" in doc.text.lower():
        return ("NOK", 1.0), k  # bare "kroner" is Danish unless the article is about Norway
    # "weighed 300 pounds": a weight, not money
    if (
        first in ("pound", "pounds")
        and k == j + 1
        and (any(t.lemma_ == "weigh" for t in doc[j].sent) or "lb" in doc[j].sent.text)
    ):
        return None, j
    return (iso, factor), k


def _match_unit(doc: Doc, span: _Span, j: int, rules: NumberRules) -> int:
    """A unit after the number ("15 miles", "a 10-mile walk", "35-year-old"); returns the new end."""
    n = len(doc)
    hyphen = False
    k0 = j
    if j + 1 < n and doc[j].text in HYPHENS and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
        hyphen = True
        k0 = j + 1
    unit, k = _match_table(doc, k0, rules.units, 3, lemma=True)
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


def _extend_left(doc: Doc, span: _Span, rules: NumberRules) -> None:
    """Take a currency sign written apart ("$" "5", "USD 5") and a hedge before the number."""
    s = span.start
    if s > 0 and span.kind == "count":
        entry = rules.currencies.get(doc[s - 1].text)
        if entry is not None and entry[1] == "prefix":
            span.kind, span.unit, span.bare = "money", entry[0], False
            span.value *= entry[2]
            s -= 1
    # "aged 35", "the age of 10"
    if (
        s > 0
        and span.kind == "count"
        and (doc[s - 1].lower_ == "aged" or (s > 1 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ == "age"))
    ):
        span.kind, span.unit, span.bare = "measure", "year", False
    # "Jones, 41, of Leeds", "The striker, 24, has": an age in commas after a person
    if (
        s > 1
        and span.kind == "count"
        and span.bare
        and not span.is_word
        and span.value.is_integer()
        and 0 < span.value < 120
        and doc[s - 1].text == ","
        and doc[s - 2].pos_ in ("PROPN", "NOUN")
        and doc[s - 2].ent_type_ not in ("GPE", "LOC", "DATE", "FAC")
        and span.end < len(doc)
        and doc[span.end].text in (",", ";")
    ):
        span.kind, span.unit, span.bare = "measure", "year", False
    for length in (3, 2, 1):
        if s - length < 0:
            continue
        key = " ".join(doc[k].lower_ for k in range(s - length, s))
        if key in rules.hedges_before:
            if key in ("over", "under") and span.kind == "measure" and span.unit in TIME_UNITS:
                break  # "over 10 years" is usually "during", not "more than"
            span.approximate = True
            s -= length
            break
    if s > 0 and doc[s - 1].lower_ == "between":
        span.between = True
    if s > 0 and doc[s - 1].lower_ == "from":
        span.from_ = True
    span.start = s


# --- ranges, exclusions and the counted noun -----------------------------------------------------


def _link_ranges(doc: Doc, spans: list[_Span]) -> None:
    """Pair range bounds ("10-15%", "between 300 and 400", "5 to 10 miles") and drop sports scores ("3-1")."""
    for a, b in pairwise(spans):
        if b.start - a.end != 1:
            continue
        joiner = doc[a.end]
        low = joiner.lower_
        is_hyphen = joiner.text in HYPHENS
        glued = is_hyphen and not doc[a.end - 1].whitespace_ and not joiner.whitespace_
        if not (is_hyphen or low == "to" or (low == "and" and a.between)):
            continue
        if low == "to" and _is_tally(doc, a, b):
            a.drop = b.drop = True
            continue
        if glued and a.bare and b.bare and not a.is_word and not b.is_word and _is_score(doc, a, b):
            a.drop = b.drop = True
            continue
        same_kind = a.kind == "count" or (a.kind == "money" and b.kind in ("money", "count"))
        scale = _span_scale(doc, b) if (same_kind and not a.scaled and not a.is_word and b.scaled) else 1.0
        scale_ok = scale > 1 and a.value * scale <= b.value
        kind_ok = a.kind == "count" and b.kind != "count"
        back_ok = b.kind == "count" and a.kind == "money" and not b.is_word  # "£5-10m"
        if low == "to" and (a.from_ or not (scale_ok or kind_ok or back_ok)):
            continue  # "rose from 5% to 10%", "rose 32,000 to 1.41 million": two figures, not a range
        if scale_ok:
            a.value *= scale
            a.scaled = True
        if kind_ok:
            a.value *= _money_factor(doc, b)
            a.kind, a.unit = b.kind, b.unit
        if back_ok:
            b.kind, b.unit = a.kind, a.unit
        if scale_ok or kind_ok:
            a.bare = False
            a.partner = b
        a.approximate = b.approximate = True


def _is_tally(doc: Doc, a: _Span, b: _Span) -> bool:
    """ "confirmed by a vote of 51 to 48", "beat them 21 to 17": a descending pair of bare integers after a
    vote or score word is a tally, like "52-48"."""
    if not (a.bare and b.bare and a.value > b.value and a.value.is_integer() and b.value.is_integer()) or a.from_:
        return False
    return any(doc[k].lemma_.lower() in TALLY_LEMMAS for k in range(max(0, a.start - 4), a.start))


def _span_scale(doc: Doc, span: _Span) -> float:
    """The scale factor (1e6 for "15m") applied to ``span``'s number."""
    m = RE_NUM_TOKEN.fullmatch(doc[span.core_start].text)
    if m is None:
        return 1.0
    raw = float(m["num"].replace(",", ""))
    if raw == 0:
        return 1.0
    return span.value / raw / _money_factor(doc, span)


def _money_factor(doc: Doc, span: _Span) -> float:
    """0.01 for pence and cents, else 1."""
    if span.kind != "money":
        return 1.0
    for k in range(span.core_end, span.suffix_end):
        if doc[k].lower_ in ("p", "pence", "cent", "cents"):
            return 0.01
    m = RE_NUM_TOKEN.fullmatch(doc[span.core_start].text)
    if m is not None and (m["suf"] or "").lower() == "p":
        return 0.01
    return 1.0


def _is_score(doc: Doc, a: _Span, b: _Span) -> bool:
    """ "3-1", "2-2 draw", "555-1234": a hyphen pair of bare integers that is not an ascending range
    followed by what it counts ("10-15 people")."""
    if b.end >= len(doc) or a.value >= b.value:
        return True  # ranges ascend; "5-1" and "2-2" are scores
    for k in range(b.end, min(b.end + 4, len(doc))):
        if doc[k].lemma_.lower() in SCORE_NOUNS:
            return True
    nxt = doc[b.end]
    return not (nxt.tag_ == "NNS" or nxt.lower_ == "people")


def _is_excluded(doc: Doc, span: _Span) -> bool:
    """True when the candidate is a date, year, time, label, score or the pronoun "one"."""
    core = doc[span.core_start]
    last = doc[span.core_end - 1]
    n = len(doc)
    nxt = doc[span.suffix_end] if span.suffix_end < n else None
    prev = doc[span.core_start - 1] if span.core_start > 0 else None
    # clock times: "3 p.m.", "at 10 GMT"
    if nxt is not None and nxt.lower_ in TIME_SUFFIXES:
        return True
    if span.kind == "count" and not span.scaled:
        value = span.value
        # a DATE or TIME entity ("March 3, 2019", "the 1990s", "3 o'clock") or an ORDINAL; spaCy also
        # labels "Forty-eight senators" a DATE, so a number counting a plural noun is kept
        year_like = not span.is_word and 1000 <= value <= 2100 and "," not in core.text
        if (
            core.ent_type_ in ("DATE", "TIME", "ORDINAL")
            and not span.plural_scale
            and not (_counts_plural(last) and not year_like)
        ):
            return True
        if not span.is_word:
            # years: "in 2019", "the 2019 election", but "2000 people" is a count
            if (
                1000 <= value <= 2100
                and value.is_integer()
                and "," not in core.text
                and not (last.dep_ == "nummod" and last.head.tag_ in ("NNS", "NNPS") and last.head.i > last.i)
            ):
                return True
            # "the 2008 primaries", "in 2004 polls": a year before a plural noun after a determiner
            if year_like and prev is not None and prev.lower_ in ("the", "in", "its", "their", "his", "her", "since"):
                return True
            # day of the month next to a month name: "March 3", "3 March"
            if value <= 31 and (
                (prev is not None and prev.lower_.rstrip(".") in MONTHS)
                or (nxt is not None and nxt.lower_.rstrip(".") in MONTHS)
            ):
                return True
        # a label: "Title 42", "Section 8", "Boeing 737", "day 1", "Formula One"
        if prev is not None and span.start == span.core_start and _is_label(prev, last, span):
            return True
        if span.is_word and _is_pronoun_one(doc, span):
            return True
        # "One Direction", "the Big Four": a capitalised number word inside a name
        if span.is_word and core.text[0].isupper() and not core.is_sent_start:
            if core.ent_type_ not in ("", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
                return True
            if nxt is not None and nxt.pos_ == "PROPN":
                return True
        if span.is_word and core.lower_ == "zero" and last.dep_ != "nummod":
            return True
    if span.is_word and _is_fraction(doc, span):
        return True
    if span.bare and not span.is_word and _is_glued_code(doc, span):
        return True
    # "the 2005 year", "the 1990 decade": a year with a time word, not a duration
    if (
        span.kind == "measure"
        and span.unit in ("year", "decade", "century")
        and 1000 <= span.value <= 2100
        and not span.hyphen_unit
        and doc[span.suffix_end - 1].tag_ == "NN"
    ):
        return True
    # "four years ago": a point in time, not a duration
    if span.kind == "measure" and span.unit in TIME_UNITS and nxt is not None and nxt.lower_ == "ago":
        return True
    # "one day he will": an idiom, not a duration
    if span.kind == "measure" and core.lower_ == "one" and span.unit == "day" and not span.hyphen_unit:
        return True
    return prev is not None and prev.text in ("#", "No.", "no.") and span.start == span.core_start


def _is_glued_code(doc: Doc, span: _Span) -> bool:
    """ "3G", "(10-8)", "No. 2", a list heading "4 Gina Rodriguez Says...": digits that name or score."""
    n = len(doc)
    k = span.core_end
    last = doc[k - 1]
    if k < n and not last.whitespace_:
        nxt = doc[k]
        if nxt.is_alpha and nxt.text[0].isupper():
            return True  # "3G": a letter glued on that is no unit or scale
        if nxt.text in HYPHENS and k + 1 < n and not nxt.whitespace_:
            after = doc[k + 1].text
            if after[:1].isdigit() and RE_NUM_TOKEN.fullmatch(after) is None:
                return True  # "(10-8)": the other half of a score spaCy glued to a bracket
    s = span.core_start
    if s >= 2 and doc[s - 1].text == "." and doc[s - 2].lower_ == "no" and not doc[s - 2].whitespace_:
        return True  # "the No. 2 Republican"
    # a list heading: digits opening a line, followed by a proper name
    at_line_start = s == 0 or "\n" in doc[s - 1].whitespace_ or doc[s - 1].is_space
    return at_line_start and k < n and doc[k].pos_ == "PROPN" and doc[k].text[0].isupper()


def _counts_plural(last: Token) -> bool:
    """True when the number's last token modifies a plural noun after it that is not a time word."""
    head = last.head
    return (
        last.dep_ == "nummod"
        and head.i > last.i
        and head.tag_ in ("NNS", "NNPS")
        and head.lemma_.lower() not in TIME_UNITS
        and head.lemma_.lower() not in NOT_COUNTED
    )


def _is_fraction(doc: Doc, span: _Span) -> bool:
    """ "two-thirds", "three quarters": fractions are not extracted (a documented gap)."""
    k = span.core_end
    if k < len(doc) and doc[k].text in HYPHENS:
        k += 1
    return k < len(doc) and doc[k].lower_ in FRACTION_WORDS


def _is_label(prev: Token, last: Token, span: _Span) -> bool:
    """A bare number right after a noun that it names rather than counts."""
    if prev.lower_ in ID_PREFIXES and prev.whitespace_ != "" and prev.pos_ in ("NOUN", "PROPN", "X", "SYM"):
        if prev.text[0].isupper() and not prev.is_sent_start:
            return True  # "Radio 2 listeners", "Section 8 housing"
        return not (last.dep_ == "nummod" and last.head.i > last.i and last.head.tag_ in ("NNS", "NNPS"))
    if prev.lower_ in ("no", "no.", "number", "#") and prev.pos_ != "DET":
        return True
    if prev.pos_ in ("PROPN", "NOUN") and prev.tag_ not in ("NNS", "NNPS"):
        # "Boeing 737", "Title 42": the number hangs on the noun before it
        if last.head.i == prev.i or last.head.i < last.i:
            return True
        if (
            prev.pos_ == "PROPN"
            and prev.text[0].isupper()
            and not (last.dep_ == "nummod" and last.head.i > last.i and last.head.tag_ == "NNS")
        ):
            return True
    return False


def _is_pronoun_one(doc: Doc, span: _Span) -> bool:
    """ "no one", "the one who", "one another", "one day": "one" that counts nothing."""
    core = doc[span.core_start]
    if span.core_end - span.core_start != 1 or core.lower_ != "one" or span.kind != "count":
        return False
    n = len(doc)
    if span.start == span.core_start and core.i > 0 and doc[core.i - 1].lower_ in ONE_PRONOUN_BEFORE:
        return True
    if _glued_hyphen(doc, core.i + 1) and doc[core.i + 2].lower_ in ("off", "sided", "liner", "stop"):
        return True  # "one-off gains", "a one-sided match": adjectives, not counts
    nxt = doc[core.i + 1] if core.i + 1 < n else None
    if nxt is not None and nxt.lower_ == "of":
        return False  # "one of the officers"
    if core.dep_ == "nummod" and core.head.i > core.i and core.head.pos_ in ("NOUN", "PROPN"):
        return core.head.lemma_.lower() in ONE_IDIOM_NOUNS
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.tag_ in ("NN", "NNP"):
        return nxt.lemma_.lower() in ONE_IDIOM_NOUNS
    return True


def _noun_lemma(tok: Token) -> str | None:
    """The lemma of the noun phrase head at ``tok`` ("police officers" -> "officer"), or None."""
    guard = 0
    while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN") and guard < 4:
        tok = tok.head
        guard += 1
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = tok.lemma_.lower()
    if lemma in NOT_COUNTED or tok.ent_type_ in ("DATE", "TIME", "GPE"):
        return None
    if tok.tag_ == "NNPS" and lemma == tok.lower_ and lemma.endswith("s"):
        # "Republicans", "Wallabies": spaCy keeps proper plurals as written
        lemma = lemma[:-3] + "y" if lemma.endswith("ies") else lemma[:-1]
    doc = tok.doc
    i = tok.i
    # "e-mails", "x-rays", "by-elections": spaCy splits a short prefix off at the hyphen
    if _glued_hyphen(doc, i + 1) and len(tok.text) <= 3 and doc[i + 2].is_alpha:
        return f"{lemma}-{doc[i + 2].lemma_.lower()}"
    if i >= 2 and _glued_hyphen(doc, i - 1) and len(doc[i - 2].text) <= 3 and doc[i - 2].is_alpha:
        return f"{doc[i - 2].lower_}-{lemma}"
    return lemma


def _glued_hyphen(doc: Doc, k: int) -> bool:
    """True when token ``k`` is a hyphen with no space on either side ("e-mail")."""
    return 0 < k < len(doc) - 1 and doc[k].text in HYPHENS and not doc[k - 1].whitespace_ and not doc[k].whitespace_


def _of_object(doc: Doc, k: int) -> str | None:
    """The noun after "of" at token ``k`` ("of the officers" -> "officer"; "of them" -> None)."""
    of = doc[k]
    for child in of.children:
        if child.dep_ == "pobj":
            if child.pos_ == "PRON":
                return None
            return _noun_lemma(child)
    for m in range(k + 1, min(k + 5, len(doc))):
        t = doc[m]
        if t.pos_ in ("NOUN", "PROPN"):
            return _noun_lemma(t)
        if t.pos_ not in ("DET", "ADJ", "PRON", "PART", "NUM", "ADV"):
            return None
    return None


def _find_counted(doc: Doc, span: _Span) -> str | None:
    """The noun a quantity counts or measures: nummod head, "of" object, or the noun after it."""
    n = len(doc)
    after = span.suffix_end if span.suffix_end >= 0 else span.end
    nxt = doc[after] if after < n else None
    if span.kind == "percent":
        return _percent_counted(doc, span, nxt)
    if span.kind == "count":
        if (
            _glued_hyphen(doc, span.core_end)
            and span.core_end + 1 < n
            and doc[span.core_end + 1].is_alpha
            and doc[span.core_end + 1].lower_ not in ("old", "odd", "plus")
        ):
            # "a two-man race", "a five-member panel": the number counts the word after the hyphen
            return doc[span.core_end + 1].lemma_.lower()
        for k in range(span.core_start, span.core_end):
            tok = doc[k]
            head = tok.head
            if (
                tok.dep_ in ("nummod", "quantmod", "amod", "compound")
                and head.i >= span.end
                and head.pos_
                in (
                    "NOUN",
                    "PROPN",
                )
            ):
                lemma = _noun_lemma(head)
                if lemma is not None:
                    return lemma
        if nxt is not None and nxt.lower_ == "of":
            return _of_object(doc, after)
        # the parse missed the link ("5m people" as an apposition): take a plural noun right after
        m = after
        while m < n and m < after + 3 and doc[m].pos_ in ("ADJ", "ADV") and doc[m].lower_ not in ("ago", "later"):
            m += 1
        if m < n and (doc[m].tag_ in ("NNS", "NNPS") or doc[m].lower_ == "people"):
            return _noun_lemma(doc[m])
        return None
    if nxt is None:
        return None
    if nxt.lower_ == "of":
        return _of_object(doc, after)
    if span.kind == "money" and nxt.lower_ == "in" and after + 1 < n:
        obj = doc[after + 1]
        if obj.pos_ == "NOUN" and not obj.ent_type_:
            return _noun_lemma(obj)
        return None
    # a pre-modifier: "a £5m deal", "a 10-mile walk", "a 35-year-old man"
    m = after
    while m < n and m < after + 2 and doc[m].pos_ == "ADJ":
        m += 1
    # "a £5m deal": an article before a figure marks it as a pre-modifier even when the parse misses it
    indefinite = span.start > 0 and doc[span.start - 1].lower_ in ("a", "an")
    pre = m < n and (
        indefinite
        or _modifies(doc, span, m)
        # "$48bn spending plan": the figure hangs on the head of the compound
        or (doc[m].dep_ == "compound" and doc[m].head.i > m and _modifies(doc, span, doc[m].head.i))
    )
    if pre and doc[m].pos_ == "NOUN" and not doc[m].ent_type_:
        return _noun_lemma(doc[m])
    return None


def _modifies(doc: Doc, span: _Span, m: int) -> bool:
    """True when a token of the span hangs on token ``m`` (directly or through a compound)."""
    for k in range(span.start, span.end):
        head = doc[k].head
        for _ in range(3):
            if head.i == m:
                return True
            if head.i == head.head.i or head.dep_ not in ("compound", "amod", "nummod", "nmod", "npadvmod", "quantmod"):
                break
            head = head.head
    return False


def _ratio_counted(doc: Doc, den: int) -> str | None:
    """What "one in five" counts: "of" after the denominator, else the noun the denominator modifies."""
    n = len(doc)
    if den + 1 < n and doc[den + 1].lower_ == "of":
        return _of_object(doc, den + 1)
    m = den + 1
    while m < n and m < den + 3 and doc[m].pos_ == "ADJ":
        m += 1
    if m < n and doc[m].pos_ == "NOUN":
        return _noun_lemma(doc[m])
    head = doc[den].head
    if head.i > den and head.pos_ in ("NOUN", "PROPN"):
        return _noun_lemma(head)
    return None


def _percent_counted(doc: Doc, span: _Span, nxt: Token | None) -> str | None:
    """What a percentage is of: "35% of voters", "a 20% stake", "increase arrests by 35%",
    "sales rose 5%", "a 5% rise in sales"."""
    n = len(doc)
    after = span.suffix_end
    if span.ratio_den >= 0:
        return _ratio_counted(doc, span.ratio_den)
    if nxt is not None and nxt.lower_ == "of":
        return _of_object(doc, after)
    if span.fraction and nxt is not None and nxt.lower_ in HALF_FOLLOWERS:
        # "half the country's voters", "half its staff": the first noun that is not a possessor
        for m in range(after, min(after + 6, n)):
            t = doc[m]
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "poss":
                return _noun_lemma(t)
            if t.pos_ not in ("DET", "ADJ", "PRON", "PART", "NUM", "PROPN", "NOUN", "ADV"):
                return None
        return None
    tok = doc[span.suffix_end - 1]  # the "%" or "percent"/"cent"/"points" token
    if tok.dep_ in ("pobj",) and tok.head.dep_ == "prep":
        tok = tok.head  # "by 35%" -> "by", then its verb
    elif span.fraction and span.core_start > 0 and doc[span.core_start - 1].lower_ == "by":
        tok = doc[span.core_start - 1]  # "fell by a fifth last year": the parse may hang "fifth" elsewhere
    head = tok.head
    if head.pos_ in ("NOUN", "PROPN") and head.i > tok.i:
        lemma = head.lemma_.lower()
        if lemma in CHANGE_LEMMAS:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                    return _of_object(doc, child.i) if child.i + 1 < n else None
            for child in head.children:
                if child.dep_ == "compound" and child.pos_ == "NOUN" and child.i > tok.i:
                    return child.lemma_.lower()  # "a 3% pay rise": pay changed
            return None
        return _noun_lemma(head)
    if head.pos_ == "ADV" and head.lower_ in ("up", "down") and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "sales were down 2%": the subject of "were"
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
        return _noun_lemma(subjects[0]) if subjects and subjects[0].pos_ == "NOUN" else None
    if head.pos_ in ("VERB", "AUX") and head.i < tok.i:
        objects = [c for c in head.children if c.dep_ in ("dobj",) and c.i != tok.i and c.i < span.start]
        if objects and head.lemma_.lower() in CHANGE_LEMMAS:
            return _noun_lemma(objects[0])
        # "sales rose 5%", "unemployment was 5%": the subject changed or is the figure
        if head.lemma_.lower() not in CHANGE_LEMMAS and not (head.lemma_ == "be" and tok.dep_ == "attr"):
            return None
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and subjects[0].pos_ == "NOUN":
            return _noun_lemma(subjects[0])
    return None
