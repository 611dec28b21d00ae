"""Resolving the mentions of one article to canonical entities, from its text and mention spans only.

``resolve_mentions(body, spans)`` needs no spaCy, so stored mentions can be resolved again (other aliases,
other rules) without the model. It collects the distinct forms (all-caps forms recased, acronyms the text
defines), groups them (``transforms.entities.grouping``), names each group (the fullest form, a person's
without middle initials, a user's alias) and builds the article's ``ArticleEntities``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from transforms.entities.aliases import EntityAliases
from transforms.entities.cleaning import _normalize_key
from transforms.entities.evidence import cued_person, group_type, organisation_cue, person_cue
from transforms.entities.grouping import _Form, _resolve_forms
from transforms.entities.names import RE_MIDDLE_INITIAL, _acronym_of, canonical_person_name
from transforms.entities.records import ArticleEntities, Entity, EntityMention, MentionSpan, entity_id_for
from transforms.entities.rules import ENTITY_RULES, EntityRules, _initials_key
from transforms.entities.words import ACRONYM_STOPWORDS
from transforms.ids import stable_id
from transforms.lexicon import ROMAN_SUFFIXES

RE_ACRONYM_AFTER = re.compile(r"\s*[(\[]\s*((?:[A-Z]\.?){2,8}|[A-Z][A-Za-z&]{1,7}[A-Z])\s*[)\]]")


# Roman numerals kept in capitals when an all-caps name is title-cased ("JOHN SMITH III" -> "John Smith III").


RE_LETTERS = re.compile(r"[A-Za-z]+")


def _acronym_fits(acronym: str, name: str, rules: EntityRules) -> bool:
    """Whether a name can stand for an acronym: same first letter, acronym letters in order within the name.

    Guards definitions such as "NEW YORK (AP)" (a dateline, not a definition).
    """
    words = [word for word in name.split() if word.lower() not in rules.acronym_stopwords]
    if not words or not acronym or words[0][:1].upper() != acronym[0].upper():
        return False
    letters = iter(name.upper())
    return all(char in letters for char in acronym.upper() if char.isalpha())


def _canonical_form(members: list[_Form], entity_type: str, defined: set[str]) -> _Form:
    """The fullest form of a group: the longest person name; for others the expanded name, not the acronym.

    A person's name is a form typed PERSON or named so by the article's cues, or one ending with such a form
    ("Bernie Ebbers" typed ORG, beside "Mr Ebbers"); never "Obama White House".
    """
    if entity_type == "PERSON":
        people = {form.key for form in members if form.is_person or form.cued_person}
        pool = [form for form in members if form.key in people or form.words[-1] in people] or members
        return max(pool, key=lambda form: (len(form.words), len(form.key), form.count, form.key))
    expanded = [form for form in members if not _acronym_of(form.key)] or members
    preferred = [form for form in expanded if form.key in defined] or expanded
    return max(preferred, key=lambda form: (len(form.words), len(form.key), form.count, form.key))


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
        aliases: a user's aliases (``extract.aliases``); shorthand for ``rules=rules.with_aliases(aliases)``.

    Returns:
        The article's canonical entities (in order of first mention) and their mentions (in document order).

    Notes:
        Resolution is by string rules within the article only: a surname joins the full name that ends with
        it (the most mentioned one when two people share a surname), an acronym the name the article defines
        for it ("Name (ACR)") or the one name whose initials spell it, a trailing word the one multi-word
        organisation ending with it. An entity's type is read from all its mentions, not one sentence
        (``evidence.group_type``): "Donald Trump" is a PERSON though "Trump" is typed ORG now and then, "Carrier"
        typed ORG 21 times and PERSON 7 is an ORG. A word typed only as a place and listed in
        ``entity_places.csv`` ("Washington") does not join a person ("George Washington"). An all-caps form
        takes the article's own casing, else is title-cased ("DONALD TRUMP").
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
        form.cues = max(form.cues, person_cue(body, start, end, rules))
        form.organisation = form.organisation or organisation_cue(body, end, rules)
        mention_forms.append(form)

    for form in forms:
        form.cued_person = cued_person(form, rules)
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


def _name_groups(
    groups: Mapping[int, list[_Form]], forms: list[_Form], defined: set[str], rules: EntityRules
) -> dict[int, Entity]:
    """The canonical entity of each group of forms (keyed by its root form index).

    The type weighs the labels and person cues of all members (``evidence.group_type``). The name is the
    fullest form (``_canonical_form``); a person's drops middle initials (``canonical_person_name``),
    unless two people of the article would then share a name ("Maria L. Ortega" and "Maria K. Ortega"
    keep theirs). A user's alias of the name replaces name and type.
    """
    chosen: dict[int, tuple[str, str]] = {}
    for root, members in groups.items():
        entity_type = group_type(members, forms[root], rules)
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
