"""What a worker process runs: the spaCy model and the extractors over a batch of articles, timed by stage.

A run's NLP happens in worker processes (or on Dask workers); each loads the model once and keeps
it for every batch it is given. Only Arrow tables travel back to the flow's process.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa
import spacy
from prefect import task
from prefect.cache_policies import NONE
from spacy.language import Language
from spacy.tokens import Doc

from schemas import ENTITIES, ENTITY_MENTIONS, NUMBERS, QUOTES, to_arrow
from transforms.articles import Article, Extraction
from transforms.entities import EntityAliases, extract_entities
from transforms.model.attributes import use_attribute_table
from transforms.numbers import extract_numbers, split_number_ranges
from transforms.quotes import (
    extract_quotes,
    person_evidence,
    quoted_word_spans,
    with_person_genders,
)
from transforms.tally import Tally

NLP_BATCH_SIZE = 16
"""Texts spaCy processes together. Measured on 600 BBC articles in one worker: 16 peaks at 360 MB and
32 at 480 MB at the same speed; 8 is 5% slower; spaCy's default, 256, holds gigabytes."""


def missing_model(name: str) -> str | None:
    """One line saying how to install the spaCy model ``name``, or None when it is installed (or a folder)."""
    if spacy.util.is_package(name) or Path(name).is_dir():
        return None
    return (
        f"the spaCy model {name!r} is not installed: install it with `pip install {name.replace('_', '-')}` "
        f"or `python -m spacy download {name}`, or pick another with --model"
    )


@cache
def load_model(name: str) -> Language:
    """The spaCy model as the extractors read its tokens, loaded once per process.

    Number ranges are split (``split_number_ranges``), and the attribute ruler's rules are applied
    as array lookups (``use_attribute_table``): the same annotations, for a fraction of its time.
    """
    return use_attribute_table(split_number_ranges(spacy.load(name)))


@dataclass
class StageSeconds(Tally):
    """Seconds spent in each stage, summed over processes (several workers run NLP at once)."""

    read: float = 0.0
    """Reading, parsing and identifying input files, in the flow's process."""
    nlp: float = 0.0
    """spaCy (including loading the model once per worker)."""
    entities: float = 0.0
    """Entity resolution: canonical names, aliases, mentions."""
    quotes: float = 0.0
    numbers: float = 0.0
    relate: float = 0.0
    """Indexing; relating articles to the warehouse (duplicates, shared quotes, stories); linking entities."""
    load: float = 0.0
    """Staging rows as Parquet and loading them into DuckDB and the Parquet dataset."""


@dataclass(frozen=True)
class ExtractedBatch:
    """The entity, mention, quote and number rows of a batch of articles, and the time each stage took."""

    tables: dict[str, pa.Table]
    seconds: StageSeconds


def extract_docs(
    docs: Iterable[Doc], article_ids: Iterable[str], *, aliases: EntityAliases | None, seconds: StageSeconds
) -> list[Extraction]:
    """Entities, quotes and numbers of each parsed article; numbers know which quotes they sit in.

    Adds to ``seconds`` the time spaCy took to yield each doc and the time of each extractor.
    """
    extractions = []
    parsed = iter(docs)
    for article_id in article_ids:
        started = time.perf_counter()
        doc = next(parsed)
        split = time.perf_counter()
        seconds.nlp += split - started
        entities = extract_entities(doc, article_id=article_id, aliases=aliases)
        started, split = split, time.perf_counter()
        seconds.entities += split - started
        evidence = person_evidence(doc, entities)
        quotes = extract_quotes(doc, article_id=article_id, entities=entities, evidence=evidence)
        started, split = split, time.perf_counter()
        seconds.quotes += split - started
        numbers = extract_numbers(
            doc,
            article_id=article_id,
            quoted_words=quoted_word_spans(quotes, evidence.marks),
            quotes=[(quote.quote_id, quote.start_char, quote.end_char) for quote in quotes],
        )
        seconds.numbers += time.perf_counter() - split
        extractions.append(
            Extraction(
                entities=entities.entities,
                mentions=with_person_genders(entities, evidence.genders),
                quotes=tuple(quotes),
                numbers=tuple(numbers),
            )
        )
    return extractions


def parse_and_extract(
    texts: Iterable[str],
    article_ids: Iterable[str],
    *,
    model: str,
    aliases: EntityAliases | None,
    seconds: StageSeconds,
) -> list[Extraction]:
    """``extract_docs`` over the model's docs for ``texts``; loading the model (once per process) counts as NLP time.

    Runs in a spaCy memory zone: the words a batch adds to the model's vocabulary are dropped after
    it, so a worker's memory does not grow with the archive.
    """
    started = time.perf_counter()
    nlp = load_model(model)
    seconds.nlp += time.perf_counter() - started
    with nlp.memory_zone():
        docs = nlp.pipe(texts, batch_size=NLP_BATCH_SIZE)
        return extract_docs(docs, article_ids, aliases=aliases, seconds=seconds)


def extract_batch(articles: list[Article], *, model: str, aliases: EntityAliases | None) -> ExtractedBatch:
    """Parse a batch of English articles and extract their rows (the work of one worker task)."""
    seconds = StageSeconds()
    extractions = parse_and_extract(
        (article.body for article in articles),
        (article.article_id for article in articles),
        model=model,
        aliases=aliases,
        seconds=seconds,
    )
    tables = {
        ENTITIES.name: to_arrow(ENTITIES, (e for x in extractions for e in x.entities)),
        ENTITY_MENTIONS.name: to_arrow(ENTITY_MENTIONS, (m for x in extractions for m in x.mentions)),
        QUOTES.name: to_arrow(QUOTES, (q for x in extractions for q in x.quotes)),
        NUMBERS.name: to_arrow(NUMBERS, (n for x in extractions for n in x.numbers)),
    }
    return ExtractedBatch(tables=tables, seconds=seconds)


@task(cache_policy=NONE)
def transform_batch(articles: list[Article], model: str, aliases: EntityAliases | None) -> ExtractedBatch:
    """``extract_batch`` as a Prefect task: what the flow sends to its worker processes or Dask workers."""
    return extract_batch(articles, model=model, aliases=aliases)
