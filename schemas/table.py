"""How a table is declared: documented columns, how a run's rows are loaded, and rows to Arrow."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any, Literal

import pyarrow as pa

SCHEMA_VERSION = 8
"""Bumped whenever a table or column changes; stamped on every run."""

LoadMode = Literal["by_article", "by_indexed_article", "upsert", "by_key", "derived", "new_keys", "append", "update"]

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")


def column(
    name: str,
    type_: pa.DataType,
    description: str,
    *,
    nullable: bool = True,
    pk: bool = False,
    fk: str | None = None,
    set_by_load: bool = False,
    accepted_values: Iterable[str] = (),
) -> pa.Field:
    """A documented column; ``pk`` columns are NOT NULL and unique, ``fk`` names ``table.column``.

    A ``set_by_load`` column is filled by the warehouse load, not by the transforms: ``to_arrow``
    leaves it NULL when a row does not carry it. ``accepted_values`` are all the values the column
    may hold besides NULL (``warehouse/checks.py`` tests them).
    """
    metadata = {"description": description}
    if pk:
        metadata["pk"] = "true"
    if fk:
        metadata["fk"] = fk
    if set_by_load:
        metadata["set_by_load"] = "true"
    if accepted_values:
        metadata["accepted_values"] = json.dumps(list(accepted_values))
    return pa.field(name, type_, nullable=nullable and not pk, metadata=metadata)


def hint(field: pa.Field, name: str) -> str | None:
    """The column's ``name`` hint as declared by ``column()`` (``description``, ``pk``, ``fk``, ...), or None."""
    value = (field.metadata or {}).get(name.encode())
    return value.decode() if value is not None else None


def accepted_values_of(field: pa.Field) -> list[str]:
    """The values the column may hold besides NULL; empty when any value goes."""
    return json.loads(hint(field, "accepted_values") or "[]")


@dataclass(frozen=True)
class Table:
    """A warehouse table: its schema, what one row is, and how a run's rows are merged in.

    ``load`` says how a run's staged rows meet the rows already loaded:

    - ``by_article``: every row of each article the run (re)loads (staged ``articles``) is replaced;
    - ``by_indexed_article``: every row of each article the run (re)indexes (staged
      ``search_documents``: new and changed articles, and articles loaded before the index existed)
      is replaced;
    - ``upsert``: rows whose key the run stages are replaced, and rows naming an article the run
      (re)indexes are deleted (relations between articles: a story's members, duplicates, passages);
    - ``by_key``: rows whose primary key (one column or several) the run stages are replaced;
    - ``derived``: the load recomputes the rows of the keys the run touched from other tables
      (``warehouse/derived.py``): aggregates such as a story's dates and counts;
    - ``new_keys``: only rows whose primary key is not there yet are inserted;
    - ``append``: every staged row is inserted;
    - ``update``: staged only: each staged row sets its columns on the row of the table ``updates`` with
      the same key, after the other tables are loaded (linking entities across articles re-points
      mentions and speakers). These tables are not created in the warehouse.

    ``published`` tables make up the Parquet dataset; the others are indexes that live only in
    ``news.duckdb`` (search postings, fingerprints). ``backfill`` is a query giving the rows that
    the data of a warehouse written before the table existed implies; they are inserted when the
    table is created in it.
    """

    name: str
    description: str
    grain: str
    load: LoadMode
    schema: pa.Schema
    published: bool = True
    backfill: str = ""
    updates: str = ""

    @property
    def columns(self) -> list[str]:
        return self.schema.names

    @property
    def primary_key(self) -> list[str]:
        return [f.name for f in self.schema if (f.metadata or {}).get(b"pk") == b"true"]

    def description_of(self, column_name: str) -> str:
        metadata = self.schema.field(column_name).metadata or {}
        return metadata.get(b"description", b"").decode()


# Columns that several article-owned tables share, declared once.
IN_ARTICLE = column("article_id", pa.string(), "Article the row is in.", nullable=False, fk="articles.article_id")
START_CHAR = column("start_char", pa.int32(), "Start offset in articles.body (inclusive).", nullable=False)
END_CHAR = column("end_char", pa.int32(), "End offset in articles.body (exclusive).", nullable=False)


def to_arrow(table: Table, rows: Iterable[Any]) -> pa.Table:
    """Rows (dataclasses or mappings keyed by column) as an Arrow table with the table's schema.

    Columns declared ``set_by_load`` may be missing from the rows (NULL); every other column must be there.
    """
    records: list[Mapping[str, Any]] = [asdict(row) if is_dataclass(row) else row for row in rows]
    by_load = {f.name for f in table.schema if (f.metadata or {}).get(b"set_by_load") == b"true"}
    return pa.Table.from_pylist(
        [{name: record.get(name) if name in by_load else record[name] for name in table.columns} for record in records],
        schema=table.schema,
    )
