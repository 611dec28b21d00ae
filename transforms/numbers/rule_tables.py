"""The swappable rule data of the number extractor (currencies, units, hedges, number words), read
once at import from the ``number_*.csv`` tables in ``transforms/rules``.

Separate from :mod:`transforms.numbers.lexicon` because these tables are data a caller (or a test)
may replace: :func:`transforms.numbers.extract_numbers` takes a :class:`NumberRules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from transforms.rules import RULES_DIR, read_rule_csv


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
