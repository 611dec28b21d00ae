"""Finding the number: the numeric core of a quantity, from digits ("5,000", "1.13bn", "HK$5bn",
"35%"), number words ("two hundred and fifty", "a dozen", "half a million", "hundreds of thousands")
or a written fraction ("two-thirds of", "half the voters").

The first stage of the extractor; everything later widens or judges the :class:`Candidate` built here.
"""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.lexicon import POSSESSIVE_DETERMINERS
from transforms.numbers.lexicon import (
    AGE_DECADE_QUALIFIERS,
    CURRENCY_SIGNS,
    FIELD_EVENTS,
    FRACTION_DENOMINATORS,
    GLUED_SCALE_WORDS,
    HALF_FOLLOWERS,
    HALF_NOT_AFTER,
    HYPHENS,
    METRE_CONTEXT,
    METRE_EVIDENCE,
    RACE_DISTANCES,
    RE_AGE_DECADE,
    RE_DOLLAR_CODE,
    RE_NUM_TOKEN,
    RE_RACE_TIME,
    RE_SIMPLE_FRACTION,
    SCALE_SUFFIXES,
    SCALE_WORDS,
    VAGUE_MULTIPLIERS,
    VULGAR_FRACTIONS,
)
from transforms.numbers.records import Candidate
from transforms.numbers.rule_tables import NumberRules
from transforms.numbers.tokens import glued_hyphen


def match_core(doc: Doc, i: int, rules: NumberRules) -> Candidate | None:
    """The numeric core starting at token ``i`` (digits, or a run of number words), or None."""
    tok = doc[i]
    first = tok.text[0]
    if (
        first.isdigit()
        or (len(tok.text) > 1 and not first.isalpha() and (tok.text[-1].isdigit() or tok.text[1].isdigit()))
        or first in CURRENCY_SIGNS
        or tok.text[:2] in ("Rs", "US", "HK", "NZ", "A$", "C$", "S$", "R$", "NT", "AU", "CA")
        or (tok.lower_.startswith("mid-") and tok.text[4:5].isdigit())  # "in their mid-70s"
    ):
        return _match_digits(doc, i, rules)
    lower = tok.lower_
    if lower in VAGUE_MULTIPLIERS or (lower == "a" and i + 1 < len(doc) and doc[i + 1].lower_ == "few"):
        return _match_vague_scale(doc, i, rules)
    if lower in rules.words or lower in ("a", "an", "half"):
        return _match_fraction(doc, i, rules) or _match_words(doc, i, rules)
    return None


def _match_vague_scale(doc: Doc, i: int, rules: NumberRules) -> Candidate | None:
    """ "several dozen", "a few hundred", "several million": an approximate count valued like the plural scale
    ("dozens", "hundreds"), at twice the scale; "several thousand" needs the scale word right after."""
    n = len(doc)
    k = i + 2 if doc[i].lower_ == "a" else i + 1
    if k >= n or rules.words.get(doc[k].lower_, (0, ""))[1] != "scale":
        return None
    value = 2 * rules.words[doc[k].lower_][0]
    k += 1
    # "several hundred thousand"
    if k < n and rules.words.get(doc[k].lower_, (0, ""))[1] == "scale" and rules.words[doc[k].lower_][0] > 100:
        value *= rules.words[doc[k].lower_][0]
        k += 1
    span = Candidate(start=i, end=k, core_start=i, core_end=k, value=value, bare=False, is_word=True)
    span.approximate = True
    span.plural_scale = True
    return span


def _match_fraction(doc: Doc, i: int, rules: NumberRules) -> Candidate | None:
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
        span = Candidate(start=i, end=i + 1, core_start=i, core_end=i + 1, value=50.0, bare=False, is_word=True)
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
    span = Candidate(start=i, end=k + 1, core_start=i, core_end=k + 1, value=numerator / den * 100, bare=False)
    span.kind, span.unit, span.fraction, span.is_word = "percent", "percent", True, True
    return span


def _age_decade(doc: Doc, i: int) -> float | None:
    """The 30 of "in his 30s", "in her early 40s", "their mid-20s": a decade of someone's life (not "the 1990s")."""
    m = RE_AGE_DECADE.fullmatch(doc[i].text)
    if m is None:
        return None
    j = i - 1
    while j >= 0 and (doc[j].lower_ in AGE_DECADE_QUALIFIERS or doc[j].text in HYPHENS):
        j -= 1
    return float(m["decade"]) if j >= 0 and doc[j].lower_ in POSSESSIVE_DETERMINERS else None


def _match_digits(doc: Doc, i: int, rules: NumberRules) -> Candidate | None:
    """A digit token ("5,000", "1.13bn", "HK$5bn", "35%", "-11C", "3½") with a following scale word or suffix."""
    first = i
    tok = doc[i]
    token_text = tok.text
    if token_text == "$" and not tok.whitespace_ and i + 1 < len(doc):
        # "$US1 million", "$A5bn": the country code after the sign (Australian and NZ style); spaCy splits "$"
        code = RE_DOLLAR_CODE.fullmatch(doc[i + 1].text)
        if code is not None:
            i += 1
            tok = doc[i]
            token_text = code["code"] + "$" + code["rest"]
    race_time = RE_RACE_TIME.fullmatch(token_text)
    if race_time is not None:
        hours, minutes, seconds = race_time["h"] or "0", race_time["m"], race_time["s"]
        value = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        return Candidate(
            start=i, end=i + 1, core_start=i, core_end=i + 1, value=value, bare=False, kind="measure", unit="second"
        )
    if (decade := _age_decade(doc, i)) is not None:
        return Candidate(
            start=i, end=i + 1, core_start=i, core_end=i + 1, value=decade, bare=False, kind="measure", unit="year",
            approximate=True,
        )  # fmt: skip
    m = RE_NUM_TOKEN.fullmatch(token_text)
    trim = 0
    if m is None and tok.text.endswith("."):
        # "fell to minus 11C." at a sentence end: spaCy may keep the full stop on a glued unit
        m = RE_NUM_TOKEN.fullmatch(tok.text[:-1])
        if m is None or not m["suf"]:
            return None
        trim = 1
    if m is None:
        return None
    num = m["num"]
    if len(num) > 1 and num[0] == "0" and num[1] != ".":
        return None  # "007", "0800": codes, not quantities
    value = float(num.replace(",", "")) + VULGAR_FRACTIONS.get(m["frac"] or "", 0.0)
    if m["sign"]:
        value = -value  # kept only when a unit follows (a negative count is a dash: see exclusions)
    span = Candidate(start=first, end=i + 1, core_start=first, core_end=i + 1, value=value, bare=True, trim_end=trim)
    cur = m["cur"]
    if cur:
        code = rules.currencies.get(cur)
        if code is None:
            return None
        span.kind, span.unit, span.bare = "money", code[0], False
    suf = m["suf"]
    if suf:
        low = suf.lower()
        if low in SCALE_SUFFIXES or low in GLUED_SCALE_WORDS:  # "1.13bn", "$175million"
            span.value *= SCALE_SUFFIXES.get(low) or SCALE_WORDS[low]
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
    if span.bare and not (m["frac"] or m["sign"]) and "." not in num:
        # "2 1/2" (a mixed number written apart) and "2-1/2 years" (joined by a hyphen)
        at = j if j < n and tok.whitespace_ else j + 1 if glued_hyphen(doc, j) else None
        fraction = _proper_fraction(doc[at].text) if at is not None else None
        if fraction is not None:
            span.value += fraction
            j = at + 1
    if not span.scaled and j < n:
        nxt = doc[j]
        low = nxt.lower_
        # "£1.2m." at a sentence end: spaCy keeps the full stop on the suffix
        suffix = low[:-1] if low[-1:] == "." else low
        if not tok.whitespace_ and suffix in SCALE_SUFFIXES:
            if suffix == "m" and span.kind != "money" and _is_race(doc, i, j, value):
                span.kind, span.unit, span.bare = "measure", "metre", False
            else:
                span.value *= SCALE_SUFFIXES[suffix]
                span.scaled, span.bare = True, False
            if suffix != low:
                span.trim_end = 1
            j += 1
        elif glued_hyphen(doc, j) and doc[j + 1].lower_ in GLUED_SCALE_WORDS:
            span.value *= SCALE_WORDS[doc[j + 1].lower_]  # "$6-billion", "a 17-million population"
            span.scaled, span.bare = True, False
            j += 2
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
    """ "100m" at token ``i`` (the "m" at ``j``) is a distance: "the 100m sprint", "won the women's 10,000m", and
    "cleared 4.88m" in an article that measures in metres (no noun after it for a million to count)."""
    after = doc[j + 1] if j + 1 < len(doc) else None
    if after is not None and after.lower_ in METRE_CONTEXT:
        return True
    if i > 0 and doc[i - 1].lower_ in ("the", "'s", "’s") and value in RACE_DISTANCES:
        return True
    if after is not None and (after.pos_ in ("NOUN", "PROPN") or after.lower_ == "of"):
        return False  # "5m people", "2m of them"
    return any(
        (t.lower_ in METRE_EVIDENCE and t.pos_ == "NOUN") or (doc[t.i - 1].lower_, t.lower_) in FIELD_EVENTS
        for t in doc[1:]
    )


def _match_words(doc: Doc, i: int, rules: NumberRules) -> Candidate | None:
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
            # "twenty-five", "two-million": a glued hyphen between tens and a unit word, or before a scale word
            if glued_hyphen(doc, k) and (
                (last_role == "tens" and words.get(doc[k + 1].lower_, (0, ""))[1] == "unit")
                or (last_role in ("unit", "tens") and doc[k + 1].lower_ in GLUED_SCALE_WORDS)
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
    span = Candidate(start=i, end=k, core_start=i, core_end=k, value=value, bare=True, is_word=True)
    if k - i > 1 or last_role == "scale":
        span.bare = last_role != "scale" and factor == 1.0
    return span


def _match_plural_scale(doc: Doc, i: int, j: int, rules: NumberRules) -> Candidate | None:
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
    span = Candidate(start=i, end=k, core_start=i, core_end=k, value=value, bare=True, is_word=True)
    span.approximate = True
    span.plural_scale = True
    return span


def _proper_fraction(text: str) -> float | None:
    """The value of a fraction under one written with a slash ("1/2", "3/4"), else None."""
    fraction = RE_SIMPLE_FRACTION.fullmatch(text)
    if fraction is None or int(fraction["num"]) >= int(fraction["den"]):
        return None
    return int(fraction["num"]) / int(fraction["den"])
