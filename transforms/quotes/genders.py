"""The gender of each person an article names, from the article's own words.

A careful reader knows a person's gender from what the text says about them: an honorific before the
name (Mr, Mrs, Ms, Lady), a gendered noun for them ("a spokeswoman, Jane Roe", "actress Jane Roe") and
the pronouns used for them ("Roe arrived late. She said …": a subject pronoun, counted only where no other
person is named between the previous sentence and the pronoun). The text's evidence is counted; where it
is silent or split evenly, a common first name breaks the tie; where that says nothing either, the gender
is unknown.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from spacy.attrs import DEP, IDX, LOWER, POS
from spacy.tokens import Doc, Span

from transforms.entities import ArticleEntities, EntityMention
from transforms.lexicon import GENDERED_NOUNS, GENDERED_PRONOUNS, HONORIFIC_GENDERS, SUBJECT_DEPS
from transforms.quotes.rules import QUOTE_RULES, QuoteRules
from transforms.quotes.speakers import person_roles


def person_genders(
    doc: Doc,
    entities: ArticleEntities,
    quote_spans: Sequence[tuple[int, int]] = (),
    rules: QuoteRules = QUOTE_RULES,
) -> dict[str, str]:
    """``female`` or ``male`` for each person entity whose gender the article shows (the others are absent).

    Args:
        doc: the parsed article.
        entities: its canonical entities and mentions.
        quote_spans: the quotations' character spans: a pronoun inside a quotation speaks of someone the
            speaker means, often not the person named last, so it is no evidence.
        rules: the person entity types and the first names' usual genders (the tie-breaker).
    """
    persons = {e.entity_id: e for e in entities.entities if e.type in rules.person_types}
    mentions = sorted(
        (m for m in entities.mentions if m.entity_id in persons), key=lambda m: (m.start_char, m.end_char)
    )
    votes: dict[str, Counter[str]] = {entity_id: Counter() for entity_id in persons}
    body = doc.text
    for mention in mentions:
        before = body[max(0, mention.start_char - 12) : mention.start_char].split()
        words = [*before[-1:], *body[mention.start_char : mention.end_char].split()[:1]]
        for word in words:
            if (gender := HONORIFIC_GENDERS.get(word.lower().rstrip("."))) is not None:
                votes[mention.entity_id][gender] += 1
                break
        else:
            if before and (gender := GENDERED_NOUNS.get(before[-1].lower())) is not None:
                votes[mention.entity_id][gender] += 1  # "actress Jane Roe"
    for _, role, person in person_roles(doc, entities, rules.person_types):
        if (gender := GENDERED_NOUNS.get(role)) is not None:
            votes[person.entity_id][gender] += 1  # "Jane Roe, a spokeswoman for …"
    _pronoun_votes(doc, mentions, quote_spans, votes)
    genders = {}
    for entity_id, counts in votes.items():
        ranked = counts.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            genders[entity_id] = ranked[0][0]
            continue
        first = persons[entity_id].name.split()[0].lower() if persons[entity_id].name.split() else ""
        if first in rules.first_name_genders:
            genders[entity_id] = rules.first_name_genders[first]
    return genders


def _pronoun_votes(
    doc: Doc,
    mentions: Sequence[EntityMention],
    quote_spans: Sequence[tuple[int, int]],
    votes: dict[str, Counter[str]],
) -> None:
    """A gendered subject pronoun outside quotations whose only possible antecedent is one person.

    Only subjects count: an object or possessive pronoun in the clause of the person's name is mostly
    someone else ("Roe thanked her staff"). The window runs from the start of the previous sentence to the
    pronoun: exactly one person must be named in it, so "Roe met Lee. She said …" is no evidence for either.
    """
    starts = [m.start_char for m in mentions]
    quote_starts = [start for start, _ in quote_spans]
    subjects = {doc.vocab.strings[dep] for dep in ("nsubj", "nsubjpass")}
    pron = doc.vocab.strings["PRON"]
    for i, (lower, pos, dep, idx) in enumerate(doc.to_array([LOWER, POS, DEP, IDX]).tolist()):
        gender = GENDERED_PRONOUNS.get(doc.vocab.strings[lower]) if pos == pron and dep in subjects else None
        if gender is None:
            continue
        q = bisect_right(quote_starts, idx) - 1
        if q >= 0 and idx < quote_spans[q][1]:
            continue
        sentence = doc[i].sent
        window = doc[doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start : i]
        in_window = mentions[bisect_left(starts, window.start_char) : bisect_left(starts, idx)]
        named = {m.entity_id for m in in_window if not _is_possessive(doc.text, m)}
        if len(named) == 1 and not _unnamed_subject(window, in_window):
            votes[named.pop()][gender] += 1


def _is_possessive(body: str, mention: EntityMention) -> bool:
    """ "Hefner's magazine": a person named as an owner is seldom the he/she of the next clause."""
    return body[mention.end_char : mention.end_char + 2] in ("'s", "’s")


def _unnamed_subject(window: Span, in_window: Sequence[EntityMention]) -> bool:
    """A proper-noun subject in the window that is no person's mention: a name the model did not take for a
    person may be the one the pronoun means."""
    covered = [(m.start_char, m.end_char) for m in in_window]
    return any(
        tok.dep_ in SUBJECT_DEPS and tok.pos_ == "PROPN" and not any(start <= tok.idx < stop for start, stop in covered)
        for tok in window
    )


def with_person_genders(
    entities: ArticleEntities, genders: Mapping[str, str], rules: QuoteRules = QUOTE_RULES
) -> tuple[EntityMention, ...]:
    """The article's mentions, each person's with the gender the article shows for them (else unknown)."""
    persons = {entity.entity_id for entity in entities.entities if entity.type in rules.person_types}
    return tuple(
        replace(mention, gender=genders.get(mention.entity_id, "unknown")) if mention.entity_id in persons else mention
        for mention in entities.mentions
    )
