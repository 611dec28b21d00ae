"""Named entities: clean spaCy's mentions and resolve them to one canonical entity per article.

spaCy's NER spans are noisy in news text: they carry a leading "the", a possessive "’s", a title
("Acting ICE Director Tom Homan"), punctuation or a line break. This package trims each span to the
name itself (offsets adjusted so ``body[start:end] == text``), then groups the cleaned mentions of one
article into canonical entities (surname -> full name, acronym -> expanded name, "Times" -> "New York
Times") with cheap string rules: linear in the number of mentions, no extra spaCy calls.

Two halves: ``entity_spans(doc)`` needs the spaCy Doc (tags, NER spans) and gives the cleaned mention spans
with their labels; ``resolve_mentions(body, spans)`` needs only the text and those spans, so stored mentions
can be resolved again (other aliases, other rules) without the model. ``extract_entities`` runs both.

One entity, one id everywhere: ``entity_id`` hashes only (type, canonical name), and a person's canonical
name drops middle initials ("Donald J. Trump" and "Donald Trump" are "Donald Trump" in every article),
except for the people in ``rules/entity_known_initials.csv`` ("George W. Bush"). What rules cannot merge
("Hillary Rodham Clinton", "NYT") a user merges with an aliases CSV: ``extract.aliases.parse_aliases(text)`` gives an
``EntityAliases``, passed as ``extract_entities(doc, article_id=..., aliases=aliases)`` or as
``rules=ENTITY_RULES.with_aliases(aliases)``.

Modules, from the data to the steps:

- ``words``: the built-in word lists (honorifics, particles, pronouns, ...) and the spaCy labels kept;
- ``aliases``: the aliases a user merges by hand (``EntityAliases``);
- ``rules``: ``EntityRules`` and the default ``ENTITY_RULES`` from ``transforms/rules/entity_*.csv``;
- ``records``: ``Entity``, ``EntityMention``, ``MentionSpan``, ``ArticleEntities`` and ``entity_id_for``;
- ``cleaning``: one span trimmed to its name(s), text only (``clean_span``, ``clean_name``);
- ``possessives`` and ``spans``: the cleaned mention spans of a spaCy Doc (``entity_spans``), with the names
  spaCy cut in two joined ("Citizens United v." + "FEC") and two names in one split ("Alphabet and Facebook");
- ``names``: surname and acronym keys and a person's canonical spelling, shared with cross-article linking;
- ``evidence``: an entity's type from the whole article (person cues around its mentions, most of its labels,
  known places and organisations), not from one sentence;
- ``grouping`` and ``resolution``: the forms of one article grouped, typed and named (``resolve_mentions``);
- ``extract``: both halves over one parsed article (``extract_entities``).

This package re-exports the names other modules import, so ``from transforms.entities import ...`` works.
"""

from transforms.entities.aliases import EntityAliases
from transforms.entities.cleaning import clean_name, clean_span
from transforms.entities.evidence import title_before
from transforms.entities.extract import extract_entities
from transforms.entities.names import acronym_keys, canonical_person_name, is_acronym, surname_keys
from transforms.entities.records import ArticleEntities, Entity, EntityMention, MentionSpan, entity_id_for
from transforms.entities.resolution import resolve_mentions
from transforms.entities.rules import ENTITY_RULES, EntityRules, load_entity_rules
from transforms.entities.spans import entity_spans
from transforms.entities.words import KEEP_LABELS

__all__ = [
    "ENTITY_RULES",
    "KEEP_LABELS",
    "ArticleEntities",
    "Entity",
    "EntityAliases",
    "EntityMention",
    "EntityRules",
    "MentionSpan",
    "acronym_keys",
    "canonical_person_name",
    "clean_name",
    "clean_span",
    "entity_id_for",
    "entity_spans",
    "extract_entities",
    "is_acronym",
    "load_entity_rules",
    "resolve_mentions",
    "surname_keys",
    "title_before",
]
