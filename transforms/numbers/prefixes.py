"""What precedes the number: a currency sign written apart ("$ 5", "USD 5"), an age cue ("aged 35",
"Jones, 41,"), a before-hedge ("about", "more than") and the "between"/"from" that mark a range.

The third stage of the extractor: widens a :class:`Candidate` to the left.
"""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.numbers.lexicon import TIME_UNITS
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
