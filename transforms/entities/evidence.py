"""The type of an entity from the whole article: person evidence around its mentions, and most of its mentions.

spaCy's small model types a name by one sentence: "Twitter" is a PERSON in most articles, "Israel" in a
headline, "Kasich" a GPE after "Ohio", "Jeet Heer" a NORP. ``person_cue`` reads the text around one mention for
signs of a person (a title before it, an age or a role after it); ``group_type`` weighs the labels and cues of
all the forms of one entity. Text only, so stored mentions resolve again without spaCy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from transforms.entities.rules import EntityRules
from transforms.lexicon import ORGANISATION_NOUNS, SPEECH_VERB_FORMS, is_person_word

# An age right after a mention, then the sentence goes on ("Lena Venn, 43, was"; not a list: "Sportwagon, 166, GTV").
RE_AGE = re.compile(r",\s+\d{1,3},\s+[a-z]")


# A pronoun subject for the mention: "Trump said he ...", "Venn told reporters she ..." (an organisation says "it").
RE_SAID_HE = re.compile(
    rf"\s+(?:has\s+|had\s+)?(?:{'|'.join(SPEECH_VERB_FORMS)})(?:\s+[a-z]+){{0,2}}?\s+(?:that\s+)?(?:he|she)\b"
)


# The start of a sentence or a line before a mention: it is then the subject of what follows.
RE_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’]?\s+|\n\s*)$")


# "the", an owner, a number or a quantifier right before a mention: a plural after it names a group or a thing, not
# a person ("the world's 1.2 billion Roman Catholics", "many Democrats").
RE_GROUP_BEFORE = re.compile(
    r"(?:\b(?:the|these|those|all|many|most|some|several|other|few|both|million|billion|thousand)|['’]s?|\d)\s+$",
    re.IGNORECASE,
)

# Quotation marks and brackets around a word before a mention ("“In Tulsa").
QUOTES = "\"'“”‘’()[]"


# An apposition right after a mention: its lowercase words after an article ("Lena Venn, a senior editor at the ..."
# -> "senior editor at the"); the head noun is the last word before a function word.
# Without an article ("Matdos Santos, legal director for ...") all its lowercase words are taken, to tell it from a
# title running into a name (", veteran comedian Tim Allen").
RE_APPOSITION = re.compile(
    r",\s+(?:(?:a|an|the|his|her|their)\s+((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)(?=[\s,.;]|$)"
    r"|([a-z][\w-]*(?:\s+[a-z][\w-]*){0,5}+)(?=[\s,.;]|$))"
)
# A capitalised word right after an apposition's words: without an article, they were a title before it.
RE_NAME_AFTER = re.compile(r"\s+[A-Z]")


# Strengths of person evidence (``person_cue``): none; context (a job title before the mention, an age, a role,
# a pronoun after it), which tips a name spaCy also types PERSON or shaped like a person's full name; an
# honorific written before it ("Mr Houston", "Sen. Israel"), which names a person even alone.
NO_CUE, CONTEXT_CUE, HONORIFIC_CUE = 0, 1, 2


class TypedForm(Protocol):
    """What ``group_type`` reads of a form: its key, words, spaCy labels, strongest person cue, whether the
    cues name a person (``cued_person``) and whether an apposition calls it an organisation."""

    key: str
    words: tuple[str, ...]
    labels: Counter[str]
    cues: int
    cued_person: bool
    organisation: bool


def person_cue(body: str, start: int, end: int, rules: EntityRules) -> int:
    """How strongly the text around a mention says it names a person (``NO_CUE`` ... ``HONORIFIC_CUE``).

    A title right before it, on the same line ("Gov. Kasich", "spokeswoman Dana Pike"; not when a title follows,
    as the mention then qualifies it: "candidate Texas Senator Ted Cruz"; nor before an acronym: "the chief U.S.
    negotiator"); a capitalised honorific is the strongest ("Mr Houston"). Unless the mention is the object of a
    preposition ("Senator Mikulski of Maryland, the ..."): an age right after it ("Pike, 43, was"), an apposition
    headed by a noun for a person, with or without an article ("Jeet Heer, a senior editor at ...", "Matdos
    Santos, legal director for ..."; not after a plural: "the world's Roman Catholics, the pope of the poor"), or
    a gendered pronoun as the subject of what a mention opening a sentence says ("Trump said he"; not "Stacy
    Baker of Columbia, South Carolina says she"). A relative "who" is no evidence: it often belongs to the person
    before a place ("a lawyer in Orlando who").
    """
    before = body[max(0, start - 60) : start]
    after = body[end : end + 80]
    words = _words_before(body, start, rules)
    if words:
        words[-1] = words[-1].strip(QUOTES)
        last = words[-1].lower()
        if last.replace(".", "") in rules.title_last_words and not body[start:end].isupper():
            if _title_words(words, rules) and not _starts_with_title(after, rules):
                honorific = words[-1][:1].isupper() and last.rstrip(".") in rules.honorifics
                return HONORIFIC_CUE if honorific else CONTEXT_CUE
        elif last in rules.trailing_words:
            return NO_CUE
    if RE_SAID_HE.match(after) and RE_SENTENCE_START.search(before):
        return CONTEXT_CUE
    if not after.startswith(","):
        return NO_CUE
    # a plural: a name ending in "s" after "the", an owner or a number ("the world's Roman Catholics"), not "Santos"
    plural = body[end - 1 : end] == "s" and bool(RE_GROUP_BEFORE.search(before))
    found = RE_AGE.match(after) or (not plural and _person_apposition(after, rules))
    return CONTEXT_CUE if found else NO_CUE


def title_before(body: str, start: int, rules: EntityRules) -> tuple[str, ...]:
    """The title written right before a mention on its line, as lowercase words without periods ("Vice President"
    of "Vice President Dick Cheney" -> ("vice", "president")), longest first; () when there is none."""
    words = _words_before(body, start, rules)
    return _title_words(words, rules) if words else ()


def _words_before(body: str, start: int, rules: EntityRules) -> list[str]:
    """The words right before a mention that a title may take, when the last is on the mention's line; else []."""
    before = body[max(0, start - 60) : start]
    words = before.split()[-rules.max_title_words :]
    return words if words and "\n" not in before[before.rfind(words[-1]) :] else []


def _title_words(words: list[str], rules: EntityRules) -> tuple[str, ...]:
    """The longest title the words before a mention end with, or (); a period ends a sentence, not an
    abbreviation ("... an aide. Silicon Valley" vs "Gov. Kasich")."""
    keys = [word.strip(QUOTES).lower().replace(".", "") for word in words]
    if words[-1].endswith(".") and keys[-1] not in rules.honorifics and len(keys[-1]) > 3:
        return ()
    return next((tuple(keys[cut:]) for cut in range(len(keys)) if tuple(keys[cut:]) in rules.titles), ())


def _starts_with_title(after: str, rules: EntityRules) -> bool:
    """Whether the text after a mention starts with a title ("Texas Senator Ted Cruz": "Texas" qualifies it)."""
    words = after.split(maxsplit=1)
    return bool(words) and (words[0].lower().replace(".", ""),) in rules.titles


def _person_apposition(after: str, rules: EntityRules) -> bool:
    """Whether an apposition right after a mention is headed by a noun for a person ("Heer, a senior editor at")."""
    head = _apposition_head(after, rules)
    return is_person_word(head) or (head,) in rules.titles


def organisation_cue(body: str, end: int, rules: EntityRules) -> bool:
    """Whether an apposition right after a mention is headed by a noun for an organisation ("Corvane, the ferry
    operator, said"; "Lee, the band's singer" is headed by "singer")."""
    return _apposition_head(body[end : end + 80], rules) in ORGANISATION_NOUNS


def _apposition_head(after: str, rules: EntityRules) -> str:
    """The head noun of an apposition right after a mention ("Heer, a senior editor at the" -> "editor"), or ""."""
    apposition = RE_APPOSITION.match(after)
    if apposition is None:
        return ""
    words = (apposition.group(1) or apposition.group(2)).split()
    if apposition.group(2) and words[-1] not in rules.trailing_words and RE_NAME_AFTER.match(after, apposition.end()):
        return ""  # ", veteran comedian Tim Allen"
    for index, word in enumerate(words):
        if word in rules.trailing_words or word in rules.pronouns:
            words = words[:index]
            break
    return words[-1] if words else ""


def group_type(members: Iterable[TypedForm], canonical: TypedForm, rules: EntityRules) -> str:
    """The type of one entity from all its forms, on the article's evidence rather than one sentence.

    PERSON when a form is a full name the article types PERSON ("Donald Trump", though "Trump" is typed ORG
    nine times; not "Junge SVP": a surname is not all caps, a suffix may be); when a mention has a person cue
    (``person_cue``) and the article also types the name PERSON ("Gov. Kasich", typed GPE twice), or the name
    is shaped like a full name ("Jeet Heer, a senior editor" typed NORP), or the cue is an honorific ("Mr
    Houston" typed GPE); or when PERSON is at least half of the labels, unless the name is a known place or
    organisation (``entity_places.csv``, ``words.NON_PERSON_NAMES``) that the article types otherwise too, or
    one the article never types otherwise and the rules list as no person ("Twitter"). Otherwise the most
    frequent other label ("Carrier": ORG 21, PERSON 7), ties going to the canonical form's labels, then the
    alphabet. A name typed PERSON only takes its listed type, or ORG when it ends in an organisation's head noun
    ("Swiss People's Party").
    """
    members = list(members)
    labels: Counter[str] = Counter()
    for member in members:
        labels.update(member.labels)
    person = labels.pop("PERSON", 0)
    cue = max(member.cues for member in members)
    if not person and not cue:
        return _top_label(labels, canonical)
    # "Swiss People's Party", or a name an apposition calls a company ("Corvane, the ferry operator")
    org_head = all(member.words[-1].lower() in rules.generic_words for member in members) or any(
        member.organisation for member in members
    )
    known = next((kind for member in members if (kind := _known_type(member.key, rules))), "")
    full_name = any(
        len(member.words) > 1
        and 2 * member.labels["PERSON"] >= sum(member.labels.values())
        and member.words[-1].lower() not in rules.generic_words
        and (not member.words[-1].isupper() or member.words[-1].lower() in rules.name_suffixes)
        for member in members
    )
    if full_name or (not org_head and ((cue and person) or any(member.cued_person for member in members))):
        return "PERSON"
    listed = known and (labels or known != "GPE")
    if person and not org_head and not listed and person >= sum(labels.values()):
        return "PERSON"
    return _top_label(labels, canonical) if labels else known or "ORG"


def _top_label(labels: Counter[str], canonical: TypedForm) -> str:
    """The most frequent label; on ties the canonical form's most frequent, then the first in the alphabet."""
    top = max(labels.values())
    return min(
        (label for label, count in labels.items() if count == top), key=lambda label: (-canonical.labels[label], label)
    )


def cued_person(form: TypedForm, rules: EntityRules) -> bool:
    """Whether the article's cues name a person by this form whatever spaCy typed it: an honorific before it
    ("Mr Houston"), or another cue before or after a form shaped like a full name ("Jeet Heer, a senior editor")."""
    if form.words[-1].lower() in rules.generic_words:
        return False
    return form.cues == HONORIFIC_CUE or bool(form.cues and _shaped_like_full_name(form.words, rules))


def _shaped_like_full_name(words: tuple[str, ...], rules: EntityRules) -> bool:
    """Whether a form reads like a person's full name: two to four capitalised words, not all caps, not ending in
    an organisation's head noun ("Carly Fiorina", not "TV Diaries" or "Boeing")."""
    return (
        1 < len(words) <= 4
        and all(word[:1].isupper() and not word.isupper() for word in words)
        and words[-1].lower() not in rules.generic_words
    )


def _known_type(key: str, rules: EntityRules) -> str:
    """The type the rules know a name by: its row in ``words.NON_PERSON_NAMES``, GPE for a listed place, or ""."""
    if key in rules.non_people:
        return rules.non_people[key]
    return "GPE" if key in rules.places else ""
