"""The single definition of every warehouse table and view: pyarrow schemas with documented columns.

DuckDB DDL, Parquet writer schemas, column lists, ``newswh`` table help and the data checks are all
derived from ``TABLES``, ``VIEWS`` and ``MACROS``; nothing else spells out a column list.
"""

from schemas.coverage import (
    ARTICLE_DUPLICATES,
    SHARED_QUOTE_OCCURRENCES,
    SHARED_QUOTES,
    STORIES,
    STORY_ARTICLES,
    STORY_MERGES,
)
from schemas.indexes import (
    PASSAGE_FINGERPRINTS,
    SEARCH_DOCUMENTS,
    SEARCH_POSTINGS,
    SEARCH_TERMS,
    SEARCH_WORDS,
    STORY_SIGNATURES,
)
from schemas.table import SCHEMA_VERSION, Table, to_arrow
from schemas.tables import (
    ARTICLE_SOURCES,
    ARTICLES,
    ENTITIES,
    ENTITY_MENTIONS,
    LOADED_INPUTS,
    MENTION_LINKS,
    NUMBERS,
    QUOTES,
    REJECTED_INPUTS,
    RUNS,
    SPEAKER_LINKS,
)
from schemas.views import MACROS, VIEWS, Macro, View

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        RUNS,
        ARTICLES,
        ARTICLE_SOURCES,
        ENTITIES,
        ENTITY_MENTIONS,
        QUOTES,
        NUMBERS,
        REJECTED_INPUTS,
        LOADED_INPUTS,
        STORIES,
        STORY_ARTICLES,
        STORY_MERGES,
        ARTICLE_DUPLICATES,
        SHARED_QUOTES,
        SHARED_QUOTE_OCCURRENCES,
        SEARCH_DOCUMENTS,
        SEARCH_POSTINGS,
        SEARCH_TERMS,
        SEARCH_WORDS,
        PASSAGE_FINGERPRINTS,
        STORY_SIGNATURES,
    )
}
"""Every table, parents first."""

UPDATES: dict[str, Table] = {table.name: table for table in (MENTION_LINKS, SPEAKER_LINKS)}
"""Staged-only tables: corrections the load applies to the rows of another table (``Table.updates``)."""

STAGED_TABLES: dict[str, Table] = {**TABLES, **UPDATES}
"""Everything a run may stage."""

PUBLISHED_TABLES: dict[str, Table] = {name: table for name, table in TABLES.items() if table.published}
"""The tables of the Parquet dataset (the others are indexes inside news.duckdb)."""

__all__ = [
    "ARTICLES",
    "ARTICLE_DUPLICATES",
    "ARTICLE_SOURCES",
    "ENTITIES",
    "ENTITY_MENTIONS",
    "LOADED_INPUTS",
    "MACROS",
    "MENTION_LINKS",
    "NUMBERS",
    "PASSAGE_FINGERPRINTS",
    "PUBLISHED_TABLES",
    "QUOTES",
    "REJECTED_INPUTS",
    "RUNS",
    "SCHEMA_VERSION",
    "SEARCH_DOCUMENTS",
    "SEARCH_POSTINGS",
    "SEARCH_TERMS",
    "SEARCH_WORDS",
    "SHARED_QUOTES",
    "SHARED_QUOTE_OCCURRENCES",
    "SPEAKER_LINKS",
    "STAGED_TABLES",
    "STORIES",
    "STORY_ARTICLES",
    "STORY_MERGES",
    "STORY_SIGNATURES",
    "TABLES",
    "UPDATES",
    "VIEWS",
    "Macro",
    "Table",
    "View",
    "to_arrow",
]
