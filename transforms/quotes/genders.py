"""The gender of each person an article names, from the article's own words.

A careful reader knows a person's gender from what the text says about them: an honorific before the
name (Mr, Mrs, Ms, Lady), a gendered noun for them ("a spokeswoman, Jane Roe", "actress Jane Roe") and
the pronouns used for them ("Roe said she …", "Roe arrived late. She said …": a subject pronoun, counted only
where its antecedent is not in doubt). The text's evidence is counted; where it
is silent or split evenly, a common first name breaks the tie; where that says nothing either, the gender
is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.attrs import DEP, IDX, LOWER, POS
from spacy.tokens import Doc, Span, Token

from transforms.entities import ArticleEntities, Entity, EntityMention
from transforms.lexicon import (
    GENDERED_NOUNS,
    GENDERED_PRONOUNS,
    HONORIFIC_GENDERS,
    MATRIX_CLAUSE_DEPS,
    OBJECT_DEPS,
    PREDICATE_DEPS,
    SUBJECT_DEPS,
    SURNAME_ENDING_GENDERS,
    SURNAMES_NOT_GENDERED,
)
from transforms.quotes.marks import find_quote_spans
from transforms.quotes.rules import QUOTE_RULES, QuoteRules
from transforms.quotes.speakers import is_person_noun, is_subject_mention, mention_at, person_roles


@dataclass(frozen=True)
class PersonEvidence:
    """What an article shows of its people, read once: the quotes' speakers and the people table both use it."""

    marks: list[tuple[int, int]]
    """The quotations' character spans (``find_quote_spans``)."""
    roles: list[tuple[int, str, Entity]]
    """The roles appositives give people (``person_roles``)."""
    genders: dict[str, str]
    """The gender the article shows for each person entity that has one (``person_genders``)."""


def person_evidence(doc: Doc, entities: ArticleEntities, rules: QuoteRules = QUOTE_RULES) -> PersonEvidence:
    """The quotation marks, people's roles and people's genders of one parsed article."""
    marks = find_quote_spans(doc.text)
    roles = person_roles(doc, entities, rules.person_types)
    return PersonEvidence(marks, roles, person_genders(doc, entities, marks, rules, roles))


def person_genders(
    doc: Doc,
    entities: ArticleEntities,
    quote_spans: Sequence[tuple[int, int]] = (),
    rules: QuoteRules = QUOTE_RULES,
    roles: Sequence[tuple[int, str, Entity]] | None = None,
) -> dict[str, str]:
    """``female`` or ``male`` for each person entity whose gender the article shows (the others are absent).

    Args:
        doc: the parsed article.
        entities: its canonical entities and mentions.
        quote_spans: the quotations' character spans: a pronoun inside a quotation speaks of someone the
            speaker means, often not the person named last, so it is no evidence.
        rules: the person entity types and the first names' usual genders (the tie-breaker).
        roles: the article's ``person_roles``, when the caller has read them already.
    """
    persons = {e.entity_id: e for e in entities.entities if e.type in rules.person_types}
    mentions = sorted(
        (m for m in entities.mentions if m.entity_id in persons), key=lambda m: (m.start_char, m.end_char)
    )
    votes: dict[str, Counter[str]] = {entity_id: Counter() for entity_id in persons}
    body = doc.text
    for mention in mentions:
        before = body[max(0, mention.start_char - 12) : mention.start_char].split()
        # the title before the name, or inside the mention when the name leaves it out ("King Abdullah"); not a
        # surname that is also a title ("Tishana King" written "King")
        first = body[mention.start_char : mention.end_char].split()[:1]
        name_words = persons[mention.entity_id].name.split()
        words = [*before[-1:], *(word for word in first if word not in name_words)]
        for word in words:
            if (gender := HONORIFIC_GENDERS.get(word.lower().rstrip("."))) is not None:
                votes[mention.entity_id][gender] += 1
                break
        else:
            if before and (gender := GENDERED_NOUNS.get(before[-1].lower())) is not None:
                votes[mention.entity_id][gender] += 1  # "actress Jane Roe"
    for _, role, person in person_roles(doc, entities, rules.person_types) if roles is None else roles:
        if (gender := GENDERED_NOUNS.get(role)) is not None:
            votes[person.entity_id][gender] += 1  # "Jane Roe, a spokeswoman for …"
    _pronoun_votes(doc, mentions, quote_spans, votes)
    genders = {}
    for entity_id, counts in votes.items():
        ranked = counts.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            genders[entity_id] = ranked[0][0]
            continue
        if (gender := _name_gender(persons[entity_id].name, body, rules)) is not None:
            genders[entity_id] = gender
    return genders


def _name_gender(name: str, body: str, rules: QuoteRules) -> str | None:
    """The gender a person's name suggests, the tie-break where the text says nothing of them.

    A given name among the person's own words ("Ruth Okafor", "W. Mark Felt", a title left on: "Clerk Ruth
    Okafor"); for a surname written alone, the given names the article writes it with anywhere else, when
    they agree (Maddow of "The Rachel Maddow Show"); else a surname ending that agrees with its bearer
    ("Petrova").
    """
    words = name.split()
    if not words:
        return None
    for n, word in enumerate(words[:-1] or words):
        if n > 0 and not word[:1].isupper():
            continue  # a particle ("Alex van der Zwaan"), not a given name
        if (gender := _given_name_gender(word, rules)) is not None:
            return gender
    surname = words[-1]
    if len(words) == 1 and surname[:1].isupper():
        given = {
            rules.first_name_genders[word.lower()]
            for word in re.findall(rf"\b([A-Z][a-z]+) {re.escape(surname)}\b", body)
            if word.lower() in rules.first_name_genders
        }
        if len(given) == 1:
            return given.pop()
    lower = surname.lower()
    if lower in SURNAMES_NOT_GENDERED:
        return None
    return next(
        (
            gender
            for ending, gender in SURNAME_ENDING_GENDERS.items()
            if lower.endswith(ending) and len(lower) >= len(ending) + 3
        ),
        None,
    )


def _given_name_gender(word: str, rules: QuoteRules) -> str | None:
    """The gender a given name signals, written with its accents or without ("André" as "Andre")."""
    key = word.lower()
    if (gender := rules.first_name_genders.get(key)) is not None or key.isascii():
        return gender
    return rules.first_name_genders.get(
        "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    )


def _pronoun_votes(
    doc: Doc,
    mentions: Sequence[EntityMention],
    quote_spans: Sequence[tuple[int, int]],
    votes: dict[str, Counter[str]],
) -> None:
    """A gendered subject pronoun outside quotations whose antecedent the grammar or the text leaves no doubt about.

    Only subjects count: an object or possessive pronoun in the clause of the person's name is mostly
    someone else ("Roe thanked her staff"). The antecedent is, as a reader takes it: the person who is the
    subject of the clause the pronoun's clause depends on ("Roe said she …", "Roe left after she …");
    otherwise the one person named earlier in the pronoun's sentence; otherwise, when the sentence names
    nobody before it, the one person named in the previous sentence; in both, only when that person is a
    clause subject there. "Roe met Lee. She said …" and "Roe told
    Lee she …" are no evidence for either. A person named inside quoted words is talked about by the speaker,
    not one a narrator's pronoun is known to mean ("“… nothing Roe has done is a crime,” she added").
    """
    quote_starts = [start for start, _ in quote_spans]

    def quoted(char: int) -> bool:
        q = bisect_right(quote_starts, char) - 1
        return q >= 0 and char < quote_spans[q][1]

    starts = [m.start_char for m in mentions]
    subjects = {doc.vocab.strings[dep] for dep in ("nsubj", "nsubjpass")}
    pron = doc.vocab.strings["PRON"]
    for i, (lower, pos, dep, idx) in enumerate(doc.to_array([LOWER, POS, DEP, IDX]).tolist()):
        gender = GENDERED_PRONOUNS.get(doc.vocab.strings[lower]) if pos == pron and dep in subjects else None
        if gender is None or quoted(idx):
            continue
        person = _matrix_subject(doc[i], mentions, starts) or _only_person_before(doc, i, mentions, starts, quoted)
        if person is not None:
            votes[person][gender] += 1


def _matrix_subject(pronoun: Token, mentions: Sequence[EntityMention], starts: Sequence[int]) -> str | None:
    """The person whose mention is the subject of the clause the pronoun's clause hangs from ("Roe said he")."""
    clause = pronoun.head
    if clause.dep_ not in MATRIX_CLAUSE_DEPS or clause.head is clause:
        return None
    subject = None
    for child in clause.head.children:
        person = _person_at(child, mentions, starts)
        if child.dep_ in OBJECT_DEPS and (person is not None or _unnamed_person_noun(child)):
            return None  # "Roe told Lee she …", "Roe told the reporter she …"
        if child.dep_ in SUBJECT_DEPS and child.i < pronoun.i:
            subject = person
            if subject is not None and _other_person_between(subject, child.idx, pronoun.idx, mentions, starts):
                return None  # "Roe said she knew little of Lee, but he …"
    return subject


def _other_person_between(
    person: str, start: int, end: int, mentions: Sequence[EntityMention], starts: Sequence[int]
) -> bool:
    """Whether someone else is named between a person's mention and a pronoun: either may be its antecedent."""
    return any(m.entity_id != person for m in mentions[bisect_right(starts, start) : bisect_left(starts, end)])


def _person_at(token: Token, mentions: Sequence[EntityMention], starts: Sequence[int]) -> str | None:
    """The person a token's mention names, unless it names them as an owner ("Roe's aide")."""
    mention = mention_at(mentions, starts, token.idx)
    return None if mention is None or _is_possessive(token.doc.text, mention) else mention.entity_id


def _only_person_before(
    doc: Doc, i: int, mentions: Sequence[EntityMention], starts: Sequence[int], quoted: Callable[[int], bool]
) -> str | None:
    """The one person named before token ``i`` in its sentence, or in the previous one when its own names none;
    named as a subject outside quotation marks, though a person named inside them may be the one meant too."""
    sentence = doc[i].sent
    windows = [doc[sentence.start : i]]
    if sentence.start > 0:
        windows.append(doc[doc[sentence.start - 1].sent.start : i])
    for window in windows:
        in_window = mentions[bisect_left(starts, window.start_char) : bisect_left(starts, doc[i].idx)]
        named = {m.entity_id for m in in_window if not _is_possessive(doc.text, m)}
        if _unnamed_subject(window, in_window):
            return None
        if named:
            # one person, named as a subject; an owner is someone else the pronoun may mean ("Roe headed for
            # Lee's rally, where he …")
            only = len(named) == 1 and {m.entity_id for m in in_window} == named
            subject = any(is_subject_mention(doc, m) and not quoted(m.start_char) for m in in_window)
            return named.pop() if only and subject else None
    return None


def _is_possessive(body: str, mention: EntityMention) -> bool:
    """ "Hefner's magazine": a person named as an owner is seldom the he/she of the next clause."""
    return body[mention.end_char : mention.end_char + 2] in ("'s", "’s")


def _unnamed_subject(window: Span, in_window: Sequence[EntityMention]) -> bool:
    """Someone in the window the pronoun may mean who is no person's mention: a proper-noun subject the model
    did not take for a person, or a singular noun for a person ("Trump mocked the front-runner, saying she")
    that is not a name's apposition ("the mayor, Roe, said she")."""
    covered = [(m.start_char, m.end_char) for m in in_window]

    def named(tok: Token) -> bool:
        return any(start <= tok.idx < stop for start, stop in covered)

    return any(
        not named(tok)
        and (
            (tok.dep_ in SUBJECT_DEPS and tok.pos_ == "PROPN")
            or (_unnamed_person_noun(tok) and not any(child.dep_ == "appos" and named(child) for child in tok.children))
        )
        for tok in window
    )


def _unnamed_person_noun(tok: Token) -> bool:
    """A singular noun for one person that is not said of a name ("Roe, a senator", "Roe is a senator")."""
    return tok.pos_ == "NOUN" and tok.tag_ == "NN" and tok.dep_ not in PREDICATE_DEPS and is_person_noun(tok)


def with_person_genders(
    entities: ArticleEntities, genders: Mapping[str, str], rules: QuoteRules = QUOTE_RULES
) -> tuple[EntityMention, ...]:
    """The article's mentions, each person's with the gender the article shows for them (else unknown)."""
    persons = {entity.entity_id for entity in entities.entities if entity.type in rules.person_types}
    return tuple(
        replace(mention, gender=genders.get(mention.entity_id, "unknown")) if mention.entity_id in persons else mention
        for mention in entities.mentions
    )
