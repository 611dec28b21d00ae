"""Named entities: clean spaCy's mentions and resolve them to one canonical entity per article.

CONTRACT STUB (being implemented): the names below are the interface other modules rely on.
"""

from dataclasses import dataclass

from spacy.tokens import Doc

from transforms.ids import stable_id


@dataclass(frozen=True)
class Entity:
    """One canonical entity; ``entity_id`` depends only on (type, name), so it is shared across articles."""

    entity_id: str
    name: str
    type: str


@dataclass(frozen=True)
class EntityMention:
    """One cleaned mention of a canonical entity; offsets are half-open into the article body."""

    mention_id: str
    article_id: str
    entity_id: str
    text: str
    start_char: int
    end_char: int


def entity_id_for(entity_type: str, name: str) -> str:
    """The stable id of the canonical entity (type, name)."""
    return stable_id("entity", entity_type, name)


@dataclass(frozen=True)
class ArticleEntities:
    """The canonical entities of one article and every mention of them, in document order."""

    entities: tuple[Entity, ...]
    mentions: tuple[EntityMention, ...]

    def entity_at(self, start_char: int, end_char: int) -> Entity | None:
        """The entity with a mention overlapping [start_char, end_char), if any."""
        raise NotImplementedError

    def find(self, text: str) -> Entity | None:
        """Resolve a name as written ("Albence", "the Times", "ICE") to this article's canonical entity."""
        raise NotImplementedError


def extract_entities(doc: Doc, *, article_id: str) -> ArticleEntities:
    """Clean and resolve the named entities of one parsed article."""
    raise NotImplementedError
