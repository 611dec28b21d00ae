"""``extract_entities``: the mention spans of a parsed article (``entity_spans``), resolved (``resolve_mentions``).

What the extraction flow runs per article; the only module that joins the spaCy half and the text-only half.
"""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.entities.aliases import EntityAliases
from transforms.entities.records import ArticleEntities
from transforms.entities.resolution import resolve_mentions
from transforms.entities.rules import ENTITY_RULES, EntityRules
from transforms.entities.spans import entity_spans


def extract_entities(
    doc: Doc, *, article_id: str, rules: EntityRules = ENTITY_RULES, aliases: EntityAliases | None = None
) -> ArticleEntities:
    """Clean and resolve the named entities of one parsed article: ``entity_spans`` then ``resolve_mentions``.

    Args:
        doc: the spaCy Doc of the article body (``doc.text`` is the body offsets point into).
        article_id: the article's id, part of every mention id.
        rules: rule data (titles, generic words, place names, nicknames, known initials, user aliases).
        aliases: a user's aliases (``extract.aliases``); shorthand for ``rules=rules.with_aliases(aliases)``.

    Returns:
        The article's canonical entities (in order of first mention) and their mentions (in document order).
    """
    return resolve_mentions(doc.text, entity_spans(doc, rules), article_id=article_id, rules=rules, aliases=aliases)
