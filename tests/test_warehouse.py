"""Warehouse loads on a real DuckDB file: idempotent, replacing, atomic, and agreeing with Parquet."""

import subprocess
import sys
import time

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import article_row, run_row

from schemas import ARTICLES, ENTITIES, ENTITY_MENTIONS, PUBLISHED_TABLES, QUOTES, RUNS, TABLES, to_arrow
from warehouse import Warehouse, WarehouseError


def stage_article(store: Warehouse, run_id: str, article_id: str, body: str, person: str) -> None:
    """Stage one article mentioning and quoting ``person``."""
    entity_id = f"entity-{person}"
    store.stage(
        run_id,
        {
            ARTICLES.name: to_arrow(ARTICLES, [article_row(article_id, body, run_id)]),
            ENTITIES.name: to_arrow(ENTITIES, [{"entity_id": entity_id, "name": person, "type": "PERSON"}]),
            ENTITY_MENTIONS.name: to_arrow(
                ENTITY_MENTIONS,
                [
                    {
                        "mention_id": f"{article_id}-m",
                        "article_id": article_id,
                        "entity_id": entity_id,
                        "text": person,
                        "start_char": 0,
                        "end_char": len(person),
                        "label": "PERSON",
                        "linked": False,
                        "gender": "unknown",
                    }
                ],
            ),
            QUOTES.name: to_arrow(
                QUOTES,
                [
                    {
                        "quote_id": f"{article_id}-q",
                        "article_id": article_id,
                        "text": "“We will reopen the docks,”",
                        "start_char": 10,
                        "end_char": 37,
                        "cue": "said",
                        "speaker": person,
                        "speaker_entity_id": entity_id,
                        "speaker_text": person,
                        "speaker_start": 0,
                        "speaker_end": len(person),
                        "kind": "direct",
                        "cue_type": "speech",
                        "statement_id": None,
                        "speaker_gender": None,
                    }
                ],
            ),
        },
    )


def load(store: Warehouse, run_id: str, articles: list[tuple[str, str, str]]) -> None:
    for article_id, body, person in articles:
        stage_article(store, run_id, article_id, body, person)
    store.stage(run_id, {RUNS.name: to_arrow(RUNS, [run_row(run_id)])})
    store.load_run(run_id)


def parquet_rows(store: Warehouse, name: str) -> list[dict]:
    table = TABLES[name]
    return sorted(pq.read_table(store.parquet_files(table)).to_pylist(), key=lambda row: str(list(row.values())))


def duckdb_rows(store: Warehouse, name: str) -> list[dict]:
    result = store.query(f"SELECT * FROM {name}")
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return sorted(rows, key=lambda row: str(list(row.values())))


@pytest.fixture
def store(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "wh")


def test_load_creates_duckdb_and_parquet_with_the_same_rows(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint"), ("a2", "Ilya Brand spoke.", "Ilya Brand")])
    counts = store.row_counts()
    assert counts["articles"] == 2 and counts["quotes"] == 2 and counts["entities"] == 2 and counts["runs"] == 1
    for name in PUBLISHED_TABLES:
        assert parquet_rows(store, name) == duckdb_rows(store, name), name
    assert not store.run_staging_dir("run-1").exists()


def test_reloading_the_same_article_keeps_one_copy(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    before = store.row_counts()
    load(store, "run-2", [("a1", "Mara Quint spoke.", "Mara Quint")])
    after = store.row_counts()
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}
    assert after["runs"] == 2


def test_a_changed_article_replaces_its_rows_and_drops_orphaned_entities(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    load(store, "run-2", [("a1", "Ilya Brand spoke instead.", "Ilya Brand")])
    assert store.query("SELECT body, run_id FROM articles").rows == [("Ilya Brand spoke instead.", "run-2")]
    assert store.query("SELECT speaker FROM quotes").rows == [("Ilya Brand",)]
    assert store.query("SELECT name FROM entities").rows == [("Ilya Brand",)]
    for name in PUBLISHED_TABLES:
        assert parquet_rows(store, name) == duckdb_rows(store, name), name


def test_a_failure_mid_load_leaves_the_previous_state(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    before = {name: duckdb_rows(store, name) for name in TABLES}
    stage_article(store, "run-2", "a2", "Ilya Brand spoke.", "Ilya Brand")
    store.stage("run-2", {RUNS.name: to_arrow(RUNS, [run_row("run-2")])})
    # A quote whose id is already taken breaks the primary key after the articles were inserted.
    broken = duckdb_rows(store, "quotes")[0] | {"article_id": "a2"}
    store.stage("run-2", {QUOTES.name: to_arrow(QUOTES, [broken])})
    with pytest.raises(Exception, match=r"(?i)constraint|duplicate"):
        store.load_run("run-2")
    assert {name: duckdb_rows(store, name) for name in TABLES} == before
    for name in PUBLISHED_TABLES:
        assert parquet_rows(store, name) == before[name], name


def test_rows_of_articles_reports_loaded_articles_only(store):
    columns = ["article_id", "content_hash", "extraction_key"]
    assert store.rows_of_articles(ARTICLES, ["a1"], columns) == []
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    assert store.rows_of_articles(ARTICLES, ["a1", "zz"], columns) == [
        {"article_id": "a1", "content_hash": "hash-of-Mara Quint spoke.", "extraction_key": "model-v1"}
    ]


def test_queries_are_read_only(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    with pytest.raises(WarehouseError, match="read-only"):
        store.query("DELETE FROM articles")
    assert store.row_counts()["articles"] == 1


def test_a_missing_warehouse_says_how_to_make_one(store):
    with pytest.raises(WarehouseError, match="newswh run"):
        store.query("SELECT 1")


def test_bad_sql_is_a_warehouse_error(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    with pytest.raises(WarehouseError, match="nosuchtable"):
        store.query("SELECT * FROM nosuchtable")


def test_an_older_warehouse_gains_the_columns_added_since(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    with duckdb.connect(str(store.db_path)) as con:  # as schema version 1 wrote it: no quotes.kind nor what follows
        for name in ("speaker_gender", "statement_id", "cue_type", "kind"):
            con.execute(f"ALTER TABLE quotes DROP COLUMN {name}")
    load(store, "run-2", [("a2", "Ilya Brand spoke.", "Ilya Brand")])
    assert store.query("SELECT article_id, kind FROM quotes ORDER BY 1").rows == [("a1", None), ("a2", "direct")]
    comment = store.query("SELECT comment FROM duckdb_columns() WHERE table_name = 'quotes' AND column_name = 'kind'")
    assert comment.rows[0][0].startswith("direct:")
    for name in PUBLISHED_TABLES:
        assert parquet_rows(store, name) == duckdb_rows(store, name), name


def test_a_warehouse_this_version_cannot_migrate_is_refused_clearly(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    with duckdb.connect(str(store.db_path)) as con:
        con.execute("ALTER TABLE quotes RENAME COLUMN cue TO attribution")
    with pytest.raises(WarehouseError, match="incompatible version"):
        load(store, "run-2", [("a2", "Ilya Brand spoke.", "Ilya Brand")])


def test_a_reader_waits_while_a_writer_holds_the_database(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    holder = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(1.5)"
    writer = subprocess.Popen([sys.executable, "-c", holder, str(store.db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "held"
        started = time.monotonic()
        assert store.query("SELECT count(*) FROM articles").rows == [(1,)]
        assert time.monotonic() - started > 0.3  # it waited for the writer instead of failing
    finally:
        writer.wait(timeout=30)


def test_keys_are_checked_by_the_load_not_declared(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", "Mara Quint")])
    # no declared key: DuckDB would keep an ART index that every checkpoint rewrites whole
    assert store.query("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").rows == [(0,)]
    stage_article(store, "run-2", "a2", "Ilya Brand spoke.", "Ilya Brand")
    store.stage("run-2", {RUNS.name: to_arrow(RUNS, [run_row("run-1")])})  # a run id already loaded
    with pytest.raises(Exception, match=r"duplicate key: runs\.run_id run-1"):
        store.load_run("run-2")
    assert store.row_counts()["articles"] == 1
