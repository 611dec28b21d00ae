"""Linking entities across articles (``transforms.linking``): after each run's relate step, and on ``newswh relink``.

A run links the lone names of the articles it extracted, and looks again at the loaded articles that
write alone a surname or acronym of a name the run brings for the first time, or name as a person a
one-word name the run types as an organisation, a place or a product. ``relink`` looks at every
article, and re-resolves each article's own names from its stored mentions when the aliases change:
no spaCy. The result is staged as corrections (``mention_links``, ``speaker_links``) that the load
applies in the run's transaction.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from schemas import ENTITIES, MENTION_LINKS, SPEAKER_LINKS, to_arrow
from transforms.entities import (
    ArticleEntities,
    Entity,
    EntityAliases,
    MentionSpan,
    acronym_keys,
    resolve_mentions,
    surname_keys,
)
from transforms.linking import (
    LoneName,
    MentionRow,
    Sighting,
    choose,
    lone_name,
    mention_updates,
    other_type,
    speaker_updates,
)
from transforms.tally import Tally
from warehouse import Warehouse
from warehouse import linking as lookups
from warehouse.coverage import CoverageReader

LINK_CHUNK = 2000
"""Articles linked at a time: bounds the mentions and texts held in memory."""


@dataclass
class LinkCounts(Tally):
    """What linking did (columns of ``runs``)."""

    mentions_linked: int = 0
    """Mentions whose entity changed: linked to a full name, unlinked, or re-resolved with new aliases."""


@dataclass(frozen=True)
class ArticleNames:
    """An article's mentions with the entity its own text resolves each to, and its lone names."""

    article_id: str
    mentions: list[MentionRow]
    lone: list[LoneName]
    names: dict[str, str]
    """Name of every entity the article resolves itself."""
    entities: list[Entity]
    """The article's own entities when re-resolved from its mentions (else empty: they are loaded)."""


def link_entities(
    store: Warehouse,
    run_id: str,
    *,
    everything: bool = False,
    reresolve: bool = False,
    aliases: EntityAliases | None = None,
) -> LinkCounts:
    """Link the lone names of the run's articles (``everything``: of every article) and stage the corrections.

    With ``reresolve`` each article's own names are resolved again from its stored mentions, with
    ``aliases`` (an article loaded before schema version 7 has no mention labels: it keeps its names).
    """
    counts = LinkCounts()
    with store.coverage_reader(run_id) as reader:
        lookups.prepare(reader)
        if everything:
            article_ids = lookups.all_articles(reader)
        else:
            keys = [key for name, entity_type in lookups.new_full_names(reader) for key in lone_keys(name, entity_type)]
            article_ids = sorted(
                {
                    *lookups.extracted_articles(reader),
                    *lookups.articles_writing(reader, keys),
                    *lookups.people_named_like_staged_things(reader),
                }
            )
        if reresolve:
            # Every article's names first: the candidates and where they are named follow the new names.
            resolved = []
            for chunk in chunks(article_ids, LINK_CHUNK):
                names = article_names(reader, chunk, reresolve=True, aliases=aliases)
                lookups.remember_resolutions(
                    reader,
                    [
                        (mention.mention_id, mention.article_entity_id)
                        for article in names
                        for mention in article.mentions
                    ],
                    [(entity.entity_id, entity.name, entity.type) for article in names for entity in article.entities],
                )
                resolved += names
            batches = [resolved[start : start + LINK_CHUNK] for start in range(0, len(resolved), LINK_CHUNK)]
        else:
            batches = (
                article_names(reader, chunk, reresolve=False, aliases=aliases)
                for chunk in chunks(article_ids, LINK_CHUNK)
            )
        for names in batches:
            links = decide(reader, names)
            counts.mentions_linked += stage_corrections(store, run_id, reader, names, links)
    return counts


def lone_keys(name: str, entity_type: str) -> tuple[str, ...]:
    """The lone names a full name may be written as: a person's surname, an organisation's acronyms."""
    return surname_keys(name)[-1:] if entity_type == "PERSON" else acronym_keys(name)


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def article_names(
    reader: CoverageReader, article_ids: Sequence[str], *, reresolve: bool, aliases: EntityAliases | None
) -> list[ArticleNames]:
    """What each article's own text resolves its mentions to.

    An article with a linked mention, or every article when ``reresolve``, is resolved again from its
    mentions (offsets and spaCy labels) and text; the others resolve to the entities they hold.
    """
    mentions = lookups.article_mentions(reader, article_ids)
    again = [
        article_id
        for article_id, rows in mentions.items()
        if all(label for *_, label, _ in rows) and (reresolve or any(linked for *_, linked in rows))
    ]
    texts = reader.texts(again)
    stored_ids = {
        entity_id for article_id, rows in mentions.items() if article_id not in texts for _, entity_id, *_ in rows
    }
    stored = lookups.entities(reader, stored_ids)
    found = []
    for article_id, rows in mentions.items():
        if article_id in texts:
            spans = [MentionSpan(start, end, label) for _, _, start, end, label, _ in rows]
            resolved = resolve_mentions(texts[article_id].body, spans, article_id=article_id, aliases=aliases)
            found.append(from_resolution(article_id, rows, resolved))
            continue
        own = {entity_id: Entity(entity_id, *stored[entity_id]) for _, entity_id, *_ in rows if entity_id in stored}
        found.append(
            ArticleNames(
                article_id=article_id,
                mentions=[MentionRow(mention_id, entity_id, entity_id) for mention_id, entity_id, *_ in rows],
                lone=[lone for entity in own.values() if (lone := lone_name(entity))],
                names={entity_id: entity.name for entity_id, entity in own.items()},
                entities=[],
            )
        )
    return found


def from_resolution(article_id: str, rows: list[tuple], resolved: ArticleEntities) -> ArticleNames:
    """An article's names as ``resolve_mentions`` gives them (its mentions in the stored order, one for one)."""
    return ArticleNames(
        article_id=article_id,
        mentions=[
            MentionRow(mention_id, mention.entity_id, entity_id)
            for (mention_id, entity_id, *_), mention in zip(rows, resolved.mentions, strict=True)
        ],
        lone=[lone for entity in resolved.entities if (lone := lone_name(entity))],
        names={entity.entity_id: entity.name for entity in resolved.entities},
        entities=list(resolved.entities),
    )


def decide(reader: CoverageReader, names: list[ArticleNames]) -> dict[str, dict[str, tuple[str, str, str]]]:
    """Per article, its lone entities that join another entity: lone entity id -> (entity id, name, type)."""
    surnames = {lone.name for article in names for lone in article.lone if lone.kind == "surname"}
    acronyms = {lone.name for article in names for lone in article.lone if lone.kind == "acronym"}
    # name -> candidate entity id -> (its name, its type); by initials only: nearby only
    candidates: dict[str, dict[str, tuple[str, str]]] = {}
    by_initials: set[str] = set()
    people = {lone.name for article in names for lone in article.lone if lone.type == "PERSON"}
    borne: set[str] = set()  # one-word people's names someone in the warehouse bears as a surname
    for entity_id, name in lookups.people_named(reader, people):
        borne |= set(surname_keys(name)[-1:]) & people
        for key in set(surname_keys(name)) & surnames:
            candidates.setdefault(key, {})[entity_id] = (name, "PERSON")
    for entity_id, name, entity_type in lookups.names_starting_with(reader, {acronym[0] for acronym in acronyms}):
        for key in set(acronym_keys(name)) & acronyms:
            candidates.setdefault(key, {})[entity_id] = (name, entity_type)
            by_initials.add(entity_id)
    resolved = lookups.resolved_acronyms(reader, acronyms)
    resolved_names = lookups.entities(reader, [entity_id for _, entity_id in resolved])
    for acronym, entity_id in resolved:
        candidates.setdefault(acronym, {})[entity_id] = resolved_names[entity_id]
        by_initials.discard(entity_id)
    seen = lookups.sightings(reader, {entity_id for found in candidates.values() for entity_id in found})
    where = lookups.contexts(reader, [article.article_id for article in names])
    # one-word people no one bears as a surname: what the warehouse types that name as
    unborne = people - borne
    typed = lookups.typed_names(reader, unborne)
    typed_entities = lookups.entities(reader, [entity_id for rows in typed.values() for entity_id, _, _ in rows])
    links: dict[str, dict[str, tuple[str, str, str]]] = {}
    for article in names:
        story_id, published_at = where.get(article.article_id, (None, None))
        for lone in article.lone:
            if lone.name in unborne:
                target = other_type(lone, typed.get(lone.name, []))
                if target is not None:
                    links.setdefault(article.article_id, {})[lone.entity_id] = (target, *typed_entities[target])
                continue
            if lone.kind == "first name":
                continue
            found = {
                entity_id: name
                for entity_id, (name, entity_type) in candidates.get(lone.name, {}).items()
                if entity_type == lone.type and entity_id != lone.entity_id
            }
            sightings = {entity_id: [Sighting(*row) for row in seen.get(entity_id, [])] for entity_id in found}
            link = choose(
                sightings, story_id=story_id, published_at=published_at, nearby_only=frozenset(by_initials & set(found))
            )
            if link.entity_id is not None:
                links.setdefault(article.article_id, {})[lone.entity_id] = (
                    link.entity_id,
                    found[link.entity_id],
                    lone.type,
                )
    return links


def stage_corrections(
    store: Warehouse,
    run_id: str,
    reader: CoverageReader,
    names: list[ArticleNames],
    links: dict[str, dict[str, tuple[str, str, str]]],
) -> int:
    """Stage the mentions and speakers whose entity changes, and the entities they need; returns mentions changed.

    A speaker joining an organisation, place or product loses its gender; one joining a person keeps it.
    """
    mention_rows, speaker_rows, entity_rows = [], [], []
    retyped: set[str] = set()  # quotes whose speaker becomes an organisation, a place or a product
    speakers = lookups.article_speakers(reader, [article.article_id for article in names])
    for article in names:
        joined = {lone: target for lone, (target, _, _) in links.get(article.article_id, {}).items()}
        targets = {
            target: (name, entity_type) for target, name, entity_type in links.get(article.article_id, {}).values()
        }
        for mention_id, entity_id, linked in mention_updates(article.mentions, joined):
            mention_rows.append({"mention_id": mention_id, "entity_id": entity_id, "linked": linked})
        for quote_id, entity_id in speaker_updates(speakers.get(article.article_id, []), article.mentions, joined):
            name, entity_type = targets.get(entity_id, (article.names.get(entity_id), None))
            if name is not None:
                speaker_rows.append({"quote_id": quote_id, "speaker_entity_id": entity_id, "speaker": name})
                if entity_type not in (None, "PERSON"):
                    retyped.add(quote_id)
        entity_rows += article.entities
    genders = lookups.speaker_genders(reader, [row["quote_id"] for row in speaker_rows])
    for row in speaker_rows:
        row["speaker_gender"] = None if row["quote_id"] in retyped else genders.get(row["quote_id"])
    if mention_rows or speaker_rows:
        store.stage(
            run_id,
            {
                MENTION_LINKS.name: to_arrow(MENTION_LINKS, mention_rows),
                SPEAKER_LINKS.name: to_arrow(SPEAKER_LINKS, speaker_rows),
                ENTITIES.name: to_arrow(ENTITIES, entity_rows),
            },
        )
    return len(mention_rows)
