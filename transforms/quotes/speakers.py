"""Speaker mentions to canonical entities: names, he/she, it/they/we, "the spokesman", "the agency", "who".

Also the mention's character span around its head token, and the per-article gender and role
evidence pronoun and description resolution read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.attrs import DEP
from spacy.tokens import Doc, Token

from transforms.entities import ENTITY_RULES, ArticleEntities, Entity, EntityMention, title_before
from transforms.lexicon import (
    DEMONSTRATIVES,
    GENDERED_NOUNS,
    PERSON_PRONOUN_GENDERS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    TITLE_RANK_WORDS,
    is_person_word,
    spell_title,
)
from transforms.quotes.context import QuoteContext

# spaCy entity types of names that name no one ("Sunday", "Sept."), whatever the parse makes them the subject of.
TIME_ENTITY_TYPES = frozenset({"DATE", "TIME"})
NAME_LEFT_DEPS = frozenset({"compound", "flat", "amod", "det", "poss", "nummod", "nmod", "case"})
NAME_RIGHT_DEPS = frozenset({"compound", "flat"})


def mention_at(mentions: Sequence[EntityMention], starts: Sequence[int], char: int) -> EntityMention | None:
    """The entity mention covering ``char``, if any (``mentions`` sorted by start, ``starts`` their starts)."""
    k = bisect_right(starts, char) - 1
    while k >= 0:
        mention = mentions[k]
        if mention.start_char <= char < mention.end_char:
            return mention
        if char - mention.start_char > 200:
            break
        k -= 1
    return None


def can_speak(head: Token) -> bool:
    """The head could name a source: not the name of a day or a date ("Sunday said"), not a demonstrative ("This").

    "the 46-year-old" is a date entity to spaCy but a person: only proper names of dates are ruled out.
    """
    if head.pos_ == "PROPN" and head.ent_type_ in TIME_ENTITY_TYPES:
        return False
    return head.lower_ not in DEMONSTRATIVES


def coordinated_speaker(head: Token) -> Token | None:
    """The last name joined to a speaker by "and" ("Ruth Okafor and Dev Amin said"), if the subject is two or more.

    Only proper names count: "Okafor and her team" is still Okafor's statement as far as a name goes.
    """
    if head.pos_ != "PROPN" or not any(child.dep_ == "cc" and child.lower_ == "and" for child in head.children):
        return None
    names = [child for child in head.children if child.dep_ == "conj" and child.pos_ == "PROPN"]
    return names[-1] if names else None


def promote_appositive(head: Token) -> Token:
    """ "a spokesman, Lawrence Payne," names the speaker: prefer a proper-noun appositive of a description."""
    if head.pos_ == "NOUN" or head.text[:1].islower():  # the small model tags "minister" PROPN at times
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.text[:1].isupper():
                return child
    return head


def relative_antecedent(head: Token) -> Token:
    """The noun a relative pronoun speaks for ("Payne, who said …"), else the head itself.

    "who" stands for a person: when the parser hangs its clause on a place or a thing ("a woman outside the
    bank, who cried …"), the person noun that thing's preposition hangs from is meant. A description in
    apposition to a name stands for the name ("Roe, a law professor who writes …").
    """
    if head.lower_ not in RELATIVE_PRONOUNS or head.head.dep_ != "relcl":
        return head
    noun = head.head.head
    if head.lower_ == "who":
        candidate = noun
        while not _names_someone(candidate) and candidate.dep_ == "pobj" and candidate.head.dep_ == "prep":
            candidate = candidate.head.head
        if _names_someone(candidate):
            noun = candidate
    if noun.pos_ == "NOUN" and noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and noun.head.ent_type_ in NAME_TYPES:
        return noun.head  # "Josh Blackman, a law professor who writes …": the description renames the name
    return promote_appositive(noun)


NAME_TYPES = frozenset({"PERSON", "ORG", ""})
"""The model's types of a name a description in apposition may rename (not a date or a time: "2:30 AM, a woman")."""


def _names_someone(tok: Token) -> bool:
    """A name or a noun for a person: what "who" can stand for."""
    return tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and is_person_noun(tok))


def mention_span(ctx: QuoteContext, head: Token) -> tuple[int, int]:
    """Character span of the speaker mention around its head: the entity mention, else the name words."""
    mention = mention_at(ctx.mentions, ctx.mention_starts, head.idx)
    if mention is not None:
        return mention.start_char, mention.end_char
    left, right = head.i, head.i
    for child in head.lefts:
        if child.dep_ in NAME_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in NAME_RIGHT_DEPS and child.i == right + 1:
            right = child.i
    doc = ctx.doc
    return doc[left].idx, doc[right].idx + len(doc[right])


def is_subject_mention(doc: Doc, mention: EntityMention) -> bool:
    """The mention is (part of) a clause subject: the kind of person a later he/she refers to ("Roe left. She
    …"), where a person named as an object often is not ("He mocked Roe. He …")."""
    span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    return span is not None and any(tok.dep_ in SUBJECT_DEPS for tok in span)


def person_roles(doc: Doc, entities: ArticleEntities, person_types: frozenset[str]) -> list[tuple[int, str, Entity]]:
    """(offset, role noun, person) for each appositive that names a role: "Lawrence Payne, a spokesman for …".

    Notes:
        Read once per article, so "the spokesman" later in the text can name the person it stands for, and
        a gendered role ("a spokeswoman") tells the person's gender.
    """
    roles = []
    appos = doc.vocab.strings["appos"]
    for i, dep_id in enumerate(doc.to_array([DEP]).tolist()):
        if dep_id != appos:
            continue
        tok = doc[i]
        for name, role in ((tok.head, tok), (tok, tok.head)):
            if role.pos_ != "NOUN":
                continue
            entity = entities.entity_at(name.idx, name.idx + len(name))
            if entity is not None and entity.type in person_types:
                roles.append((tok.idx, role.lemma_.lower(), entity))
                break
    return roles


def _description_antecedent(ctx: QuoteContext, head: Token) -> Entity | None:
    """What a definite description stands for: "the spokesman" → the person introduced as one, "the agency" →
    the last organisation whose name holds that word ("the Border Protection Agency")."""
    if not any(child.dep_ == "det" and child.lower_ in ("the", "this") for child in head.children):
        return None
    lemma = head.lemma_.lower()
    floor = head.idx - ctx.rules.antecedent_chars
    k = bisect_left(ctx.roles, head.idx, key=lambda r: r[0]) - 1
    while k >= 0 and ctx.roles[k][0] >= floor:
        if ctx.roles[k][1] == lemma:
            return ctx.roles[k][2]
        k -= 1
    if (titled := _title_antecedent(ctx, head)) is not None:
        return titled
    k = bisect_left(ctx.mention_starts, head.idx) - 1
    while k >= 0 and ctx.mentions[k].start_char >= floor:
        entity = ctx.entity_by_id.get(ctx.mentions[k].entity_id)
        k -= 1
        if entity is not None and entity.type == "ORG" and lemma in entity.name.lower().split():
            return entity
    if is_person_noun(head):
        return _epithet_antecedent(ctx, head)
    return None


def titled_people(ctx: QuoteContext) -> list[tuple[int, tuple[str, ...], str]]:
    """(offset, title spelled out, person entity id) of each mention of a person written after a title ("Gov. Dana
    Roe" -> ("governor",)), in text order: whom "the governor" may stand for. Read once per article."""
    found = []
    for mention in ctx.mentions:
        entity = ctx.entity_by_id.get(mention.entity_id)
        if entity is None or entity.type not in ctx.rules.person_types:
            continue
        title = spell_title(title_before(ctx.body, mention.start_char, ENTITY_RULES))
        if title:
            found.append((mention.start_char, title, mention.entity_id))
    return found


def _title_antecedent(ctx: QuoteContext, head: Token) -> Entity | None:
    """The person last named before the description whom the article gave its office as a title: "the former
    vice president" → "Vice President Dick Cheney", "the governor" → "Gov. Dana Roe", "the secretary" →
    "Secretary of State Ann Lee". Not "Vice President Roe" for "the president", nor anyone for "the president of
    the club" or "the justices"; a place or outlet before the office must stand before the title too ("the Fox
    News host" is not "radio host Dev Amin").
    """
    titles = ctx.rules.person_titles
    office = spell_title([head.lemma_.lower()])
    if head.tag_ != "NN" or office not in titles or any(child.dep_ == "prep" for child in head.children):
        return None
    qualifiers = []
    for tok in reversed(list(head.lefts)):  # "the former vice president": "vice" belongs to the office
        longer = (*spell_title([tok.lower_]), *office)
        if tok.dep_ in ("compound", "amod") and tok.text.islower() and longer in titles:
            office = longer
        elif tok.dep_ == "compound" and tok.pos_ == "PROPN":
            qualifiers.append(tok.text)  # "the Texas governor", "the Fox News host"
        elif tok.dep_ not in ("amod", "compound", "nummod", "punct"):
            break
    size = len(office)
    titled = set()
    for start, title, entity_id in ctx.titles:
        if start >= head.idx:
            break
        same = title[-size:] == office and (len(title) == size or title[-size - 1] not in TITLE_RANK_WORDS)
        before = ctx.body[max(0, start - 60) : start]
        if (same or title[: size + 1] == (*office, "of")) and all(word in before for word in qualifiers):
            titled.add(entity_id)
    if not titled:
        return None
    gender = GENDERED_NOUNS.get(head.lemma_.lower())
    for mention in reversed(ctx.mentions[: bisect_left(ctx.mention_starts, head.idx)]):
        if mention.entity_id in titled:
            entity = ctx.entity_by_id[mention.entity_id]
            return entity if _agrees(ctx, entity, gender) else None
    return None


def _agrees(ctx: QuoteContext, entity: Entity, gender: str | None) -> bool:
    """Whether a person may be one a gendered word means: the gender is not given, not known, or the same."""
    known = ctx.genders.get(entity.entity_id)
    return gender is None or known is None or known == gender


def is_age_description(head: Token) -> bool:
    """ "the 25-year-old": an age used as a noun, which only a person (or an animal) has."""
    return head.lower_ == "old" and head.i >= 2 and head.doc[head.i - 2].lower_ in ("year", "years")


def is_person_noun(head: Token) -> bool:
    """The noun names a person's role or kind ("secretary", "spokeswoman", "chairman", "the 25-year-old")."""
    return is_person_word(head.lemma_.lower()) or is_age_description(head)


def _epithet_antecedent(ctx: QuoteContext, head: Token) -> Entity | None:
    """The person a definite description renames: the subject of the sentence before, in the same paragraph.

    British and Canadian copy renames the person it just named ("Lord Butler criticised … The former cabinet
    secretary said", "Pike scored twice. The 25-year-old said"). Not when the noun already stood for someone
    unnamed ("Okafor met the minister. The minister said"), nor across a paragraph, nor for a person of the
    other gender ("the spokeswoman").
    """
    doc = ctx.doc
    sentence = head.sent
    if sentence.start == 0 or "\n" in doc[sentence.start - 1].whitespace_:
        return None
    previous = doc[sentence.start - 1].sent
    lemma = head.lemma_.lower()
    if any(tok.lemma_.lower() == lemma and tok.pos_ == "NOUN" for tok in doc[previous.start : head.i]):
        return None
    gender = GENDERED_NOUNS.get(lemma)
    for tok in previous:
        if tok.dep_ not in SUBJECT_DEPS:
            continue
        entity = ctx.entities.entity_at(tok.idx, tok.idx + len(tok))
        if entity is None or entity.type not in ctx.rules.person_types:
            continue
        return entity if _agrees(ctx, entity, gender) else None
    return None


def _antecedent(ctx: QuoteContext, char: int, last_speaker: Entity | None, gender: str | None) -> Entity | None:
    """The person a he/she at ``char`` most likely is: the last compatible one.

    Notes:
        Preference: the last person who was quoted, when no other person has been the subject of a
        clause since; else the last person who was a clause subject; else the last person named.
        A person whose gender is known (honorific, first name, an earlier he/she) and differs from
        the pronoun's is skipped, so "Trump attacked Clinton. She said ..." finds Clinton.
    """
    person_types = ctx.rules.person_types
    k = bisect_left(ctx.mention_starts, char) - 1
    floor = char - ctx.rules.antecedent_chars
    named: Entity | None = None
    while k >= 0 and ctx.mentions[k].start_char >= floor:
        mention = ctx.mentions[k]
        k -= 1
        entity = ctx.entity_by_id.get(mention.entity_id)
        if entity is None or entity.type not in person_types or mention.end_char > char:
            continue
        if not _agrees(ctx, entity, gender):
            continue
        if ctx.in_quote[min(ctx.token_index(mention.start_char), len(ctx.doc) - 1)]:
            continue  # a person named inside quoted words is talked about, not the one talking
        if last_speaker is not None and entity.entity_id == last_speaker.entity_id:
            return entity
        if is_subject_mention(ctx.doc, mention):
            return entity
        if named is None:
            named = entity
    if named is not None:
        return named
    if last_speaker is not None and last_speaker.type in person_types and _agrees(ctx, last_speaker, gender):
        return last_speaker
    return None


def _group_antecedent(
    ctx: QuoteContext, char: int, types: frozenset[str], last_speaker: Entity | None
) -> Entity | None:
    """The organisation or group an it/they/we at ``char`` stands for: the last one that was a clause subject.

    Notes:
        Only subjects count ("the agency said … It added"): an organisation merely mentioned is too
        weak a clue. The last speaker wins when it is of the right type and no other group spoke since.
    """
    k = bisect_left(ctx.mention_starts, char) - 1
    floor = char - ctx.rules.group_antecedent_chars
    while k >= 0 and ctx.mentions[k].start_char >= floor:
        mention = ctx.mentions[k]
        k -= 1
        entity = ctx.entity_by_id.get(mention.entity_id)
        if entity is None or entity.type not in types or mention.end_char > char:
            continue
        if (last_speaker is not None and entity.entity_id == last_speaker.entity_id) or is_subject_mention(
            ctx.doc, mention
        ):
            return entity
    return None


def resolve_speaker(ctx: QuoteContext, head: Token, text: str, last_speaker: Entity | None) -> Entity | None:
    """The canonical entity of a speaker mention (a name, "the Times", he/she, it/they), or None for descriptions."""
    lower = head.lower_
    if lower in RELATIVE_PRONOUNS:
        # "Payne, who said …": the speaker is the noun the relative clause hangs from.
        noun = relative_antecedent(head)
        if noun is head or noun.lower_ in RELATIVE_PRONOUNS:
            return None
        start, end = mention_span(ctx, noun)
        return resolve_speaker(ctx, noun, ctx.body[start:end], last_speaker)
    if lower in ctx.rules.person_pronouns:
        gender = ctx.rules.pronoun_genders.get(lower)
        entity = _antecedent(ctx, head.idx, last_speaker, gender)
        if entity is not None and gender is not None:
            ctx.genders.setdefault(entity.entity_id, gender)  # "she" said it: later pronouns know
        return entity
    if lower in ctx.rules.group_pronouns:
        return _group_antecedent(ctx, head.idx, ctx.rules.group_pronouns[lower], last_speaker)
    if head.pos_ == "PRON":
        return None
    entity = ctx.entities.entity_at(head.idx, head.idx + len(head))
    if entity is None and (head.pos_ == "NOUN" or is_age_description(head)) and head.text.islower():
        return _description_antecedent(ctx, head)
    # The small model tags some surnames as nouns ("Trump shot back"): a capitalised head is looked up too.
    if entity is None and (head.pos_ == "PROPN" or head.text[:1].isupper()):
        entity = ctx.entities.find(text) or ctx.entities.find(head.text)
    return entity


def speaker_gender(ctx: QuoteContext, head: Token, entity: Entity | None) -> str | None:
    """female, male or unknown for a person speaker; None for an organisation, a place, a group or no person.

    A named person takes the gender the article shows for them (``ctx.genders``); an unresolved he/she
    its own; an unnamed source its noun ("a spokeswoman": female; "a senior official", "an Iowa
    Democrat": unknown). Plural nouns and they/we/it are groups.
    """
    if entity is not None:
        return ctx.genders.get(entity.entity_id, "unknown") if entity.type in ctx.rules.person_types else None
    head = relative_antecedent(head)  # "a woman outside the bank, who cried": the woman's noun tells
    lower = head.lower_
    if lower in PERSON_PRONOUN_GENDERS:
        return PERSON_PRONOUN_GENDERS[lower]
    if lower == "i":
        return "unknown"
    if is_age_description(head):
        return "unknown"
    if head.pos_ not in ("NOUN", "PROPN") or head.tag_ in ("NNS", "NNPS"):
        return None
    return GENDERED_NOUNS.get(head.lemma_.lower()) or ("unknown" if is_person_noun(head) else None)
