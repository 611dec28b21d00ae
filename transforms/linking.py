"""One name per entity across the warehouse: a surname or acronym an article writes alone joins the full name
other articles give the same person or organisation, when that is unambiguous.

An article resolves its own names (``transforms.entities``): "Obama" joins "Barack Obama" when the article
writes both. An article that only ever writes "Obama" keeps a lone entity "Obama"; here the rest of the
warehouse decides whether it is "Barack Obama".

How it decides:

- **lone names**: a person's name of one word ("Obama") that is not a common first name ("Hillary" alone
  is a first name, not a surname: ``rules/quote_first_names.csv``), and an organisation (or other
  non-person) written as an acronym ("AP").
- **candidates**: for a surname, the people of two or more words whose name ends with it ("Barack Obama",
  "Michelle Obama"); for an acronym, the entities of its type that other articles resolve it to
  themselves (an article writing "Associated Press (AP)", or both "Associated Press" and "AP"), and
  those whose initials spell it. Initials alone are weak evidence ("ISIS" also spells an institute's
  name): such a candidate counts only in the same story or at nearby dates.
- **where they are named**: in another article of the same story; else in an article of a story within
  ``LINK_DAYS`` of the article's publication; else anywhere in the warehouse. Only mentions an article
  resolves itself count (a mention linked here is not evidence for the next).
- At the first of these levels that has any candidate: exactly one links; two or more leave the lone
  name as it is. Two people sharing a surname stay apart: "Clinton" in a story naming both "Bill
  Clinton" and "Hillary Clinton" stays "Clinton".
- **types across the warehouse**: a one-word PERSON that no one in the warehouse bears as a surname
  ("Twitter", "Carrier", "Israel" where one sentence read like a person's) joins the organisation, place
  or product of exactly that name when other articles' own text types it so in at least
  ``RETYPE_MIN_ARTICLES`` articles and in more articles than name it as a person. Its quotes then have an
  organisation or place as speaker: no speaker gender.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from transforms.entities import Entity, is_acronym
from transforms.lexicon import FIRST_NAME_GENDERS

LINK_DAYS = 30
"""How far apart (in days) an article and a story naming a candidate may be for the candidate to be "nearby"."""
RETYPE_MIN_ARTICLES = 2
"""Articles that must type a one-word name as an organisation, place or product for a PERSON of that name to join it."""

FIRST_NAMES = frozenset(FIRST_NAME_GENDERS)
"""Common first names: written alone, a person's first name rather than a surname."""

SAME_STORY = "same story"
NEARBY = "nearby dates"
ANYWHERE = "warehouse"


@dataclass(frozen=True)
class LoneName:
    """An entity an article names only by a surname or an acronym."""

    entity_id: str
    name: str
    type: str
    kind: str
    """'surname', 'first name' (a person's one-word name that is a common first name) or 'acronym'."""


def lone_name(entity: Entity) -> LoneName | None:
    """The entity as a lone name, or None when the article names it fully."""
    words = entity.name.split()
    if entity.type == "PERSON":
        if len(words) == 1 and not is_acronym(entity.name):
            kind = "first name" if entity.name.lower() in FIRST_NAMES else "surname"
            return LoneName(entity.entity_id, entity.name, entity.type, kind)
        return None
    if is_acronym(entity.name):
        return LoneName(entity.entity_id, entity.name, entity.type, "acronym")
    return None


@dataclass(frozen=True)
class Sighting:
    """A story whose articles name a candidate: its id and its first and last publication times."""

    story_id: str
    first: datetime | None
    last: datetime | None


@dataclass(frozen=True)
class Link:
    """The decision for one lone name: the entity it joins (None: it stays as it is) and why."""

    entity_id: str | None
    level: str | None
    """SAME_STORY, NEARBY or ANYWHERE: where the candidates were named; None when there were none."""
    candidates: int


def choose(
    sightings: Mapping[str, Sequence[Sighting]],
    *,
    story_id: str | None,
    published_at: datetime | None,
    nearby_only: frozenset[str] = frozenset(),
    days: int = LINK_DAYS,
) -> Link:
    """The candidate a lone name joins, from where each candidate is named (``sightings``, by entity id).

    The article's own story comes first, then stories within ``days`` of its publication, then the
    whole warehouse; the first level with any candidate decides, and only a single candidate links.
    Candidates in ``nearby_only`` (weak evidence) do not count at the warehouse level.
    """
    window = timedelta(days=days)

    def nearby(sighting: Sighting) -> bool:
        if published_at is None or sighting.first is None or sighting.last is None:
            return False
        return sighting.first - window <= published_at <= sighting.last + window

    levels = [
        (SAME_STORY, lambda sighting: story_id is not None and sighting.story_id == story_id),
        (NEARBY, nearby),
        (ANYWHERE, lambda sighting: True),
    ]
    for level, holds in levels:
        found = sorted(
            entity_id
            for entity_id, seen in sightings.items()
            if any(holds(s) for s in seen) and not (level == ANYWHERE and entity_id in nearby_only)
        )
        if found:
            return Link(found[0] if len(found) == 1 else None, level, len(found))
    return Link(None, None, 0)


def other_type(lone: LoneName, typed: Sequence[tuple[str, str, int]]) -> str | None:
    """The organisation, place or product a one-word PERSON joins, or None.

    ``typed``: (entity_id, type, articles) of each entity of exactly the lone name, with the number of articles
    whose own text resolves a mention to it. The most frequent non-person entity wins when it is named in at least
    ``RETYPE_MIN_ARTICLES`` articles, in more than name it as a person and more than any other non-person type.
    """
    if lone.type != "PERSON" or len(lone.name) < 3:
        return None  # "Mo" (a nickname) is not "Mo." (Missouri)
    people = sum(articles for _, entity_type, articles in typed if entity_type == "PERSON")
    others = sorted(
        ((articles, entity_id) for entity_id, entity_type, articles in typed if entity_type != "PERSON"), reverse=True
    )
    if not others:
        return None
    articles, entity_id = others[0]
    runner_up = others[1][0] if len(others) > 1 else 0
    if articles >= RETYPE_MIN_ARTICLES and articles > people and articles > runner_up:
        return entity_id
    return None


@dataclass(frozen=True)
class MentionRow:
    """A stored mention as linking needs it: its id, the entity its article resolves it to, and the one it has."""

    mention_id: str
    article_entity_id: str
    entity_id: str


def mention_updates(mentions: Iterable[MentionRow], links: Mapping[str, str]) -> list[tuple[str, str, bool]]:
    """(mention_id, entity_id, linked) for each mention whose entity changes.

    ``links`` maps the article's lone entities to the entities they join; every other mention gets
    the entity its article resolves it to.
    """
    updates = []
    for mention in mentions:
        target = links.get(mention.article_entity_id, mention.article_entity_id)
        if target != mention.entity_id:
            updates.append((mention.mention_id, target, target != mention.article_entity_id))
    return updates


def speaker_updates(
    speakers: Iterable[tuple[str, str]],
    mentions: Sequence[MentionRow],
    links: Mapping[str, str],
) -> list[tuple[str, str]]:
    """(quote_id, speaker_entity_id) for each quote whose speaker's entity changes.

    A speaker's entity as stored is mapped back to the entity the article resolves it to (the one
    most of the mentions holding it resolve to), then through ``links``.
    """
    votes: dict[str, dict[str, int]] = {}
    for mention in mentions:
        counts = votes.setdefault(mention.entity_id, {})
        counts[mention.article_entity_id] = counts.get(mention.article_entity_id, 0) + 1
    own = {stored: max(counts, key=lambda entity: (counts[entity], entity)) for stored, counts in votes.items()}
    updates = []
    for quote_id, speaker_entity_id in speakers:
        article_entity = own.get(speaker_entity_id, speaker_entity_id)
        target = links.get(article_entity, article_entity)
        if target != speaker_entity_id:
            updates.append((quote_id, target))
    return updates
