"""The fixed word lists and patterns the number extractor reads: numeric token shape, scale suffixes
and words, month names, label prefixes, change verbs, fraction words and the like.

Kept apart from the code so each list can be read (and argued about) on its own; rule data that
projects may swap lives in the CSV tables read by :mod:`transforms.numbers.rule_tables`.
"""

from __future__ import annotations

import re

from transforms.lexicon import PERSON_NOUNS


def _word_set(words: str) -> frozenset[str]:
    """A frozenset from a space-separated word list (keeps the long lists readable)."""
    return frozenset(words.split())


# Currency signs written before a figure ("$5", "£5m"), glued to it or as a token of their own.
CURRENCY_SIGNS = "$£€¥₹"
# A numeric token as spaCy leaves it: optional currency glued on ("HK$5bn", "Rs500"), digits with
# well-formed thousands separators or a decimal part (or a decimal part alone: a batting average ".358"),
# optional glued suffix (scale, %, pence, unit).
# A minus sign ("-11C") and a glued vulgar fraction ("3½") are kept apart for the caller to judge.
RE_NUM_TOKEN = re.compile(
    rf"(?P<pm>±)?(?P<sign>[-−])?(?P<cur>[A-Z]{{1,3}}\$|[{CURRENCY_SIGNS}]|Rs\.?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<frac>[½¼¾⅓⅔])?"
    r"(?P<suf>[A-Za-z°%/]+\d?)?"
)
# The token after a lone "$" that names the dollar's country ("$US1 million", "$A5bn", "$NZ20"): code and digits.
RE_DOLLAR_CODE = re.compile(r"(?P<code>US|A|AU|NZ|C|HK|S|NT)(?P<rest>\d[\d,.]*(?:[A-Za-z]+)?)")
# Words before a scale word that make a vague count ("several dozen", "a few hundred"), valued like "hundreds".
VAGUE_MULTIPLIERS = _word_set("several few")
# The fraction part of a mixed number written apart ("2 1/2"): a numerator under its denominator.
RE_SIMPLE_FRACTION = re.compile(r"(?P<num>[1-9])/(?P<den>[2-9]|1[0-6])")
VULGAR_FRACTIONS: dict[str, float] = {"½": 1 / 2, "¼": 1 / 4, "¾": 3 / 4, "⅓": 1 / 3, "⅔": 2 / 3}
# Glued suffixes that scale a number ("5m", "1.13bn", "20k").
SCALE_SUFFIXES: dict[str, float] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
# Scale words that may follow a number after a space ("40 million", "5 bn").
SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "mn": 1e6,
    "tn": 1e12,
    "hundred": 1e2,
}
# Scale words glued to digits ("$175million") or after a hyphen ("$6-billion").
GLUED_SCALE_WORDS = _word_set("thousand million billion trillion")
# Full month names are also found at the end of a token glued to a page's furniture ("FeaturedFebruary 6, 2016").
MONTH_NAMES = _word_set("january february march april may june july august september october november december")
MONTHS = (MONTH_NAMES - {"may"}) | _word_set("jan feb mar apr jun jul aug sep sept oct nov dec")
# Words after a number that make it a clock time.
TIME_SUFFIXES = _word_set("a.m. p.m. am pm a.m p.m gmt bst cet est edt pst pdt et pt utc o'clock hrs hundred_hours")
# Words that, written right before a bare number, make it a label ("Section 8", "No 10").
ID_PREFIXES = _word_set(
    "no no. number # section title article chapter flight route room page line platform gate channel "
    "radio bus apollo day level phase grade category game round stage part episode season series volume "
    "vol vol. highway interstate junction exit act clause paragraph rule verse psalm version windows pub "
    "tier class division league lot terminal ward district precinct unit"
)
# Nouns after "one" that make it an idiom, not a count ("one day", "one way or another").
ONE_IDIOM_NOUNS = _word_set("day time way thing hand side point moment stage kind sort another other")
# Words before "one" that make it a pronoun ("no one", "the one who").
ONE_PRONOUN_BEFORE = _word_set(
    "no any every each the this that which whichever someone anyone a another everyone either neither"
)
# Verbs and nouns of change: "sales rose 5%", "a 5% rise in sales" count sales, not the rise.
CHANGE_LEMMAS = _word_set(
    "rise fall increase decrease drop grow growth jump climb slip decline cut raise boost reduce gain "
    "lose loss surge slump soar plunge tumble edge dip fell rose hike lift lower slash expand shrink "
    "improve improvement reduction narrow widen"
)
# Verbs that put a quantity at a level ("unemployment stood at 5%", "sales reached 500", "wages hit 3%"): like a
# verb of change, their subject is what the figure measures.
LEVEL_LEMMAS = _word_set("stand remain stay hover sit hit reach total top be")
# Nouns that never make a good "counted" (time words, pronoun-like nouns).
NOT_COUNTED = _word_set(
    "yesterday today tomorrow year years month week day time tonight morning evening night % percent cent per"
)
# Nouns that only say "a quantity" or "about" before "of" and a figure ("a total of 346", "the age of 48", "in the
# region of $5m"): the figure measures nothing they name, unlike "a population of 40,000" or "a value of $16bn".
QUANTITY_HEADS = _word_set(
    "total sum number amount figure tally maximum minimum average handful couple pair age magnitude"
    " range region vicinity neighborhood neighbourhood order"
)
# After "100m", these make "m" metres, not million ("the 100m sprint").
METRE_CONTEXT = _word_set(
    "sprint race hurdles freestyle butterfly backstroke breaststroke relay medley final title record dash run swim "
    "champion champions champ gold silver bronze medal medallist heats indoors"
)
TIME_UNITS = _word_set("second minute hour day week month year decade century")
SCORE_NOUNS = _word_set("win victory defeat draw lead loss scoreline aggregate margin vote")
FRACTION_WORDS = _word_set("half halves third thirds quarter quarters fifth fifths tenth tenths")
# Denominators of written fractions ("two-thirds", "a quarter of", "three fifths").
FRACTION_DENOMINATORS: dict[str, int] = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
    "tenths": 10,
}
# After "half" these make it a share of what follows ("half the voters", "half of all", "half its staff").
HALF_FOLLOWERS = _word_set("of the its their his her our all those these")
# Words before "half" that make it a part of a match or a year, not a share ("the second half").
HALF_NOT_AFTER = _word_set("the a first second last other better 1st 2nd")
# Words in a sentence that make "5 points" percentage points (polls), not points scored.
POLL_CONTEXT = _word_set("% percent cent poll polls polling pollster survey surveys percentage approval rating ±")
# Words in a sentence that make "closed at 10,892.35" a stock index level and "fell 120 points" index points.
INDEX_CONTEXT = _word_set("index indices indexes dow ftse nasdaq nikkei s&p dax cac sensex kospi stoxx")
# Verbs after which a bare figure "at"/"to" is an index level ("closed at 10,892.35", "fell to 4,765.2").
INDEX_LEVEL_LEMMAS = _word_set(
    "close end finish open stand trade fall rise climb drop slip jump sink dip reach hit gain lose add shed rally "
    "advance decline tumble plunge surge slide higher lower up down"
)
# Words in an article that make a margin in points percentage points (an election), not points scored in a match.
ELECTION_CONTEXT = _word_set(
    "poll polls polling pollster survey voter voters vote votes election primary primaries caucus caucuses ballot "
    "candidate candidates nominee electorate"
)
# Words that make "5 points" a margin: the noun after "a 30-point ..." or the word after "5 points ...".
MARGIN_WORDS = _word_set("lead advantage margin gap edge deficit swing cushion ahead behind clear of")
# Words just before "5 points" that make them a margin: "within 5 points of", "leads by 5 points".
MARGIN_BEFORE = _word_set("within lead leads leading trail trails trailing led trailed")
# Lemmas before a descending "51 to 48" that make it a vote tally or a score.
TALLY_LEMMAS = _word_set("vote win beat lose pass defeat approve reject margin score")
# Nouns that show an article measures in metres ("cleared 4.88m", "took the long jump at 6.63m"): there a bare
# "Nm" with no currency and no counted noun after it is a distance, not millions. "jump" and "vault" count only
# after the word naming the event ("long jump", "pole vault"; not "a jump in profits").
METRE_EVIDENCE = _word_set(
    "metre metres meter meters hurdles sprint sprinter relay freestyle backstroke breaststroke javelin discus marathon"
)
FIELD_EVENTS = frozenset({("long", "jump"), ("high", "jump"), ("triple", "jump"), ("pole", "vault")})
# A race time with hundredths ("14:39.29", "2:01.52", "1:02:11.4"): seconds; a clock time has no fraction.
RE_RACE_TIME = re.compile(r"(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>[0-5]\d\.\d{1,3})")
# An age given as a decade of life: "in his 30s", "in her early 40s", "in their mid-20s" (the possessive before it
# is checked by the extractor, from ``transforms.lexicon.POSSESSIVE_DETERMINERS``).
RE_AGE_DECADE = re.compile(r"(?:mid-)?(?P<decade>[1-9]0)s")
AGE_DECADE_QUALIFIERS = _word_set("early mid late")
# Verbs whose "at" + bare whole number is the age it happened at: "dies at 75", "died at 75".
AGE_AT_LEMMAS = _word_set("die")
# Track and pool distances written glued to "m" after "the" ("the 10,000m"): metres, not millions.
RACE_DISTANCES = frozenset({50, 60, 100, 110, 200, 400, 800, 1000, 1500, 3000, 5000, 10000})
HYPHENS = frozenset({"-", "–", "—"})
# Currency words that a hyphen may join to a number ("a two-million-euro haul", "a five-dollar bill"); not "pound",
# which after a hyphen is usually a weight ("a 200-pound man").
HYPHEN_CURRENCIES = _word_set("dollar euro yen yuan rupee rand franc krone kroner peso rouble ruble")
# "seven-foot-one", "6-foot-2": inches after a height in feet; spaCy may keep "foot-2" as one token.
INCHES_PER_FOOT = 12
RE_FOOT_INCHES = re.compile(r"(?:foot|ft)-(?P<inches>\d{1,2})")
# Words before a bare number that make it an age: "aged 35", "at age 42", "ages 18 to 29".
AGE_CUES = _word_set("aged age ages")
# Phrases after a bare number that make it the open bound of an age: "voters 45 and older", "children 12 and under".
AGE_OPEN_BOUNDS = frozenset(
    f"{joiner} {bound}" for joiner in ("and", "or") for bound in ("older", "younger", "over", "under", "above", "up")
)
# Hedges that, between a group of people and a bare number, bound an age: "voters under 30", "those over 65".
AGE_LIMIT_HEDGES = _word_set("under over above below")
# Lemmas of people: an age limit may follow them ("voters under 30", "those over 65"); points never count them.
PEOPLE_LEMMAS = PERSON_NOUNS | _word_set(
    "people child kid adult teen teenager youngster youth man woman those anyone everyone someone citizen pensioner"
)
# Verbs that take a phone number ("called 911", "dial 999"), and numbers that name an emergency service.
CALL_VERBS = _word_set("call dial ring phone text")
EMERGENCY_NUMBERS = _word_set("911 999")


def is_year_shaped(value: float, text: str) -> bool:
    """True when a number could be a year: 1000 to 2100 and written without a thousands comma ("2019", not
    "2,019"). The shared core of the year tests; each caller adds its own conditions."""
    return 1000 <= value <= 2100 and "," not in text
