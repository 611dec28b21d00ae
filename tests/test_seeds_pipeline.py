"""The whole pipeline on the two real seed articles: quotes, speakers, numbers and entity names."""

import pytest
from conftest import CORPUS

from flows.etl import etl
from warehouse import Warehouse

SEEDS = CORPUS / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"real corpus not found at {SEEDS}")


@pytest.fixture(scope="module")
def store(prefect_harness, tmp_path_factory) -> Warehouse:
    store = Warehouse(tmp_path_factory.mktemp("seeds") / "wh")
    etl(inputs=[str(SEEDS)], warehouse=str(store.root))
    return store


@pytest.mark.parametrize(
    "speaker",
    ["Tom Homan", "Matthew Albence", "Alexandria Ocasio-Cortez", "Lawrence Payne", "New York Times"],
)
def test_named_speakers_are_canonical(store, speaker):
    assert store.query(f"SELECT count(*) FROM quotes WHERE speaker = '{speaker}'").rows[0][0] >= 1


@pytest.mark.parametrize(
    ("text", "counted"),
    [("35%", None), ("5,000", "criminal"), ("100", "officer"), ("two", "official")],
)
def test_numbers_come_out_with_what_they_count(store, text, counted):
    rows = store.query(f"SELECT counted, kind FROM numbers WHERE text LIKE '%{text}'").rows
    assert rows, f"{text} not extracted"
    if counted:
        assert (counted, "count") in rows


def test_no_malformed_entity_names(store):
    names = [name for (name,) in store.query("SELECT name FROM entities").rows]
    assert names
    bad = [
        name
        for name in names
        if name.endswith(("’s", "'s", "’", " and")) or name.lower().startswith("the ") or "\n" in name
    ]
    assert bad == []
