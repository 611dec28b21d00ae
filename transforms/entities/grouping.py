"""Which distinct name forms of one article name the same entity: union-find over the forms.

``_resolve_forms`` joins full names of one person, a surname to its full name, a lone first name to the one
full name starting with it, an acronym to its definition or expansion, and an organisation's trailing words
to the organisation, and records the extra aliases (surnames, acronyms, short forms) ``find`` resolves.
Cheap string rules, linear in the number of forms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from transforms.entities.names import _acronym_of, _strip_suffix, acronym_keys, surname_keys
from transforms.entities.rules import EntityRules

RE_INITIAL = re.compile(r"[A-Z]\.?$")


# A lowercase-to-capital join inside a word, where a hashtag or a page glued two words ("DonaldTrump").
RE_CAMEL_JOIN = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z]{2})")


@dataclass
class _Form:
    """One distinct name form (key) of an article and what its mentions say about it."""

    key: str
    order: int
    words: tuple[str, ...]
    labels: Counter[str] = field(default_factory=Counter)
    count: int = 0
    cues: int = 0  # the strongest person evidence around its mentions (``evidence.person_cue``)
    cued_person: bool = False  # the cues name a person whatever spaCy typed it (``evidence.cued_person``)
    organisation: bool = False  # an apposition calls it an organisation (``evidence.organisation_cue``)

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

    # 0. A camel-case word is the name the article also writes apart ("SanBernardino", "San Bernardino").
    for form in forms:
        if len(form.words) == 1:
            for join in RE_CAMEL_JOIN.finditer(form.key):
                spaced = by_key.get(f"{form.key[: join.start()]} {form.key[join.start() :]}")
                if spaced is not None:
                    uf.union(spaced, form.order)

    # 1. Full person names (two words or more), typed PERSON or named so by the article's cues ("Sylke Tempel,
    #    the editor" typed ORG): same surname and suffix, compatible first and middle names. A surname is never
    #    an acronym ("Junge SVP" typed PERSON once is no person named SVP).
    full_names: dict[tuple[str, str], list[int]] = {}
    for form in forms:
        if not (form.is_person or form.cued_person) or len(form.words) < 2:
            continue
        words, suffix = _strip_suffix(form.words, rules)
        if len(words) < 2 or _acronym_of(words[-1]):
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
        # A word typed only as a place that is also a common place name stays the place ("Washington"), unless
        # the article's cues name a person by it ("Mr Wellington").
        if not (form.is_person or form.cued_person) and labels <= {"GPE", "LOC", "FAC"} and form.key in rules.places:
            continue
        if _acronym_of(form.key) and not form.is_person:
            continue
        # A multi-word tail joins only when typed PERSON itself ("White House" is not "Obama White House") or
        # when it opens with a name particle, as only a surname does ("Le Pen" typed ORG).
        if len(form.words) > 1 and not form.is_person and form.words[0].lower() not in rules.name_particles:
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

    # 5. Trailing words of a multi-word organisation ("Times" -> "New York Times"), when unique, not generic and
    #    not an acronym.
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
            # An acronym is a name of its own: "SVP" is the party, not its youth wing "Junge SVP".
            if len(tail) == 1 and _acronym_of(tail[0]):
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
