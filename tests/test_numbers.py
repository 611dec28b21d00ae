"""transforms.numbers: quantities in news text, on the real spaCy model. Sentences are our own."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.ids import stable_id
from transforms.numbers import NUMBER_RULES, Number, NumberRules, extract_numbers

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "tests" / "fixtures" / "numbers_gold.jsonl"


def numbers_in(nlp, text: str, **kwargs) -> list[Number]:
    return extract_numbers(nlp(text), article_id="t", **kwargs)


def summary(nums: list[Number]) -> list[tuple]:
    """(text, value, kind, unit, counted, approximate) for comparison with a table row."""
    return [(n.text, n.value, n.kind, n.unit, n.counted, n.approximate) for n in nums]


def assert_same(got: list[tuple], expected: list[tuple]) -> None:
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert g[0] == e[0], got
        assert math.isclose(g[1], e[1], rel_tol=1e-9), got
        assert g[2:] == e[2:], got


COUNTS = [
    ("Two officials confirmed the plan.", [("Two", 2, "count", None, "official", False)]),
    ("The agency sent 100 officers.", [("100", 100, "count", None, "officer", False)]),
    ("Agents removed 5,000 criminals.", [("5,000", 5000, "count", None, "criminal", False)]),
    ("One of the officers was hurt.", [("One", 1, "count", None, "officer", False)]),
    ("A dozen cars were burned.", [("A dozen", 12, "count", None, "car", False)]),
    ("Twenty-five schools shut.", [("Twenty-five", 25, "count", None, "school", False)]),
    ("The airline flew 5m passengers.", [("5m", 5e6, "count", None, "passenger", False)]),
    ("The city has 2.3 million residents.", [("2.3 million", 2.3e6, "count", None, "resident", False)]),
    ("Nearly half a million homes lost power.", [("Nearly half a million", 5e5, "count", None, "home", True)]),
    ("Hundreds of protesters marched.", [("Hundreds", 200, "count", None, "protester", True)]),
    ("Tens of thousands of fans came.", [("Tens of thousands", 20000, "count", None, "fan", True)]),
    ("The firm hired two hundred and fifty staff.", [("two hundred and fifty", 250, "count", None, "staff", False)]),
    ("The firm now employs 2000 people.", [("2000", 2000, "count", None, "people", False)]),
]

PERCENTS = [
    ("Turnout was 35%.", [("35%", 35, "percent", "percent", None, False)]),
    ("About 35 percent of voters stayed home.", [("About 35 percent", 35, "percent", "percent", "voter", True)]),
    ("Prices rose 4.5 per cent.", [("4.5 per cent", 4.5, "percent", "percent", "price", False)]),
    ("The plan aims to increase arrests by 35%.", [("35%", 35, "percent", "percent", "arrest", False)]),
    (
        "Support fell by 3 percentage points.",
        [("3 percentage points", 3, "percent", "percentage point", "support", False)],
    ),
]

MONEY = [
    ("Profit reached $1.13bn.", [("$1.13bn", 1.13e9, "money", "USD", None, False)]),
    ("The council saved £2.5m.", [("£2.5m", 2.5e6, "money", "GBP", None, False)]),
    ("The city will spend €40 million.", [("€40 million", 4e7, "money", "EUR", None, False)]),
    ("The deal is worth A$3 billion.", [("A$3 billion", 3e9, "money", "AUD", None, False)]),
    ("The bank lent HK$5bn.", [("HK$5bn", 5e9, "money", "HKD", None, False)]),
    ("Exports reached US$2bn.", [("US$2bn", 2e9, "money", "USD", None, False)]),
    ("A stamp costs 50p.", [("50p", 0.5, "money", "GBP", None, False)]),
    ("Fares rose to 300 euros.", [("300 euros", 300, "money", "EUR", None, False)]),
    ("The yen fell to 105 yen a dollar.", [("105 yen", 105, "money", "JPY", None, False)]),
    ("They signed a £5m deal.", [("£5m", 5e6, "money", "GBP", "deal", False)]),
    ("He paid ¥2,000 for lunch.", [("¥2,000", 2000, "money", "JPY", None, False)]),
]

MEASURES = [
    ("The fire spread across 15 miles.", [("15 miles", 15, "measure", "mile", None, False)]),
    ("Police seized 20kg of heroin.", [("20kg", 20, "measure", "kilogram", "heroin", False)]),
    ("They farm 300 acres.", [("300 acres", 300, "measure", "acre", None, False)]),
    ("A 35-year-old woman was arrested.", [("35-year-old", 35, "measure", "year", "woman", False)]),
    ("He was held for three years.", [("three years", 3, "measure", "year", None, False)]),
    ("It was 30C in the shade.", [("30C", 30, "measure", "degree Celsius", None, False)]),
    ("Winds reached 80 mph.", [("80 mph", 80, "measure", "mile per hour", None, False)]),
    ("She won the 100m sprint.", [("100m", 100, "measure", "metre", "sprint", False)]),
]

HEDGES = [
    ("About 300 people came.", [("About 300", 300, "count", None, "people", True)]),
    ("Some 40 officers took part.", [("Some 40", 40, "count", None, "officer", True)]),
    ("More than 5,000 jobs went.", [("More than 5,000", 5000, "count", None, "job", True)]),
    ("Up to 2,000 migrants are held.", [("Up to 2,000", 2000, "count", None, "migrant", True)]),
    ("At least 60 victims lost money.", [("At least 60", 60, "count", None, "victim", True)]),
    ("Fewer than 300 ballots separated them.", [("Fewer than 300", 300, "count", None, "ballot", True)]),
    ("An estimated 12,000 people fled.", [("An estimated 12,000", 12000, "count", None, "people", True)]),
    ("Roughly 3% of spending is waste.", [("Roughly 3%", 3, "percent", "percent", "spending", True)]),
    ("The trip takes almost four hours.", [("almost four hours", 4, "measure", "hour", None, True)]),
    ("Thirty or so people waited.", [("Thirty or so", 30, "count", None, "people", True)]),
]

RANGES = [
    (
        "Prices could climb 10-15%.",
        [("10", 10, "percent", "percent", "price", True), ("15%", 15, "percent", "percent", "price", True)],
    ),
    (
        "Between 300 and 400 people came.",
        [("300", 300, "count", None, "people", True), ("400", 400, "count", None, "people", True)],
    ),
    ("It will cost £5-10m.", [("£5", 5e6, "money", "GBP", None, True), ("10m", 1e7, "money", "GBP", None, True)]),
]

NOTHING = [
    "The law took effect on March 3, 2019.",
    "The report covers the 1990s and the 2008 crash.",
    "The meeting starts at 3 p.m. on Friday.",
    "She finished second, and her brother came 3rd.",
    "Officials invoked Title 42 and Section 8.",
    "The Boeing 737 landed near I-95 after COVID-19 rules eased.",
    "Apollo 11 landed in July 1969.",
    "No one knew the answer.",
    "The one who left never came back.",
    "They helped one another.",
    "One day the team will win again.",
    "United won 3-1 on Saturday.",
    "The match ended in a 2-2 draw.",
    "Call 555-1234 for details.",
    "He has opposed the plan from day 1.",
    "The company ran a multi-billion dollar campaign.",
    "Two-thirds of them agreed.",
]


@pytest.mark.parametrize(("text", "expected"), COUNTS + PERCENTS + MONEY + MEASURES + HEDGES + RANGES)
def test_extracts_quantities(nlp, text, expected):
    assert_same(summary(numbers_in(nlp, text)), expected)


@pytest.mark.parametrize("text", NOTHING)
def test_not_quantities(nlp, text):
    assert numbers_in(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "One in five adults smokes.",
            [("One in five", 0.2, "percent", "percent", "adult", False)],
            marks=pytest.mark.xfail(reason="ratios like 'one in five' are not read as a proportion"),
        ),
        pytest.param(
            "Two-thirds of voters agreed.",
            [("Two-thirds", 66.67, "percent", "percent", "voter", False)],
            marks=pytest.mark.xfail(reason="fractions are not extracted"),
        ),
        pytest.param(
            "The deal was worth $5bn (Australian).",
            [("$5bn", 5e9, "money", "AUD", None, False)],
            marks=pytest.mark.xfail(reason="a '$' qualified only after the figure is read as USD"),
        ),
    ],
)
def test_known_gaps(nlp, text, expected):
    assert_same(summary(numbers_in(nlp, text)), expected)


def test_in_quote_and_ids(nlp):
    text = "\u201cWe will hire 500 nurses,\u201d she said, adding that 60 wards would reopen."
    quote = (0, text.index("\u201d") + 1)
    nums = numbers_in(nlp, text, quote_spans=[quote])
    assert [(n.text, n.in_quote) for n in nums] == [("500", True), ("60", False)]
    first = nums[0]
    assert first.number_id == stable_id("t", first.start_char, first.end_char, "number")
    assert numbers_in(nlp, text, quote_spans=[quote]) == nums  # deterministic


def test_rules_can_be_swapped(nlp):
    rules = NumberRules(
        currencies=NUMBER_RULES.currencies,
        units={**NUMBER_RULES.units, "furlong": "furlong", "furlongs": "furlong"},
        hedges_before=NUMBER_RULES.hedges_before,
        hedges_after=NUMBER_RULES.hedges_after,
        words=NUMBER_RULES.words,
    )
    nums = extract_numbers(nlp("The horse ran 8 furlongs."), article_id="t", rules=rules)
    assert [(n.text, n.kind, n.unit) for n in nums] == [("8 furlongs", "measure", "furlong")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "$",
                "£",
                "5",
                "1,000",
                "1.5bn",
                "m",
                "%",
                "per",
                "cent",
                "about",
                "more",
                "than",
                "two",
                "hundred",
                "and",
                "a",
                "dozen",
                "half",
                "million",
                "-",
                "to",
                "between",
                "miles",
                "one",
                "no",
                "of",
                "the",
                "officers",
                "3-1",
                "March",
                "2019",
                "year",
                "old",
                "C",
                "\u201c",
                "\u201d",
                ".",
                ",",
                "p",
                "k",
            ]
        )
        | st.text(max_size=6),
        max_size=25,
    )
)
def test_never_crashes_and_spans_match(nlp, parts):
    text = " ".join(parts)
    doc = nlp(text)
    for num in extract_numbers(doc, article_id="h", quote_spans=[(0, len(text) // 2)]):
        assert text[num.start_char : num.end_char] == num.text
        assert num.kind in ("count", "percent", "money", "measure")
        assert math.isfinite(num.value)


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_numbers", ROOT / "bench" / "eval_numbers.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_gold_meets_targets(nlp):
    bench = _load_eval()
    result = bench.score(bench.load_gold(GOLD), nlp)
    assert result["gold"] >= 100
    assert result["precision"] >= 0.90, result
    assert result["recall"] >= 0.90, result
    assert result["unit_accuracy"] >= 0.85, result
    assert result["counted_accuracy"] >= 0.85, result


def test_seed_articles(nlp):
    seeds = CORPUS / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed corpus not found at {seeds} (a fresh clone without ../shared/corpus)")
    found: set[tuple[str, float, str, str | None]] = set()
    for path in sorted(seeds.glob("*.txt")):
        for num in extract_numbers(nlp(path.read_text(encoding="utf-8")), article_id=path.stem):
            found.add((num.text, num.value, num.kind, num.counted))
    assert ("35%", 35, "percent", "arrest") in found
    assert ("5,000", 5000, "count", "criminal") in found
    assert ("100", 100, "count", "officer") in found
    assert ("two", 2, "count", "official") in found
    assert not any(text in ("1", "day 1") for text, *_ in found)  # "from day 1" is a phrase, not a count
