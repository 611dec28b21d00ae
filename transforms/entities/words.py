"""The built-in word lists of entity cleaning and resolution, and the spaCy labels kept.

They are the defaults of ``EntityRules`` (``transforms.entities.rules``), which tests swap; the lists read
from ``transforms/rules/entity_*.csv`` are loaded there. Kept apart so aliases can check a type against
``KEEP_LABELS`` without importing the rules (which import the aliases).
"""

from __future__ import annotations

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


# Kept in acronyms' expansions but not spelled by them ("Immigration and Customs Enforcement" = ICE).
ACRONYM_STOPWORDS = frozenset(["and", "of", "the", "for", "&", "on", "in", "at", "to", "a", "an", "de"])


# Abbreviations whose final period belongs to the name ("Inc.", "Jr.", "U.S.").
ABBREVIATIONS = frozenset(["inc", "co", "corp", "ltd", "jr", "sr", "st", "mt", "bros", "dept", "univ", "assn", "ft"])
