"""Splitting "X's Y" NER spans into the names they hold ("Clinton's State Department" -> "State Department").

Needs the spaCy Doc (tags tell a proper-noun owner from a common one: "Sheriff's Department" stays whole).
Part of ``entity_spans``; kept apart because the possessive rules (``entity_possessive_names.csv``,
``entity_possessive_heads.csv``, saints, the article's own usage) are a concern of their own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from spacy.tokens import Doc

from transforms.entities.aliases import alias_key
from transforms.entities.cleaning import RE_POSSESSIVE, _normalize_key, clean_span
from transforms.entities.rules import EntityRules
from transforms.lexicon import FIRST_NAME_GENDERS

# An inner possessive: "Clinton's State Department", "Fox News' Megyn Kelly" (the owner, then a space).
RE_INNER_POSSESSIVE = re.compile(r"(?<=\w)['’](?:s|S)?(?=\s)")


# Tags of an owner word that is a common noun: the possessive then belongs to the name ("People's Party",
# "Sheriff's Department", "Women's March", "New Year's Eve").
OWNER_NAME_TAGS = frozenset(["NNP"])


# Prepositions written capitalised only in Title Case headlines; names lowercase them ("Bank of America").
HEADLINE_PREPOSITIONS = frozenset(
    [
        *("of", "for", "to", "in", "on", "at", "by", "with", "from", "as", "against", "over", "before"),
        *("about", "into", "without", "among", "amid", "after", "behind", "beyond", "despite", "during", "than"),
    ]
)


def _tag_at(doc: Doc, char: int) -> str:
    """The tag of the token holding character ``char`` ("" when untagged or outside a token)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0].tag_ if span is not None and len(span) else ""


def _split_inner_possessives(
    doc: Doc, body: str, raw: list[tuple[int, int, str]], rules: EntityRules
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
        mentions of the same form, else from the span, whose label was the owner's: an owned part that opens
        with a common first name is a person ("Fox News' Megyn Kelly", typed ORG as a whole).
    """
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
        parts = _possessive_parts(doc, body, (start, end, label), match, used, rules)
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
    body: str,
    span: tuple[int, int, str],
    match: re.Match[str],
    used: Mapping[str, Counter[str]],
    rules: EntityRules,
) -> list[tuple[int, int, str]] | None:
    """The mentions an "X's Y" span splits into, or None when it stays whole (see ``_split_inner_possessives``)."""
    start, end, label = span
    owner_words = body[start : match.start()].split()
    owner = clean_span(body, start, match.start(), label, rules=rules)
    owned = clean_span(body, match.end(), end, label, rules=rules)
    owner_key = _normalize_key(body[owner[0][0] : owner[0][1]]) if owner else ""
    # "Martha's Vineyard", "Moody's Analytics"; but "Christie's" is the governor's where he is named alone.
    if owner_key not in used and (
        alias_key(body[start:end]) in rules.possessive_names
        or alias_key(body[start : match.end()]) in rules.possessive_names
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
        # the span's label was the owner's: a person's name owned by an outlet is a person ("Fox News' Megyn Kelly")
        person = owned_key not in used and len(owned_words) <= 3 and owned_words[0].lower() in FIRST_NAME_GENDERS
        parts.append((*owned[0], "PERSON" if person else label_of(owned_key)))
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
