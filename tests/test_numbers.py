"""transforms.numbers: quantities in news text, on the real spaCy model. Sentences are our own."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.gold import GoldError, read_number_gold
from evaluation.scoring import GoldNumber, NumberScores, score_numbers
from flows.evaluate import evaluate_numbers
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
    ("Support fell by 3 percentage points.", [("3 percentage points", 3, "measure", "point", "support", False)]),
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
    # a magnitude named before the figure, through "of" or "at"
    ("The survey put the quake's magnitude at 5.7.", [("5.7", 5.7, "measure", "magnitude", None, False)]),
    ("A tremor with a magnitude of 4.2 shook the valley.", [("4.2", 4.2, "measure", "magnitude", None, False)]),
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
    # the first bound counts what the second does
    (
        "The plant will cut 350-375 jobs.",
        [("350", 350, "count", None, "job", True), ("375", 375, "count", None, "job", True)],
    ),
    # an en dash between the bounds, a percent sign on both, a currency sign on both
    (
        "The herd shrank to 350–375 cows.",
        [("350", 350, "count", None, "cow", True), ("375", 375, "count", None, "cow", True)],
    ),
    (
        "Turnout was 61%–64% in the valley.",
        [("61%", 61, "percent", "percent", None, True), ("64%", 64, "percent", "percent", None, True)],
    ),
    (
        "The bridge will cost $160-$180 million.",
        [("$160", 1.6e8, "money", "USD", None, True), ("$180 million", 1.8e8, "money", "USD", None, True)],
    ),
]

NOTHING = [
    "The law took effect on March 3, 2019.",
    "The report covers the 1990s and the 2008 crash.",
    "The meeting starts at 3 p.m. on Friday.",
    "She finished second, and her brother came 3rd.",
    "Officials invoked Title 42 and Section 8.",
    "The Boeing 737 landed near I-95 after COVID-19 rules eased.",
    # a model's variant, a model named before a singular noun, a footnote mark
    "The carrier flies the Airbus A330-300 on that route.",
    "Regulators grounded the 737 Max jet again.",
    "Nurses hear alarms all night [1].",
    "Apollo 11 landed in July 1969.",
    "No one knew the answer.",
    "Ranked by donors: 7 Jon Kasich. 8 Rand Paul. 9 Ada Cole.",
    "The one who left never came back.",
    "They helped one another.",
    "One day the team will win again.",
    "United won 3-1 on Saturday.",
    "The match ended in a 2-2 draw.",
    "Call 555-1234 for details.",
    "He has opposed the plan from day 1.",
    "The company ran a multi-billion dollar campaign.",
    # fractions that are not shares, ratios that are not shares, tallies and points in time
    "The visitors scored twice in the second half.",
    "Profits were flat in the first quarter.",
    "He arrived a quarter of an hour late.",
    "The bill passed by a vote of 51 to 48.",
    "The Senate voted 52-48 to confirm her.",
    "They moved to the city four years ago.",
    "Half-time came with the sides level.",
    # found by the real-news audit: names, codes, scores and years before plural nouns
    "You can pick either one of them.",
    "Profits were lifted by one-off gains.",
    "The new phones run on 3G and 4G networks.",
    "She was the No. 2 Democrat in the House.",
    "She beat her rival 6-3 7-6 (10-8) in Paris.",
    "He lost the 2012 primaries badly.",
    "He was the Democratic half of the polling team.",
    # "one" that ranks, numbers dialled, names and addresses, live-blog time stamps
    "It is one of the largest banks in the country.",
    "He was one of America's most famous singers.",
    "A neighbour called 911 after the crash.",
    "She dialled 999 at once.",
    "A 911 dispatcher took the call.",
    "Analysts at 38 North studied the images.",
    "The clinic is at 100 Haven Avenue.",
    "He lived at 24 Station Road for years.",
    "Jane Roe 5ptsmoderatorFeaturedFebruary 6, 2016 9:12PMRubio Speaks",
    "9:12PM: Polls close in the state.",
    "Posted at 9:12PM ET by the desk.",
    # idioms, names and ranks (numbers_tune2 rules)
    "The gang drove a four-by-four truck through the gate.",
    "Officers found a .38 caliber pistol in the car.",
    "Hackers used a zero day bug in the browser.",
    "Teams from the Big 12 met in the final.",
    "The coach won the cup two seasons ago.",
    "She is a top-five player and will enter the world's top 50.",
    "The mayor held a one-on-one talk with the chief.",
    "It was one of the city's worst storms.",
    "She is one of the more likely winners.",
    "Do not trade one old tax rule for another.",
    "One can only guess what the panel will decide.",
]

THIRD = 100 / 3

# Shares written as fractions are percents (two-thirds -> 66.67), counted as the "of" object.
FRACTIONS = [
    ("Two-thirds of voters agreed.", [("Two-thirds", 2 * THIRD, "percent", "percent", "voter", False)]),
    ("Two-thirds of them agreed.", [("Two-thirds", 2 * THIRD, "percent", "percent", None, False)]),
    ("A third of the nurses quit.", [("A third", THIRD, "percent", "percent", "nurse", False)]),
    ("Nearly half of the pupils passed.", [("Nearly half", 50, "percent", "percent", "pupil", True)]),
    ("Half the country's farmers sold up.", [("Half", 50, "percent", "percent", "farmer", False)]),
    ("Three-quarters of the firms hired.", [("Three-quarters", 75, "percent", "percent", "firm", False)]),
    ("A quarter of them left early.", [("A quarter", 25, "percent", "percent", None, False)]),
    ("Crime fell by a fifth last year.", [("a fifth", 20, "percent", "percent", "crime", False)]),
    ("More than half of all homes flooded.", [("More than half", 50, "percent", "percent", "home", True)]),
    ("The rule needs a two-thirds majority.", [("two-thirds", 2 * THIRD, "percent", "percent", "majority", False)]),
]

# "one in five": a share stored as a percent (20), counted as the noun after the denominator.
RATIOS = [
    ("One in five adults said no.", [("One in five", 20, "percent", "percent", "adult", False)]),
    ("About 1 in 8 children is poor.", [("About 1 in 8", 12.5, "percent", "percent", "child", True)]),
    ("Nine in 10 shops shut early.", [("Nine in 10", 90, "percent", "percent", "shop", False)]),
    ("One in four of the staff is new.", [("One in four", 25, "percent", "percent", "staff", False)]),
    ("Analysts give the bill a one-in-four chance.", [("one-in-four", 25, "percent", "percent", "chance", False)]),
]

# Number words with scales and halves.
WORDS = [
    (
        "The fund lost one and a half million pounds.",
        [("one and a half million pounds", 1.5e6, "money", "GBP", None, False)],
    ),
    ("He served two and a half years.", [("two and a half years", 2.5, "measure", "year", None, False)]),
    ("Sixty thousand fans sang.", [("Sixty thousand", 60000, "count", None, "fan", False)]),
    ("Forty-eight senators voted no.", [("Forty-eight", 48, "count", None, "senator", False)]),
    ("Three hundred jobs went.", [("Three hundred", 300, "count", None, "job", False)]),
]

# Points are a measure: "percentage points" always, bare "points" in a sentence about polls, percents or a stock
# index, or as a margin ("a 30-point lead", "within 5 points of") in an article about an election; never counting a
# person. Points scored in a match are counted.
POINTS = [
    ("Her lead in the poll is six points.", [("six points", 6, "measure", "point", "lead", False)]),
    ("The survey has a margin of error of ±3 points.", [("±3 points", 3, "measure", "point", None, False)]),
    ("He scored 30 points against Boston.", [("30", 30, "count", None, "point", False)]),
    (
        "In the election race she holds a three-percentage-point margin.",
        [("three-percentage-point", 3, "measure", "point", "margin", False)],
    ),
    (
        "Ahead of the election, the mayor has a 30-point advantage among young voters.",
        [("30-point", 30, "measure", "point", "advantage", False)],
    ),
    ("After the primary, the senator is within 5 points of Jones.", [("5 points", 5, "measure", "point", None, False)]),
    (
        "The governor won the primary by about a 67 percentage point margin.",
        [("about a 67 percentage point", 67, "measure", "point", "margin", True)],
    ),
    ("The hosts took a 10-point lead before half-time.", [("10", 10, "count", None, "point", False)]),
    (
        "The share index fell 120 points to close at 6,412.35.",
        [
            ("120 points", 120, "measure", "point", "index", False),
            ("6,412.35", 6412.35, "measure", "point", None, False),
        ],
    ),
    ("The Dow closed at 10,517.84 on Friday.", [("10,517.84", 10517.84, "measure", "point", None, False)]),
]

# Ages after a name, Korean won and kroner, hyphenated counted nouns, tallies.
MISC = [
    ("Smith, 52, of Bristol, denied the charge.", [("52", 52, "measure", "year", None, False)]),
    ("The winger, 19, signed on Friday.", [("19", 19, "measure", "year", None, False)]),
    ("Samsung earned 6 trillion won.", [("6 trillion won", 6e12, "money", "KRW", None, False)]),
    # a batting average written with its decimal point alone; a capitalised "Rand" that opens a name is no money
    ("Okafor batted .312 in June.", [(".312", 0.312, "count", None, None, False)]),
    ("The guide charged 40 Rand for the walk.", [("40 Rand", 40, "money", "ZAR", None, False)]),
    ("The Danish firm made 2bn kroner.", [("2bn kroner", 2e9, "money", "DKK", None, False)]),
    ("Norway's fund paid 40 billion kroner.", [("40 billion kroner", 4e10, "money", "NOK", None, False)]),
    ("Staff sent 900 e-mails.", [("900", 900, "count", None, "e-mail", False)]),
    ("Republicans won 3 seats.", [("3", 3, "count", None, "seat", False)]),
    ("Twelve Democrats voted for it.", [("Twelve", 12, "count", None, "democrat", False)]),
    ("She won the 10,000m in Rome.", [("10,000m", 10000, "measure", "metre", None, False)]),
    ("Sales were down 4% in May.", [("4%", 4, "percent", "percent", "sale", False)]),
    ("They agreed a 2% pay rise.", [("2%", 2, "percent", "percent", "pay", False)]),
    ("It is now a two-man race.", [("two", 2, "count", None, "man", False)]),
    ("A five-member panel will decide.", [("five", 5, "count", None, "member", False)]),
    ("Nine Wallabies started the game.", [("Nine", 9, "count", None, "wallaby", False)]),
    ("He is the reigning 100m champion.", [("100m", 100, "measure", "metre", "champion", False)]),
    (
        "Speeds of 0.3-0.5 megabits were seen.",
        [("0.3", 0.3, "measure", "megabit", None, True), ("0.5 megabits", 0.5, "measure", "megabit", None, True)],
    ),
    ("Fares rose 8% to $5.", [("8%", 8, "percent", "percent", "fare", False), ("$5", 5, "money", "USD", None, False)]),
]

# A scale word glued or hyphenated to the digits, mixed fractions, a minus sign, a height in feet and inches.
SHAPES = [
    ("The league signed a $6-billion TV deal.", [("$6-billion", 6e9, "money", "USD", "deal", False)]),
    (
        "Britain paid £512-million ($0.93-billion) for the ships.",
        [("£512-million", 5.12e8, "money", "GBP", None, False), ("$0.93-billion", 9.3e8, "money", "USD", None, False)],
    ),
    ("The studio spent $180million on the film.", [("$180million", 1.8e8, "money", "USD", None, False)]),
    ("The city drew 3.4million tourists.", [("3.4million", 3.4e6, "count", None, "tourist", False)]),
    ("A 12-million population lives there.", [("12-million", 1.2e7, "count", None, "population", False)]),
    ("Crews built a 2 1/2-foot wall.", [("2 1/2-foot", 2.5, "measure", "foot", "wall", False)]),
    ("He served 3 1/2 years.", [("3 1/2 years", 3.5, "measure", "year", None, False)]),
    ("The final 2½ minutes were tense.", [("2½ minutes", 2.5, "measure", "minute", None, False)]),
    ("Overnight it fell to -11 C in the hills.", [("-11 C", -11, "measure", "degree Celsius", None, False)]),
    ("The lake froze at -4C.", [("-4C", -4, "measure", "degree Celsius", None, False)]),
    ("It was minus 8C at dawn.", [("minus 8C", -8, "measure", "degree Celsius", None, False)]),
    (
        "The seven-foot-one centre blocked the shot.",
        [("seven-foot-one", 7 + 1 / 12, "measure", "foot", "centre", False)],
    ),
    ("The 6-foot-2 guard scored.", [("6-foot-2", 6 + 2 / 12, "measure", "foot", "guard", False)]),
]

# Ages: a cue before the number ("aged", "at age", "ages") covers both bounds of a range; "under"/"over" after a
# group of people bound an age.
AGES = [
    # an age set off by a comma and a dash
    ("Her agent, Dev Amin, 44 – who rarely speaks – declined.", [("44", 44, "measure", "year", None, False)]),
    (
        "The study followed women aged 40 to 61.",
        [("40", 40, "measure", "year", None, True), ("61", 61, "measure", "year", None, True)],
    ),
    ("She began to paint at age 42.", [("42", 42, "measure", "year", None, False)]),
    ("The scheme is open to workers under 65.", [("under 65", 65, "measure", "year", None, True)]),
    ("Those over 70 voted early.", [("over 70", 70, "measure", "year", None, True)]),
    ("Voters under 30 backed him.", [("under 30", 30, "measure", "year", None, True)]),
    (
        "It polled people between the ages of 18 and 29.",
        [("18", 18, "measure", "year", None, True), ("29", 29, "measure", "year", None, True)],
    ),
    ("The party won over 30 seats.", [("over 30", 30, "count", None, "seat", True)]),
    ("She leads among voters 45 and older.", [("45 and older", 45, "measure", "year", None, True)]),
    ("The film is about an 18-year-old girl.", [("18-year-old", 18, "measure", "year", "girl", False)]),
    # the age someone died at, and a decade of someone's life (a decade of the calendar is a date)
    ("Ada Corvane, ferry pioneer, dies at 88.", [("88", 88, "measure", "year", None, False)]),
    ("He met her when he was in his 30s.", [("30s", 30, "measure", "year", None, True)]),
    ("The council is led by members in their mid-70s.", [("mid-70s", 70, "measure", "year", None, True)]),
    ("The ferry ran through the 1990s.", []),
    ("The ferry arrives at 11 each day.", []),
]

# A descending pair is a result in two figures, not a range: not approximate; "about a ..." hedges.
RESULTS = [
    (
        "The poll puts Smith ahead 46 to 40 percent.",
        [("46", 46, "percent", "percent", None, False), ("40 percent", 40, "percent", "percent", None, False)],
    ),
    ("They signed about a $5m deal.", [("about a $5m", 5e6, "money", "USD", "deal", True)]),
    (
        "Sales rose 3% from 2003 to 2004.",
        [("3%", 3, "percent", "percent", "sale", False)],
    ),
]

# Not counts: "one" before a superlative or another number; a number dialled; names and addresses.
NOT_COUNTS = [
    ("Over one 12-year stretch, the club won nothing.", [("12-year", 12, "measure", "year", "stretch", False)]),
    (
        "Police received 40 calls and sent 12 Democrats home.",
        [("40", 40, "count", None, "call", False), ("12", 12, "count", None, "democrat", False)],
    ),
    ("Around 200 Google engineers quit.", [("Around 200", 200, "count", None, "engineer", True)]),
    ("She won 12 Grand Slam titles.", [("12", 12, "count", None, "title", False)]),
    # a police report's address
    ("The ferryman was stopped in the 3400 block of Harbour Street.", []),
    ("Crews cleared 12 blocks of Harbour Street.", [("12", 12, "count", None, "block", False)]),
    # "that" opening a clause is no determiner of "one"
    ("Police said that one person was hurt at the pier.", [("one", 1, "count", None, "person", False)]),
    ("That one was the last ferry of the night.", []),
]


# Forms from outlets outside the tuning sets (numbers_tune2): our own sentences.
OUTLET_FORMS = [
    # engine and boot figures of a car review, a percent word glued by a hyphen
    (
        "The coupe makes 402 hp and 490 lb-ft of torque, with 21.7 cu ft of cargo space.",
        [
            ("402 hp", 402, "measure", "horsepower", None, False),
            ("490 lb-ft", 490, "measure", "pound foot", "torque", False),
            ("21.7 cu ft", 21.7, "measure", "cubic foot", "space", False),
        ],
    ),
    ("A full charge takes a 40 min stop.", [("40 min", 40, "measure", "minute", "stop", False)]),
    ("The battery fills to 80-percent quickly.", [("80-percent", 80, "percent", "percent", None, False)]),
    ("Losses were put at $US2 million.", [("$US2 million", 2e6, "money", "USD", None, False)]),
    ("Sales reached $A40m last year.", [("$A40m", 4e7, "money", "AUD", None, False)]),
    ("He served a 3-1/2 year term.", [("3-1/2 year", 3.5, "measure", "year", "term", False)]),
    ("The club raised several dozen banners.", [("several dozen", 24, "count", None, "banner", True)]),
    ("A few hundred fans waited outside.", [("A few hundred", 200, "count", None, "fan", True)]),
    ("They lost several million dollars.", [("several million dollars", 2e6, "money", "USD", None, True)]),
    ("One in every 200 homes flooded.", [("One in every 200", 0.5, "percent", "percent", "home", False)]),
    ("Robbers grabbed a three-million-euro haul.", [("three-million-euro", 3e6, "money", "EUR", "haul", False)]),
    ("The tremor measured 5.4 on the Richter scale.", [("5.4", 5.4, "measure", "magnitude", None, False)]),
    ("A magnitude 6.2 quake hit the coast.", [("6.2", 6.2, "measure", "magnitude", "quake", False)]),
    ("A 4.8-magnitude quake shook the town.", [("4.8-magnitude", 4.8, "measure", "magnitude", "quake", False)]),
    ("Burglars took $3m worth of gold.", [("$3m", 3e6, "money", "USD", "gold", False)]),
    (
        "The ship carries 30 kilometres (18.6 miles) of wire.",
        [
            ("30 kilometres", 30, "measure", "kilometre", "wire", False),
            ("18.6 miles", 18.6, "measure", "mile", "wire", False),
        ],
    ),
    ("The council found almost £5m in unpaid fines.", [("almost £5m", 5e6, "money", "GBP", "fine", True)]),
    ("The fund holds $40m in the bank.", [("$40m", 4e7, "money", "USD", None, False)]),
    ("Police had stopped him at least four times.", [("at least four", 4, "count", None, "time", True)]),
    ("Results are due within 72 hours of the vote.", [("72 hours", 72, "measure", "hour", None, False)]),
    ("The pair have won three Grand Slam mixed doubles crowns.", [("three", 3, "count", None, "crown", False)]),
    ("Retail stocks were 2.5% lower on Friday.", [("2.5%", 2.5, "percent", "percent", "stock", False)]),
    ("The Nikkei index closed 40 points higher.", [("40 points", 40, "measure", "point", "index", False)]),
    ("The cuts would drive down the jobless rate to 4%.", [("4%", 4, "percent", "percent", "rate", False)]),
    ("The mill burned to the one-storey office.", [("one", 1, "count", None, "storey", False)]),
    ("He died at home on Monday. He was 81.", [("81", 81, "measure", "year", None, False)]),
    ("Maria Lopez was 64, her son said.", [("64", 64, "measure", "year", None, False)]),
    (
        "Two reports were filed. One was sent to the mayor.",
        [
            ("Two", 2, "count", None, "report", False),
            ("One", 1, "count", None, None, False),
        ],
    ),
    (
        "About 30 or 40 people gathered.",
        [
            ("About 30", 30, "count", None, "people", True),
            ("40", 40, "count", None, "people", True),
        ],
    ),
    (
        "The strike lasted two or three days.",
        [
            ("two", 2, "measure", "day", None, True),
            ("three days", 3, "measure", "day", None, True),
        ],
    ),
    ("The club's top three scorers left.", [("three", 3, "count", None, "scorer", False)]),
]

# What a figure with no noun of its own measures: the subject of the verb of change or level it completes, the
# noun a "worth" or a bracketed conversion belongs to; a track distance or race time in an athletics report.
SUBJECTS_AND_RACES = [
    # a figure "of" a singular noun measures it, unless the noun only says "a quantity" or is a person
    ("The island has a population of 40,000.", [("40,000", 40000, "count", None, "population", False)]),
    ("Bids came in the region of $5 million.", [("$5 million", 5e6, "money", "USD", None, False)]),
    ("He is a grandfather of seven.", [("seven", 7, "count", None, None, False)]),
    (
        "Crowds marked the shooting of 16-year-old Dana Pike.",
        [("16-year-old", 16, "measure", "year", None, False)],
    ),
    ("Unemployment stood at 12% last month.", [("12%", 12, "percent", "percent", "unemployment", False)]),
    ("At 2.6%, inflation remains inside the band.", [("2.6%", 2.6, "percent", "percent", "inflation", False)]),
    ("Consumer prices - at 2.4% - rose faster than wages.", [("2.4%", 2.4, "percent", "percent", "price", False)]),
    ("The rate remained at 5% for a year.", [("5%", 5, "percent", "percent", "rate", False)]),
    ("Wages hit 3% in June.", [("3%", 3, "percent", "percent", "wage", False)]),
    (
        "The data showed joblessness rose 106,500 to 3.21 million.",
        [
            ("106,500", 106500, "count", None, "joblessness", False),
            ("3.21 million", 3.21e6, "count", None, "joblessness", False),
        ],
    ),
    ("He scored 20 in the first half.", [("20", 20, "count", None, None, False)]),
    ("The club rejected a bid worth $9bn.", [("$9bn", 9e9, "money", "USD", "bid", False)]),
    ("Britain's £2bn EU rebate is not up for talks.", [("£2bn", 2e9, "money", "GBP", "rebate", False)]),
    (
        "A shareholder sued to halt a $4.5bn (£2.4bn) takeover.",
        [
            ("$4.5bn", 4.5e9, "money", "USD", "takeover", False),
            ("£2.4bn", 2.4e9, "money", "GBP", "takeover", False),
        ],
    ),
    (
        "Okoye won the women's 3,000m in 8:41.07 after a slow start.",
        [
            ("3,000m", 3000, "measure", "metre", None, False),
            ("8:41.07", 521.07, "measure", "second", None, False),
        ],
    ),
    ("She won the 800m.", [("800m", 800, "measure", "metre", None, False)]),
    (
        "The vaulter cleared 4.71m at the indoor meeting, her best pole vault this winter.",
        [("4.71m", 4.71, "measure", "metre", None, False)],
    ),
    ("The mayor cleared 4.71m for the budget.", [("4.71m", 4.71e6, "count", None, None, False)]),
    ("After a jump in orders, sales reached 4.7m.", [("4.7m", 4.7e6, "count", None, "sale", False)]),
    ("The gates open at 9:30 each day.", []),
    # a weight in pounds, and a unit of two words in a hyphenated compound
    ("The suspect weighs about 200 pounds.", [("about 200 pounds", 200, "measure", "pound", None, True)]),
    ("The ferry costs 200 pounds a trip.", [("200 pounds", 200, "money", "GBP", None, False)]),
    (
        "Corvane is a 1.4-square-mile island.",
        [("1.4-square-mile", 1.4, "measure", "square mile", "island", False)],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    COUNTS
    + PERCENTS
    + MONEY
    + MEASURES
    + HEDGES
    + RANGES
    + FRACTIONS
    + RATIOS
    + WORDS
    + POINTS
    + MISC
    + SHAPES
    + AGES
    + RESULTS
    + NOT_COUNTS
    + OUTLET_FORMS
    + SUBJECTS_AND_RACES,
)
def test_extracts_quantities(nlp, text, expected):
    assert_same(summary(numbers_in(nlp, text)), expected)


@pytest.mark.parametrize("text", NOTHING)
def test_not_quantities(nlp, text):
    assert numbers_in(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Shares fell 5p, or 2%, to 240p.",
            [
                ("5p", 0.05, "money", "GBP", None, False),
                ("2%", 2, "percent", "percent", "share", False),
                ("240p", 2.4, "money", "GBP", None, False),
            ],
            marks=pytest.mark.xfail(reason="a percent in apposition to another figure has no counted noun"),
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
    nums = numbers_in(nlp, text, quoted_words=[quote])
    assert [(n.text, n.in_quote) for n in nums] == [("500", True), ("60", False)]
    first = nums[0]
    assert first.number_id == stable_id("t", first.start_char, first.end_char, "number")
    assert numbers_in(nlp, text, quoted_words=[quote]) == nums  # deterministic


def test_in_quote_is_scored_only_where_the_gold_gives_it():
    text = "He said 500 nurses and 60 wards."
    extracted = [
        Number("a", "t", "500", 500, "count", None, "nurse", False, True, 8, 11),
        Number("b", "t", "60", 60, "count", None, "ward", False, True, 23, 25),
    ]
    gold = [
        GoldNumber(8, 11, 500, "count", None, "nurse", False, in_quote=True),
        GoldNumber(23, 25, 60, "count", None, "ward", False, in_quote=False),
    ]
    scores = score_numbers(text, gold, extracted)
    assert (scores.in_quote_gold, scores.in_quote_right, scores.in_quote_accuracy) == (2, 1, 0.5)
    assert ("in_quote", "60", "got True (gold False)") in scores.misses
    unsaid = score_numbers(text, [GoldNumber(8, 11, 500, "count", None, "nurse", False)], extracted[:1])
    assert unsaid.in_quote_gold == 0 and unsaid.in_quote_accuracy is None


def test_gold_in_quote_must_be_true_or_false(tmp_path):
    gold = tmp_path / "gold.jsonl"
    number = {"text": "500", "value": 500, "kind": "count", "in_quote": True}
    gold.write_text(json.dumps({"id": "p", "text": "We hire 500.", "numbers": [number]}) + "\n")
    assert read_number_gold(gold)[0][2][0].in_quote is True
    gold.write_text(json.dumps({"id": "p", "text": "We hire 500.", "numbers": [{**number, "in_quote": "yes"}]}) + "\n")
    with pytest.raises(GoldError, match="in_quote"):
        read_number_gold(gold)


def test_eval_scores_in_quote_through_the_pipeline(tmp_path):
    """``newswh eval numbers`` runs the quote extractor too, so numbers inside quoted words come back in_quote."""
    text = "\u201cWe will hire 500 nurses,\u201d the minister said, adding that 60 wards would reopen."
    numbers = [
        {"text": "500", "value": 500, "kind": "count", "counted": "nurse", "in_quote": True},
        {"text": "60", "value": 60, "kind": "count", "counted": "ward", "in_quote": False},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "q", "text": text, "numbers": numbers}) + "\n", encoding="utf-8")
    scores, _ = evaluate_numbers(gold)
    assert (scores.matched, scores.in_quote_gold, scores.in_quote_accuracy) == (2, 2, 1.0)


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
    for num in extract_numbers(doc, article_id="h", quoted_words=[(0, len(text) // 2)]):
        assert text[num.start_char : num.end_char] == num.text
        assert num.kind in ("count", "percent", "money", "measure")
        assert math.isfinite(num.value)


def score_gold(nlp, path: Path) -> NumberScores:
    """Score ``extract_numbers`` on a gold file with the package's own scorer (see docs/numbers-gold.md)."""
    total = NumberScores()
    for passage_id, text, gold in read_number_gold(path):
        total.add(score_numbers(text, gold, extract_numbers(nlp(text), article_id=passage_id)))
    return total


def assert_targets(scores: NumberScores) -> None:
    """The issue's targets: precision and recall >= 0.90, unit and counted right >= 0.85 among matches."""
    figures = (scores.precision, scores.recall, scores.share(scores.unit_right), scores.share(scores.counted_right))
    assert scores.gold >= 100
    assert scores.precision >= 0.90, figures
    assert scores.recall >= 0.90, figures
    assert scores.share(scores.unit_right) >= 0.85, figures
    assert scores.share(scores.counted_right) >= 0.85, figures


def test_gold_meets_targets(nlp):
    assert_targets(score_gold(nlp, GOLD))


HOLDOUT = ROOT / "tests" / "fixtures" / "numbers_gold_holdout.jsonl"


def test_holdout_meets_targets(nlp):
    """The holdout was annotated before the extractor saw it (before fixes: P 0.873, R 0.793, counted 0.906)."""
    assert_targets(score_gold(nlp, HOLDOUT))


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
