"""Exclusions: the tests that drop a candidate that is not a quantity — dates, years, clock times,
labels ("Section 8", "Boeing 737"), codes ("3G"), phone numbers ("called 911"), unextracted fractions, names
("One Direction", "38 North", "100 Haven Avenue"), a minus sign on a count (a dash) and the pronoun "one"
("no one", "one of the largest", "over one 12-year stretch").

The year tests here and in the ratio reading ("3 in 2019") share :func:`~transforms.numbers.lexicon.is_year_shaped`;
the test for "the 2005 year" checks the range only, not the comma, and stays written out.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms.numbers.lexicon import (
    CALL_VERBS,
    EMERGENCY_NUMBERS,
    FRACTION_WORDS,
    HYPHENS,
    ID_PREFIXES,
    MONTH_NAMES,
    MONTHS,
    NOT_COUNTED,
    ONE_IDIOM_NOUNS,
    ONE_PRONOUN_BEFORE,
    RE_NUM_TOKEN,
    TIME_SUFFIXES,
    TIME_UNITS,
    is_year_shaped,
)
from transforms.numbers.records import Candidate
from transforms.numbers.tokens import glued_hyphen


def is_excluded(doc: Doc, span: Candidate) -> bool:
    """True when the candidate is a date, year, time, label, score or the pronoun "one"."""
    core = doc[span.core_start]
    last = doc[span.core_end - 1]
    n = len(doc)
    nxt = doc[span.suffix_end] if span.suffix_end < n else None
    prev = doc[span.core_start - 1] if span.core_start > 0 else None
    # clock times: "3 p.m.", "at 10 GMT"
    if nxt is not None and nxt.lower_ in TIME_SUFFIXES:
        return True
    if span.kind == "count" and span.value < 0:
        return True  # "-5 people": a dash before a list item, not a negative count
    if span.kind == "count" and _is_count_idiom(doc, span):
        return True
    # "the zero day flaw", "zero hour": "zero" before a singular unit is a term (a quantity of none is plural)
    if span.kind == "measure" and core.lower_ == "zero" and doc[span.suffix_end - 1].tag_ == "NN":
        return True
    if span.kind == "count" and not span.scaled:
        value = span.value
        # a DATE or TIME entity ("March 3, 2019", "the 1990s", "3 o'clock") or an ORDINAL; spaCy also
        # labels "Forty-eight senators" a DATE, so a number counting a plural noun is kept
        year_like = not span.is_word and is_year_shaped(value, core.text)
        if (
            core.ent_type_ in ("DATE", "TIME", "ORDINAL")
            and not span.plural_scale
            and not (_counts_plural(last) and not year_like)
        ):
            return True
        if not span.is_word:
            # years: "in 2019", "the 2019 election", but "2000 people" is a count
            if year_like and value.is_integer() and not _counts_plural(last, time_words=True):
                return True
            # "the 2008 primaries", "in 2004 polls": a year before a plural noun after a determiner
            if year_like and prev is not None and prev.lower_ in ("the", "in", "its", "their", "his", "her", "since"):
                return True
            # day of the month next to a month name: "March 3", "3 March", "FeaturedFebruary 6" (a month glued to
            # a page's furniture), or before a year: "6, 2016"
            if value <= 31 and (
                (prev is not None and prev.lower_.rstrip(".") in MONTHS)
                or (nxt is not None and nxt.lower_.rstrip(".") in MONTHS)
                or (prev is not None and any(prev.text.endswith(month.capitalize()) for month in MONTH_NAMES))
                or _before_year(doc, span.core_end)
            ):
                return True
            if _is_phone_number(doc, span) or _is_place_name(last) or _is_street_block(doc, span):
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
    if span.bare and not span.is_word and (_is_glued_code(doc, span) or _is_reference_mark(doc, span)):
        return True
    # "the 2005 year", "the 1990 decade": a year with a time word, not a duration (the range only: unlike
    # is_year_shaped, a comma in the digits does not save it)
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


def _is_count_idiom(doc: Doc, span: Candidate) -> bool:
    """A count that names or ranks: "a four-by-four car" (a vehicle), "one-on-one", "a .38 caliber gun", "a
    top-five player", "the world's top 50" (a ranking band, unless it counts a plural noun), "two seasons ago" (a
    point in time, like "four years ago")."""
    n = len(doc)
    s, e = span.core_start, span.core_end
    if glued_hyphen(doc, e) and doc[e + 1].lower_ == "by":
        return True  # "four-by-four", "two-by-four"
    if s >= 2 and doc[s - 1].text in HYPHENS and doc[s - 2].lower_ in ("by", "on", "to"):
        return True  # "four-by-four", "one-on-one", "one-to-one"
    if e < n and doc[e].lower_ in ("caliber", "calibre", "-caliber", "-calibre"):
        return True
    if glued_hyphen(doc, e) and doc[e + 1].lower_ in ("caliber", "calibre"):
        return True
    before = doc[s - 2] if s >= 2 and glued_hyphen(doc, s - 1) else doc[s - 1] if s >= 1 else None
    if span.start == s and before is not None and before.lower_ == "top" and not _counts_plural(doc[e - 1]):
        return True  # "a top-five player", "the world's top 50"; "the top two running backs" counts backs
    # "two seasons ago": a noun of time-like sense after the number, then "ago"
    return e + 1 < n and doc[e].pos_ == "NOUN" and doc[e + 1].lower_ == "ago"


def _is_glued_code(doc: Doc, span: Candidate) -> bool:
    """ "3G", "(10-8)", "No. 2", "A350-900", a list heading "4 Gina Rodriguez Says...": digits that name or score."""
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
    if s >= 2 and doc[s - 1].text in HYPHENS and not doc[s - 1].whitespace_ and not doc[s - 2].whitespace_:
        code = doc[s - 2].text
        if any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
            return True  # "Airbus A350-900": the variant of a model code
    # a list heading: digits opening a line, followed by a proper name
    at_line_start = s == 0 or "\n" in doc[s - 1].whitespace_ or doc[s - 1].is_space
    return at_line_start and k < n and doc[k].pos_ == "PROPN" and doc[k].text[0].isupper()


def _is_reference_mark(doc: Doc, span: Candidate) -> bool:
    """ "… per shift [1]": digits alone in square brackets mark a footnote or a source, not a quantity."""
    s, e = span.core_start, span.core_end
    return s > 0 and e < len(doc) and doc[s - 1].text == "[" and doc[e].text == "]"


def _counts_plural(last: Token, time_words: bool = False) -> bool:
    """True when the number's last token modifies a plural noun after it (not a time word unless ``time_words``);
    a "noun" glued to a clock time ("10:14PMBuddies") is no word."""
    head = last.head
    return (
        last.dep_ == "nummod"
        and head.i > last.i
        and head.tag_ in ("NNS", "NNPS")
        and head.text.replace("-", "").isalpha()
        and (time_words or (head.lemma_.lower() not in TIME_UNITS and head.lemma_.lower() not in NOT_COUNTED))
    )


def _before_year(doc: Doc, k: int) -> bool:
    """True when tokens ``k`` and on read ", 2016": the number before them is a day of the month."""
    if k + 1 >= len(doc) or doc[k].text != ",":
        return False
    year = doc[k + 1]
    return year.is_digit and len(year.text) == 4 and is_year_shaped(float(year.text), year.text)


def _is_phone_number(doc: Doc, span: Candidate) -> bool:
    """ "called 911", "dial 101", "a 911 dispatcher", "post-911": a number dialled, not a count (a noun after it that
    it counts, "called 30 people", keeps it)."""
    core = doc[span.core_start]
    nxt = doc[span.core_end] if span.core_end < len(doc) else None
    counts_noun = nxt is not None and nxt.pos_ in ("NOUN", "PROPN")
    if core.i > 0 and doc[core.i - 1].lemma_.lower() in CALL_VERBS and not counts_noun:
        return True
    last = doc[span.core_end - 1]
    return core.text in EMERGENCY_NUMBERS and not (_counts_plural(last) and last.head.lemma_ != "call")


def _is_place_name(last: Token) -> bool:
    """ "38 North", "100 Haven Avenue", "131 West 23rd Street": digits before a singular, capitalised proper name
    that ends its noun phrase name or address it, and so do digits before a name and a singular noun ("the 737
    Max jet": many of anything are plural). Counts: "12 Democrats", "10 Grammys" (plurals), "121 RBI" (an
    acronym), "100 Muslim schools" (a NORP), "200 Google engineers", "300 Department of Health posts" (the phrase
    goes on)."""
    head = last.head
    doc = last.doc
    between = doc[last.i + 1 : head.i]
    if head.tag_ == "NN" and head.text.islower() and last.text != "1" and len(between) > 0:
        # "the 737 Max jet": a name between the digits and a singular noun
        return all(t.pos_ == "PROPN" and t.text[0].isupper() and not t.is_upper for t in between)
    after = doc[head.i + 1] if head.i + 1 < len(doc) else None
    return (
        last.dep_ in ("nummod", "compound")
        and head.i > last.i
        and head.tag_ == "NNP"
        and head.text[0].isupper()
        and not (head.is_upper or head.lower_.endswith("s") or head.ent_type_ == "NORP")
        and all(t.pos_ == "PROPN" and not t.text[0].islower() for t in doc[last.i + 1 : head.i])
        and (
            after is None
            or not (after.pos_ in ("NOUN", "PROPN", "PART") or after.dep_ == "compound" or after.lower_ == "of")
        )
    )


def _is_street_block(doc: Doc, span: Candidate) -> bool:
    """ "the 3400 block of Thorpe Street": a police report's address, not a count of blocks."""
    e = span.core_end
    return (
        e + 2 < len(doc)
        and doc[e].lower_ == "block"
        and doc[e + 1].lower_ == "of"
        and doc[e + 2].text[:1].isupper()
        and span.value >= 100
        and span.value % 100 == 0
    )


def _is_fraction(doc: Doc, span: Candidate) -> bool:
    """ "two-thirds", "three quarters": fractions are not extracted (a documented gap)."""
    k = span.core_end
    if k < len(doc) and doc[k].text in HYPHENS:
        k += 1
    return k < len(doc) and doc[k].lower_ in FRACTION_WORDS


def _is_label(prev: Token, last: Token, span: Candidate) -> bool:
    """A bare number right after a noun that it names rather than counts."""
    if prev.lower_ in ID_PREFIXES and prev.whitespace_ != "" and prev.pos_ in ("NOUN", "PROPN", "X", "SYM"):
        if prev.text[0].isupper() and not prev.is_sent_start:
            return True  # "Radio 2 listeners", "Section 8 housing"
        return not (last.dep_ == "nummod" and last.head.i > last.i and last.head.tag_ in ("NNS", "NNPS"))
    if prev.lower_ in ("no", "no.", "number", "#") and prev.pos_ != "DET":
        return True
    if prev.pos_ == "ADJ" and prev.text[:1].isupper() and not prev.is_sent_start and not span.is_word and span.bare:
        return True  # "the Big 12 conference", "Fantastic 4": a name
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


def _is_pronoun_one(doc: Doc, span: Candidate) -> bool:
    """ "no one", "the one who", "one another", "one day": "one" that counts nothing."""
    core = doc[span.core_start]
    if span.core_end - span.core_start != 1 or core.lower_ != "one" or span.kind != "count":
        return False
    n = len(doc)
    if glued_hyphen(doc, core.i + 1) and doc[core.i + 2].lower_ in ("off", "sided", "liner", "stop"):
        return True  # "one-off gains", "a one-sided match": adjectives, not counts
    if glued_hyphen(doc, core.i + 1):
        # "a one-storey house", "a one-party state" count like "a two-man race"; "one-time", "one-on-one",
        # "one-size-fits-all" are idioms
        word = doc[core.i + 2]
        return not (
            word.pos_ == "NOUN" and word.lemma_.lower() not in ONE_IDIOM_NOUNS and not glued_hyphen(doc, core.i + 3)
        )
    if (
        span.start == span.core_start
        and core.i > 0
        and doc[core.i - 1].lower_ in ONE_PRONOUN_BEFORE
        and doc[core.i - 1].dep_ != "mark"  # "said that one person was hurt": "that" opens the clause
    ):
        return True
    # "swap one rule for another", "from one city to another": contrastive, not a count
    for k in range(core.i + 2, min(core.i + 10, n)):
        if doc[k].lower_ == "another" and doc[k - 1].lower_ in ("for", "to", "from", "into", "after", "than"):
            return True
        if doc[k].text in ",.;:!?":
            break
    nxt = doc[core.i + 1] if core.i + 1 < n else None
    if nxt is not None and nxt.lower_ == "of":
        return _of_superlative(doc, nxt.i)  # "one of the officers" counts; "one of the largest banks" ranks
    if nxt is not None and RE_NUM_TOKEN.fullmatch(nxt.text):
        return True  # "over one 12-year stretch": "one" stands for "a" before another number
    if core.dep_ == "nummod" and core.head.i > core.i and core.head.pos_ in ("NOUN", "PROPN"):
        return core.head.lemma_.lower() in ONE_IDIOM_NOUNS
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.tag_ in ("NN", "NNP"):
        return nxt.lemma_.lower() in ONE_IDIOM_NOUNS
    # "One was a call to ...", "One appeared to be cut": a sentence-opening subject that stands for one of a set
    # counts; a generic "One can only hope" (a modal verb) does not
    return not (
        core.is_sent_start
        and core.text == "One"
        and core.dep_ in ("nsubj", "nsubjpass")
        and core.head.pos_ in ("VERB", "AUX")
        and not any(c.tag_ == "MD" for c in core.head.children)
        and core.head.tag_ in ("VBD", "VBN")
    )


def _of_superlative(doc: Doc, of: int) -> bool:
    """True when "of" at ``of`` opens a superlative ("of the largest", "of America's most ..."): "one of" ranks."""
    n = len(doc)
    for k in range(of + 1, min(of + 6, n)):
        tok = doc[k]
        # "of the largest", and a comparative in the same place ("one of the more likely candidates")
        if tok.tag_ in ("JJS", "RBS", "JJR") or (tok.tag_ == "RBR" and k + 1 < n and doc[k + 1].tag_ == "JJ"):
            return True
        # a possessor may come first: "one of the world's biggest heists"
        possessor = tok.pos_ == "NOUN" and k + 1 < n and doc[k + 1].tag_ == "POS"
        if tok.tag_ not in ("DT", "PRP$", "POS") and tok.pos_ != "PROPN" and not possessor:
            return False
    return False
