"""Shared fixtures: the real spaCy model and a real (temporary) Prefect API, each started once per session."""

from pathlib import Path

import pytest
import spacy
from prefect.testing.utilities import prefect_test_harness
from spacy.language import Language

from flows.etl import DEFAULT_MODEL

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
"""The real news corpus beside the checkout; tests that read it skip when it is absent."""


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default English model, as the pipeline uses it."""
    return spacy.load(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API with its own database, shared by every flow test."""
    with prefect_test_harness(server_startup_timeout=60):
        yield
