"""The records of number extraction: :class:`Number`, the row a quantity becomes, and
:class:`Candidate`, the mutable work record each stage of the extractor widens, links or drops.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    quote_id: str | None = None


@dataclass
class Candidate:
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
    partner: Candidate | None = None  # the other bound of a range whose unit this bound inherited
    fraction: bool = False  # "two-thirds", "half of": a share written as a fraction
    ratio_den: int = -1  # token index of the denominator of "one in five"
