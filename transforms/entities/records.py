"""What entity extraction gives: ``Entity``, ``EntityMention``, ``MentionSpan`` and ``ArticleEntities``.

One entity, one id everywhere: ``entity_id_for`` hashes only (type, canonical name). ``ArticleEntities`` also
answers the questions other extractors ask of an article's entities: which one a span of text overlaps
(``entity_at``) and which one a name as written stands for (``find``, which cleans the name like a mention).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple

from transforms.entities.cleaning import _lookup_forms, clean_name
from transforms.entities.rules import ENTITY_RULES
from transforms.ids import stable_id


@dataclass(frozen=True)
class Entity:
    """One canonical entity; ``entity_id`` depends only on (type, name), so it is shared across articles."""

    entity_id: str
    name: str
    type: str


@dataclass(frozen=True)
class EntityMention:
    """One cleaned mention of a canonical entity; offsets are half-open into the article body.

    ``label`` is the spaCy label of this mention (``MentionSpan.label``); the entity's type may differ.
    ``linked`` is set when linking across articles (``transforms.linking``) gives the mention another
    article's entity; the article alone never does.
    """

    mention_id: str
    article_id: str
    entity_id: str
    text: str
    start_char: int
    end_char: int
    label: str
    linked: bool = False
    gender: str | None = None


class MentionSpan(NamedTuple):
    """A cleaned mention span of an article body, half-open, with the spaCy label it was typed with.

    The label is that of the NER span the mention was cut from, except for a part split off a span ("X's Y",
    "Beyond Washington"): that part takes the label the article gives the same form elsewhere.
    """

    start: int
    end: int
    label: str


def entity_id_for(entity_type: str, name: str) -> str:
    """The stable id of the canonical entity (type, name)."""
    return stable_id("entity", entity_type, name)


@dataclass(frozen=True)
class ArticleEntities:
    """The canonical entities of one article and every mention of them, in document order.

    ``aliases`` maps each name form this article resolves (as written, surnames, acronyms, short forms)
    to an entity id; ``find`` looks names up there.
    """

    entities: tuple[Entity, ...]
    mentions: tuple[EntityMention, ...]
    aliases: tuple[tuple[str, str], ...] = ()
    _by_id: dict[str, Entity] = field(init=False, repr=False, compare=False)
    _by_alias: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_folded: dict[str, str] = field(init=False, repr=False, compare=False)
    _ends: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_alias = dict(self.aliases)
        for entity in self.entities:
            # Built without aliases (by hand, in a test): canonical names still resolve.
            by_alias.setdefault(entity.name, entity.entity_id)
        by_folded: dict[str, str] = {}
        for alias, entity_id in by_alias.items():
            by_folded.setdefault(alias.casefold(), entity_id)
        object.__setattr__(self, "_by_id", {entity.entity_id: entity for entity in self.entities})
        object.__setattr__(self, "_by_alias", by_alias)
        object.__setattr__(self, "_by_folded", by_folded)
        object.__setattr__(self, "_ends", [mention.end_char for mention in self.mentions])

    def entity_at(self, start_char: int, end_char: int) -> Entity | None:
        """The entity with a mention overlapping [start_char, end_char), if any.

        Notes:
            Mentions never overlap each other, so their ends are sorted: a bisect finds the first candidate.
            When several mentions overlap the span, the one with the largest overlap wins (first on ties).
        """
        best: EntityMention | None = None
        best_overlap = 0
        index = bisect.bisect_right(self._ends, start_char)
        while index < len(self.mentions) and self.mentions[index].start_char < end_char:
            mention = self.mentions[index]
            overlap = min(end_char, mention.end_char) - max(start_char, mention.start_char)
            if overlap > best_overlap:
                best, best_overlap = mention, overlap
            index += 1
        if best is None and start_char == end_char:
            # An empty span: the mention containing that point, if any.
            index = bisect.bisect_right(self._ends, start_char)
            if index < len(self.mentions) and self.mentions[index].start_char <= start_char:
                best = self.mentions[index]
        return self._by_id.get(best.entity_id) if best is not None else None

    def find(self, text: str) -> Entity | None:
        """Resolve a name as written ("Albence", "the Times", "ICE") to this article's canonical entity.

        Returns None for pronouns and for names this article does not resolve (no guessing).
        """
        if not text or text.strip().casefold() in ENTITY_RULES.pronouns:
            return None
        cleaned = clean_name(text)
        if not cleaned:
            return None
        for form in _lookup_forms(cleaned):
            entity_id = self._by_alias.get(form) or self._by_folded.get(form.casefold())
            if entity_id is not None:
                return self._by_id.get(entity_id)
        return None
