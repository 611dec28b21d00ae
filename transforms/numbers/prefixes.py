"""What precedes the number: a currency sign written apart ("$ 5", "USD 5"), "minus", an age cue ("aged 35",
"at age 42", "Jones, 41,", "He was 75.", "voters under 30"), a before-hedge ("about", "more than", "about a
67-point margin") and the "between"/"from" that mark a range.

The third stage of the extractor: widens a :class:`Candidate` to the left.
"""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.numbers.lexicon import AGE_AT_LEMMAS, AGE_CUES, AGE_LIMIT_HEDGES, PEOPLE_LEMMAS, TIME_UNITS
from transforms.numbers.records import Candidate
from transforms.numbers.rule_tables import NumberRules


def extend_left(doc: Doc, span: Candidate, rules: NumberRules) -> None:
    """Take a currency sign written apart ("$" "5", "USD 5") and a hedge before the number."""
    s = span.start
    if s > 0 and span.kind == "count":
        entry = rules.currencies.get(doc[s - 1].text)
        if entry is not None and entry[1] == "prefix":
            span.kind, span.unit, span.bare = "money", entry[0], False
            span.value *= entry[2]
            s -= 1
    # "minus 11C", "minus 0.5%": the sign written as a word (a margin of error "plus or minus 3 points" is no sign)
    if s > 1 and span.kind in ("measure", "percent") and doc[s - 1].lower_ == "minus" and doc[s - 2].lower_ != "or":
        span.value = -span.value
        s -= 1
    # "aged 35", "at age 42", "ages 18 to 29", "the age of 10"
    if (
        s > 0
        and span.kind == "count"
        and (doc[s - 1].lower_ in AGE_CUES or (s > 1 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in AGE_CUES))
    ):
        span.kind, span.unit, span.bare = "measure", "year", False
    # "Jones, 41, of Leeds", "The striker, 24, has", "Braun, 38 – who": an age in commas after a person
    if (
        s > 1
        and _could_be_an_age(span)
        and doc[s - 1].text == ","
        and doc[s - 2].pos_ in ("PROPN", "NOUN")
        and doc[s - 2].ent_type_ not in ("GPE", "LOC", "DATE", "FAC")
        and span.end < len(doc)
        and doc[span.end].text in (",", ";", "–", "—")
    ):
        span.kind, span.unit, span.bare = "measure", "year", False
    # "dies at 75", "died at 75 in Paris": a bare whole number after "at" is the age someone died at
    if (
        s > 1
        and _could_be_an_age(span)
        and doc[s - 1].lower_ == "at"
        and doc[s - 1].head.lemma_.lower() in AGE_AT_LEMMAS
    ):
        span.kind, span.unit, span.bare = "measure", "year", False
    # "He was 75.", "She is 41 and lives in Leeds": a bare whole number as the complement of "be" after a person
    if (
        s > 1
        and _could_be_an_age(span)
        and doc[s - 1].lemma_ == "be"
        and (doc[s - 2].lower_ in ("he", "she") or doc[s - 2].ent_type_ == "PERSON")
        and (span.end == len(doc) or doc[span.end].text in (".", ",", ";") or doc[span.end].lower_ == "and")
    ):
        span.kind, span.unit, span.bare = "measure", "year", False
    # "about a 67 percentage point margin": the hedge stands before the article of the phrase the figure modifies
    # (not before an age: "a film about an 18-year-old girl")
    article = (
        1
        if s > 1 and doc[s - 1].lower_ in ("a", "an") and span.kind != "count" and doc[span.end - 1].lower_ != "old"
        else 0
    )
    for length in (3, 2, 1):
        if s - article - length < 0:
            continue
        key = " ".join(doc[k].lower_ for k in range(s - article - length, s - article))
        if key in rules.hedges_before:
            if key in ("over", "under") and span.kind == "measure" and span.unit in TIME_UNITS:
                break  # "over 10 years" is usually "during", not "more than"
            if key in AGE_LIMIT_HEDGES and not article and _is_age_limit(doc, span, s - 1):
                span.kind, span.unit, span.bare = "measure", "year", False
            span.approximate = True
            s -= article + length
            break
    # "between 300 and 400", "between the ages of 18 and 29"
    if s > 0 and (doc[s - 1].lower_ == "between" or (s > 3 and doc[s - 4].lower_ == "between" and span.unit == "year")):
        span.between = True
    if s > 0 and doc[s - 1].lower_ == "from":
        span.from_ = True
    span.start = s


def _is_age_limit(doc: Doc, span: Candidate, hedge: int) -> bool:
    """ "voters under 30", "those over 65": a bare whole number after people and "under"/"over" (the hedge at
    ``hedge``) is an age limit, unless a noun follows that it counts ("won over 30 seats")."""
    if not (span.kind == "count" and span.bare and span.value.is_integer() and 0 < span.value < 120) or hedge == 0:
        return False
    if span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN"):
        return False
    return any(t.lemma_.lower() in PEOPLE_LEMMAS for t in (doc[hedge - 1], doc[hedge].head) if t.i < hedge)


def _could_be_an_age(span: Candidate) -> bool:
    """A bare whole count in digits between 1 and 119: what "Jones, 41," or "He was 75." gives for an age."""
    return span.kind == "count" and span.bare and not span.is_word and span.value.is_integer() and 0 < span.value < 120
