"""Rule data for cleaning and resolving mentions: ``EntityRules`` and the default ``ENTITY_RULES``.

The defaults come from ``transforms/rules/entity_*.csv`` (titles, generic words, places, nicknames, known
initials, possessive names and heads) and the word lists of ``transforms.entities.words``. Every step takes
an ``EntityRules`` so tests can swap it; a user's aliases ride along (``with_aliases``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from transforms.entities.aliases import EntityAliases, alias_key
from transforms.entities.words import (
    ABBREVIATIONS,
    ACRONYM_STOPWORDS,
    KEEP_LABELS,
    LEADING_WORDS,
    NAME_PARTICLES,
    NON_PERSON_NAMES,
    TRAILING_WORDS,
)
from transforms.lexicon import HONORIFICS, NAME_SUFFIXES, PRONOUNS
from transforms.rules import read_rule_csv

# Initials as written in any style, for matching ``entity_known_initials.csv``: "H.W.", "HW", "H.", "W".
RE_ANY_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")


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
        places: place names that are also surnames (do not join a person when typed only as a place; a place
            when the article also types them so, ``evidence.group_type``).
        non_people: names spaCy types PERSON that are never a person's, with their type ("Twitter": ORG).
        max_title_words / title_last_words: the longest title's length and the last words of titles (derived).
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
    non_people: Mapping[str, str] = field(default_factory=lambda: NON_PERSON_NAMES)
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
    title_last_words: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        longest = max((len(title) for title in self.titles), default=1)
        object.__setattr__(self, "max_title_words", longest)
        object.__setattr__(self, "title_last_words", frozenset(title[-1] for title in self.titles))

    def with_aliases(self, aliases: EntityAliases) -> EntityRules:
        """These rules with a user's aliases (from ``extract.aliases``) applied by ``extract_entities``."""
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
        possessive_names=frozenset(alias_key(name) for name in _read_csv_column("entity_possessive_names.csv")),
        possessive_heads=frozenset(word.lower() for word in _read_csv_column("entity_possessive_heads.csv")),
    )


ENTITY_RULES = load_entity_rules()
