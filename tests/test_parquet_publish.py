"""Parquet published one file per run per table: real DuckDB files and real Parquet on disk or in memory."""

import json
import os
import uuid

import duckdb
import fsspec
import pyarrow.parquet as pq
import pytest
from conftest import article_row, run_row

from schemas import ARTICLES, ENTITIES, ENTITY_MENTIONS, PUBLISHED_TABLES, QUOTES, RUNS, TABLES, to_arrow
from warehouse import Warehouse, WarehouseError
from warehouse.store import MANIFEST_FILE, SETTINGS_FILE

BY_ARTICLE_CHILDREN = [name for name, table in TABLES.items() if table.load == "by_article" and name != "articles"]


def stage_article(store: Warehouse, run_id: str, article_id: str, body: str, people: list[str]) -> None:
    """Stage one article mentioning each of ``people`` and quoting the first, as the flow would (no entities.run_id)."""
    entities = [{"entity_id": f"entity-{person}", "name": person, "type": "PERSON"} for person in people]
    mentions = [
        {
            "mention_id": f"{article_id}-m{number}",
            "article_id": article_id,
            "entity_id": f"entity-{person}",
            "text": person,
            "start_char": 0,
            "end_char": len(person),
            "label": "PERSON",
            "linked": False,
            "gender": "unknown",
        }
        for number, person in enumerate(people)
    ]
    quote = {
        "quote_id": f"{article_id}-q",
        "article_id": article_id,
        "text": "“The ferry will run again in spring,”",
        "start_char": 12,
        "end_char": 49,
        "cue": "said",
        "speaker": people[0],
        "speaker_entity_id": f"entity-{people[0]}",
        "speaker_text": people[0],
        "speaker_start": 0,
        "speaker_end": len(people[0]),
        "kind": "direct",
        "cue_type": "speech",
        "statement_id": None,
        "speaker_gender": None,
    }
    store.stage(
        run_id,
        {
            ARTICLES.name: to_arrow(ARTICLES, [article_row(article_id, body, run_id)]),
            ENTITIES.name: to_arrow(ENTITIES, entities),
            ENTITY_MENTIONS.name: to_arrow(ENTITY_MENTIONS, mentions),
            QUOTES.name: to_arrow(QUOTES, [quote] if people else []),
        },
    )


def load(store: Warehouse, run_id: str, articles: list[tuple[str, str, list[str]]]):
    for article_id, body, people in articles:
        stage_article(store, run_id, article_id, body, people)
    store.stage(run_id, {RUNS.name: to_arrow(RUNS, [run_row(run_id)])})
    return store.load_run(run_id)


def sort_rows(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: str(list(row.values())))


def duckdb_rows(store: Warehouse, name: str) -> list[dict]:
    result = store.query(f"SELECT * FROM {name}")
    return sort_rows([dict(zip(result.columns, row, strict=True)) for row in result.rows])


def run_of_each_row(store: Warehouse, name: str) -> dict[str, list]:
    """DuckDB's answer to which run each row of a table belongs to: {run_id: sorted rows}."""
    table = TABLES[name]
    if "run_id" in table.columns:
        sql = f"SELECT t.run_id AS run_of_row, t.* FROM {name} t"
    else:
        sql = f"SELECT a.run_id AS run_of_row, t.* FROM {name} t JOIN articles a USING (article_id)"
    result = store.query(sql)
    runs: dict[str, list] = {}
    for row in result.rows:
        runs.setdefault(row[0], []).append(dict(zip(result.columns[1:], row[1:], strict=True)))
    return {run: sort_rows(rows) for run, rows in runs.items()}


def parquet_by_run(store: Warehouse, name: str) -> dict[str, list]:
    """The rows of each published file of a table, read through the warehouse's filesystem: {run_id: sorted rows}."""
    runs = {}
    for path in store.parquet_files(TABLES[name]):
        run = os.path.basename(path).removeprefix("run-").removesuffix(".parquet")
        with store.parquet_fs.open(path, "rb") as handle:
            runs[run] = sort_rows(pq.read_table(handle).to_pylist())
    return runs


def assert_parquet_matches_duckdb(store: Warehouse) -> None:
    """Every table: one file per run holding exactly DuckDB's rows of that run, and the manifest agrees."""
    with store.parquet_fs.open(f"{store.parquet_base}/{MANIFEST_FILE}", "rb") as handle:
        manifest = json.loads(handle.read())
    assert manifest["run_id"] == store.query("SELECT max(run_id) FROM runs").rows[0][0]
    for name in PUBLISHED_TABLES:
        assert parquet_by_run(store, name) == run_of_each_row(store, name), name
        assert sort_rows(store.read_parquet(TABLES[name]).to_pylist()) == duckdb_rows(store, name), name
        assert manifest["rows"][name] == store.row_counts()[name], name
        listed = {entry["path"]: entry["rows"] for entry in manifest["files"][name]}
        assert listed == {
            f"{name}/run-{run}.parquet": len(rows) for run, rows in run_of_each_row(store, name).items()
        }, name


def file_states(store: Warehouse) -> dict[str, tuple[int, int, bytes]]:
    """(inode, mtime_ns, bytes) of every published Parquet file."""
    states = {}
    for table in PUBLISHED_TABLES.values():
        for path in store.parquet_files(table):
            info = os.stat(path)
            with open(path, "rb") as handle:
                states[path] = (info.st_ino, info.st_mtime_ns, handle.read())
    return states


@pytest.fixture
def store(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "wh")


def test_each_run_gets_its_own_file_per_table(store):
    report = load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"])])
    assert not report.full_republish and report.files_written == 5  # an empty warehouse: its own files only
    load(store, "run-2", [("a2", "Ilya Brand spoke.", ["Ilya Brand", "Mara Quint"])])
    for name in ("articles", "entity_mentions", "quotes", "runs"):
        assert [os.path.basename(p) for p in store.parquet_files(TABLES[name])] == [
            "run-run-1.parquet",
            "run-run-2.parquet",
        ], name
    assert store.parquet_files(TABLES["rejected_inputs"]) == []  # no rows, no file
    # entities: Mara Quint was first loaded by run-1, so run-2's file holds Ilya Brand only
    assert parquet_by_run(store, "entities") == {
        "run-1": [{"entity_id": "entity-Mara Quint", "name": "Mara Quint", "type": "PERSON", "run_id": "run-1"}],
        "run-2": [{"entity_id": "entity-Ilya Brand", "name": "Ilya Brand", "type": "PERSON", "run_id": "run-2"}],
    }
    assert_parquet_matches_duckdb(store)


def test_a_run_without_replacements_rewrites_no_older_file(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"]), ("a2", "Ilya Brand spoke.", ["Ilya Brand"])])
    before = file_states(store)
    report = load(store, "run-2", [("a3", "Oren Vale spoke to Mara Quint.", ["Oren Vale", "Mara Quint"])])
    after = file_states(store)
    assert {path: after[path] for path in before} == before  # same inode, mtime and bytes
    assert sorted(os.path.basename(path) for path in set(after) - set(before)) == ["run-run-2.parquet"] * 5
    assert not report.full_republish and report.files_written == 5 and report.files_deleted == 0
    assert_parquet_matches_duckdb(store)


def test_a_replaced_article_moves_its_rows_to_the_new_runs_file(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"]), ("a2", "Ilya Brand spoke.", ["Ilya Brand"])])
    load(store, "run-2", [("a1", "Mara Quint spoke again, later.", ["Mara Quint"])])
    articles = parquet_by_run(store, "articles")
    assert [row["article_id"] for row in articles["run-1"]] == ["a2"]
    assert [(row["article_id"], row["body"]) for row in articles["run-2"]] == [("a1", "Mara Quint spoke again, later.")]
    for name in BY_ARTICLE_CHILDREN:
        files = parquet_by_run(store, name)
        assert {row["article_id"] for row in files.get("run-1", [])} <= {"a2"}, name
        assert {row["article_id"] for row in files.get("run-2", [])} <= {"a1"}, name
    assert_parquet_matches_duckdb(store)


def test_a_file_left_without_rows_is_deleted(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"])])
    load(store, "run-2", [("a1", "Mara Quint spoke again, later.", ["Mara Quint"])])
    for name in ("articles", "entity_mentions", "quotes"):
        assert [os.path.basename(p) for p in store.parquet_files(TABLES[name])] == ["run-run-2.parquet"], name
    assert len(store.parquet_files(TABLES["runs"])) == 2  # runs are never taken away
    assert_parquet_matches_duckdb(store)


def test_an_orphaned_entity_disappears_from_its_runs_file(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"]), ("a2", "Ilya Brand spoke.", ["Ilya Brand"])])
    load(store, "run-2", [("a1", "Now Ilya Brand spoke alone.", ["Ilya Brand"])])
    assert store.query("SELECT name, run_id FROM entities").rows == [("Ilya Brand", "run-1")]
    assert [row["name"] for row in parquet_by_run(store, "entities")["run-1"]] == ["Ilya Brand"]
    assert "run-2" not in parquet_by_run(store, "entities")  # Ilya Brand is still run-1's
    load(store, "run-3", [("a1", "Oren Vale took over.", ["Oren Vale"]), ("a2", "Oren Vale again.", ["Oren Vale"])])
    assert parquet_by_run(store, "entities").keys() == {"run-3"}  # run-1's entities file ended empty: deleted
    assert_parquet_matches_duckdb(store)


def test_orphan_cleanup_looks_only_at_this_loads_entities(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"])])
    with duckdb.connect(str(store.db_path)) as con:  # an entity no article mentions, left by something else
        con.execute("INSERT INTO entities VALUES ('entity-Stray', 'Stray', 'PERSON', 'run-1')")
    load(store, "run-2", [("a2", "Ilya Brand spoke.", ["Ilya Brand"])])
    assert "Stray" in [name for (name,) in store.query("SELECT name FROM entities").rows]
    statements = " ".join(store.load_statements("run-3"))
    assert "NOT IN (SELECT entity_id FROM entity_mentions WHERE entity_id IS NOT NULL" not in statements
    # a staged entity that no staged row mentions is still not kept
    stage_article(store, "run-3", "a3", "Oren Vale spoke.", ["Oren Vale"])
    store.stage("run-3", {ENTITIES.name: to_arrow(ENTITIES, [{"entity_id": "e-x", "name": "Nobody", "type": "ORG"}])})
    store.stage("run-3", {RUNS.name: to_arrow(RUNS, [run_row("run-3")])})
    store.load_run("run-3")
    assert store.query("SELECT count(*) FROM entities WHERE entity_id = 'e-x'").rows == [(0,)]


def make_v4_warehouse(store: Warehouse) -> None:
    """A warehouse as schema version 4 left it: no entities.run_id, one data.parquet per table, old manifest."""
    load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"])])
    load(store, "run-2", [("a2", "Ilya Brand met Mara Quint.", ["Ilya Brand", "Mara Quint"])])
    parquet = store.root / "parquet"
    with duckdb.connect(str(store.db_path)) as con:
        con.execute("ALTER TABLE entities DROP COLUMN run_id")
        con.execute("INSERT INTO entities VALUES ('entity-Unmentioned', 'Unmentioned', 'ORG')")
        for name in PUBLISHED_TABLES:
            (parquet / name).mkdir(parents=True, exist_ok=True)
            for path in (parquet / name).glob("*.parquet"):
                path.unlink()
            con.execute(f"COPY {name} TO '{parquet / name / 'data.parquet'}' (FORMAT parquet)")
    (parquet / MANIFEST_FILE).write_text(json.dumps({"run_id": "run-2", "rows": {}}), encoding="utf-8")


def test_recover_republishes_a_v4_warehouse_in_the_new_layout(store):
    make_v4_warehouse(store)
    done = store.recover()
    assert "republished Parquet for run run-2" in done
    assert not list((store.root / "parquet").glob("*/data.parquet"))
    assert store.query("SELECT name, run_id FROM entities ORDER BY name").rows == [
        ("Ilya Brand", "run-2"),
        ("Mara Quint", "run-1"),  # the earliest run of an article that mentions it
        ("Unmentioned", "run-1"),  # mentioned by none: the earliest run
    ]
    assert_parquet_matches_duckdb(store)
    assert store.recover() == []  # now current: nothing to do


def test_a_load_on_a_v4_warehouse_republishes_everything(store):
    make_v4_warehouse(store)
    report = load(store, "run-3", [("a3", "Oren Vale spoke.", ["Oren Vale"])])
    assert report.full_republish
    assert not list((store.root / "parquet").glob("*/data.parquet"))
    assert_parquet_matches_duckdb(store)


def test_recover_republishes_after_a_kill_between_files(store):
    load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"])])
    load(store, "run-2", [("a1", "Mara Quint spoke again, later.", ["Mara Quint"])])
    parquet = store.root / "parquet"
    # as a kill mid-publish leaves it: the manifest still names run-1, an old file back, a half-written one
    (parquet / "articles" / ".run-run-2.parquet.tmp").write_bytes(b"PAR1 half")
    with duckdb.connect(str(store.db_path)) as con:
        con.execute(f"COPY (SELECT * FROM articles) TO '{parquet / 'articles' / 'run-run-1.parquet'}' (FORMAT parquet)")
    manifest = json.loads((parquet / MANIFEST_FILE).read_text(encoding="utf-8"))
    (parquet / MANIFEST_FILE).write_text(json.dumps(manifest | {"run_id": "run-1"}), encoding="utf-8")
    done = store.recover()
    assert any("half-written" in line for line in done) and "republished Parquet for run run-2" in done
    assert not list(parquet.glob("*/.*.tmp"))
    assert_parquet_matches_duckdb(store)


def load_three_runs(store: Warehouse) -> None:
    load(store, "run-1", [("a1", "Mara Quint spoke.", ["Mara Quint"]), ("a2", "Ilya Brand spoke.", ["Ilya Brand"])])
    load(store, "run-2", [("a3", "Oren Vale spoke.", ["Oren Vale", "Ilya Brand"])])
    load(store, "run-3", [("a1", "Now Ilya Brand spoke alone.", ["Ilya Brand"])])


def test_parquet_at_a_file_url_in_another_directory(tmp_path):
    elsewhere = tmp_path / "exported" / "news"
    store = Warehouse(tmp_path / "wh", parquet_url=elsewhere.as_uri())
    load_three_runs(store)
    assert not (tmp_path / "wh" / "parquet").exists()
    assert (elsewhere / MANIFEST_FILE).exists()
    assert_parquet_matches_duckdb(store)
    quotes = duckdb.execute(f"SELECT count(*) FROM read_parquet('{elsewhere}/quotes/*.parquet')").fetchone()[0]
    assert quotes == store.row_counts()["quotes"] == 3
    (elsewhere / MANIFEST_FILE).unlink()
    assert store.recover() == ["republished Parquet for run run-3"]
    assert_parquet_matches_duckdb(store)


def test_parquet_at_a_memory_url(tmp_path):
    base = f"/news-{uuid.uuid4().hex}"
    memory = fsspec.filesystem("memory")
    store = Warehouse(tmp_path / "wh", parquet_url=f"memory://{base}")
    try:
        load_three_runs(store)
        assert_parquet_matches_duckdb(store)
        published = memory.find(base)
        assert f"{base}/{MANIFEST_FILE}" in published
        assert not [path for path in published if path.endswith(".tmp")]  # written directly: no temporaries
        with memory.open(f"{base}/articles/run-run-3.parquet", "rb") as handle:
            assert pq.read_table(handle).column("article_id").to_pylist() == ["a1"]
        memory.rm(f"{base}/{MANIFEST_FILE}")
        assert store.recover() == ["republished Parquet for run run-3"]
        assert_parquet_matches_duckdb(store)
    finally:
        memory.rm(base, recursive=True)


def test_an_unknown_url_scheme_is_a_warehouse_error(tmp_path):
    with pytest.raises(WarehouseError, match="cannot write Parquet to nosuchscheme://"):
        Warehouse(tmp_path / "wh", parquet_url="nosuchscheme://bucket/news")


def remembered(root) -> dict | None:
    path = root / SETTINGS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def test_the_parquet_location_is_remembered_for_callers_that_do_not_pass_it(tmp_path):
    root, elsewhere = tmp_path / "wh", tmp_path / "exported" / "news"
    load_three_runs(Warehouse(root, parquet_url=elsewhere.as_uri()))
    assert remembered(root) == {"parquet_url": elsewhere.as_uri()}
    plain = Warehouse(root)  # as `newswh status`, `sql`, `serve` and a later run open it
    assert plain.parquet_url == elsewhere.as_uri() and plain.parquet_base == str(elsewhere)
    assert plain.try_recover() == []  # the manifest there is at DuckDB's latest run: nothing to republish
    assert plain.published_run() == "run-3"
    assert not (root / "parquet").exists()
    assert_parquet_matches_duckdb(plain)
    report = load(plain, "run-4", [("a4", "Oren Vale spoke once more.", ["Oren Vale"])])
    assert not report.full_republish and not (root / "parquet").exists()
    assert remembered(root) == {"parquet_url": elsewhere.as_uri()}
    assert_parquet_matches_duckdb(plain)


def test_reading_with_another_location_records_nothing(tmp_path):
    root, elsewhere, other = tmp_path / "wh", tmp_path / "exported", tmp_path / "other"
    load_three_runs(Warehouse(root, parquet_url=str(elsewhere)))
    reader = Warehouse(root, parquet_url=str(other))
    assert reader.query("SELECT count(*) FROM articles").rows == [(3,)]
    assert len(reader.rows_of_articles(TABLES["articles"], ["a1", "a2"], ["article_id"])) == 2
    assert reader.known_inputs(["x"]) == set() and reader.busy_with() is None
    reader.row_counts(), reader.recent_runs(), reader.parquet_files(TABLES["articles"])
    assert remembered(root) == {"parquet_url": str(elsewhere)}
    assert not other.exists()


def test_a_new_location_gets_the_full_dataset_and_the_old_one_is_left_alone(tmp_path):
    root, first, second = tmp_path / "wh", tmp_path / "first", tmp_path / "second"
    load_three_runs(Warehouse(root, parquet_url=first.as_uri()))
    old_files = {path: path.read_bytes() for path in first.rglob("*") if path.is_file()}
    moved = Warehouse(root, parquet_url=str(second))
    report = load(moved, "run-4", [("a4", "Oren Vale spoke once more.", ["Oren Vale"])])
    assert report.full_republish  # no manifest at the new place: every run's files
    assert remembered(root) == {"parquet_url": str(second)}
    assert_parquet_matches_duckdb(moved)
    assert {os.path.basename(p) for p in moved.parquet_files(TABLES["runs"])} == {
        f"run-run-{n}.parquet" for n in range(1, 5)
    }
    assert {path: path.read_bytes() for path in first.rglob("*") if path.is_file()} == old_files  # the user's to remove
    assert not (root / "parquet").exists()
    later = Warehouse(root)
    assert later.parquet_base == str(second) and later.published_run() == "run-4"
    assert_parquet_matches_duckdb(later)


def test_recover_records_a_new_location_and_republishes_there(tmp_path):
    root, first, second = tmp_path / "wh", tmp_path / "first", tmp_path / "second"
    load_three_runs(Warehouse(root, parquet_url=str(first)))
    moved = Warehouse(root, parquet_url=second.as_uri())
    assert remembered(root) == {"parquet_url": str(first)}  # opening it records nothing
    assert moved.try_recover() == [
        f"Parquet is published to {second.as_uri()} from now on",
        "republished Parquet for run run-3",
    ]
    assert remembered(root) == {"parquet_url": second.as_uri()}
    assert not (root / f".{SETTINGS_FILE}.tmp").exists()
    assert_parquet_matches_duckdb(Warehouse(root))
    assert Warehouse(root, parquet_url=str(second)).recover() == []  # the same place, spelled as a path


def test_choosing_the_default_location_again_forgets_the_other(tmp_path):
    root = tmp_path / "wh"
    load_three_runs(Warehouse(root, parquet_url=str(tmp_path / "first")))
    back = Warehouse(root, parquet_url=str(root / "parquet"))
    assert "republished Parquet for run run-3" in back.recover()
    assert remembered(root) is None  # absent: the default
    assert Warehouse(root).parquet_base == str(root / "parquet")
    assert_parquet_matches_duckdb(Warehouse(root))


def test_a_relative_location_is_remembered_as_an_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    load_three_runs(Warehouse(tmp_path / "wh", parquet_url="exported/news"))
    assert remembered(tmp_path / "wh") == {"parquet_url": str(tmp_path / "exported" / "news")}


def test_a_default_warehouse_writes_no_settings_file(store):
    load_three_runs(store)
    store.recover()
    assert remembered(store.root) is None


def test_an_unreadable_settings_file_is_a_warehouse_error(tmp_path):
    (tmp_path / "wh").mkdir()
    (tmp_path / "wh" / SETTINGS_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(WarehouseError, match=r"warehouse\.json"):
        Warehouse(tmp_path / "wh")
