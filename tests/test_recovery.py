"""Crash safety: real SIGKILLs at chosen moments of a run, one writer at a time, recovery on the next run."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.etl import etl
from schemas import PUBLISHED_TABLES
from warehouse import Warehouse, WarehouseBusyError

ARTICLES = [
    {"url": f"https://tidewater.example/{n}", "outlet": "Tidewater Post", "text": text}
    for n, text in enumerate(
        [
            "“We will finish the sea wall by June,” said Ada Brennan, the county engineer. About 300 homes flood each winter.",
            "The county approved $12 million for the sea wall. Commissioner Luis Ortega said two contractors had bid.",
            "Residents of Marsh Lane met on Tuesday. “Nobody has asked us,” said Helen Park, who has lived there 40 years.",
            "Ada Brennan said the first section of the wall would be 2 miles long. The county expects 35% of it done by spring.",
        ]
    )
]

KILL_SCRIPT = """
import os, signal, sys
{patch}
from flows.cli import main
from flows.etl import etl
etl(inputs=[sys.argv[1]], warehouse=sys.argv[2], batch_size=2, workers=1)
"""

KILL_IN_LOAD = """
from warehouse.store import Warehouse
original = Warehouse.load_statements
class KillingList(list):
    def __iter__(self):
        for number, statement in enumerate(list.__iter__(self)):
            if statement.startswith("{statement}"):
                os.kill(os.getpid(), signal.SIGKILL)
            yield statement
Warehouse.load_statements = lambda self, run_id: KillingList(original(self, run_id))
"""

PATCHES = {
    # the second batch's extraction (workers=1 runs it in this patched process): the first batch is already staged
    "transform": """
import flows.extraction as extraction
calls = []
original = extraction.extract_batch
def extract_batch(*args, **kwargs):
    calls.append(1)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)
extraction.extract_batch = extract_batch
""",
    # relating the articles: duplicates and shared quotes staged, stories not yet
    "relate": """
import flows.coverage as coverage
def relate_stories(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
coverage.relate_stories = relate_stories
""",
    # inside the DuckDB transaction, after the old rows of re-loaded articles were deleted
    "load": KILL_IN_LOAD.format(statement="INSERT INTO quotes"),
    # inside the DuckDB transaction, as the stories of the run are derived
    "load-stories": KILL_IN_LOAD.format(statement="INSERT INTO stories"),
    # after the DuckDB commit, with some tables' Parquet files republished and others not
    "parquet": """
import warehouse.store as store
calls = []
original = store.os.replace
def replace(source, target):
    if os.path.basename(target).startswith("run-"):  # a published file, not a staged part
        calls.append(1)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
    return original(source, target)
store.os.replace = replace
""",
}


def write_articles(path: Path, articles: list[dict]) -> None:
    path.write_text("".join(json.dumps(article) + "\n" for article in articles), encoding="utf-8")


def run_and_kill(moment: str, inputs: Path, warehouse: Path, tmp_path: Path) -> int:
    """Run the flow in a new process that SIGKILLs itself at ``moment``; returns its exit status."""
    script = tmp_path / f"kill_{moment}.py"
    script.write_text(KILL_SCRIPT.format(patch=textwrap.dedent(PATCHES[moment])), encoding="utf-8")
    with (tmp_path / f"kill_{moment}.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(script), str(inputs), str(warehouse)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            return process.wait(timeout=300)
        finally:  # the killed run's temporary Prefect server outlives it: end its whole process group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def duckdb_and_parquet_agree(store: Warehouse) -> None:
    for name, table in PUBLISHED_TABLES.items():
        assert store.read_parquet(table).num_rows == store.row_counts()[name], name
    # Stories and the index cover every article, and every story has its articles.
    counts = store.row_counts()
    articles, stories = counts["articles"], counts["stories"]
    assert store.query(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM story_articles), "
        "(SELECT count(*) FROM search_documents), (SELECT count(DISTINCT story_id) FROM story_articles), "
        "(SELECT count(*) FROM stories), (SELECT sum(article_count) FROM stories)"
    ).rows == [(articles, articles, articles, stories, stories, articles)]


@pytest.mark.parametrize("moment", ["transform", "relate", "load", "load-stories", "parquet"])
def test_a_run_killed_at_any_moment_loses_nothing_and_the_next_run_completes(prefect_harness, tmp_path, moment):
    store = Warehouse(tmp_path / "wh")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_articles(inbox / "first.jsonl", ARTICLES[:2])
    etl(inputs=[str(inbox)], warehouse=str(store.root))
    before = store.row_counts()

    changed = [dict(ARTICLES[0], text=ARTICLES[0]["text"] + " The wall will cost more."), *ARTICLES[2:]]
    write_articles(inbox / "second.jsonl", changed)
    (inbox / "first.jsonl").unlink()  # the inbox now holds only the changes
    assert run_and_kill(moment, inbox, store.root, tmp_path) == -9

    after_kill = store.row_counts()  # the warehouse opens, holding exactly the last completed run
    if moment == "parquet":  # the killed run had committed: DuckDB holds it, `newswh status` republishes Parquet
        assert after_kill["runs"] == before["runs"] + 1
        result = CliRunner().invoke(main, ["status", "--warehouse", str(store.root)])
        assert result.exit_code == 0 and "recovered: republished Parquet" in result.output
    else:
        assert after_kill == before
    duckdb_and_parquet_agree(store)

    summary = etl(inputs=[str(inbox)], warehouse=str(store.root))
    duckdb_and_parquet_agree(store)
    assert not any(store.staging_dir.iterdir())
    assert store.query("SELECT count(*), count(DISTINCT url) FROM articles").rows == [(4, 4)]
    duplicates = "SELECT count(*) - count(DISTINCT quote_id) FROM quotes"
    assert store.query(duplicates).rows == [(0,)]
    if moment != "parquet":
        assert summary["articles_new"] == 2 and summary["articles_replaced"] == 1


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    store = Warehouse(tmp_path / "wh")
    with store.writer_lock():
        second = Warehouse(tmp_path / "wh")
        with pytest.raises(WarehouseBusyError, match="another run is writing"), second.writer_lock():
            pass
    with store.writer_lock():  # released: the next run gets it
        pass


def test_nothing_new_is_skipped_by_the_ledger(prefect_harness, tmp_path):
    store = Warehouse(tmp_path / "wh")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number, article in enumerate(ARTICLES):
        (inbox / f"{number}.txt").write_text(article["text"], encoding="utf-8")
    (inbox / "empty.txt").write_text("", encoding="utf-8")
    first = etl(inputs=[str(inbox)], warehouse=str(store.root))
    assert first["articles_new"] == 4 and first["rejected"] == 1
    again = etl(inputs=[str(inbox)], warehouse=str(store.root))
    assert again["files_unchanged"] == again["files_read"] == 5
    assert again["articles_new"] == again["rejected"] == 0
    assert store.query("SELECT count(*) FROM loaded_inputs").rows == [(5,)]
    assert store.query("SELECT count(*) FROM rejected_inputs").rows == [(1,)]


def test_cli_run_on_a_busy_warehouse_exits_with_the_holder(tmp_path):
    store = Warehouse(tmp_path / "wh")
    (tmp_path / "story.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    with store.writer_lock():
        result = CliRunner().invoke(main, ["run", str(tmp_path / "story.txt"), "--warehouse", str(store.root)])
    assert result.exit_code == 1 and "another run is writing" in result.output and "pid" in result.output
    assert "Traceback" not in result.output
