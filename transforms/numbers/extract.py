"""The number extractor itself: one pass over the tokens for numeric cores, widened right and left,
then ranges linked, non-quantities dropped and the counted noun found, giving :class:`Number` rows.

The stages live in their own modules (numerals, suffixes, prefixes, ranges, exclusions, counted);
this module only runs them in order and turns surviving candidates into rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from transforms.ids import stable_id
from transforms.numbers.counted import find_counted
from transforms.numbers.exclusions import is_excluded
from transforms.numbers.numerals import match_core
from transforms.numbers.prefixes import extend_left
from transforms.numbers.ranges import link_ranges
from transforms.numbers.records import Candidate, Number
from transforms.numbers.rule_tables import NUMBER_RULES, NumberRules
from transforms.numbers.suffixes import extend_right


def extract_numbers(
    doc: Doc,
    *,
    article_id: str,
    quoted_words: Sequence[tuple[int, int]] = (),
    quotes: Sequence[tuple[str, int, int]] = (),
    rules: NumberRules = NUMBER_RULES,
) -> list[Number]:
    """Find every quantity in a parsed article: counts, percentages, money and measures.

    Args:
        doc: the article body parsed by the pipeline's spaCy model (parser and NER used, not re-run).
        article_id: the article's id, part of each ``number_id``.
        quoted_words: half-open character spans of quoted words (direct quotes, the marked fragments of
            mixed ones); a number wholly inside one is ``in_quote``.
        quotes: (quote_id, start, end) of the article's attributions of every kind; a number takes the id of
            the innermost one it sits in.
        rules: currency, unit, hedge and number-word tables.

    Returns:
        Numbers in document order. ``text`` is ``doc.text[start_char:end_char]`` and includes the hedge
        ("about 300"), currency and scale ("$1.13bn") and unit ("15 miles"), never the counted noun.

    Notes:
        Rules, not a model: precision depends on spaCy's parse for ``counted`` and on its DATE/TIME
        labels for excluding dates. Measured on real news (docs/numbers-gold.md): value+kind precision
        about 0.91-0.95, unit 1.0, counted about 0.93. Known limits: an age without a cue ("died at 95"),
        idioms such as "half the person", and a "$" whose country is only named elsewhere in the article (read
        as USD).
    """
    spans: list[Candidate] = []
    n = len(doc)
    i = 0
    while i < n:
        span = match_core(doc, i, rules)
        if span is None:
            i += 1
            continue
        extend_right(doc, span, rules)
        extend_left(doc, span, rules)
        spans.append(span)
        i = span.end
    link_ranges(doc, spans)
    numbers: list[Number] = []
    text = doc.text
    for span in spans:
        if span.drop or is_excluded(doc, span):
            span.drop = True
            continue
        span.counted = find_counted(doc, span)
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
                in_quote=any(qs <= start_char and end_char <= qe for qs, qe in quoted_words),
                start_char=start_char,
                end_char=end_char,
                quote_id=min(
                    ((qe - qs, quote_id) for quote_id, qs, qe in quotes if qs <= start_char and end_char <= qe),
                    default=(0, None),
                )[1],
            )
        )
    return numbers
