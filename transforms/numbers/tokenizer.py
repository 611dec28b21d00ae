"""Where spaCy's tokenizer must split number ranges its English rules leave whole.

The rules split a hyphen between digits ("160-180") but not an en or em dash ("350–375 million", "97%–98%"), nor
a hyphen before a currency sign ("$160-$180 million"): each such range stays one token, and no stage of the
number extractor can read a figure inside a token. Splitting them there gives the range the extractor already
reads ("350", "–", "375", "million").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex

from transforms.numbers.lexicon import CURRENCY_SIGNS

NUMBER_RANGE_INFIXES = (
    r"(?<=[0-9])%(?=[–—-])",  # the percent sign of a range's first bound ("97%–98%")
    r"(?<=[0-9%])[–—](?=[0-9" + CURRENCY_SIGNS + "])",  # a dash between figures ("350–375", "£1–£2")
    r"(?<=[0-9])-(?=[" + CURRENCY_SIGNS + "])",  # a hyphen before a currency sign ("$160-$180")
    r"(?<=[–—-])[" + CURRENCY_SIGNS + "](?=[0-9])",  # the currency sign of a range's second bound
)


def split_number_ranges(nlp: Language) -> Language:
    """``nlp`` with its tokenizer also splitting ``NUMBER_RANGE_INFIXES``: what the extractors expect of a model."""
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *NUMBER_RANGE_INFIXES]).finditer
    return nlp
