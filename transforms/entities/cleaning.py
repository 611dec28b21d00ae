"""Cleaning one NER span down to the name(s) it holds, from the text alone: ``clean_span``, ``clean_name``.

spaCy's spans carry a leading "the", a possessive "’s", a title ("Acting ICE Director Tom Homan"),
punctuation, a line break or glued page furniture. These functions cut the span at separators and trim
its ends; offsets stay into the body (``body[start:end] == text``). No spaCy here, so a name as written
elsewhere (a quote's speaker) is cleaned the same way as a mention.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from transforms.entities.aliases import RE_QUOTE_CHARS, alias_key
from transforms.entities.rules import ENTITY_RULES, EntityRules

RE_LINE_BREAK = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x85]+")


# Hard separators inside a span: a dash between spaces, a colon, a semicolon, a bar, a bullet.
# A word glued from web debris ("SmithFlagShareLikeReplyAnn": three lowercase-to-capital joins) cuts too.
RE_HARD_CUT = re.compile(r"\s+[-–—]{1,2}\s+|--|—|–(?=\s)|(?<=\s)–|[;|•]\s*|\S*(?:[a-z][A-Z][^\sA-Z]*){3}\S*")


# A capitalised word run into a dotted or all-caps one ("Scott GarrettU.S.", "BushASSOCIATED PRESS"): the span
# is cut after it, like at a line break ("miniMIXA", lowercase first, is a brand; "McDONALD" a name).
RE_GLUED_CAPS = re.compile(r"\b(?!Ma?c[A-Z])[A-Z][a-z]+(?=(?:[A-Z]\.){2}|[A-Z]{3})")


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


RE_WORD = re.compile(r"\S+")


RE_POSSESSIVE = re.compile(r"(?<=[^\s'’‘`´])['’‘`´]+[sS]?$")


RE_LONE_POSSESSIVE = re.compile(r"['’‘`´]+[sS]?")


RE_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")


# A glue inside one word: a lowercase letter then a capital ("moderatorFeatured"), or a capital starting a new
# word right after an all-caps run ("PMBernie"). With a digit in the same word it is page furniture.
RE_GLUE = re.compile(r"[a-z][A-Z]|[A-Z]{2}[A-Z][a-z]")


# Camel-case brand prefixes a glue may follow without being debris: "iPhone", "eBay", "McDonald", "MacArthur".
RE_BRAND_PREFIX = re.compile(r"(?:.*[^A-Za-z])?(?:[a-z]|Mc|Mac)")


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
        if match is not None and not (label != "PERSON" and alias_key(body[start:end]) in rules.possessive_names):
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
    # A middle or final initial ("Matthew T.") only inside a longer name; a lowercase "v." is a cut case name's.
    return len(bare) == 1 and last[0].isupper() and " " in text


def _split_segments(body: str, start: int, end: int, label: str = "") -> list[tuple[int, int]]:
    """Split a span at line breaks, glued words and hard separators (keeping the best part), then at soft ones
    (keeping all).

    Returns the segments to clean, each as (start, end).
    """
    text = body[start:end]
    parts = [(m.start() + start, m.end() + start) for m in RE_LINE_BREAK.finditer(text)]
    if cuts := [start + m.end() for m in RE_GLUED_CAPS.finditer(text)]:
        bounds = list(itertools.pairwise([start, *cuts, end]))
        parts = [(max(a, s), min(b, e)) for s, e in parts for a, b in bounds if max(a, s) < min(b, e)]
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
