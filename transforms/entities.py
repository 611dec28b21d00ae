"""Named entities: clean spaCy's mentions and resolve them to one canonical entity per article.

spaCy's NER spans are noisy in news text: they carry a leading "the", a possessive "’s", a title
("Acting ICE Director Tom Homan"), punctuation or a line break. This module trims each span to the
name itself (offsets adjusted so ``body[start:end] == text``), then groups the cleaned mentions of one
article into canonical entities (surname -> full name, acronym -> expanded name, "Times" -> "New York
Times") with cheap string rules: linear in the number of mentions, no extra spaCy calls.

Two halves: ``entity_spans(doc)`` needs the spaCy Doc (tags, NER spans) and gives the cleaned mention spans
with their labels; ``resolve_mentions(body, spans)`` needs only the text and those spans, so stored mentions
can be resolved again (other aliases, other rules) without the model. ``extract_entities`` runs both.

One entity, one id everywhere: ``entity_id`` hashes only (type, canonical name), and a person's canonical
name drops middle initials ("Donald J. Trump" and "Donald Trump" are "Donald Trump" in every article),
except for the people in ``rules/entity_known_initials.csv`` ("George W. Bush"). What rules cannot merge
("Hillary Rodham Clinton", "NYT") a user merges with an aliases CSV: ``parse_aliases(text)`` gives an
``EntityAliases``, passed as ``extract_entities(doc, article_id=..., aliases=aliases)`` or as
``rules=ENTITY_RULES.with_aliases(aliases)``.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc, Span

from transforms.ids import stable_id
from transforms.rules import read_rule_csv

KEEP_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
# Words that begin a span but are never part of a name ("the Times", "and ICE", "his Senate").
LEADING_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "both",
        "either",
        "neither",
        "former",
        "ex",
    ]
)
# Words that end a span but are never part of a name ("Smith and", "Bank of").
TRAILING_WORDS = frozenset(
    ["and", "or", "but", "nor", "&", "the", "a", "an", "of", "for", "to", "in", "on", "at", "by", "with", "from", "as"]
)
# Lowercase name particles that may stand inside or at the start of a name ("de Blasio", "bin Salman").
NAME_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "ter",
        "ten",
        "st.",
        "st",
        "mc",
        "mac",
        "o'",
    ]
)
# Generational suffixes: "Donald Trump Jr." has surname "Trump" and is not "Donald Trump".
NAME_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"])
# Kept in acronyms' expansions but not spelled by them ("Immigration and Customs Enforcement" = ICE).
ACRONYM_STOPWORDS = frozenset(["and", "of", "the", "for", "&", "on", "in", "at", "to", "a", "an", "de"])
# Never resolved by ``find``: quotes.py resolves pronouns from context.
PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "someone",
        "somebody",
        "anyone",
        "everyone",
        "one",
    ]
)
# Abbreviations whose final period belongs to the name ("Inc.", "Jr.", "U.S.").
ABBREVIATIONS = frozenset(["inc", "co", "corp", "ltd", "jr", "sr", "st", "mt", "bros", "dept", "univ", "assn", "ft"])
# Titles that may be cut from any span, not only PERSON ones ("President Obama" typed ORG); job words such as
# "Justice" or "Agent" are cut only from PERSON spans ("Justice Department" keeps its first word).
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "rev",
        "sir",
        "president",
        "senator",
        "sen",
        "rep",
        "gov",
        "gen",
        "sgt",
        "lt",
        "col",
        "capt",
        "pastor",
        "rabbi",
        "imam",
        "reverend",
    ]
)

RE_LINE_BREAK = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x85]+")
# Hard separators inside a span: a dash between spaces, a colon, a semicolon, a bar, a bullet.
# A word glued from web debris ("SmithFlagShareLikeReplyAnn": three lowercase-to-capital joins) cuts too.
RE_HARD_CUT = re.compile(r"\s+[-–—]{1,2}\s+|--|—|–(?=\s)|(?<=\s)–|[;|•]\s*|\S*(?:[a-z][A-Z][^\sA-Z]*){3}\S*")
# Soft separators: both sides may be names ("Immigration and Customs Enforcement (ICE)", "ABC News/Washington
# Post", a quoted nickname); web debris (a URL, an @handle, a tag) separates too.
RE_SOFT_CUT = re.compile(
    r"(?<=\s)[‘']|\s+/\s+|[()\[\]{}\"“”<>]|(?<=[A-Za-z]{3})/|/(?=[A-Za-z]{3})|\S*://\S*|(?<!\S)[@#]\w+"
)
# A colon separates names too, except inside titles of works, events and laws ("Star Wars: Episode IV").
RE_COLON_CUT = re.compile(r":(?=\s)")
COLON_LABELS = frozenset(["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"])
# A comma followed by a lowercase word ends the name ("Politico, Democratic party" -> "Politico").
RE_COMMA_LOWER = re.compile(r",\s+(?=[a-z])")
# Parts of speech that never continue a name when lowercase ("Convention ended", "Post he").
CUT_POS = frozenset(["VERB", "AUX", "PRON", "SCONJ", "ADV"])
RE_WORD = re.compile(r"\S+")
# Capitalised verbs that end a name in a Title Case headline ("Ben Carson Defends", "Trump Would Put").
HEADLINE_VERB_TAGS = frozenset(["VBZ", "VBD", "MD"])
HEADLINE_CUT_LABELS = frozenset(["PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"])
# Tags of words that are not names: adverbs, verbs, pronouns, function words, plural common nouns.
NOT_NAME_TAGS = frozenset(
    [
        *("RB", "RBR", "RBS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "PRP", "PRP$", "WP", "WRB", "WDT"),
        *("IN", "DT", "CC", "TO", "UH", "JJ", "JJR", "JJS", "NNS", "EX", "RP"),
    ]
)
RE_POSSESSIVE = re.compile(r"(?<=[\w.])['’‘`´][sS]?$")
RE_LONE_POSSESSIVE = re.compile(r"['’‘`´][sS]?")
RE_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")
RE_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}$")
RE_INITIAL = re.compile(r"[A-Z]\.?$")
# Undotted national prefixes an acronym may leave out ("US Harbor Safety Board" is also "HSB"); dotted ones
# ("U.S.") are recognised by RE_DOTTED_ACRONYM.
NATIONAL_PREFIXES = frozenset(["US", "UK", "UN", "EU"])
RE_ACRONYM_AFTER = re.compile(r"\s*[(\[]\s*((?:[A-Z]\.?){2,8}|[A-Z][A-Za-z&]{1,7}[A-Z])\s*[)\]]")
# A middle initial inside a person's name: "J", "J." or dotted letters "H.W." / "H. W." (one token each).
RE_MIDDLE_INITIAL = re.compile(r"[A-Z]\.?|(?:[A-Z]\.){2,3}")
# Initials as written in any style, for matching ``entity_known_initials.csv``: "H.W.", "HW", "H.", "W".
RE_ANY_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")
# A glue inside one word: a lowercase letter then a capital ("moderatorFeatured"), or a capital starting a new
# word right after an all-caps run ("PMBernie"). With a digit in the same word it is page furniture.
RE_GLUE = re.compile(r"[a-z][A-Z]|[A-Z]{2}[A-Z][a-z]")
# Camel-case brand prefixes a glue may follow without being debris: "iPhone", "eBay", "McDonald", "MacArthur".
RE_BRAND_PREFIX = re.compile(r"(?:.*[^A-Za-z])?(?:[a-z]|Mc|Mac)")
# An inner possessive: "Clinton's State Department", "Fox News' Megyn Kelly" (the owner, then a space).
RE_INNER_POSSESSIVE = re.compile(r"(?<=\w)['’](?:s|S)?(?=\s)")
# Tags of an owner word that is a common noun: the possessive then belongs to the name ("People's Party",
# "Sheriff's Department", "Women's March", "New Year's Eve").
OWNER_NAME_TAGS = frozenset(["NNP"])
# Tags of a leading word of a two-word PERSON span that is not part of the name in a headline ("Said Comey",
# "Top Clinton", "Without Bloomberg", "Presidents Obama"). MD is left out: "Will" is a first name.
HEADLINE_LEAD_TAGS = frozenset(
    [
        *("IN", "TO", "CC", "DT", "PDT", "WDT", "WRB", "RB", "RBR", "RBS", "JJ", "JJR", "JJS"),
        *("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "NNS", "NNPS"),
    ]
)
# Prepositions written capitalised only in Title Case headlines; names lowercase them ("Bank of America").
HEADLINE_PREPOSITIONS = frozenset(
    [
        *("of", "for", "to", "in", "on", "at", "by", "with", "from", "as", "against", "over", "before"),
        *("about", "into", "without", "among", "amid", "after", "behind", "beyond", "despite", "during", "than"),
    ]
)
# Roman numerals kept in capitals when an all-caps name is title-cased ("JOHN SMITH III" -> "John Smith III").
ROMAN_SUFFIXES = frozenset(["II", "III", "IV", "V"])
RE_LETTERS = re.compile(r"[A-Za-z]+")
RE_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _read_csv_column(name: str) -> list[str]:
    """The first column of a one-column rules CSV."""
    return [value for row in read_rule_csv(name) if (value := next(iter(row.values())))]


def _load_nicknames() -> Mapping[str, frozenset[str]]:
    """First name (lowercase) -> every full form it may stand for, itself included."""
    forms: dict[str, set[str]] = {}
    for row in read_rule_csv("entity_nicknames.csv"):
        nickname, name = row["nickname"], row["name"]
        forms.setdefault(nickname.lower(), {nickname.lower()}).add(name.lower())
        forms.setdefault(name.lower(), {name.lower()})
    return {key: frozenset(value) for key, value in forms.items()}


@dataclass(frozen=True)
class EntityAliases:
    """User-supplied aliases: a name as written (or as resolved) -> the canonical (name, type) to use instead.

    Build it with ``parse_aliases``; pass it with ``extract_entities(..., aliases=...)`` or
    ``ENTITY_RULES.with_aliases(...)``. Matching is case-insensitive, on the cleaned name with straight
    quotes and single spaces.

    Attributes:
        entries: (alias, canonical_name, type) rows, in file order, chains already followed.
    """

    entries: tuple[tuple[str, str, str], ...] = ()
    _by_key: dict[str, tuple[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {_alias_key(alias): (name, entity_type) for alias, name, entity_type in self.entries}
        object.__setattr__(self, "_by_key", by_key)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def lookup(self, name: str) -> tuple[str, str] | None:
        """The (canonical_name, type) a name is an alias of, or None."""
        return self._by_key.get(_alias_key(name))


def _alias_key(name: str) -> str:
    """The comparison form of an alias: casefolded, straight quotes and dashes, single spaces."""
    return " ".join(name.translate(RE_QUOTE_CHARS).split()).casefold()


ALIAS_HEADER = ("alias", "canonical_name", "type")


def parse_aliases(csv_text: str) -> EntityAliases:
    """Parse a user's aliases CSV (header ``alias,canonical_name,type``) into an ``EntityAliases``.

    Args:
        csv_text: the file's text. Blank lines and lines starting with "#" are skipped.

    Returns:
        The aliases, chains followed ("NYTimes" -> "NYT" -> "New York Times" gives "New York Times").

    Raises:
        ValueError: naming the line, for a missing or wrong header, a row without exactly three non-empty
            fields, an unknown type (not one of the kept spaCy labels), one alias given two different
            targets, or a cycle of aliases.
    """
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(csv_text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = next(csv.reader([line]))
        rows.append((number, [value.strip() for value in fields]))
    if not rows:
        raise ValueError("aliases file is empty: expected the header line 'alias,canonical_name,type'")
    number, header = rows[0]
    if tuple(value.lower() for value in header) != ALIAS_HEADER:
        raise ValueError(f"line {number}: expected the header 'alias,canonical_name,type', got {','.join(header)!r}")
    targets: dict[str, tuple[str, str, str, int]] = {}
    for number, fields in rows[1:]:
        if len(fields) != 3 or not all(fields):
            raise ValueError(
                f"line {number}: expected 3 non-empty fields (alias,canonical_name,type), got {','.join(fields)!r}"
            )
        alias, name, entity_type = fields
        name = " ".join(name.split())
        entity_type = entity_type.upper()
        if entity_type not in KEEP_LABELS:
            expected = ", ".join(sorted(KEEP_LABELS))
            raise ValueError(f"line {number}: unknown type {fields[2]!r}; expected one of {expected}")
        key = _alias_key(alias)
        previous = targets.get(key)
        if previous is not None and (_alias_key(previous[1]), previous[2]) != (_alias_key(name), entity_type):
            raise ValueError(
                f"line {number}: alias {alias!r} already maps to {previous[1]!r} ({previous[2]}) on line {previous[3]}"
            )
        targets.setdefault(key, (alias, name, entity_type, number))
    entries: list[tuple[str, str, str]] = []
    for key, (alias, name, entity_type, number) in targets.items():
        seen = {key}
        while (target := targets.get(next_key := _alias_key(name))) is not None:
            name, entity_type = target[1], target[2]
            if _alias_key(name) == next_key:
                break  # a fixed point: the alias only fixes the spelling of a canonical name
            if next_key in seen:
                raise ValueError(f"line {number}: aliases form a cycle through {target[0]!r}")
            seen.add(next_key)
        entries.append((alias, name, entity_type))
    return EntityAliases(entries=tuple(entries))


def alias_lines(aliases: EntityAliases) -> list[str]:
    """The aliases as CSV lines (without the header), as ``parse_aliases`` reads them back."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(aliases.entries)
    return buffer.getvalue().splitlines()


def _load_known_initials() -> Mapping[tuple[str, str, str, str], str]:
    """``entity_known_initials.csv`` as a match key -> the canonical spelling."""
    known: dict[tuple[str, str, str, str], str] = {}
    for name in _read_csv_column("entity_known_initials.csv"):
        key = _initials_key(tuple(name.split()), NAME_SUFFIXES)
        if key is not None:
            known[key] = name
    return known


def _initials_key(words: tuple[str, ...], suffixes: frozenset[str]) -> tuple[str, str, str, str] | None:
    """(first, middle initials, surname, suffix) of a name with middle initials, or None when it has none.

    "George H.W. Bush", "George H. W. Bush" and "George HW Bush" share ("george", "HW", "bush", "").
    """
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(".") in suffixes:
        suffix = words[-1].lower().rstrip(".")
        words = words[:-1]
    words = tuple(word.rstrip(",") for word in words)
    if len(words) < 3 or not all(RE_ANY_INITIALS.fullmatch(word) for word in words[1:-1]):
        return None
    initials = "".join(word.replace(".", "") for word in words[1:-1])
    return words[0].casefold(), initials, words[-1].casefold(), suffix


@dataclass(frozen=True)
class EntityRules:
    """Rule data for cleaning and resolving mentions; swap it in tests.

    Attributes:
        keep_labels: spaCy labels kept (numeric ones such as DATE or MONEY are dropped).
        titles: title phrases as tuples of lowercase words without trailing periods.
        generic_words: words that never stand alone for a longer organisation name.
        places: place names that are also surnames (do not join a person when typed only as a place).
        nicknames: first name -> the full first names it may stand for.
        known_initials: people known by a middle initial: (first, initials, surname, suffix) key -> spelling.
        aliases: user-supplied aliases (empty by default); see ``with_aliases``.
        leading_words / trailing_words: function words trimmed off a span's ends.
        possessive_names: whole names that keep their possessive ("McDonald's", "Martha's Vineyard"),
            casefolded with straight quotes (``entity_possessive_names.csv``).
        possessive_heads: last words of "Owner's Head" names whose possessive belongs to the name ("Dick's
            Sporting Goods", "Mother's Day"), lowercase (``entity_possessive_heads.csv``).
    """

    keep_labels: frozenset[str] = KEEP_LABELS
    titles: frozenset[tuple[str, ...]] = frozenset()
    generic_words: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    nicknames: Mapping[str, frozenset[str]] = field(default_factory=dict)
    known_initials: Mapping[tuple[str, str, str, str], str] = field(default_factory=dict)
    aliases: EntityAliases = field(default_factory=EntityAliases)
    leading_words: frozenset[str] = LEADING_WORDS
    trailing_words: frozenset[str] = TRAILING_WORDS
    name_particles: frozenset[str] = NAME_PARTICLES
    name_suffixes: frozenset[str] = NAME_SUFFIXES
    acronym_stopwords: frozenset[str] = ACRONYM_STOPWORDS
    pronouns: frozenset[str] = PRONOUNS
    abbreviations: frozenset[str] = ABBREVIATIONS
    honorifics: frozenset[str] = HONORIFICS
    possessive_names: frozenset[str] = frozenset()
    possessive_heads: frozenset[str] = frozenset()
    max_title_words: int = field(init=False, default=1)

    def __post_init__(self) -> None:
        longest = max((len(title) for title in self.titles), default=1)
        object.__setattr__(self, "max_title_words", longest)

    def with_aliases(self, aliases: EntityAliases) -> EntityRules:
        """These rules with a user's aliases (from ``parse_aliases``) applied by ``extract_entities``."""
        return dataclasses.replace(self, aliases=aliases)


def load_entity_rules() -> EntityRules:
    """The default rules, from the CSVs in ``transforms/rules/entity_*.csv``."""
    titles = frozenset(tuple(title.lower().replace(".", "").split()) for title in _read_csv_column("entity_titles.csv"))
    return EntityRules(
        titles=titles,
        generic_words=frozenset(word.lower() for word in _read_csv_column("entity_generic_words.csv")),
        places=frozenset(_read_csv_column("entity_places.csv")),
        nicknames=_load_nicknames(),
        known_initials=_load_known_initials(),
        possessive_names=frozenset(_alias_key(name) for name in _read_csv_column("entity_possessive_names.csv")),
        possessive_heads=frozenset(word.lower() for word in _read_csv_column("entity_possessive_heads.csv")),
    )


ENTITY_RULES = load_entity_rules()


@dataclass(frozen=True)
class Entity:
    """One canonical entity; ``entity_id`` depends only on (type, name), so it is shared across articles."""

    entity_id: str
    name: str
    type: str


@dataclass(frozen=True)
class EntityMention:
    """One cleaned mention of a canonical entity; offsets are half-open into the article body.

    ``label`` is the spaCy label of this mention (``MentionSpan.label``); the entity's type may differ.
    ``linked`` is set when linking across articles (``transforms.linking``) gives the mention another
    article's entity; the article alone never does.
    """

    mention_id: str
    article_id: str
    entity_id: str
    text: str
    start_char: int
    end_char: int
    label: str
    linked: bool = False


class MentionSpan(NamedTuple):
    """A cleaned mention span of an article body, half-open, with the spaCy label it was typed with.

    The label is that of the NER span the mention was cut from, except for a part split off a span ("X's Y",
    "Beyond Washington"): that part takes the label the article gives the same form elsewhere.
    """

    start: int
    end: int
    label: str


def entity_id_for(entity_type: str, name: str) -> str:
    """The stable id of the canonical entity (type, name)."""
    return stable_id("entity", entity_type, name)


@dataclass(frozen=True)
class ArticleEntities:
    """The canonical entities of one article and every mention of them, in document order.

    ``aliases`` maps each name form this article resolves (as written, surnames, acronyms, short forms)
    to an entity id; ``find`` looks names up there.
    """

    entities: tuple[Entity, ...]
    mentions: tuple[EntityMention, ...]
    aliases: tuple[tuple[str, str], ...] = ()
    _by_id: dict[str, Entity] = field(init=False, repr=False, compare=False)
    _by_alias: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_folded: dict[str, str] = field(init=False, repr=False, compare=False)
    _ends: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_alias = dict(self.aliases)
        for entity in self.entities:
            # Built without aliases (by hand, in a test): canonical names still resolve.
            by_alias.setdefault(entity.name, entity.entity_id)
        by_folded: dict[str, str] = {}
        for alias, entity_id in by_alias.items():
            by_folded.setdefault(alias.casefold(), entity_id)
        object.__setattr__(self, "_by_id", {entity.entity_id: entity for entity in self.entities})
        object.__setattr__(self, "_by_alias", by_alias)
        object.__setattr__(self, "_by_folded", by_folded)
        object.__setattr__(self, "_ends", [mention.end_char for mention in self.mentions])

    def entity_at(self, start_char: int, end_char: int) -> Entity | None:
        """The entity with a mention overlapping [start_char, end_char), if any.

        Notes:
            Mentions never overlap each other, so their ends are sorted: a bisect finds the first candidate.
            When several mentions overlap the span, the one with the largest overlap wins (first on ties).
        """
        best: EntityMention | None = None
        best_overlap = 0
        index = bisect.bisect_right(self._ends, start_char)
        while index < len(self.mentions) and self.mentions[index].start_char < end_char:
            mention = self.mentions[index]
            overlap = min(end_char, mention.end_char) - max(start_char, mention.start_char)
            if overlap > best_overlap:
                best, best_overlap = mention, overlap
            index += 1
        if best is None and start_char == end_char:
            # An empty span: the mention containing that point, if any.
            index = bisect.bisect_right(self._ends, start_char)
            if index < len(self.mentions) and self.mentions[index].start_char <= start_char:
                best = self.mentions[index]
        return self._by_id.get(best.entity_id) if best is not None else None

    def find(self, text: str) -> Entity | None:
        """Resolve a name as written ("Albence", "the Times", "ICE") to this article's canonical entity.

        Returns None for pronouns and for names this article does not resolve (no guessing).
        """
        if not text or text.strip().casefold() in ENTITY_RULES.pronouns:
            return None
        cleaned = clean_name(text)
        if not cleaned:
            return None
        for form in _lookup_forms(cleaned):
            entity_id = self._by_alias.get(form) or self._by_folded.get(form.casefold())
            if entity_id is not None:
                return self._by_id.get(entity_id)
        return None


# --------------------------------------------------------------------------- cleaning


def _normalize_key(text: str) -> str:
    """The comparison form of a name: straight quotes and dashes, single spaces."""
    return " ".join(text.translate(RE_QUOTE_CHARS).split())


def _lookup_forms(key: str) -> Iterable[str]:
    """The forms of a cleaned name tried in turn by ``find``: as is, then without periods (acronyms)."""
    normalized = _normalize_key(key)
    yield normalized
    undotted = normalized.replace(".", "")
    if undotted != normalized:
        yield undotted


def _is_name_word(word: str, rules: EntityRules) -> bool:
    """Whether a word can be part of a proper name: capitalized, a digit, or a name particle."""
    letters = [char for char in word if char.isalnum()]
    if not letters:
        return False
    first = letters[0]
    return first.isupper() or first.isdigit() or word.lower() in rules.name_particles


def _title_end(words: list[str], rules: EntityRules, *, person: bool) -> int:
    """Number of leading words that are a title before a name, 0 when there is none.

    The cut is after the LAST title phrase that is followed only by name words, so "Former Acting ICE
    Director Tom Homan" loses everything up to "Director". With ``lowercase_cut`` (PERSON spans), a
    lowercase word followed by name words also ends a title ("agency spokesman Matthew Bourke"). Spans of
    other types lose only honorifics ("President Obama" typed ORG), so "Justice Department" stays whole.
    """
    keys = [word.lower().rstrip(".,").replace(".", "") for word in words]
    keys = [key[3:] if key.startswith("ex-") else key for key in keys]
    cut = 0
    # Scan from the right: the tail after the cut must be name words.
    tail_is_name = True
    for index in range(len(words) - 1, 0, -1):
        tail_is_name = tail_is_name and _is_name_word(words[index], rules)
        if not tail_is_name:
            break
        end = index  # candidate title ends at word index-1
        for size in range(min(rules.max_title_words, end), 0, -1):
            phrase = tuple(keys[end - size : end])
            if phrase in rules.titles and (person or (size == 1 and phrase[0] in rules.honorifics)):
                return end
        previous = words[end - 1]
        if person and previous[:1].islower() and previous.lower() not in rules.name_particles:
            return end
    return cut


def _trim_words(body: str, start: int, end: int, label: str, rules: EntityRules) -> tuple[int, int] | None:
    """Trim one segment of a span down to the name: debris, "the", possessives, conjunctions, titles."""
    while True:
        before = (start, end)
        # Whitespace and punctuation debris at both ends.
        while start < end and not body[start].isalnum():
            start += 1
        while end > start and not body[end - 1].isalnum():
            if body[end - 1] == "." and _keeps_period(body[start:end], rules):
                break
            end -= 1
        if start >= end:
            return None
        # Possessive "’s" / "'s" / "’".
        match = RE_POSSESSIVE.search(body, start, end)
        # "McDonald's" the chain keeps its possessive; "McDonald's" typed PERSON is the man's.
        if match is not None and not (label != "PERSON" and _alias_key(body[start:end]) in rules.possessive_names):
            end = match.start()
            continue
        words = [(m.start() + start, m.end() + start) for m in RE_WORD.finditer(body[start:end])]
        first_word = body[words[0][0] : words[0][1]]
        # A lowercase word before a capitalized one is not part of the name ("another Justice Department"),
        # except name particles ("de Blasio").
        lowercase_lead = first_word.islower() and first_word not in rules.name_particles
        if (first_word.lower() in rules.leading_words or lowercase_lead) and (
            first_word[:1].islower() or len(words) > 1
        ):
            if len(words) == 1:
                return None
            start = words[1][0]
            continue
        last_word = body[words[-1][0] : words[-1][1]]
        # A person's name never ends in a lowercase word ("Twitter junkie", a cut-off "Ursula von der").
        person_tail = label == "PERSON" and last_word[:1].islower()
        # A possessive standing as its own word ("Mr. ’s") ends nothing's name.
        trailing = last_word.lower() in rules.trailing_words and (last_word[:1].islower() or last_word == "&")
        if person_tail or trailing or RE_LONE_POSSESSIVE.fullmatch(last_word):
            if len(words) == 1:
                return None
            end = words[-2][1]
            continue
        if len(words) > 1:
            texts = [body[s:e] for s, e in words]
            cut = _title_end(texts, rules, person=label == "PERSON")
            if cut:
                start = words[cut][0]
                continue
        if (start, end) == before:
            return start, end


def _keeps_period(text: str, rules: EntityRules) -> bool:
    """Whether the final period belongs to the name ("U.S.", "Inc.", "Jr.", "T.")."""
    last = text.rsplit(None, 1)[-1]
    if RE_DOTTED_ACRONYM.search(last):
        return True
    bare = last.rstrip(".").lower()
    if bare in rules.abbreviations:
        return True
    # A middle or final initial ("Matthew T.") only inside a longer name.
    return len(bare) == 1 and bare.isalpha() and " " in text


def _split_segments(body: str, start: int, end: int, label: str = "") -> list[tuple[int, int]]:
    """Split a span at line breaks and hard separators (keeping the best part), then at soft ones (keeping all).

    Returns the segments to clean, each as (start, end).
    """
    text = body[start:end]
    parts = [(m.start() + start, m.end() + start) for m in RE_LINE_BREAK.finditer(text)]
    if len(parts) != 1 or RE_HARD_CUT.search(text):
        refined = [piece for part in parts for piece in _split_at(body, *part, RE_HARD_CUT)]
        parts = [_best_part(body, refined)] if refined else []
    segments: list[tuple[int, int]] = []
    for part_start, part_end in parts:
        comma = RE_COMMA_LOWER.search(body, part_start, part_end)
        if comma is not None:
            part_end = comma.start()
        segments += _split_at(body, part_start, part_end, RE_SOFT_CUT)
    if label in COLON_LABELS:
        segments = [piece for segment in segments for piece in _split_at(body, *segment, RE_COLON_CUT)]
    return [(s, e) for s, e in segments if s < e]


def _split_at(body: str, start: int, end: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """[start, end) cut into the pieces between matches of ``separator`` (empty pieces kept)."""
    pieces = []
    cursor = start
    for match in separator.finditer(body, start, end):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, end))
    return pieces


def _best_part(body: str, parts: list[tuple[int, int]]) -> tuple[int, int]:
    """The part with the most capitalized words, then the most letters; the first on ties."""

    def score(part: tuple[int, int]) -> tuple[int, int]:
        text = body[part[0] : part[1]]
        return (sum(1 for word in text.split() if word[:1].isupper()), sum(char.isalpha() for char in text))

    return max(parts, key=score)


def _is_debris_word(word: str) -> bool:
    """Whether a word is page furniture glued together: a digit plus a glue inside the word.

    "5ptsmoderatorFeaturedFebruary" and "10:42PMBernie" are debris; camel-case brands ("GlaxoSmithKline",
    "JPMorgan", "McDonald", "iPhone") have no digit, and a glue right after a brand prefix ("iPhone7",
    "McDonald2") does not count.
    """
    if not any(char.isdigit() for char in word):
        return False
    for match in RE_GLUE.finditer(word):
        if match.group()[1:2].isupper() and RE_BRAND_PREFIX.fullmatch(word, 0, match.start() + 1):
            continue
        return True
    return False


def clean_span(
    body: str, start: int, end: int, label: str = "", *, rules: EntityRules = ENTITY_RULES
) -> list[tuple[int, int]]:
    """Trim a NER span of ``body`` to the name(s) it holds.

    Args:
        body: the article text the span points into.
        start, end: the span, half-open.
        label: the spaCy label (PERSON spans also lose lowercase descriptors before the name).
        rules: rule data.

    Returns:
        Zero or more (start, end) spans, in order, each a cleaned name: usually one; two when the span
        holds a parenthesis ("Immigration and Customs Enforcement (ICE)"); none when nothing name-like
        is left (pure punctuation, digits or lowercase words).
    """
    spans: list[tuple[int, int]] = []
    for seg_start, seg_end in _split_segments(body, start, end, label):
        trimmed = _trim_words(body, seg_start, seg_end, label, rules)
        if trimmed is None:
            continue
        text = body[trimmed[0] : trimmed[1]]
        # A name has a letter and at least one capital ("de Blasio", "eBay"); all else is debris.
        if not any(char.isupper() for char in text):
            continue
        # Page furniture glued into the span ("Ann 5ptsmoderatorFeaturedMay 6, 2016 9:31PMJoe") is no name.
        if any(_is_debris_word(word) for word in text.split()):
            continue
        # A title alone ("Sen.", "President") names nobody by itself.
        if tuple(text.lower().replace(".", "").split()) in rules.titles:
            continue
        spans.append(trimmed)
    return spans


def clean_name(text: str, label: str = "PERSON", *, rules: EntityRules = ENTITY_RULES) -> str:
    """A name as written ("the Times", "Ocasio-Cortez’s", "Sen. Smith"), cleaned like a mention."""
    spans = clean_span(text, 0, len(text), label, rules=rules)
    if not spans:
        return ""
    start, end = spans[0]
    return text[start:end]


# --------------------------------------------------------------------------- resolution


@dataclass
class _Form:
    """One distinct name form (key) of an article and what its mentions say about it."""

    key: str
    order: int
    words: tuple[str, ...]
    labels: Counter[str] = field(default_factory=Counter)
    count: int = 0

    @property
    def is_person(self) -> bool:
        return self.labels["PERSON"] > 0


class _UnionFind:
    """Union-find over form indexes; the root is the earliest form, for determinism."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, left: int, right: int) -> None:
        a, b = self.root(left), self.root(right)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _strip_suffix(words: tuple[str, ...], rules: EntityRules) -> tuple[tuple[str, ...], str]:
    """Split a generational suffix off a person's name words: ("Donald", "Trump", "Jr.") -> (.., "jr")."""
    if len(words) > 1 and words[-1].lower().rstrip(",") in rules.name_suffixes:
        return words[:-1], words[-1].lower().rstrip(".")
    if len(words) > 2 and words[-2].endswith(",") and words[-1].lower() in rules.name_suffixes:
        return words[:-1], words[-1].lower().rstrip(".")
    return words, ""


def _initials(words: tuple[str, ...], rules: EntityRules) -> str:
    """The acronym a name spells: first letters of its significant words ("Customs and Border Protection" = CBP)."""
    letters = []
    for word in words:
        if word.lower() in rules.acronym_stopwords:
            continue
        if RE_DOTTED_ACRONYM.match(word):
            letters.append(word.replace(".", "").upper())
            continue
        for piece in word.split("-"):
            if piece[:1].isalpha():
                letters.append(piece[0].upper())
    return "".join(letters)


def _acronym_of(key: str) -> str:
    """The acronym a form is ("ICE", "U.S." -> "US"), or "" when it is not one."""
    if " " in key:
        return ""
    bare = key.replace(".", "")
    return bare if RE_ACRONYM.match(bare) and bare.isupper() else ""


def is_acronym(name: str) -> bool:
    """Whether a name is written as an acronym ("ICE", "U.S."): the cross-article linker's lone names."""
    return bool(_acronym_of(name))


def _acronym_fits(acronym: str, name: str, rules: EntityRules) -> bool:
    """Whether a name can stand for an acronym: same first letter, acronym letters in order within the name.

    Guards definitions such as "NEW YORK (AP)" (a dateline, not a definition).
    """
    words = [word for word in name.split() if word.lower() not in rules.acronym_stopwords]
    if not words or not acronym or words[0][:1].upper() != acronym[0].upper():
        return False
    letters = iter(name.upper())
    return all(char in letters for char in acronym.upper() if char.isalpha())


def surname_keys(name: str, rules: EntityRules = ENTITY_RULES) -> tuple[str, ...]:
    """The shorter forms a person's full name may be written as alone: its trailing words, longest first.

    "Ana Garcia Lopez" -> ("Garcia Lopez", "Lopez"), "Hal Brandt Jr." -> ("Brandt",), "Lopez" -> (). Within an
    article a surname joins the full name it ends; the cross-article linker looks names up the same way.
    """
    words, _ = _strip_suffix(tuple(name.split()), rules)
    return tuple(" ".join(words[cut:]) for cut in range(1, len(words)))


def acronym_keys(name: str, rules: EntityRules = ENTITY_RULES) -> tuple[str, ...]:
    """The acronyms a multi-word name (not a person's) may be written as: its initials ("Harbor Safety Board" ->
    ("HSB",)), and after a national prefix also without it ("U.S. Harbor Safety Board" -> ("USHSB", "HSB")).
    """
    words = tuple(name.split())
    if len(words) < 2:
        return ()
    spelled = _initials(words, rules)
    if len(spelled) < 2:
        return ()
    if RE_DOTTED_ACRONYM.match(words[0]) or words[0] in NATIONAL_PREFIXES:
        rest = _initials(words[1:], rules)
        if len(rest) >= 2:
            return spelled, rest
    return (spelled,)


def _first_name_forms(word: str, rules: EntityRules) -> frozenset[str]:
    """The full first names a first name may stand for ("Tom" -> {"tom", "thomas"})."""
    lower = word.lower().rstrip(".")
    return rules.nicknames.get(lower, frozenset({lower}))


def _same_person(left: tuple[str, ...], right: tuple[str, ...], rules: EntityRules) -> bool:
    """Whether two full names (same surname, same suffix) are one person: first names agree, middles agree."""
    if not _first_name_forms(left[0], rules) & _first_name_forms(right[0], rules):
        return False
    left_middle = [word[0].upper() for word in left[1:-1]]
    right_middle = [word[0].upper() for word in right[1:-1]]
    if not left_middle or not right_middle:
        return True
    return left_middle == right_middle


def _pick(candidates: Iterable[int], forms: list[_Form], uf: _UnionFind) -> int | None:
    """Among candidate forms (possibly of several groups), the group with most mentions; the earliest on ties."""
    totals: dict[int, int] = {}
    for index in candidates:
        root = uf.root(index)
        totals[root] = totals.get(root, 0) + forms[index].count
    if not totals:
        return None
    return min(totals, key=lambda root: (-totals[root], root))


def _resolve_forms(
    forms: list[_Form],
    definitions: Mapping[str, str],
    rules: EntityRules,
) -> tuple[_UnionFind, dict[str, int]]:
    """Union the forms of one article that name the same entity.

    Args:
        forms: the distinct cleaned forms, in order of first mention.
        definitions: acronym -> form key the article defines it as ("Immigration and Customs Enforcement (ICE)").
        rules: rule data.

    Returns:
        The union-find over form indexes and the extra aliases (surnames, acronyms, short forms) -> form index,
        so ``find`` resolves forms the article never used alone.
    """
    uf = _UnionFind(len(forms))
    by_key = {form.key: form.order for form in forms}
    aliases: dict[str, int] = {}
    person_forms = {form.key for form in forms if form.is_person}

    # 1. Full person names (two words or more): same surname and suffix, compatible first and middle names.
    full_names: dict[tuple[str, str], list[int]] = {}
    for form in forms:
        if not form.is_person or len(form.words) < 2:
            continue
        words, suffix = _strip_suffix(form.words, rules)
        if len(words) < 2:
            continue
        bucket = full_names.setdefault((words[-1], suffix), [])
        for other in bucket:
            other_words, _ = _strip_suffix(forms[other].words, rules)
            if _same_person(words, other_words, rules):
                uf.union(other, form.order)
        bucket.append(form.order)

    # Token suffixes of full person names ("Homan", "Van Hollen") and unique first names.
    surname_index: dict[str, list[int]] = {}
    first_index: dict[str, list[int]] = {}
    for bucket in full_names.values():
        for index in bucket:
            for surname in surname_keys(forms[index].key, rules):
                surname_index.setdefault(surname, []).append(index)
            words, _ = _strip_suffix(forms[index].words, rules)
            if len(words) == 2 or all(RE_INITIAL.match(word) for word in words[1:-1]):
                first_index.setdefault(words[0], []).append(index)

    for name, candidates in surname_index.items():
        chosen = _pick(candidates, forms, uf)
        if chosen is not None:
            aliases.setdefault(name, chosen)

    # 2. A surname (or trailing part) alone joins the full name.
    for form in forms:
        if form.key not in surname_index:
            continue
        labels = set(form.labels)
        # A word typed only as a place that is also a common place name stays the place ("Washington").
        if not form.is_person and labels <= {"GPE", "LOC", "FAC"} and form.key in rules.places:
            continue
        if _acronym_of(form.key) and not form.is_person:
            continue
        # A multi-word tail joins only when typed PERSON itself ("White House" is not "Obama White House").
        if len(form.words) > 1 and not form.is_person:
            continue
        chosen = _pick(surname_index[form.key], forms, uf)
        if chosen is not None:
            uf.union(chosen, form.order)

    # 3. A first name alone joins the one full name that starts with it (never when two people share it).
    for form in forms:
        if not form.is_person or len(form.words) != 1 or form.key in surname_index:
            continue
        roots = {uf.root(index) for index in first_index.get(form.key, ())}
        if len(roots) == 1:
            uf.union(roots.pop(), form.order)

    # 4. Acronyms: the article's own definition first, else a unique name whose initials spell it.
    initials_index: dict[str, list[int]] = {}
    for form in forms:
        if form.key not in person_forms:
            for acronym in acronym_keys(form.key, rules):
                initials_index.setdefault(acronym, []).append(form.order)
    for acronym, key in definitions.items():
        if key in by_key:
            aliases[acronym] = by_key[key]
    for acronym, candidates in initials_index.items():
        roots = {uf.root(index) for index in candidates}
        if acronym not in aliases and len(roots) == 1:
            aliases[acronym] = min(candidates)
    for form in forms:
        acronym = _acronym_of(form.key)
        if not acronym or form.is_person or acronym not in aliases:
            continue
        uf.union(aliases[acronym], form.order)

    # 5. Trailing words of a multi-word organisation ("Times" -> "New York Times"), when unique and not generic.
    org_suffixes: dict[str, list[int]] = {}
    for form in forms:
        if form.key in person_forms or len(form.words) < 2 or form.labels.most_common(1)[0][0] != "ORG":
            continue
        for cut in range(1, len(form.words)):
            tail = form.words[cut:]
            # "Texas" is not "University of Texas": a tail after "of"/"and" is another entity.
            if form.words[cut - 1].lower() in rules.acronym_stopwords:
                continue
            if tail[0].lower() in rules.acronym_stopwords or not tail[0][:1].isupper():
                continue
            if all(word.lower().rstrip(".") in rules.generic_words for word in tail):
                continue
            org_suffixes.setdefault(" ".join(tail), []).append(form.order)
    for tail, candidates in org_suffixes.items():
        roots = {uf.root(index) for index in candidates}
        if len(roots) == 1:
            aliases.setdefault(tail, min(candidates))
    for form in forms:
        if form.is_person or form.key not in org_suffixes:
            continue
        # Places and groups are not short forms of organisations ("Georgia" is not "Georgia Power").
        if set(form.labels) <= {"GPE", "LOC", "NORP", "LANGUAGE"}:
            continue
        roots = {uf.root(index) for index in org_suffixes[form.key]}
        if len(roots) == 1:
            uf.union(roots.pop(), form.order)
    return uf, aliases


def _canonical_form(members: list[_Form], entity_type: str, defined: set[str]) -> _Form:
    """The fullest form of a group: the longest person name; for others the expanded name, not the acronym."""
    if entity_type == "PERSON":
        pool = [form for form in members if form.is_person] or members
        return max(pool, key=lambda form: (len(form.words), len(form.key), form.count, form.key))
    expanded = [form for form in members if not _acronym_of(form.key)] or members
    preferred = [form for form in expanded if form.key in defined] or expanded
    return max(preferred, key=lambda form: (len(form.words), len(form.key), form.count, form.key))


def canonical_person_name(name: str, *, rules: EntityRules = ENTITY_RULES) -> str:
    """The canonical spelling of a person's name, the same whatever form an article used.

    "Donald J. Trump" -> "Donald Trump", "Maria L. Ortega" -> "Maria Ortega", "E. J. Dionne" -> "E.J. Dionne",
    "Robert Casey, Jr." -> "Robert Casey Jr.".

    Notes:
        Single-letter middle initials are dropped (a first initial stays: "J. Christopher Stevens"), except
        for the people listed in ``entity_known_initials.csv`` ("George W. Bush" vs "George H. W. Bush"),
        who get that file's spelling. Full middle names stay ("Hillary Rodham Clinton"): use an alias to
        merge those.
    """
    words = tuple(name.split())
    key = _initials_key(words, rules.name_suffixes)
    if key is not None and key in rules.known_initials:
        return rules.known_initials[key]
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(".") in rules.name_suffixes:
        bare = words[-1].rstrip(".")
        suffix = bare.upper() if bare.lower() in {"ii", "iii", "iv", "v"} else bare.capitalize() + "."
        words = words[:-1]
    words = (*words[:-1], words[-1].rstrip(",")) if words else words
    if len(words) >= 3 and not RE_MIDDLE_INITIAL.fullmatch(words[0]):
        words = (words[0], *(word for word in words[1:-1] if not RE_MIDDLE_INITIAL.fullmatch(word)), words[-1])
    # Leading initials written apart ("E. J.") are written together ("E.J."), as most newsrooms do.
    lead = 0
    while lead < len(words) - 1 and re.fullmatch(r"[A-Z]\.", words[lead]):
        lead += 1
    if lead > 1:
        words = ("".join(words[:lead]), *words[lead:])
    return " ".join((*words, suffix) if suffix else words)


def _start_of_person(ent: Span, rules: EntityRules) -> int:
    """The start of a PERSON span after leading words that are not part of a name.

    spaCy glues an adverb, verb, adjective or demonym onto a full name ("Certainly Donald Trump", "Telling
    Jeb Bush", "Floridians Jeb Bush"); a leading word not tagged as a singular proper noun is dropped while
    at least two words remain, so one-word first names ("Hope Hicks") are never touched.
    """
    tokens = [token for token in ent if not token.is_space]
    index = 0
    while (
        len(tokens) - index > 2
        and tokens[index].tag_ != "NNP"
        and tokens[index].text.lower() not in rules.name_particles
    ):
        index += 1
    return tokens[index].idx if tokens else ent.start_char


def _cut_at_clause(ent: Span, start: int, rules: EntityRules) -> tuple[int, int]:
    """The bounds of an entity span (from ``start``) before the first inner word that cannot continue a name.

    Uses the Doc's own part-of-speech tags (no extra spaCy call): a lowercase verb, pronoun, adverb,
    determiner... after the first word ends the name ("Republican National Convention ended last month"),
    and so does a number followed by a lowercase word ("Trump 34 percent"). In a Title Case headline a
    capitalised verb ends it too ("Ben Carson Defends", "Trump Would Put ..."; an organisation's last word
    is spared: "Manchester United"). A person's name also ends before a number ("Ted Cruz 1") and at an
    inner possessive: "Dave Lopez's Diner" keeps the owner, "Breitbart's Joel Pollak" the person after it
    (one word before, a capitalised name of two words or more after). Name particles ("bin", "de") are kept.
    Verb and number cuts in a PERSON span need a full name (two words) before them ("Ted Cruz 1").
    """
    label = ent.label_
    person = label == "PERSON"
    tokens = [token for token in ent if token.idx >= start]
    index = 1
    while index < len(tokens):
        token = tokens[index]
        text = token.text
        if text.lower() in rules.name_particles:
            index += 1
            continue
        if text[:1].islower() and token.pos_ in CUT_POS:
            return start, token.idx
        last = index == len(tokens) - 1
        # A person's full name (two words) comes first: "Cruz" or "Sanders" tagged VBZ is no verb.
        headline_verb = text[:1].isupper() and token.tag_ in HEADLINE_VERB_TAGS and label in HEADLINE_CUT_LABELS
        if headline_verb and ((person and index >= 2) or (not person and not last)):
            return start, token.idx
        following = tokens[index + 1].text if not last else ""
        if token.like_num and (following[:1].islower() or following == "%"):
            return start, token.idx
        # "Ted Cruz 1", "Cruz 42-40"; a one-word name with a version number stays ("Guccifer 2.0").
        if person and (index >= 2 or not last) and any(char.isdigit() for char in text):
            return start, token.idx
        if person and token.tag_ == "POS" and not last:
            after = tokens[index + 1 :]
            if index == 1 and len(after) >= 2 and all(word.text[:1].isupper() for word in after):
                start, tokens, index = after[0].idx, after, 1
                continue
            # "Dave Lopez's Diner" -> "Dave Lopez"; "Swiss People's Party" and "Obama's Legacy" stay whole.
            if index >= 2 and tokens[index - 1].tag_ == "NNP":
                return start, token.idx
        index += 1
    return start, ent.end_char


def _is_not_a_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a PERSON span holds no word the tagger reads as a noun ("Nationally", "Will Happen", "He Never"),
    or is one capitalised singular common noun ("Turnout").

    spaCy's NER types sentence-initial capitalised words as PERSON now and then; its tagger, on the same
    tokens, says adverb, verb, pronoun. A name has at least one (proper) noun; an untagged Doc keeps all.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    # One capitalised singular common noun ("Exit", "Turnout", "Award" in a headline) names nobody either.
    if len(span) == 1 and span[0].tag_ == "NN" and span[0].text.istitle():
        return True
    return all(token.tag_ in NOT_NAME_TAGS or not any(map(str.isalpha, token.text)) for token in span) and any(
        token.tag_ in NOT_NAME_TAGS for token in span
    )


def _drop_unnamed(
    body: str, raw: list[tuple[int, int, str]], unnamed: set[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Drop the PERSON spans the tagger reads as no noun at all (``_is_not_a_name``), unless the article vouches.

    The article vouches for a form written elsewhere with a proper-noun reading, or for the surname of a
    full PERSON name it gives ("Sanders" tagged as a plural noun next to "Bernie Sanders").
    """
    if not unnamed:
        return raw
    keys = {(start, end): _normalize_key(body[start:end]) for start, end, _ in raw}
    trusted: set[str] = set()
    for start, end, label in raw:
        if (start, end) in unnamed:
            continue
        words = keys[(start, end)].split()
        trusted.add(keys[(start, end)])
        if label == "PERSON":
            trusted.update(" ".join(words[cut:]) for cut in range(1, len(words)))
    return [item for item in raw if (item[0], item[1]) not in unnamed or keys[(item[0], item[1])] in trusted]


def _trim_glued_person_words(
    body: str, raw: list[tuple[int, int, str]], rules: EntityRules
) -> list[tuple[int, int, str]]:
    """Cut words glued before or after a person's full name, using the article's other mentions as evidence.

    "Crooked Donna Reyes" or "Donna Reyes Slams" (a nickname, a headline verb tagged as a proper noun) is
    cut to "Donna Reyes" when the article also names "Donna Reyes" and "Reyes" alone: the full name is then
    first name + surname, so the extra word is not part of it. Compound surnames survive: "Ana Garcia Lopez"
    with "Garcia Lopez" but never "Lopez" alone keeps "Ana". Suffixes ("Jr."), particles and initials stay,
    and so does an extra word the article also uses alone as a name.
    """
    keys: dict[tuple[int, int], str] = {}
    full: set[str] = set()
    single: set[str] = set()
    for start, end, label in raw:
        if label == "PERSON":
            key = _normalize_key(body[start:end])
            keys[(start, end)] = key
            (full if " " in key else single).add(key)
    if not full or not single:
        return raw
    trimmed: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        key = keys.get((start, end))
        if key is not None and key.count(" ") >= 2:
            words = [(match.start(), match.end()) for match in RE_WORD.finditer(body, start, end)]
            texts = [_normalize_key(body[a:b]) for a, b in words]
            lead = texts[0]
            if (
                " ".join(texts[1:]) in full
                and texts[-1] in single
                and lead not in single
                and lead.lower() not in rules.name_particles
                and not RE_ANY_INITIALS.fullmatch(lead)
            ):
                start = words[1][0]
                words, texts = words[1:], texts[1:]
            for cut in range(len(words) - 1, 1, -1):
                tail = texts[cut:]
                # A last word the article also uses alone is a surname ("Dena Minning Grayson" ... "Grayson").
                if " ".join(texts[:cut]) in full and texts[cut - 1] in single and texts[-1] not in single:
                    if all(word.lower().rstrip(".,") in rules.name_suffixes for word in tail):
                        break
                    end = words[cut - 1][1]
                    break
        trimmed.append((start, end, label))
    return trimmed


def _tag_at(doc: Doc, char: int) -> str:
    """The tag of the token holding character ``char`` ("" when untagged or outside a token)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0].tag_ if span is not None and len(span) else ""


def _split_inner_possessives(
    doc: Doc, raw: list[tuple[int, int, str]], rules: EntityRules
) -> list[tuple[int, int, str]]:
    """Split "X's Y" spans into the names they hold; keep names whose possessive is their own word.

    spaCy glues an owner to what it owns: "Clinton's State Department", "Commentary's Noah Rothman",
    "Rubio's party", "Obama's Legacy". When Y is a name (capitalised proper nouns, two words or more, or a
    word the article uses as a name elsewhere) the mention becomes Y, and X is a mention of its own when the
    article uses X alone. Otherwise Y is a common remainder: X alone is kept if it is a proper noun, else
    nothing. Spans stay whole when the possessive is part of the name: a row of
    ``entity_possessive_names.csv`` ("Martha's Vineyard"), an owner that is a common noun ("Swiss People's
    Party", "Sheriff's Department", "New Year's Eve"), a saint ("St. Anselm's College"), or a last word of
    ``entity_possessive_heads.csv`` after an owner the article never uses alone ("Dick's Sporting Goods").

    Notes:
        WORK_OF_ART spans are left whole: titles own their possessives ("Sophie's Choice"), so a headline
        read as a title keeps its owner (a known gap). Labels of the parts come from the article's other
        mentions of the same form, else from the span.
    """
    body = doc.text
    used: dict[str, Counter[str]] = {}
    for start, end, label in raw:
        text = body[start:end]
        if not RE_INNER_POSSESSIVE.search(text):
            used.setdefault(_normalize_key(text), Counter())[label] += 1
    result: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        match = RE_INNER_POSSESSIVE.search(body, start, end) if label != "WORK_OF_ART" else None
        if match is None:
            final = RE_POSSESSIVE.search(body, start, end)
            # "Christie's" kept as the auction house, in an article about Chris Christie, is his possessive.
            if final is not None and _normalize_key(body[start : final.start()]) in used:
                end = final.start()
                label = _label_of(used, _normalize_key(body[start:end]), label)
            result.append((start, end, label))
            continue
        parts = _possessive_parts(doc, start, end, label, match, used, rules)
        result.extend(parts if parts is not None else [(start, end, label)])
    return sorted(result)


def _label_of(used: Mapping[str, Counter[str]], key: str, default: str) -> str:
    """The label the article gives a form elsewhere (PERSON if typed so once), else ``default``."""
    labels = used.get(key)
    if not labels:
        return default
    return "PERSON" if labels["PERSON"] else labels.most_common(1)[0][0]


def _possessive_parts(
    doc: Doc,
    start: int,
    end: int,
    label: str,
    match: re.Match[str],
    used: Mapping[str, Counter[str]],
    rules: EntityRules,
) -> list[tuple[int, int, str]] | None:
    """The mentions an "X's Y" span splits into, or None when it stays whole (see ``_split_inner_possessives``)."""
    body = doc.text
    owner_words = body[start : match.start()].split()
    owner = clean_span(body, start, match.start(), label, rules=rules)
    owned = clean_span(body, match.end(), end, label, rules=rules)
    owner_key = _normalize_key(body[owner[0][0] : owner[0][1]]) if owner else ""
    # "Martha's Vineyard", "Moody's Analytics"; but "Christie's" is the governor's where he is named alone.
    if owner_key not in used and (
        _alias_key(body[start:end]) in rules.possessive_names
        or _alias_key(body[start : match.end()]) in rules.possessive_names
    ):
        return None
    # A common-noun owner ("People's", "Sheriff's") belongs to the name, unless the article uses it alone as a
    # name (a headline's "Trump" tagged as a common noun); so does a saint's ("St. John's").
    if _tag_at(doc, match.start() - 1) not in OWNER_NAME_TAGS and owner_key not in used:
        return None
    if len(owner_words) > 1 and owner_words[-2].lower().rstrip(".") == "st":
        return None
    owned_words = body[owned[0][0] : owned[0][1]].split() if owned else []
    last = owned_words[-1].lower().strip(".,") if owned_words else ""
    if last in rules.possessive_heads and owner_key not in used:
        return None

    def label_of(key: str) -> str:
        return _label_of(used, key, label)

    parts: list[tuple[int, int, str]] = []
    owned_key = _normalize_key(" ".join(owned_words))
    if owned and _is_proper_name(doc, owned[0], rules) and (len(owned_words) > 1 or owned_key in used):
        if owner and owner_key in used:
            parts.append((*owner[0], label_of(owner_key)))
        parts.append((*owned[0], label_of(owned_key)))
        return parts
    if owner and (owner_key in used or _is_proper_name(doc, owner[0], rules)):
        parts.append((*owner[0], label_of(owner_key)))
    return parts


def _is_proper_name(doc: Doc, span: tuple[int, int], rules: EntityRules) -> bool:
    """Whether every word of a span is a capitalised proper noun, or a lowercase joiner inside ("War on Drugs")."""
    tokens = [token for token in doc.char_span(*span, alignment_mode="expand") or () if not token.is_space]
    if not tokens:
        return False
    for index, token in enumerate(tokens):
        text = token.text
        inner = 0 < index < len(tokens) - 1
        if inner and (text in rules.acronym_stopwords or not any(map(str.isalnum, text))):
            continue
        # A capitalised preposition inside is a headline, not a name ("Move Against Bernie Sanders").
        if index and text.lower() in HEADLINE_PREPOSITIONS:
            return False
        if not text[:1].isupper() or token.tag_ not in ("NNP", "NNPS"):
            return False
    return True


def _cut_headline_leads(doc: Doc, raw: list[tuple[int, int, str]], rules: EntityRules) -> list[tuple[int, int, str]]:
    """Cut a headline word glued before a one-word name in a two-word PERSON span ("Said Comey", "Top Clinton").

    A capitalised preposition, verb, adjective, adverb, determiner or plural noun ("Presidents Obama") is not
    a first name; the rest is kept when it is tagged a singular proper noun, else the mention is dropped
    ("Among Latinos", "Exclusive Excerpt"). The rest takes the label the article gives it elsewhere
    ("Beyond Washington" -> the GPE "Washington"). Spared: a known first name (``entity_nicknames.csv``), a
    name particle, and a form the article also writes with a proper-noun first word ("Jeb Bush").
    """
    body = doc.text
    spans: dict[tuple[int, int], list] = {}
    vouched: set[str] = set()
    labels: dict[str, Counter[str]] = {}
    for start, end, label in raw:
        key = _normalize_key(body[start:end])
        labels.setdefault(key, Counter())[label] += 1
        if label != "PERSON" or key.count(" ") != 1:
            continue
        tokens = [token for token in doc.char_span(start, end, alignment_mode="expand") or () if not token.is_space]
        spans[(start, end)] = tokens
        if tokens and tokens[0].tag_ not in HEADLINE_LEAD_TAGS:
            vouched.add(key)
    if not spans:
        return raw
    result: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        tokens = spans.get((start, end))
        key = _normalize_key(body[start:end])
        if (
            tokens is None
            or len(tokens) != 2
            or key in vouched
            or tokens[0].tag_ not in HEADLINE_LEAD_TAGS
            or tokens[0].text.lower() in rules.nicknames
            or tokens[0].text.lower() in rules.name_particles
        ):
            result.append((start, end, label))
            continue
        rest = tokens[1]
        if rest.tag_ != "NNP" or not rest.text[:1].isupper():
            continue  # nothing name-like left
        found = labels.get(rest.text)
        if found and not found["PERSON"]:
            label = found.most_common(1)[0][0]
        elif not found and rest.text in rules.places:
            label = "GPE"  # "Beyond Washington": a listed place the article never gives as a person
        result.append((rest.idx, rest.idx + len(rest.text), label))
    return result


def _recase_key(key: str, label: str, mixed: Mapping[str, str], body: str) -> str:
    """The canonical casing of an all-caps PERSON/ORG form of two words or more ("DONALD TRUMP" -> "Donald Trump").

    The article's own mixed-case spelling wins; else each word is title-cased, except roman numerals and, in
    organisations, a short word (three letters or fewer) the article never writes title-cased (an acronym:
    "FBI", "ABC"; "NEW" is "New" when the article writes "New").
    """
    if label not in ("PERSON", "ORG") or " " not in key or not key.isupper():
        return key
    if (found := mixed.get(key.casefold())) is not None:
        return found
    words = []
    for index, word in enumerate(key.split()):
        letters = "".join(RE_LETTERS.findall(word))
        titled = RE_LETTERS.sub(lambda m: m.group().capitalize(), word)
        if word in ROMAN_SUFFIXES or RE_MIDDLE_INITIAL.fullmatch(word):
            words.append(word)
        elif label == "ORG" and index and word.lower() in ACRONYM_STOPWORDS:
            words.append(word.lower())
        elif label == "ORG" and len(letters) <= 3 and not re.search(rf"\b{re.escape(titled)}\b", body):
            words.append(word)
        else:
            words.append(titled)
    return " ".join(words)


def entity_spans(doc: Doc, rules: EntityRules = ENTITY_RULES) -> list[MentionSpan]:
    """The cleaned mention spans of a parsed article, non-overlapping, in document order: the part that needs spaCy.

    Args:
        doc: the spaCy Doc of the article body; its NER spans, and its tags as evidence for cutting them.
        rules: rule data (titles, particles, possessive names, ...); aliases play no part here.

    Returns:
        One span per mention, labelled (see ``MentionSpan``). Labels outside ``rules.keep_labels`` (DATE,
        MONEY, CARDINAL, ...) are dropped; of two overlapping pieces of split spans the first is kept.
    """
    body = doc.text
    raw: list[tuple[int, int, str]] = []
    unnamed: set[tuple[int, int]] = set()
    for ent in doc.ents:
        label = ent.label_
        if label not in rules.keep_labels:
            continue
        first = _start_of_person(ent, rules) if label == "PERSON" else ent.start_char
        for start, end in clean_span(body, *_cut_at_clause(ent, first, rules), label, rules=rules):
            if label == "PERSON" and _is_not_a_name(doc, start, end):
                unnamed.add((start, end))
            raw.append((start, end, label))
    raw = _trim_glued_person_words(body, _drop_unnamed(body, sorted(raw), unnamed), rules)
    raw = _cut_headline_leads(doc, _split_inner_possessives(doc, raw, rules), rules)
    spans: list[MentionSpan] = []
    last_end = -1
    for start, end, label in raw:
        if start < last_end:
            continue  # overlapping debris of a split span; keep the first
        spans.append(MentionSpan(start, end, label))
        last_end = end
    return spans


def _defined_acronym(body: str, end: int, key: str, rules: EntityRules) -> str:
    """The acronym a multi-word name defines in the text right after it ("... Enforcement (ICE)"), or "".

    Read from the body, not from spaCy's spans, so resolving stored mentions finds the same definitions.
    """
    if " " not in key:
        return ""
    match = RE_ACRONYM_AFTER.match(body, end, min(len(body), end + 16))
    acronym = match.group(1).replace(".", "") if match is not None else ""
    return acronym if _acronym_fits(acronym, key, rules) else ""


def resolve_mentions(
    body: str,
    spans: Sequence[MentionSpan],
    *,
    article_id: str,
    rules: EntityRules = ENTITY_RULES,
    aliases: EntityAliases | None = None,
) -> ArticleEntities:
    """Resolve the mentions of one article to canonical entities, from its text and mention spans only (no spaCy).

    Args:
        body: the article body the spans point into.
        spans: the mention spans, non-overlapping, in document order: ``entity_spans(doc)``, or the (start_char,
            end_char, label) of the article's stored ``entity_mentions``.
        article_id: the article's id, part of every mention id.
        rules: rule data (generic words, place names, nicknames, known initials, user aliases).
        aliases: a user's aliases (``parse_aliases``); shorthand for ``rules=rules.with_aliases(aliases)``.

    Returns:
        The article's canonical entities (in order of first mention) and their mentions (in document order).

    Notes:
        Resolution is by string rules within the article only: a surname joins the full name that ends with
        it (the most mentioned one when two people share a surname), an acronym the name the article defines
        for it ("Name (ACR)") or the one name whose initials spell it, a trailing word the one multi-word
        organisation ending with it. A form typed PERSON once is PERSON in the whole article. A word typed
        only as a place and listed in ``entity_places.csv`` ("Washington") does not join a person ("George
        Washington"). An all-caps form takes the article's own casing, else is title-cased ("DONALD TRUMP").
    """
    if aliases is not None:
        rules = rules.with_aliases(aliases)
    # Mixed-case spellings, so an all-caps headline form shares the article's casing ("DONALD TRUMP").
    mixed: dict[str, str] = {}
    for start, end, _label in spans:
        key = _normalize_key(body[start:end])
        if not key.isupper():
            mixed.setdefault(key.casefold(), key)
    recased: dict[str, str] = {}
    definitions: dict[str, str] = {}
    forms: list[_Form] = []
    form_of: dict[str, _Form] = {}
    mention_forms: list[_Form] = []
    for start, end, label in spans:
        key = _normalize_key(body[start:end])
        if key.isupper():
            original, key = key, _recase_key(key, label, mixed, body)
            if key != original:
                recased[original] = key
        if acronym := _defined_acronym(body, end, key, rules):
            definitions.setdefault(acronym, key)
        form = form_of.get(key)
        if form is None:
            form = _Form(key=key, order=len(forms), words=tuple(key.split()))
            form_of[key] = form
            forms.append(form)
        form.labels[label] += 1
        form.count += 1
        mention_forms.append(form)

    uf, extra_aliases = _resolve_forms(forms, definitions, rules)
    groups: dict[int, list[_Form]] = {}
    for form in forms:
        groups.setdefault(uf.root(form.order), []).append(form)
    entity_of_root = _name_groups(groups, forms, set(definitions.values()), rules)
    entity_of_form = {form.order: entity_of_root[uf.root(form.order)] for form in forms}
    for form in forms:
        # A user's alias for this very form wins over the group it joined ("Clinton" -> Hillary, not Bill).
        target = rules.aliases.lookup(form.key) if rules.aliases else None
        if target is not None:
            entity_of_form[form.order] = Entity(entity_id_for(target[1], target[0]), target[0], target[1])

    mentions = tuple(
        EntityMention(
            mention_id=stable_id("entity_mention", article_id, start, end),
            article_id=article_id,
            entity_id=entity_of_form[form.order].entity_id,
            text=body[start:end],
            start_char=start,
            end_char=end,
            label=label,
        )
        for (start, end, label), form in zip(spans, mention_forms, strict=True)
    )
    # In order of first mention; two groups may end as one entity (same canonical name, or one alias).
    unique: dict[str, Entity] = {}
    for form in forms:
        entity = entity_of_form[form.order]
        unique.setdefault(entity.entity_id, entity)
    entities = tuple(unique.values())
    alias_pairs: dict[str, str] = {}
    for form in forms:
        alias_pairs[form.key] = entity_of_form[form.order].entity_id
    for alias, index in extra_aliases.items():
        alias_pairs.setdefault(alias, entity_of_form[index].entity_id)
    for original, key in recased.items():
        alias_pairs.setdefault(original, entity_of_form[form_of[key].order].entity_id)
    for entity in entities:
        alias_pairs.setdefault(entity.name, entity.entity_id)
    for alias, name, entity_type in rules.aliases.entries:
        # A user's alias resolves with ``find`` wherever its entity is in the article, even if unwritten.
        if entity_id_for(entity_type, name) in unique:
            alias_pairs.setdefault(alias, entity_id_for(entity_type, name))
    return ArticleEntities(entities=entities, mentions=mentions, aliases=tuple(sorted(alias_pairs.items())))


def extract_entities(
    doc: Doc, *, article_id: str, rules: EntityRules = ENTITY_RULES, aliases: EntityAliases | None = None
) -> ArticleEntities:
    """Clean and resolve the named entities of one parsed article: ``entity_spans`` then ``resolve_mentions``.

    Args:
        doc: the spaCy Doc of the article body (``doc.text`` is the body offsets point into).
        article_id: the article's id, part of every mention id.
        rules: rule data (titles, generic words, place names, nicknames, known initials, user aliases).
        aliases: a user's aliases (``parse_aliases``); shorthand for ``rules=rules.with_aliases(aliases)``.

    Returns:
        The article's canonical entities (in order of first mention) and their mentions (in document order).
    """
    return resolve_mentions(doc.text, entity_spans(doc, rules), article_id=article_id, rules=rules, aliases=aliases)


def _name_groups(
    groups: Mapping[int, list[_Form]], forms: list[_Form], defined: set[str], rules: EntityRules
) -> dict[int, Entity]:
    """The canonical entity of each group of forms (keyed by its root form index).

    The type is PERSON when any member was typed PERSON, else the most frequent label. The name is the
    fullest form (``_canonical_form``); a person's drops middle initials (``canonical_person_name``),
    unless two people of the article would then share a name ("Maria L. Ortega" and "Maria K. Ortega"
    keep theirs). A user's alias of the name replaces name and type.
    """
    chosen: dict[int, tuple[str, str]] = {}
    for root, members in groups.items():
        labels: Counter[str] = Counter()
        for member in members:
            labels.update(member.labels)
        if labels["PERSON"]:
            entity_type = "PERSON"
        else:
            top = max(labels.values())
            canonical_labels = forms[root].labels
            entity_type = min(
                (label for label, count in labels.items() if count == top),
                key=lambda label: (-canonical_labels[label], label),
            )
        chosen[root] = (entity_type, _canonical_form(members, entity_type, defined).key)
    # Middle initials dropped, unless that makes two different people of this article one.
    short: dict[int, str] = {}
    raw_by_short: dict[str, set[str]] = {}
    for root, (entity_type, raw) in chosen.items():
        if entity_type == "PERSON":
            short[root] = canonical_person_name(raw, rules=rules)
            if _initials_key(tuple(raw.split()), rules.name_suffixes) is not None:
                raw_by_short.setdefault(short[root], set()).add(raw)
    entity_of_root: dict[int, Entity] = {}
    for root, (entity_type, raw) in chosen.items():
        name = raw
        if root in short and len(raw_by_short.get(short[root], ())) < 2:
            name = short[root]
        target = None
        if rules.aliases:
            target = rules.aliases.lookup(name) or rules.aliases.lookup(raw)
        if target is not None:
            name, entity_type = target
        entity_of_root[root] = Entity(entity_id=entity_id_for(entity_type, name), name=name, type=entity_type)
    return entity_of_root
