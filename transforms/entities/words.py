"""The built-in word lists of entity cleaning and resolution, and the spaCy labels kept.

Most are the defaults of ``EntityRules`` (``transforms.entities.rules``), which tests swap; the lists read
from ``transforms/rules/entity_*.csv`` are loaded there. Closed classes of grammar (clause words, weekdays) are
read directly. Kept apart so aliases can check a type against ``KEEP_LABELS`` without importing the rules
(which import the aliases).
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
        "acting",
        "interim",
    ]
)


# Words that end a span but are never part of a name ("Smith and", "Bank of", a fixture's "Ireland v").
TRAILING_WORDS = frozenset(
    [
        *("and", "or", "but", "nor", "&", "the", "a", "an", "of", "for", "to", "in", "on", "at", "by", "with"),
        *("from", "as", "v", "vs"),
    ]
)


# Auxiliaries and modals: capitalised inside a name they show a Title Case clause ("Trump Should", "Twitter Be
# Next"), never a part of the name ("May" and "Will" are names too).
CLAUSE_WORDS = frozenset(
    [
        *("is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "does", "did"),
        *("would", "could", "should", "can", "cannot", "won't", "can't", "isn't", "doesn't", "don't"),
    ]
)


# Subject and object pronouns: capitalised inside a title they make it a clause ("Are You Smarter Than ...").
CLAUSE_PRONOUNS = frozenset(["i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them"])


# Words that introduce a title as a work ("his book", "the anthem", "a memo titled", "a regular on", "co-author
# of"); a Title Case clause without one before it is a quotation or a headline, not a work's name.
WORK_CUES = frozenset(
    [
        *("book", "books", "novel", "memoir", "biography", "manifesto", "film", "films", "movie", "comedy", "drama"),
        *("documentary", "sequel", "show", "series", "sitcom", "programme", "program", "episode", "segment"),
        *("podcast", "song", "songs", "anthem", "album", "single", "ep", "hit", "hits", "track", "play", "musical"),
        *("opera", "poem", "painting", "column", "article", "essay", "memo", "report", "study", "version"),
        *("titled", "entitled", "called", "including", "on", "of", "in", "'s", "’s", "'", "’"),
    ]
)


# Words that name a day with the weekday after them ("Super Tuesday", "Black Friday"): one EVENT, not a place
# or a group followed by a date.
DAY_NAME_WORDS = frozenset(["super", "black", "cyber", "good", "ash", "palm", "easter", "holy", "maundy", "giving"])
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


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


# Names spaCy's small model types PERSON that are never a person's: platforms, news outlets, parties, awards and
# the like, with their type. Used when an article types such a name PERSON only ("on Twitter" every time).
NON_PERSON_NAMES = {
    **dict.fromkeys(
        [
            *("Twitter", "Facebook", "Instagram", "YouTube", "Snapchat", "LinkedIn", "Reddit", "Tumblr", "WhatsApp"),
            *("TikTok", "Google", "Yahoo", "Netflix", "Uber", "Airbnb", "Wikipedia", "WikiLeaks", "Kickstarter"),
            *("Reuters", "Politico", "HuffPost", "Gawker", "PolitiFact", "Politifact", "Breitbart", "Quinnipiac"),
            *("Gallup", "Pfizer", "Labour"),
        ],
        "ORG",
    ),
    **dict.fromkeys(["Gmail", "iPhone", "Android"], "PRODUCT"),
    **dict.fromkeys(["Grammy", "Grammys", "Oscars", "Emmy", "Emmys"], "WORK_OF_ART"),
    "Brexit": "EVENT",
    "Obamacare": "LAW",
}
