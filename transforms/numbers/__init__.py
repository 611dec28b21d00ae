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
- Durations and ages are measures in time units ("10 years", "a 35-year-old", "aged 35", "at age 35", "voters
  under 30" -> 35 or 30 year); a cue before a range covers both bounds ("aged 40 to 61").
- Sports scores and tallies ("won 3-1", "a 2-2 draw", "a vote of 51 to 48") are not quantities; a descending
  "46 to 40 percent" is two figures, not an approximate range.
- Shares written as fractions or ratios ("two-thirds of", "half the", "one in five") are percents (66.67, 50,
  20). Percentage points, poll and election margins ("a 30-point lead") and stock index levels and moves ("closed
  at 10,892.35", "fell 120 points") are measures in points; points scored in a match are a count.
- An age in commas after a name ("Jones, 41,") is a measure in years.
- Glued and hyphenated scales ("$175million", "$6-billion"), mixed fractions ("2 1/2-foot"), minus signs ("-11 C")
  and heights ("seven-foot-one") are read whole; numbers dialled ("called 911"), place names ("38 North", "100
  Haven Avenue") and "one" before a superlative ("one of the largest") are not quantities.

The package, one module per stage, in the order the extractor runs them:

- ``lexicon``: fixed word lists and the numeric token pattern; ``rule_tables``: the swappable CSV rule data.
- ``records``: :class:`Number` (the output row) and ``Candidate`` (the work record the stages share).
- ``numerals``: the numeric core (digits, number words, written fractions).
- ``suffixes`` / ``prefixes``: widening to percent, currency, unit, ratio and hedges on either side.
- ``ranges``: range bounds and sports scores; ``exclusions``: dates, years, times, labels, "one".
- ``counted``: the noun a quantity counts; ``extract``: :func:`extract_numbers`, which runs them all.
- ``tokens``: token helpers several stages share; ``tokenizer``: the number ranges a model's tokenizer must split.
"""

from transforms.numbers.extract import extract_numbers
from transforms.numbers.records import Number
from transforms.numbers.rule_tables import NUMBER_RULES, NumberRules, load_number_rules
from transforms.numbers.tokenizer import split_number_ranges

__all__ = ["NUMBER_RULES", "Number", "NumberRules", "extract_numbers", "load_number_rules", "split_number_ranges"]
