"""Ranges and scores: pairs neighbouring candidates into range bounds ("10-15%", "between 300 and
400", "£5-10m", "aged 40 to 61", "two or three days"), letting a bare bound inherit the other's scale, currency or
unit, and drops sports scores and vote tallies ("won 3-1", "a vote of 51 to 48"). A descending pair ("ahead 46 to 40
percent") shares its unit but is two figures, so neither is approximate.

Runs once all candidates are found, because it looks at two at a time.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc

from transforms.numbers.lexicon import HYPHENS, RE_NUM_TOKEN, SCORE_NOUNS, TALLY_LEMMAS, is_year_shaped
from transforms.numbers.records import Candidate


def link_ranges(doc: Doc, spans: list[Candidate]) -> None:
    """Pair range bounds ("10-15%", "between 300 and 400", "5 to 10 miles") and drop sports scores ("3-1")."""
    for a, b in pairwise(spans):
        if b.start - a.end != 1:
            continue
        joiner = doc[a.end]
        low = joiner.lower_
        is_hyphen = joiner.text in HYPHENS
        glued = is_hyphen and not doc[a.end - 1].whitespace_ and not joiner.whitespace_
        if not (is_hyphen or low in ("to", "or") or (low == "and" and a.between)):
            continue
        # "two or three days", "100 or 200 people": an ascending pair joined by "or" is a range from a bare count
        if low == "or" and not (a.kind == "count" and a.bare and a.value < b.value):
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
        # "from 62% in 2003 to 68%": a year is not the first bound of a percent
        kind_ok = (
            a.kind == "count" and b.kind != "count" and not (a.bare and is_year_shaped(a.value, doc[a.start].text))
        )
        # "£5-10m", "aged 40 to 61": a currency or age cue before the first bound covers the second too ("gained 45.4
        # points to 10,360" are two figures: the unit is written after the first)
        back_ok = (
            b.kind == "count"
            and not b.is_word
            and (
                a.kind == "money"
                or (a.unit == "year" and a.suffix_end == a.core_end and b.bare and not _has_noun(doc, b))
            )
        )
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
        if a.value <= b.value or a.unit != b.unit:
            a.approximate = b.approximate = True  # "46 to 40 percent" is a result in two figures, not a range
            a.partner = b  # "242 to 330 passengers": the first bound counts what the second does


def _has_noun(doc: Doc, span: Candidate) -> bool:
    """True when a noun follows the span ("61 people"): it counts that noun, so takes no unit from a partner."""
    return span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN")


def _is_tally(doc: Doc, a: Candidate, b: Candidate) -> bool:
    """ "confirmed by a vote of 51 to 48", "beat them 21 to 17": a descending pair of bare integers after a
    vote or score word is a tally, like "52-48"."""
    if not (a.bare and b.bare and a.value > b.value and a.value.is_integer() and b.value.is_integer()) or a.from_:
        return False
    return any(doc[k].lemma_.lower() in TALLY_LEMMAS for k in range(max(0, a.start - 4), a.start))


def _span_scale(doc: Doc, span: Candidate) -> float:
    """The scale factor (1e6 for "15m") applied to ``span``'s number."""
    m = RE_NUM_TOKEN.fullmatch(doc[span.core_start].text)
    if m is None:
        return 1.0
    raw = float(m["num"].replace(",", ""))
    if raw == 0:
        return 1.0
    return span.value / raw / _money_factor(doc, span)


def _money_factor(doc: Doc, span: Candidate) -> float:
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


def _is_score(doc: Doc, a: Candidate, b: Candidate) -> bool:
    """ "3-1", "2-2 draw", "555-1234": a hyphen pair of bare integers that is not an ascending range
    followed by what it counts ("10-15 people")."""
    if b.end >= len(doc) or a.value >= b.value:
        return True  # ranges ascend; "5-1" and "2-2" are scores
    for k in range(b.end, min(b.end + 4, len(doc))):
        if doc[k].lemma_.lower() in SCORE_NOUNS:
            return True
    nxt = doc[b.end]
    return not (nxt.tag_ == "NNS" or nxt.lower_ == "people")
