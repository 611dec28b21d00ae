"""The single definition of every warehouse table: pyarrow schemas with documented columns.

DuckDB DDL, Parquet writer schemas, column lists and ``newswh`` table help are all derived from
``TABLES``; nothing else spells out a column list.
"""

from schemas.tables import (
    ARTICLES,
    ENTITIES,
    ENTITY_MENTIONS,
    LOADED_INPUTS,
    NUMBERS,
    QUOTES,
    REJECTED_INPUTS,
    RUNS,
    SCHEMA_VERSION,
    TABLES,
    Table,
    to_arrow,
)

__all__ = [
    "ARTICLES",
    "ENTITIES",
    "ENTITY_MENTIONS",
    "LOADED_INPUTS",
    "NUMBERS",
    "QUOTES",
    "REJECTED_INPUTS",
    "RUNS",
    "SCHEMA_VERSION",
    "TABLES",
    "Table",
    "to_arrow",
]
