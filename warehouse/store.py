"""The warehouse directory: ``news.duckdb`` plus ``parquet/<table>/data.parquet``, loaded one run at a time.

A run stages its rows as Parquet under ``staging/<run_id>/``; ``load_run`` then merges them into
DuckDB in one transaction and republishes each table's Parquet file by atomic rename, so DuckDB and
Parquet hold the same rows after every run.
"""

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES, Table
from warehouse.ddl import add_columns_sql, column_list, create_table_sql, quote_literal

DB_FILE = "news.duckdb"
PARQUET_DIR = "parquet"
STAGING_DIR = "staging"
PARQUET_FILE = "data.parquet"
EXPORT_BATCH_ROWS = 50_000


class WarehouseError(Exception):
    """A problem the user can fix (missing warehouse, bad SQL, locked database): the message says how."""


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of a query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


class Warehouse:
    """One warehouse directory on disk."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.db_path = self.root / DB_FILE
        self.parquet_dir = self.root / PARQUET_DIR
        self.staging_dir = self.root / STAGING_DIR

    def exists(self) -> bool:
        return self.db_path.exists()

    def parquet_path(self, table: Table) -> Path:
        return self.parquet_dir / table.name / PARQUET_FILE

    # --- reading -----------------------------------------------------------------------------

    def _connect_read_only(self) -> duckdb.DuckDBPyConnection:
        if not self.exists():
            raise WarehouseError(
                f"no warehouse at {self.root}: load one first with `newswh run INPUTS --warehouse {self.root}`"
            )
        try:
            return duckdb.connect(str(self.db_path), read_only=True)
        except duckdb.IOException as error:
            raise WarehouseError(f"cannot open {self.db_path}: {error}") from error

    def query(self, sql: str) -> QueryResult:
        """Run ``sql`` on a read-only connection."""
        with self._connect_read_only() as con:
            try:
                cursor = con.execute(sql)
            except duckdb.Error as error:
                raise WarehouseError(str(error)) from error
            columns = [d[0] for d in cursor.description or []]
            return QueryResult(columns=columns, rows=cursor.fetchall())

    def known_versions(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """(``content_hash``, ``extraction_key``) of each of ``article_ids`` already loaded."""
        ids = list(article_ids)
        if not ids or not self.exists():
            return {}
        with self._connect_read_only() as con:
            rows = con.execute(
                "SELECT article_id, content_hash, extraction_key FROM articles "
                "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [ids],
            ).fetchall()
        return {article_id: (content, key) for article_id, content, key in rows}

    def row_counts(self) -> dict[str, int]:
        """Rows per table in DuckDB."""
        with self._connect_read_only() as con:
            return {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}

    # --- staging a run -----------------------------------------------------------------------

    def run_staging_dir(self, run_id: str) -> Path:
        return self.staging_dir / run_id

    def stage(self, run_id: str, tables: Mapping[str, pa.Table]) -> None:
        """Write one batch of a run's rows as Parquet files under the run's staging directory."""
        for name, rows in tables.items():
            table_dir = self.run_staging_dir(run_id) / name
            table_dir.mkdir(parents=True, exist_ok=True)
            part = table_dir / f"part-{len(list(table_dir.glob('part-*.parquet'))):05d}.parquet"
            temporary = part.with_suffix(".tmp")
            pq.write_table(rows.cast(TABLES[name].schema), temporary)
            os.replace(temporary, part)

    def discard_run(self, run_id: str) -> None:
        """Forget a run's staged rows (after a failure): the warehouse stays as it was."""
        shutil.rmtree(self.run_staging_dir(run_id), ignore_errors=True)

    # --- loading a run -----------------------------------------------------------------------

    def load_statements(self, run_id: str) -> list[str]:
        """The SQL that ``load_run`` runs inside its transaction, in order."""
        staged = {name: self.run_staging_dir(run_id) / name / "part-*.parquet" for name in TABLES}
        statements = [
            f"CREATE TEMP TABLE staged_{name} AS "
            f"SELECT {column_list(table)} FROM read_parquet({quote_literal(str(staged[name]))})"
            for name, table in TABLES.items()
        ]
        by_article = [table for table in TABLES.values() if table.load == "by_article"]
        statements += [
            f"DELETE FROM {table.name} WHERE article_id IN (SELECT article_id FROM staged_articles)"
            for table in reversed(by_article)
        ]
        for table in TABLES.values():
            columns = column_list(table)
            if table.load == "new_keys":
                (key,) = table.primary_key
                statements.append(
                    f"INSERT INTO {table.name} ({columns}) "
                    f"SELECT DISTINCT ON ({key}) {columns} FROM staged_{table.name} s "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE t.{key} = s.{key})"
                )
            else:
                statements.append(f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM staged_{table.name}")
        statements += _orphan_cleanup_statements()
        statements += [f"DROP TABLE staged_{name}" for name in TABLES]
        return statements

    def load_run(self, run_id: str) -> None:
        """Merge the run's staged rows into DuckDB in one transaction, then republish the Parquet files.

        Any failure rolls the whole load back: the warehouse keeps its previous state.
        """
        self._stage_missing_tables(run_id)
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.db_path))
        except duckdb.IOException as error:
            raise WarehouseError(
                f"cannot open {self.db_path} for writing (is another run loading it?): {error}"
            ) from error
        with con:
            self._create_or_migrate_tables(con)
            con.execute("BEGIN TRANSACTION")
            try:
                for statement in self.load_statements(run_id):
                    con.execute(statement)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            self._export_parquet(con)
        self.discard_run(run_id)

    def _stage_missing_tables(self, run_id: str) -> None:
        """Give every table at least one (possibly empty) staged file, so each load reads the same way."""
        for name, table in TABLES.items():
            if not list((self.run_staging_dir(run_id) / name).glob("part-*.parquet")):
                self.stage(run_id, {name: table.schema.empty_table()})

    def _create_or_migrate_tables(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create missing tables, and add the columns a newer schema appended to existing ones."""
        existing: dict[str, list[str]] = {}
        for table_name, column_name in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() ORDER BY table_name, column_index"
        ).fetchall():
            existing.setdefault(table_name, []).append(column_name)
        for name, table in TABLES.items():
            if name not in existing:
                for statement in create_table_sql(table):
                    con.execute(statement)
                continue
            try:
                statements = add_columns_sql(table, existing[name])
            except ValueError as error:
                raise WarehouseError(
                    f"{self.db_path} was written by an incompatible version: {error}. "
                    "Load your articles into a new warehouse directory."
                ) from error
            for statement in statements:
                con.execute(statement)

    def _export_parquet(self, con: duckdb.DuckDBPyConnection) -> None:
        """Rewrite each table's Parquet file from DuckDB, streaming, and swap it in atomically."""
        for name, table in TABLES.items():
            target = self.parquet_path(table)
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{PARQUET_FILE}.tmp")
            order = ", ".join(table.primary_key or table.columns[:1])
            reader = con.execute(f"SELECT {column_list(table)} FROM {name} ORDER BY {order}").to_arrow_reader(
                EXPORT_BATCH_ROWS
            )
            with pq.ParquetWriter(temporary, table.schema) as writer:
                for batch in reader:
                    writer.write_table(pa.Table.from_batches([batch]).cast(table.schema))
            os.replace(temporary, target)


def _orphan_cleanup_statements() -> list[str]:
    """Delete rows of ``new_keys`` tables (entities) that no article refers to any more."""
    statements = []
    for table in TABLES.values():
        if table.load != "new_keys":
            continue
        (key,) = table.primary_key
        referrers = [
            f"SELECT {field.name} FROM {other.name} WHERE {field.name} IS NOT NULL"
            for other in TABLES.values()
            for field in other.schema
            if other.load == "by_article" and (field.metadata or {}).get(b"fk") == f"{table.name}.{key}".encode()
        ]
        statements.append(f"DELETE FROM {table.name} WHERE {key} NOT IN ({' UNION '.join(referrers)})")
    return statements
