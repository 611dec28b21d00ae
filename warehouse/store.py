"""The warehouse directory: ``news.duckdb`` plus a Parquet dataset with one file per run per table.

A run holds the writer lock (``.lock``) from start to end and stages its rows as Parquet under
``staging/<run_id>/``; ``load_run`` then merges them into DuckDB in one transaction and publishes
Parquet: ``<parquet>/<table>/run-<run_id>.parquet`` holds the rows of ``<table>`` that belong to that
run, so a load writes its own run's files plus the older runs' files it took rows from (replaced
articles, orphaned entities), and ``<parquet>/_manifest.json`` last. The Parquet dataset lives at
``<root>/parquet`` or at any fsspec URL (``s3://bucket/prefix``, ...), remembered in
``<root>/warehouse.json`` so that only the run that sets it needs to know it. A run killed at any point
leaves DuckDB at its last committed run; ``recover`` (at the start of the next run) removes the
leftovers and republishes all of Parquet if the kill came between the commit and the manifest.
``load_run`` is ``commit_run`` then ``publish_run``: a flow can retry the publish, which may meet a
flaky network, without ever repeating the commit.
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
from fsspec import AbstractFileSystem
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem

from schemas import PUBLISHED_TABLES, STAGED_TABLES, TABLES, VIEWS, Table
from warehouse.coverage import CoverageReader, open_coverage_reader
from warehouse.ddl import add_columns_sql, backfill_sql, create_table_sql, quote_literal, views_sql
from warehouse.export import ExportError, ExportSummary, export_result
from warehouse.load import load_statements
from warehouse.renames import rename_statements, renamed_table_sql
from warehouse.search import RankedArticle, ranked_articles, search_macros_sql

DB_FILE = "news.duckdb"
SETTINGS_FILE = "warehouse.json"
"""The warehouse's remembered settings: ``{"parquet_url": "..."}``; absent means the default ``<root>/parquet``."""
PARQUET_DIR = "parquet"
STAGING_DIR = "staging"
RUN_FILE = "run-{run_id}.parquet"
"""A table's rows that belong to one run, in ``<parquet>/<table>/``."""
MANIFEST_FILE = "_manifest.json"
MANIFEST_FORMAT = 2
"""Layout of ``_manifest.json``: 2 lists one file per run per table (unnumbered: one ``data.parquet`` per table)."""
LOCK_FILE = ".lock"
EXPORT_BATCH_ROWS = 50_000
BUSY_RETRY_SECONDS = 30.0
"""How long a connection waits for DuckDB's file lock (held by a loading run, or by readers) before giving up."""
COVERAGE_SCHEMA_VERSION = 6
"""The first schema version whose runs place every article in a story (those loaded before included)."""
WHOLE_OBJECT_PROTOCOLS = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oci", "memory"})
"""Stores where an object written (one PUT, or a multipart upload) appears whole or not at all."""

T = TypeVar("T")


class WarehouseError(Exception):
    """A problem the user can fix (missing warehouse, bad SQL, locked database): the message says how."""


class WarehouseBusyError(WarehouseError):
    """Another run holds the warehouse's writer lock."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder
        """Who holds the lock, as the lock file says ("run by pid 4242 since 2026-11-24 16:15:17 UTC")."""


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


@dataclass(frozen=True)
class CommittedRun:
    """A run merged into DuckDB whose Parquet files ``publish_run`` has yet to write."""

    run_id: str
    touched: dict[str, list[str]] | None
    """Per published table, the runs whose files to write: this run's, and the older runs it took rows
    from (replaced articles, orphaned entities). None: republish every run's files (first load, older
    layout, a migrated schema, a kill before the last manifest)."""
    duckdb_seconds: float
    """Opening DuckDB, the load transaction and the checkpoint that writes it into ``news.duckdb``."""


@dataclass(frozen=True)
class LoadReport:
    """What one ``load_run`` did and how long each half took."""

    duckdb_seconds: float
    """Opening DuckDB, the load transaction and the checkpoint that writes it into ``news.duckdb``."""
    parquet_seconds: float
    """Publishing Parquet after the commit, manifest included."""
    files_written: int
    files_deleted: int
    full_republish: bool
    """Every run's files were written: the Parquet dataset was not at the previous run (first load, older layout)."""


class Warehouse:
    """One warehouse: ``news.duckdb`` under ``root``, and its Parquet dataset at ``parquet_url``.

    The warehouse remembers where its Parquet dataset is (``<root>/warehouse.json``), so only the
    run that chooses the location passes it; every other use (``newswh status``, ``sql``, ``serve``,
    later runs) opens ``Warehouse(root)`` and finds it.

    Args:
        root: the warehouse directory (DuckDB file, lock, staged rows, ``warehouse.json``); always local.
        parquet_url: where the Parquet dataset goes: a local path or any fsspec URL (``file:///...``,
            ``s3://bucket/prefix``, ``gcs://...``, ``memory://...``; remote schemes need their fsspec
            package, e.g. s3fs or gcsfs). None: the remembered location (default ``<root>/parquet``).
            A location other than the remembered one means "publish there from now on": the next
            ``recover`` or ``load_run`` (both under the writer lock) records it in ``warehouse.json``
            and republishes the whole dataset there. The files at the old location are left as they
            are: they are the user's to remove. Reading (``query``, ``known_versions``, ...) never
            records anything.
    """

    def __init__(self, root: Path | str, parquet_url: str | None = None) -> None:
        self.root = Path(root)
        self.db_path = self.root / DB_FILE
        self.staging_dir = self.root / STAGING_DIR
        self.parquet_url = _absolute_url(parquet_url) if parquet_url else self._remembered_parquet_url()
        self.parquet_fs: AbstractFileSystem
        self.parquet_base: str
        """``parquet_url`` as a path on ``parquet_fs``."""
        self.parquet_fs, self.parquet_base = _open_parquet_location(self.parquet_url)
        self._chosen_url = bool(parquet_url)
        """Whether the caller chose ``parquet_url`` (then ``recover`` and ``load_run`` record it)."""

    def exists(self) -> bool:
        return self.db_path.exists()

    # --- where the Parquet dataset is --------------------------------------------------------

    @property
    def default_parquet_url(self) -> str:
        return str(self.root / PARQUET_DIR)

    def _remembered_parquet_url(self) -> str:
        """The Parquet location ``warehouse.json`` records, or the default ``<root>/parquet``."""
        path = self.root / SETTINGS_FILE
        try:
            settings = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return self.default_parquet_url
        except (OSError, ValueError) as error:
            raise WarehouseError(
                f"cannot read {path}: {error}; fix it, or delete it to publish Parquet to {self.default_parquet_url}"
            ) from error
        url = settings.get("parquet_url") if isinstance(settings, dict) else None
        if url is not None and not isinstance(url, str):
            raise WarehouseError(f"{path}: parquet_url must be a string, not {url!r}")
        return url or self.default_parquet_url

    def _remember_parquet_url(self) -> bool:
        """Record the chosen Parquet location in ``warehouse.json`` if it differs; under the writer lock.

        Written to a temporary file and renamed into place, so a kill leaves the old or the new
        location. The default location is recorded by removing the file. Returns whether it changed.
        """
        if not self._chosen_url or _same_location(self._remembered_parquet_url(), self.parquet_url):
            return False
        path = self.root / SETTINGS_FILE
        if _same_location(self.parquet_url, self.default_parquet_url):
            path.unlink(missing_ok=True)
            return True
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{SETTINGS_FILE}.tmp")
        temporary.write_text(json.dumps({"parquet_url": self.parquet_url}, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, path)
        return True

    def parquet_files(self, table: Table) -> list[str]:
        """The table's published Parquet files, one per run that holds rows of it (paths on ``parquet_fs``)."""
        pattern = f"{self.parquet_base}/{table.name}/{RUN_FILE.format(run_id='*')}"
        return sorted(self.parquet_fs.glob(pattern))

    def read_parquet(self, table: Table) -> pa.Table:
        """Every row of the table's published Parquet files, through ``parquet_fs``."""
        parts = [table.schema.empty_table()]
        for path in self.parquet_files(table):
            with self.parquet_fs.open(path, "rb") as handle:
                parts.append(pq.read_table(handle).cast(table.schema))
        return pa.concat_tables(parts)

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
                    f"another run is writing to {self.root} ({holder}); run again when it has finished", holder
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
        tables up to this version's schema, records a newly chosen Parquet location in
        ``warehouse.json``, and republishes all of Parquet (every run's file of every table, stray
        files deleted) if the manifest is not at DuckDB's latest run or is missing or of an older
        layout (as at a new location). The old location's files are not deleted.
        """
        done = []
        if self._remember_parquet_url():
            done.append(f"Parquet is published to {self.parquet_url} from now on")
        if self.staging_dir.exists():
            for leftover in sorted(self.staging_dir.iterdir()):
                shutil.rmtree(leftover, ignore_errors=True)
                done.append(f"removed the staged rows of unfinished run {leftover.name}")
        for pattern in ("*/.*.tmp", ".*.tmp"):
            for temporary in sorted(self.parquet_fs.glob(f"{self.parquet_base}/{pattern}")):
                self.parquet_fs.rm(temporary)
                done.append(f"removed half-written {temporary}")
        if self.exists():
            with self._connect_for_writing() as con:
                migrated = self._create_or_migrate_tables(con)
                latest = _latest_run(con)
                if migrated or not self._parquet_is_at(latest):
                    self._publish_parquet(con, None)
                    done.append(f"republished Parquet for run {latest}")
        return done

    def published_run(self) -> str | None:
        """The run the Parquet files were last published for (from the manifest)."""
        manifest = self._read_manifest()
        return manifest.get("run_id") if manifest else None

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            with self.parquet_fs.open(f"{self.parquet_base}/{MANIFEST_FILE}", "rb") as handle:
                manifest = json.loads(handle.read())
        except (OSError, ValueError):
            return None
        return manifest if isinstance(manifest, dict) else None

    def _parquet_is_at(self, run_id: str | None) -> bool:
        """Whether the Parquet dataset is published, in this version's layout, for DuckDB's latest run ``run_id``."""
        manifest = self._read_manifest()
        if manifest is None:
            return run_id is None
        return manifest.get("format") == MANIFEST_FORMAT and manifest.get("run_id") == run_id

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
            return _fetch(con, sql)

    def query_each(self, queries: Iterable[str]) -> list[QueryResult | WarehouseError]:
        """Run each query on one read-only connection (opening one per query costs more than a small query).

        A query that fails gives its ``WarehouseError`` in its place; the others still run.
        """
        results: list[QueryResult | WarehouseError] = []
        with self._connect_read_only() as con:
            for sql in queries:
                try:
                    results.append(_fetch(con, sql))
                except WarehouseError as error:
                    results.append(error)
        return results

    def export(self, query_or_table: str, path: Path) -> ExportSummary:
        """Write a query's result, or every row of a table or view named alone, to ``path`` (``warehouse.export``).

        The file's suffix picks its format; the warehouse is opened read-only, as ``query`` opens it.
        """
        with self._connect_read_only() as con:
            try:
                return export_result(con, query_or_table, path)
            except (ExportError, duckdb.Error) as error:
                raise WarehouseError(str(error)) from error
            except OSError as error:
                raise WarehouseError(f"cannot write {path}: {error.strerror or error}") from error

    def require_coverage(self) -> None:
        """Raise ``WarehouseError``, saying how to upgrade, unless stories and shared passages cover every article.

        They do once this version has created its tables and views and the latest run was written by
        schema version ``COVERAGE_SCHEMA_VERSION`` or later: the first such run places the articles
        loaded before in stories. Commands that read stories, shared passages or the search index call
        this first, so that an older warehouse gets a message instead of empty or partial answers.
        """
        with self._connect_read_only() as con:
            present = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            present |= {name for (name,) in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
            latest = _latest_schema_version(con)
        if set(TABLES) | set(VIEWS) <= present and (latest is None or latest >= COVERAGE_SCHEMA_VERSION):
            return
        raise WarehouseError(
            f"{self.root} was last loaded by an older version of news-warehouse: its articles are in no story yet "
            f"and not indexed for search. Run `newswh run INPUTS --warehouse {self.root}` once to upgrade it (any "
            "inputs will do, such as the ones it was loaded from: unchanged files are skipped); that run places the "
            "articles already loaded in stories and indexes them"
        )

    def rows_of_articles(self, table: Table, article_ids: Iterable[str], columns: list[str]) -> list[dict[str, Any]]:
        """The ``columns`` of the loaded rows of ``table`` that belong to ``article_ids``."""
        ids = list(article_ids)
        if not ids or not self.exists():
            return []
        with self._connect_read_only() as con:
            cursor = con.execute(
                f"SELECT {', '.join(columns)} FROM {table.name} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [ids],
            )
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

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

    def latest_schema_version(self) -> int | None:
        """The schema version that wrote the latest run (None: no run yet)."""
        if not self.exists():
            return None
        with self._connect_read_only() as con:
            return _latest_schema_version(con)

    def aliases_in_force(self) -> list[str] | None:
        """The aliases of the latest run given any (``runs.aliases``), or None when no run was."""
        if not self.exists():
            return None
        with self._connect_read_only() as con:
            row = con.execute(
                "SELECT aliases FROM runs WHERE aliases IS NOT NULL ORDER BY run_id DESC LIMIT 1"
            ).fetchone()
        return row[0] if row else None

    def rename_articles(self, renamed: Mapping[str, str]) -> None:
        """Give loaded articles new ids (``renamed``: old id -> new id) in every table, then republish Parquet.

        One transaction (``warehouse.renames``); call while holding the writer lock. An article whose
        new id another loaded article has is merged into it: its records become that one's sources.
        """
        with self._connect_for_writing() as con:
            self._create_or_migrate_tables(con)
            _execute_in_transaction(con, [*renamed_table_sql(dict(renamed)), *rename_statements(_latest_run(con))])
            con.execute("CHECKPOINT")
            self._publish_parquet(con, None)

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
        """Rows per published table in DuckDB; index tables, and tables an older warehouse lacks, are left out."""
        with self._connect_read_only() as con:
            present = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            return {
                name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for name in PUBLISHED_TABLES
                if name in present
            }

    def search(self, stems: list[str], *, limit: int = 20) -> list[RankedArticle]:
        """The ``limit`` articles best matching the query terms ``stems``, best first (``warehouse.search``).

        A warehouse whose articles are not indexed yet (last loaded by an older version) gets a
        ``WarehouseError`` saying how to upgrade it (``require_coverage``).
        """
        self.require_coverage()
        with self._connect_read_only() as con:
            return ranked_articles(con, stems, limit=limit)

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
            pq.write_table(rows.cast(STAGED_TABLES[name].schema), temporary)
            os.replace(temporary, part)

    @contextmanager
    def coverage_reader(self, run_id: str) -> Iterator[CoverageReader]:
        """Queries over the loaded warehouse and the run's staged rows together (``warehouse.coverage``).

        Every table must have a staged file (``stage_missing_tables``); staging more rows while the
        reader is open is seen by its next query.
        """
        with open_coverage_reader(self.db_path, self.run_staging_dir(run_id)) as reader:
            yield reader

    def discard_run(self, run_id: str) -> None:
        """Forget a run's staged rows (after a failure): the warehouse stays as it was."""
        shutil.rmtree(self.run_staging_dir(run_id), ignore_errors=True)

    # --- loading a run -----------------------------------------------------------------------

    def load_statements(self, run_id: str) -> list[str]:
        """The SQL that ``load_run`` runs inside its transaction, in order (``warehouse.load``)."""
        return load_statements(
            {name: self.run_staging_dir(run_id) / name / "part-*.parquet" for name in STAGED_TABLES}, run_id
        )

    def load_run(self, run_id: str) -> LoadReport:
        """Merge the run's staged rows into DuckDB in one transaction, then publish its Parquet files.

        Any failure rolls the whole load back: the warehouse keeps its previous state. Publishing
        writes this run's file of each table, rewrites the older runs' files this load took rows
        from, and deletes those left empty; when the Parquet dataset was not at the previous run
        (first load, older layout, a kill before the manifest) or the schema was just migrated, it
        republishes every run instead.
        """
        committed = self.commit_run(run_id)
        started = time.perf_counter()
        written, deleted = self.publish_run(committed)
        return LoadReport(
            duckdb_seconds=committed.duckdb_seconds,
            parquet_seconds=time.perf_counter() - started,
            files_written=written,
            files_deleted=deleted,
            full_republish=committed.touched is None,
        )

    def commit_run(self, run_id: str) -> CommittedRun:
        """The first half of ``load_run``: merge the run's staged rows into DuckDB in one transaction.

        Call while holding the writer lock, once: any failure rolls the whole load back. Until
        ``publish_run``, the Parquet dataset is behind DuckDB (a kill then is repaired by ``recover``).
        """
        started = time.perf_counter()
        self._remember_parquet_url()  # before publishing: a kill mid-publish leaves the next run at the new place
        self.stage_missing_tables(run_id)
        with self._connect_for_writing() as con:
            migrated = self._create_or_migrate_tables(con)
            incremental = not migrated and self._parquet_is_at(_latest_run(con))
            _execute_in_transaction(con, self.load_statements(run_id))
            con.execute("CHECKPOINT")  # now, inside the DuckDB time, rather than when the connection closes
            older = con.execute("SELECT DISTINCT table_name, run_id FROM touched_runs").fetchall()
            con.execute("DROP TABLE touched_runs")
        self.discard_run(run_id)
        touched = (
            {name: sorted({run_id, *(run for table, run in older if table == name)}) for name in PUBLISHED_TABLES}
            if incremental
            else None
        )
        return CommittedRun(run_id=run_id, touched=touched, duckdb_seconds=time.perf_counter() - started)

    def publish_run(self, committed: CommittedRun) -> tuple[int, int]:
        """The second half of ``load_run``: publish a committed run's Parquet files; returns (written, deleted).

        Safe to repeat after a failure (each file appears whole or not at all, the manifest last), so
        a caller may retry it; readers keep querying DuckDB meanwhile (the connection is read-only).
        """
        with self._connect_read_only() as con:
            return self._publish_parquet(con, committed.touched)

    def stage_missing_tables(self, run_id: str) -> None:
        """Give every table at least one (possibly empty) staged file, so each load reads the same way."""
        for name, table in STAGED_TABLES.items():
            if not list((self.run_staging_dir(run_id) / name).glob("part-*.parquet")):
                self.stage(run_id, {name: table.schema.empty_table()})

    def _create_or_migrate_tables(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Create missing tables, and add (and fill where derivable) the columns a newer schema appended.

        The migration of existing tables is one transaction: a kill leaves the old schema or the new
        one. Returns whether existing tables changed (every Parquet file then lacks the new columns).
        """
        existing: dict[str, list[str]] = {}
        for table_name, column_name in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() ORDER BY table_name, column_index"
        ).fetchall():
            existing.setdefault(table_name, []).append(column_name)
        migration = []
        for name, table in TABLES.items():
            if name not in existing:
                for statement in create_table_sql(table):
                    con.execute(statement)
                if "articles" in existing and table.backfill:
                    migration.append(f"INSERT INTO {name} ({', '.join(table.columns)}) {table.backfill}")
                continue
            try:
                migration += add_columns_sql(table, existing[name])
            except ValueError as error:
                raise WarehouseError(
                    f"{self.db_path} was written by an incompatible version: {error}. "
                    "Load your articles into a new warehouse directory."
                ) from error
            migration += backfill_sql(table, table.columns[len(existing[name]) :])
        if migration:
            _execute_in_transaction(con, migration)
        # CREATE OR REPLACE: always this version's; one transaction, so readers see all of them or the old ones
        _execute_in_transaction(con, [*views_sql(), *search_macros_sql()])
        return bool(migration)

    # --- publishing Parquet ------------------------------------------------------------------

    def _publish_parquet(
        self, con: duckdb.DuckDBPyConnection, touched: Mapping[str, list[str]] | None
    ) -> tuple[int, int]:
        """Write run files from DuckDB, delete those left without rows, then the manifest. Returns (written, deleted).

        ``touched`` gives, per table, the runs whose files to rewrite; the rest of the previous
        manifest stands. None republishes everything: every run's file of every table, and any other
        file in a table's directory (such as an older layout's ``data.parquet``) deleted.
        """
        previous = self._read_manifest() if touched is not None else None
        files: dict[str, dict[str, int]] = {
            name: {entry["run_id"]: entry["rows"] for entry in (previous or {}).get("files", {}).get(name, [])}
            for name in PUBLISHED_TABLES
        }
        written = deleted = 0
        for name, table in PUBLISHED_TABLES.items():
            directory = f"{self.parquet_base}/{name}"
            run_of_row, rows_from = _run_of_rows(table)
            if touched is not None:
                publish = touched.get(name, [])
                where = f"WHERE {run_of_row} IN ({', '.join(map(quote_literal, publish)) or 'NULL'})"
            else:
                publish, where = [], ""
                files[name] = {}
            order = ", ".join(f"t.{key}" for key in table.primary_key or table.columns[:1])
            selected = ", ".join(f"t.{column}" for column in table.columns)
            reader = con.sql(
                f"SELECT {run_of_row} AS run_of_row, {selected} FROM {rows_from} {where} ORDER BY run_of_row, {order}"
            ).to_arrow_reader(EXPORT_BATCH_ROWS)
            counts = self._write_run_files(directory, table, reader)
            written += len(counts)
            for run in publish:
                files[name].pop(run, None)
            files[name].update(counts)
            if touched is not None:
                stale = [f"{directory}/{RUN_FILE.format(run_id=run)}" for run in publish if run not in counts]
                stale = [path for path in stale if self.parquet_fs.exists(path)]
            else:
                keep = {f"{directory}/{RUN_FILE.format(run_id=run)}" for run in counts}
                stale = [
                    path
                    for path in (self.parquet_fs.find(directory) if self.parquet_fs.exists(directory) else [])
                    if path not in keep
                ]
            for path in stale:
                self.parquet_fs.rm(path)
            deleted += len(stale)
        manifest = {
            "format": MANIFEST_FORMAT,
            "run_id": _latest_run(con),
            "rows": {name: sum(files[name].values()) for name in PUBLISHED_TABLES},
            "files": {
                name: [
                    {"path": f"{name}/{RUN_FILE.format(run_id=run)}", "run_id": run, "rows": rows}
                    for run, rows in sorted(files[name].items())
                ]
                for name in PUBLISHED_TABLES
            },
        }
        with _PublishedFile(self.parquet_fs, f"{self.parquet_base}/{MANIFEST_FILE}") as target:
            target.handle().write(json.dumps(manifest, indent=1).encode())
        return written, deleted

    def _write_run_files(self, directory: str, table: Table, reader: pa.RecordBatchReader) -> dict[str, int]:
        """Stream rows ordered by their run (first column) into one file per run; returns rows per run."""
        counts: dict[str, int] = {}
        current: tuple[_PublishedFile, pq.ParquetWriter] | None = None
        try:
            for batch in reader:
                runs = batch.column(0).to_pylist()
                rows = pa.Table.from_batches([batch]).drop_columns([batch.schema.names[0]]).cast(table.schema)
                start = 0
                while start < len(runs):
                    run = runs[start]
                    end = start + 1
                    while end < len(runs) and runs[end] == run:
                        end += 1
                    if run not in counts:
                        if current:
                            current[1].close()
                            current[0].commit()
                        target = _PublishedFile(self.parquet_fs, f"{directory}/{RUN_FILE.format(run_id=run)}")
                        current = (target, pq.ParquetWriter(target.sink(), table.schema))
                        counts[run] = 0
                    current[1].write_table(rows.slice(start, end - start))
                    counts[run] += end - start
                    start = end
            if current:
                current[1].close()
                current[0].commit()
                current = None
        finally:
            if current:
                current[1].close()
                current[0].abort()
        return counts


class _PublishedFile:
    """A file on the Parquet filesystem that readers see whole or not at all.

    On a local filesystem it is written under a temporary name (``.<name>.tmp``, which ``recover``
    removes if a kill leaves it) and renamed into place with ``os.replace``. On object stores
    (``WHOLE_OBJECT_PROTOCOLS``: S3, GCS, Azure, memory) it is written directly: an object is
    created by one PUT or a multipart upload that becomes visible only when complete, so a reader
    never sees half of it, and a temporary object plus ``mv`` would only copy it once more. Other
    filesystems get a temporary name and ``fs.mv``.
    """

    def __init__(self, fs: AbstractFileSystem, path: str) -> None:
        self.fs = fs
        self.path = path
        directory, _, name = path.rpartition("/")
        self.local = isinstance(fs, LocalFileSystem)
        whole = not self.local and bool(set(_protocols(fs)) & WHOLE_OBJECT_PROTOCOLS)
        self.temporary = path if whole else f"{directory}/.{name}.tmp"
        if self.local:
            fs.makedirs(directory, exist_ok=True)
        self._handle: Any = None

    def sink(self) -> Any:
        """Where pyarrow writes: a local path (native I/O) or an open fsspec file."""
        return self.temporary if self.local else self.handle()

    def handle(self) -> Any:
        if self._handle is None:
            self._handle = self.fs.open(self.temporary, "wb")
        return self._handle

    def commit(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self.temporary == self.path:
            return
        if self.local:
            os.replace(self.temporary, self.path)
        else:
            self.fs.mv(self.temporary, self.path)

    def abort(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self.fs.exists(self.temporary):
            self.fs.rm(self.temporary)

    def __enter__(self) -> "_PublishedFile":
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def _open_parquet_location(url: str) -> tuple[AbstractFileSystem, str]:
    """(filesystem, path on it without a trailing slash) of a Parquet location."""
    try:
        fs, base = url_to_fs(url)
    except (ImportError, ValueError) as error:
        raise WarehouseError(f"cannot write Parquet to {url}: {error}") from error
    return fs, base.rstrip("/")


def _absolute_url(url: str) -> str:
    """``url`` with a relative local path made absolute, so ``warehouse.json`` means the same from any directory."""
    return url if "://" in url or "::" in url else str(Path(url).absolute())


def _same_location(first: str, second: str) -> bool:
    """Whether two Parquet locations name the same place (``/x/p`` and ``file:///x/p`` do)."""
    if first == second:
        return True
    try:
        (fs1, base1), (fs2, base2) = _open_parquet_location(first), _open_parquet_location(second)
    except WarehouseError:
        return False
    return base1 == base2 and set(_protocols(fs1)) == set(_protocols(fs2))


def _protocols(fs: AbstractFileSystem) -> tuple[str, ...]:
    return (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)


def _execute_in_transaction(con: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
    """Run ``statements`` as one transaction: all of them take effect, or (on any error or kill) none."""
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in statements:
            con.execute(statement)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> QueryResult:
    """Run ``sql`` and fetch every row; a DuckDB error becomes a ``WarehouseError`` with its message."""
    try:
        cursor = con.execute(sql)
    except duckdb.Error as error:
        raise WarehouseError(str(error)) from error
    columns = [d[0] for d in cursor.description or []]
    return QueryResult(columns=columns, rows=cursor.fetchall())


def _latest_run(con: duckdb.DuckDBPyConnection) -> str | None:
    ((run_id,),) = con.execute("SELECT max(run_id) FROM runs").fetchall()
    return run_id


def _latest_schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version that wrote the latest run (None: no run yet)."""
    ((version,),) = con.execute("SELECT max_by(schema_version, run_id) FROM runs").fetchall()
    return version


def _run_of_rows(table: Table) -> tuple[str, str]:
    """(SQL expression, FROM clause) giving the run each row of ``table`` (aliased ``t``) belongs to.

    A row's own ``run_id`` when the table has one (articles, entities, runs, rejected and loaded
    inputs); for the other article-owned tables, the run of their article.
    """
    if "run_id" in table.columns:
        return "t.run_id", f"{table.name} t"
    if table.load == "by_article":
        return "a.run_id", f"{table.name} t JOIN articles a ON a.article_id = t.article_id"
    raise ValueError(f"table {table.name} has no run_id and no article_id: its rows belong to no run")
