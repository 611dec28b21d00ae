"""Writing a query's result, or a whole table or view, to a file a spreadsheet or notebook opens (``newswh export``).

The file's suffix picks the format: ``.csv`` and ``.xlsx`` hold plain values (a list as its items
joined by "; ", a date or time as ISO text), ``.jsonl`` one JSON object per row (lists as arrays,
dates as ISO text), ``.parquet`` the query's own types. Times are in UTC, as the warehouse stores
them. Rows are streamed in batches into a temporary file beside the target, renamed into place when
complete: a failed export leaves no file behind, and an older file of that name as it was.
"""

import csv
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

BATCH_ROWS = 10_000
XLSX_MAX_ROWS = 1_048_576
"""Rows of an Excel sheet, the header included."""
XLSX_MAX_CHARS = 32_767
"""Characters of an Excel cell; xlsxwriter cuts longer text to this."""
XLSX_CUT = -2
"""What xlsxwriter's ``write`` returns when it cut a string to ``XLSX_MAX_CHARS``."""
RE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""A table or view named alone (``quotes``), exported whole; anything else is a query."""


class ExportError(Exception):
    """An export that cannot be made as asked (unknown suffix, no such table or folder, too many rows for Excel)."""


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    rows: int
    cells_cut: int = 0
    """Cells longer than an Excel cell holds, cut to ``XLSX_MAX_CHARS`` (xlsx only)."""


def cell_text(value: Any) -> str:
    """A value as plain text: dates in ISO form, lists as their items joined by "; "."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(item) for item in value)
    return str(value)


def export_result(con: duckdb.DuckDBPyConnection, query_or_table: str, path: Path) -> ExportSummary:
    """Write the result of ``query_or_table`` (a query, or a table or view named alone) to ``path``.

    Raises ``ExportError`` for an unknown suffix, a folder that does not exist or a name that is no
    table or view, ``duckdb.Error`` for a query that fails, ``OSError`` when the file cannot be written.
    """
    write = WRITERS.get(path.suffix.lower())
    if write is None:
        raise ExportError(f"cannot tell the format of {path}: name a file ending in {', '.join(WRITERS)}")
    check_output_path(path)
    con.execute("SET TimeZone = 'UTC'")  # times as the warehouse stores them, wherever the export runs
    sql = select_sql(con, query_or_table)
    with replaced_when_complete(path) as temporary:
        return write(con, sql, temporary)


def check_output_path(path: Path) -> None:
    """Raise ``ExportError`` unless ``path`` can be a new or replaced file: its folder exists and it is not one."""
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: there is no folder {path.parent}")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder; name a file in it")


@contextmanager
def replaced_when_complete(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write, moved onto ``path`` when the block ends without error.

    A failed write leaves no file behind, and an older file of that name as it was.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def select_sql(con: duckdb.DuckDBPyConnection, query_or_table: str) -> str:
    """The query to export: every row of the table or view named alone, or the query as given."""
    name = query_or_table.strip()
    if not RE_NAME.fullmatch(name):
        return query_or_table
    try:
        con.table(name)  # raises when there is no such table or view
    except duckdb.CatalogException:
        raise ExportError(f"no table or view named {name} (`newswh tables` lists them)") from None
    return f'SELECT * FROM "{name}"'


def rows_of(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], Iterator[list[tuple[Any, ...]]]]:
    """The query's column names, and its rows in batches as Python values (the query runs before this returns)."""
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description or []]

    def batches() -> Iterator[list[tuple[Any, ...]]]:
        while batch := cursor.fetchmany(BATCH_ROWS):
            yield batch

    return columns, batches()


def write_csv(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> ExportSummary:
    columns, batches = rows_of(con, sql)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for batch in batches:
            writer.writerows([cell_text(value) for value in row] for row in batch)
            rows += len(batch)
    return ExportSummary(rows)


def write_jsonl(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> ExportSummary:
    columns, batches = rows_of(con, sql)
    rows = 0
    with path.open("w", encoding="utf-8") as handle:
        for batch in batches:
            for row in batch:
                record = dict(zip(columns, row, strict=True))
                handle.write(json.dumps(record, default=cell_text, ensure_ascii=False) + "\n")
            rows += len(batch)
    return ExportSummary(rows)


def write_parquet(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> ExportSummary:
    reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
    rows = 0
    with pq.ParquetWriter(path, reader.schema) as writer:
        for batch in arrow_batches(reader):
            writer.write_batch(batch)
            rows += batch.num_rows
    return ExportSummary(rows)


def arrow_batches(reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
    """The reader's batches; the query failing midway (pyarrow raises it as an OSError) is an ``ExportError``."""
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except OSError as error:  # not a file: the reader only reads the query's rows from DuckDB
            raise ExportError(str(error)) from error
        yield batch


def write_xlsx(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> ExportSummary:
    """One sheet: the column names, then a row per row; numbers and booleans stay numbers and booleans."""
    columns, batches = rows_of(con, sql)
    rows = cut = 0
    options = {
        "constant_memory": True,  # rows go to disk as they are written, not all held until the end
        "strings_to_formulas": False,  # text is data: "=1+1" stays text, and no link or number is guessed
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": True,
    }
    with xlsxwriter.Workbook(str(path), options) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, columns)
        for batch in batches:
            if rows + len(batch) >= XLSX_MAX_ROWS:
                raise ExportError(
                    f"more than {XLSX_MAX_ROWS - 1:,} rows, the most an Excel sheet holds: "
                    "export to .csv, .jsonl or .parquet instead"
                )
            for row in batch:
                rows += 1
                for column, value in enumerate(row):
                    cut += sheet.write(rows, column, xlsx_value(value)) == XLSX_CUT
    return ExportSummary(rows, cells_cut=cut)


def xlsx_value(value: Any) -> Any:
    """Numbers, booleans and NULL as themselves (Excel's own kinds); anything else as its plain text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    return cell_text(value)


WRITERS: dict[str, Callable[[duckdb.DuckDBPyConnection, str, Path], ExportSummary]] = {
    ".csv": write_csv,
    ".jsonl": write_jsonl,
    ".parquet": write_parquet,
    ".xlsx": write_xlsx,
}
