"""The warehouse directory: ``news.duckdb`` plus ``parquet/<table>/data.parquet``, loaded one run at a time.

A run holds the writer lock (``.lock``) from start to end and stages its rows as Parquet under
``staging/<run_id>/``; ``load_run`` then merges them into DuckDB in one transaction and republishes
each table's Parquet file by atomic rename, and ``parquet/_manifest.json`` last. A run killed at any
point leaves DuckDB at its last committed run; ``recover`` (at the start of the next run) removes the
leftovers and republishes Parquet if the kill came between the commit and the manifest.
"""

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES, Table
from warehouse.ddl import add_columns_sql, column_list, create_table_sql, quote_literal

DB_FILE = "news.duckdb"
PARQUET_DIR = "parquet"
STAGING_DIR = "staging"
PARQUET_FILE = "data.parquet"
MANIFEST_FILE = "_manifest.json"
LOCK_FILE = ".lock"
EXPORT_BATCH_ROWS = 50_000
BUSY_RETRY_SECONDS = 30.0
"""How long a connection waits for DuckDB's file lock (held by a loading run, or by readers) before giving up."""

T = TypeVar("T")


class WarehouseError(Exception):
    """A problem the user can fix (missing warehouse, bad SQL, locked database): the message says how."""


class WarehouseBusyError(WarehouseError):
    """Another run holds the warehouse's writer lock."""


def retry_while_locked(connect: Callable[[], T], *, seconds: float = BUSY_RETRY_SECONDS) -> T:
    """Call ``connect`` until DuckDB's file lock is free, or ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return connect()
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


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

    # --- one writer at a time, and recovery from a killed one --------------------------------

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the warehouse for one run; another run gets a clear ``WarehouseBusyError``.

        The lock is an ``flock`` on ``.lock``: the kernel releases it when its process dies, even by SIGKILL.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / LOCK_FILE).open("a+", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise WarehouseBusyError(
                    f"another run is writing to {self.root} ({holder}); run again when it has finished"
                ) from None
            handle.truncate(0)
            handle.write(f"run by pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
            handle.flush()
            try:
                yield
            finally:
                handle.truncate(0)
                fcntl.flock(handle, fcntl.LOCK_UN)

    def recover(self) -> list[str]:
        """Ready the warehouse for a run; call while holding the writer lock. Returns what it did.

        Removes what a killed run left (staged rows, half-written files), brings an older warehouse's
        tables up to this version's schema, and republishes Parquet if it is behind DuckDB.
        """
        done = []
        if self.staging_dir.exists():
            for leftover in sorted(self.staging_dir.iterdir()):
                shutil.rmtree(leftover, ignore_errors=True)
                done.append(f"removed the staged rows of unfinished run {leftover.name}")
        for temporary in sorted(self.parquet_dir.glob("*/.*.tmp")) + sorted(self.parquet_dir.glob(".*.tmp")):
            temporary.unlink()
            done.append(f"removed half-written {temporary.relative_to(self.root)}")
        if self.exists():
            with self._connect_for_writing() as con:
                self._create_or_migrate_tables(con)
                latest = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
                if self.published_run() != latest:
                    self._export_parquet(con)
                    done.append(f"republished Parquet for run {latest}")
        return done

    def published_run(self) -> str | None:
        """The run the Parquet files were last published for (from the manifest)."""
        try:
            return json.loads((self.parquet_dir / MANIFEST_FILE).read_text(encoding="utf-8"))["run_id"]
        except (OSError, ValueError, KeyError):
            return None

    # --- reading -----------------------------------------------------------------------------

    def _connect_read_only(self) -> duckdb.DuckDBPyConnection:
        if not self.exists():
            raise WarehouseError(
                f"no warehouse at {self.root}: load one first with `newswh run INPUTS --warehouse {self.root}`"
            )
        try:
            return retry_while_locked(lambda: duckdb.connect(str(self.db_path), read_only=True))
        except duckdb.IOException as error:
            raise WarehouseError(f"cannot open {self.db_path}: {error}") from error

    def _connect_for_writing(self) -> duckdb.DuckDBPyConnection:
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            return retry_while_locked(lambda: duckdb.connect(str(self.db_path)))
        except duckdb.IOException as error:
            raise WarehouseError(f"cannot open {self.db_path} for writing: {error}") from error

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

    def known_inputs(self, input_keys: Iterable[str]) -> set[str]:
        """Which of ``input_keys`` a completed run has read (the ledger; the schema is current after ``recover``)."""
        keys = list(input_keys)
        if not keys or not self.exists():
            return set()
        with self._connect_read_only() as con:
            rows = con.execute(
                "SELECT input_key FROM loaded_inputs WHERE input_key IN (SELECT unnest(?::VARCHAR[]))", [keys]
            ).fetchall()
        return {key for (key,) in rows}

    def recent_runs(self, limit: int = 5) -> QueryResult:
        """The last runs, newest first, with what each did."""
        return self.query(
            "SELECT run_id, started_at, files_read, files_unchanged, articles_new, articles_replaced, "
            f"articles_not_english, rejected, quotes, numbers FROM runs ORDER BY run_id DESC LIMIT {int(limit)}"
        )

    def recent_rejections(self, limit: int = 20) -> QueryResult:
        """The latest rejected inputs and why."""
        return self.query(
            f"SELECT run_id, source, reason FROM rejected_inputs ORDER BY run_id DESC, source LIMIT {int(limit)}"
        )

    def busy_with(self) -> str | None:
        """Who holds the writer lock ("run by pid ..."), or None when no run is writing."""
        try:
            with self.writer_lock():
                return None
        except WarehouseBusyError as error:
            return str(error)

    def try_recover(self) -> list[str] | None:
        """``recover`` if no run holds the warehouse; None when one does (it will recover itself)."""
        try:
            with self.writer_lock():
                return self.recover()
        except WarehouseBusyError:
            return None

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
        with self._connect_for_writing() as con:
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
        """Rewrite each table's Parquet file from DuckDB, streaming, swap it in atomically, then the manifest."""
        rows = {}
        for name, table in TABLES.items():
            target = self.parquet_path(table)
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{PARQUET_FILE}.tmp")
            order = ", ".join(table.primary_key or table.columns[:1])
            reader = con.execute(f"SELECT {column_list(table)} FROM {name} ORDER BY {order}").to_arrow_reader(
                EXPORT_BATCH_ROWS
            )
            rows[name] = 0
            with pq.ParquetWriter(temporary, table.schema) as writer:
                for batch in reader:
                    writer.write_table(pa.Table.from_batches([batch]).cast(table.schema))
                    rows[name] += batch.num_rows
            os.replace(temporary, target)
        run_id = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
        manifest = self.parquet_dir / MANIFEST_FILE
        temporary = manifest.with_name(f".{MANIFEST_FILE}.tmp")
        temporary.write_text(json.dumps({"run_id": run_id, "rows": rows}, indent=1), encoding="utf-8")
        os.replace(temporary, manifest)


def _orphan_cleanup_statements() -> list[str]:
    """Delete rows of ``new_keys`` tables that articles refer to (entities) once no article does any more."""
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
        if referrers:
            statements.append(f"DELETE FROM {table.name} WHERE {key} NOT IN ({' UNION '.join(referrers)})")
    return statements
