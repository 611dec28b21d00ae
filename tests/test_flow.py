"""The ETL flow end to end through Prefect: real files in, a real warehouse out."""

import gzip
import hashlib
import json
import os
from pathlib import Path
from uuid import UUID

import fsspec
import pytest
from click.testing import CliRunner
from fsspec.implementations.memory import MemoryFileSystem
from prefect import get_client
from prefect.artifacts import Artifact
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogWorker

from flows.cli import RUN_PARAMETERS, main
from flows.etl import DEFAULT_MODEL, SKIPPED, etl
from flows.runs import RunCounts
from schemas import PUBLISHED_TABLES, TABLES
from warehouse import Warehouse

HARBOR = """Dock workers at the Port of Calloway walked off the job on Monday, halting 40 cranes.

“We have waited three years for a fair contract,” said Dana Whitlock, the president of the Calloway Dockworkers Union (CDU). “We will not wait three more.”

The port authority said about 1,200 containers were stuck on the quay. Whitlock said the CDU represents 2,300 members.
"""

WIRE_RECORDS = [
    {
        "url": "https://ledger.example/port-talks",
        "title": "Port talks resume",
        "outlet": "Valley Ledger",
        "published": "2026-03-04",
        "authors": ["Ines Moravec"],
        "text": "Negotiators for the port and the union met again on Tuesday.\n\n"
        "“Both sides want the cranes moving,” mediator Paul Ferrante told reporters. "
        "He said two sessions were planned.",
    },
    {
        "url": "https://ledger.example/port-cost",
        "title": "Strike costs mount",
        "outlet": "Valley Ledger",
        "text": "Shippers lose $4.5 million a day while the Port of Calloway is closed, "
        "according to the Calloway Chamber of Commerce. Roughly 35% of the region's exports pass through the port.",
    },
]

FRENCH = (
    "Les dockers du port de Calloway ont cessé le travail lundi. Le syndicat réclame une hausse des salaires "
    "et de meilleures conditions de sécurité pour tous les travailleurs du quai."
)


def write_inputs(folder: Path, records: list[dict]) -> None:
    """Good articles in several formats, plus one bad input of each kind."""
    (folder / "sub").mkdir(parents=True)
    (folder / "harbor.txt").write_text(HARBOR, encoding="utf-8")
    (folder / "sub" / "harbor-copy.txt").write_text(HARBOR.replace("\n", "\r\n"), encoding="utf-8")
    lines = [json.dumps(record) for record in records] + ['{"title": "broken', json.dumps({"title": "no text"})]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "quai.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (folder / "truncated.jsonl.gz").write_bytes(gzip.compress(b'{"text": "cut short"}\n' * 50)[:40])
    (folder / "notes.md").write_text("not an article type: skipped inside folders", encoding="utf-8")


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    write_inputs(folder, WIRE_RECORDS)
    return folder


def table_counts(store: Warehouse) -> dict[str, int]:
    return {name: rows for name, rows in store.row_counts().items() if name not in ("runs", "rejected_inputs")}


def test_flow_loads_articles_and_rejects_bad_inputs(prefect_harness, inputs, tmp_path):
    store = Warehouse(tmp_path / "wh")
    summary = etl(inputs=[str(inputs)], warehouse=str(store.root))

    assert summary["articles_new"] == 4  # harbor, two wire records, the French one
    assert summary["articles_duplicate"] == 1  # harbor-copy.txt has the same text
    assert summary["articles_not_english"] == 1
    assert summary["rejected"] == 6
    assert summary["quotes"] >= 3 and summary["numbers"] >= 5 and summary["entity_mentions"] >= 5
    assert set(summary["seconds"]) == {"read", "nlp", "entities", "quotes", "numbers", "relate", "load"}
    assert summary["seconds"]["nlp"] > 0 and summary["seconds"]["read"] > 0 and summary["seconds"]["load"] > 0

    reasons = dict(store.query("SELECT source, reason FROM rejected_inputs").rows)
    assert {Path(source.split("#")[0]).name for source in reasons} == {
        "empty.txt", "blob.txt", "menu.html", "truncated.jsonl.gz", "wire.jsonl"
    }  # fmt: skip
    assert all(len(reason) >= 10 for reason in reasons.values())

    def speakers_of(opening: str) -> list[tuple]:
        return store.query(f"SELECT speaker FROM quotes WHERE starts_with(text, '“{opening}')").rows

    assert speakers_of("We have waited") == [("Dana Whitlock",)]
    assert speakers_of("Both sides want") == [("Paul Ferrante",)]
    spans = "SELECT count(*) FROM {table} JOIN articles USING (article_id) WHERE substr(body, start_char + 1, end_char - start_char) <> {table}.text"
    for table in ("quotes", "numbers", "entity_mentions"):
        assert store.query(spans.format(table=table)).rows == [(0,)], table
    articles = store.query("SELECT title, outlet, authors, language FROM articles WHERE url IS NOT NULL ORDER BY title")
    assert articles.rows[0] == ("Port talks resume", "Valley Ledger", ["Ines Moravec"], "en")
    assert store.query("SELECT language FROM articles WHERE body LIKE 'Les dockers%'").rows == [("fr",)]
    assert store.query(
        "SELECT count(*) FROM quotes q JOIN articles a USING (article_id) WHERE a.language = 'fr'"
    ).rows == [(0,)]

    for name, table in PUBLISHED_TABLES.items():
        assert store.read_parquet(table).num_rows == store.row_counts()[name], name


def test_rerun_changes_nothing_and_changed_article_replaces(prefect_harness, inputs, tmp_path):
    store = Warehouse(tmp_path / "wh")
    etl(inputs=[str(inputs)], warehouse=str(store.root))
    before = table_counts(store)
    body_before = store.query("SELECT body FROM articles ORDER BY article_id").rows

    again = etl(inputs=[str(inputs)], warehouse=str(store.root))
    assert again["files_read"] == again["files_unchanged"] == 8  # the ledger skips every file, bad ones too
    assert again["articles_new"] == again["rejected"] == 0
    assert again["run_id"] is None  # nothing new: not even a runs row
    assert table_counts(store) == before
    assert store.query("SELECT body FROM articles ORDER BY article_id").rows == body_before

    edited = [dict(WIRE_RECORDS[0], text=WIRE_RECORDS[0]["text"] + " A third session is set for Friday.")]
    (inputs / "wire.jsonl").write_text(json.dumps(edited[0]) + "\n", encoding="utf-8")
    changed = etl(inputs=[str(inputs / "wire.jsonl")], warehouse=str(store.root))
    assert changed["articles_replaced"] == 1 and changed["articles_new"] == 0
    assert table_counts(store)["articles"] == before["articles"]
    bodies = store.query("SELECT body FROM articles WHERE url = 'https://ledger.example/port-talks'").rows
    assert bodies == [(edited[0]["text"],)]
    assert store.query("SELECT count(*) FROM runs").rows == [(2,)]


def test_cli_run_then_sql_in_each_format(prefect_harness, inputs, tmp_path):
    runner = CliRunner()
    warehouse = str(tmp_path / "wh")
    result = runner.invoke(main, ["run", str(inputs / "harbor.txt"), "--warehouse", warehouse, "--outlet", "Gazette"])
    assert result.exit_code == 0, result.output
    assert "articles new" in result.output and "quotes" in result.output
    assert "seconds per stage" in result.output
    again = runner.invoke(
        main, ["run", str(inputs / "harbor.txt"), "--warehouse", warehouse, "--outlet", "Gazette", "--json"]
    )
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert summary["files_unchanged"] == 1 and summary["tables"]["articles"] == 1

    query = "SELECT outlet, count(*) AS n FROM articles GROUP BY 1"
    table = runner.invoke(main, ["sql", query, "--warehouse", warehouse])
    assert table.exit_code == 0 and "Gazette" in table.output and "(1 row)" in table.output
    as_csv = runner.invoke(main, ["sql", query, "--warehouse", warehouse, "--format", "csv"])
    assert as_csv.output == "outlet,n\nGazette,1\n"
    as_json = runner.invoke(main, ["sql", query, "--warehouse", warehouse, "--format", "json"])
    assert json.loads(as_json.output) == [{"outlet": "Gazette", "n": 1}]


def test_cli_user_errors_exit_1_without_traceback(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["sql", "SELECT 1", "--warehouse", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "newswh run" in missing.output and "Traceback" not in missing.output


def test_aliases_merge_names_and_a_changed_aliases_file_re_resolves_without_the_model(
    prefect_harness, inputs, tmp_path
):
    store = Warehouse(tmp_path / "wh")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical_name,type\nDana Whitlock,Dana Whitlock-Arden,PERSON\n", encoding="utf-8")
    first = etl(inputs=[str(inputs / "harbor.txt")], warehouse=str(store.root), aliases=str(aliases))
    assert first["articles_new"] == 1
    assert store.query("SELECT DISTINCT speaker FROM quotes WHERE speaker_text LIKE '%Whitlock%'").rows == [
        ("Dana Whitlock-Arden",)
    ]

    same = etl(inputs=[str(inputs / "harbor.txt")], warehouse=str(store.root), aliases=str(aliases))
    assert same["files_unchanged"] == 1

    aliases.write_text("alias,canonical_name,type\nDana Whitlock,Dana Arden,PERSON\n", encoding="utf-8")
    changed = etl(inputs=[str(inputs / "harbor.txt")], warehouse=str(store.root), aliases=str(aliases))
    assert (changed["files_unchanged"], changed["articles_replaced"], changed["seconds"]["nlp"]) == (1, 0, 0)
    assert changed["mentions_linked"] >= 1
    assert store.query("SELECT DISTINCT speaker FROM quotes WHERE speaker_text LIKE '%Whitlock%'").rows == [
        ("Dana Arden",)
    ]
    assert store.query("SELECT count(*) FROM entities WHERE name LIKE 'Dana Whitlock%'").rows == [(0,)]
    # A run without --aliases keeps the aliases in force.
    kept = etl(inputs=[str(inputs / "harbor.txt")], warehouse=str(store.root))
    assert kept["mentions_linked"] == 0
    assert store.query("SELECT DISTINCT speaker FROM quotes WHERE speaker_text LIKE '%Whitlock%'").rows == [
        ("Dana Arden",)
    ]


def test_cli_rejects_a_malformed_aliases_file(tmp_path, inputs):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical_name\nNYT,New York Times\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", str(inputs / "harbor.txt"), "--warehouse", str(tmp_path / "wh"), "--aliases", str(aliases)]
    )
    assert result.exit_code == 1 and "aliases file" in result.output and "Traceback" not in result.output


def test_cli_status_lists_runs_rows_and_rejections(prefect_harness, inputs, tmp_path):
    warehouse = str(tmp_path / "wh")
    etl(inputs=[str(inputs)], warehouse=warehouse)
    result = CliRunner().invoke(main, ["status", "--warehouse", warehouse])
    assert result.exit_code == 0, result.output
    assert "last runs:" in result.output and "articles " in result.output
    assert "empty file" in result.output and "binary file" in result.output


def test_parquet_dataset_goes_to_the_url_given_and_later_runs_remember_it(prefect_harness, inputs, tmp_path):
    lake = tmp_path / "lake"
    summary = etl(inputs=[str(inputs)], warehouse=str(tmp_path / "wh"), parquet_url=lake.as_uri())
    assert summary["tables"]["quotes"] > 0
    store = Warehouse(tmp_path / "wh")  # no url: the remembered one
    for name in ("articles", "quotes", "numbers", "entity_mentions"):
        assert store.read_parquet(TABLES[name]).num_rows == summary["tables"][name], name
    assert list((lake / "quotes").glob("run-*.parquet")) and not (tmp_path / "wh" / "parquet").exists()
    CliRunner().invoke(main, ["status", "--warehouse", str(tmp_path / "wh")])
    assert not (tmp_path / "wh" / "parquet").exists()


def flow_run_logs(flow_run_id: UUID) -> list[str]:
    """The messages a flow run logged, as the Prefect API has them."""
    APILogWorker.drain_all(timeout=10)  # logs travel to the API in batches
    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return [log.message for log in logs]


def test_a_run_that_finds_nothing_new_writes_nothing(prefect_harness, inputs, tmp_path):
    store = Warehouse(tmp_path / "wh")
    etl(inputs=[str(inputs)], warehouse=str(store.root))
    ledger = ("runs", "loaded_inputs", "rejected_inputs")

    def written() -> tuple[dict, dict]:
        rows = {name: store.query(f"SELECT * FROM {name} ORDER BY ALL").rows for name in ledger}
        files = {path: path.stat().st_mtime_ns for path in sorted((store.root / "parquet").rglob("*"))}
        return rows, files

    before = written()
    empty = tmp_path / "empty-inbox"
    empty.mkdir()
    for again in (inputs, empty):  # every file loaded before; an existing folder without articles
        state = etl(inputs=[str(again)], warehouse=str(store.root), return_state=True)
        summary = state.result()
        assert summary["run_id"] is None and summary["rejected"] == 0
        assert summary["tables"] == store.row_counts()
        assert any(message.startswith("nothing new: ") for message in flow_run_logs(state.state_details.flow_run_id))
    assert written() == before  # no runs row, no ledger or rejection row, no Parquet file written


def test_a_run_that_meets_another_writer_is_skipped_not_failed(prefect_harness, inputs, tmp_path):
    store = Warehouse(tmp_path / "wh")
    with store.writer_lock():  # as a manual `newswh run` holds it while a scheduled run starts
        state = etl(inputs=[str(inputs / "harbor.txt")], warehouse=str(store.root), return_state=True)
    assert state.is_completed() and state.name == SKIPPED
    assert state.message.startswith(f"busy: another run (run by pid {os.getpid()} since ")
    assert state.message.endswith(f") is writing to {store.root}; this run is skipped")
    assert state.message in flow_run_logs(state.state_details.flow_run_id)
    assert not store.exists()


def test_a_run_shows_progress_summary_and_tags_in_prefect_apart_per_warehouse(prefect_harness, inputs, tmp_path):
    warehouses = [tmp_path / "east", tmp_path / "west"]
    states = [etl(inputs=[str(inputs / "harbor.txt")], warehouse=str(root), return_state=True) for root in warehouses]
    for root, state in zip(warehouses, states, strict=True):
        summary, flow_run_id = state.result(), state.state_details.flow_run_id
        digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
        artifacts = {kind: Artifact.get(f"etl-{kind}-{digest}") for kind in ("progress", "summary", "seconds", "rows")}
        assert all(artifact.flow_run_id == flow_run_id for artifact in artifacts.values())
        assert artifacts["progress"].type == "progress" and float(artifacts["progress"].data) == 100.0
        assert artifacts["progress"].description == "done: 1 of 1 files, 1 articles, 1 of 1 batches staged"
        assert all(artifacts[kind].type == "table" for kind in ("summary", "seconds", "rows"))
        counts = {row["count"]: row["value"] for row in json.loads(artifacts["summary"].data)}
        assert counts == {name: summary[name] for name in RunCounts.__dataclass_fields__}
        stages = {row["stage"] for row in json.loads(artifacts["seconds"].data)}
        assert stages == set(summary["seconds"])
        assert {row["table"]: row["rows"] for row in json.loads(artifacts["rows"].data)} == summary["tables"]
        assert summary["run_id"] in artifacts["summary"].description
        with get_client(sync_client=True) as client:
            (flow_run,) = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
        assert {f"warehouse:{root.resolve()}", f"model:{DEFAULT_MODEL}"} <= set(flow_run.tags)


def test_run_and_serve_take_the_same_run_options():
    def options(command: str, own: set[str]) -> list[dict]:
        """Every option of ``command`` but its ``own``: names, flags, types, defaults, help."""
        return [param.to_info_dict() for param in main.commands[command].params if param.name not in own]

    shared = options("run", {"inputs", "as_json"})
    assert shared == options("serve", {"inbox", "cron", "interval", "name"})
    assert {option["name"] for option in shared} == {"warehouse", *RUN_PARAMETERS}


def test_cli_run_prints_plain_progress_lines_when_not_on_a_terminal(prefect_harness, inputs, tmp_path):
    command = ["run", str(inputs / "harbor.txt"), "--warehouse", str(tmp_path / "wh"), "--json"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles_new"] == 1  # stdout holds the summary alone
    lines = [line for line in result.stderr.splitlines() if line.startswith("progress: ")]
    assert lines[0] == "progress: reading: 0 of 1 files, 0 articles, 0 of 0 batches staged"
    assert lines[-1] == "progress: done: 1 of 1 files, 1 articles, 1 of 1 batches staged"
    steps = [line.split(":")[1].strip() for line in lines]
    assert list(dict.fromkeys(steps)) == ["reading", "relating", "loading", "done"]
    assert "\x1b[" not in result.stderr and "\r" not in result.stderr  # no terminal control: plain lines


class FlakyMemoryFileSystem(MemoryFileSystem):
    """An object store that drops the first upload, as a remote store now and then does."""

    protocol = "flaky"
    uploads_to_drop = 1

    @classmethod
    def _strip_protocol(cls, path: str) -> str:
        return super()._strip_protocol(path.removeprefix("flaky://"))

    def _open(self, path: str, mode: str = "rb", **kwargs):
        if "w" in mode and FlakyMemoryFileSystem.uploads_to_drop:
            FlakyMemoryFileSystem.uploads_to_drop -= 1
            raise ConnectionResetError(f"connection reset while uploading {path}")
        return super()._open(path, mode, **kwargs)


def test_publishing_parquet_is_retried_and_the_duckdb_commit_is_not(prefect_harness, inputs, tmp_path):
    fsspec.register_implementation("flaky", FlakyMemoryFileSystem, clobber=True)
    FlakyMemoryFileSystem.uploads_to_drop = 1
    lake = f"flaky://{tmp_path.name}"
    state = etl(
        inputs=[str(inputs / "wire.jsonl")], warehouse=str(tmp_path / "wh"), parquet_url=lake, return_state=True
    )
    summary = state.result()
    assert FlakyMemoryFileSystem.uploads_to_drop == 0  # the first upload failed...
    store = Warehouse(tmp_path / "wh")  # no url: the remembered one
    for name, table in PUBLISHED_TABLES.items():  # ...and a retry published every table
        assert store.read_parquet(table).num_rows == summary["tables"][name], name
    assert store.query("SELECT count(*) FROM runs").rows == [(1,)]
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        )
    attempts = {run.name.rsplit("-", 1)[0]: run.run_count for run in task_runs}
    assert (attempts["commit_run"], attempts["publish_parquet"]) == (1, 2)
