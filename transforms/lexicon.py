"""Closed-class linguistic knowledge every extractor reads: pronouns, honorifics, name suffixes, first names,
gendered nouns and the dependency relations the attribution walks follow.

One home, so entities, quotes, linking and scoring cannot drift apart. Open-class word lists (cue verbs,
titles, units) stay in ``transforms/rules/*.csv``; the first names are read from there too.
"""

from __future__ import annotations

from transforms.rules import read_rule_csv

FEMALE = "female"
MALE = "male"

# Pronouns and pronoun-like determiners: never a name, never looked up as an entity.
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
# The personal pronouns that stand for a source: a speaker written this way must be resolved to count.
PERSONAL_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "their"]
)
# The third-person singular pronouns that stand for one person, with the gender each asks of its antecedent.
PERSON_PRONOUN_GENDERS = {"he": MALE, "she": FEMALE}
# Pronouns that stand for an organisation or group (with the entity types each may refer to).
GROUP_PRONOUN_TYPES = {
    "it": frozenset({"ORG"}),
    "they": frozenset({"ORG", "NORP"}),
    "we": frozenset({"ORG", "NORP"}),
}
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})

# Honorifics (lowercase, no period) that tell a person's gender where they stand before the name.
HONORIFIC_GENDERS = {"mr": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "sir": MALE, "dame": FEMALE}
# Titles that may be cut from any entity span, not only PERSON ones ("President Obama" typed ORG); job words
# such as "Justice" or "Agent" are cut only from PERSON spans ("Justice Department" keeps its first word).
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

# Generational suffixes: "Donald Trump Jr." has surname "Trump" and is not "Donald Trump".
NAME_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"])
ROMAN_SUFFIXES = frozenset(suffix.upper() for suffix in NAME_SUFFIXES if set(suffix) <= set("iv"))

# Common first names (lowercase) with the gender they usually signal: only a hint the text can overrule.
FIRST_NAME_GENDERS = {
    row["name"].lower(): {"f": FEMALE, "m": MALE}[row["gender"]] for row in read_rule_csv("quote_first_names.csv")
}

# Coarse tags of verbs and auxiliaries.
VERBAL_POS = frozenset({"VERB", "AUX"})
# Dependency relations of a clause's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# A cue without its own subject borrows the one of the verb it hangs from ("…, adding that …",
# "praised the plan before criticizing …").
CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})
# A direct quote's cue climbs through parataxis too ("Homan slammed her, saying …", "she laughed and added …").
QUOTE_CLIMB_DEPS = CLIMB_DEPS | {"parataxis"}
