"""The ETL flow end to end through Prefect: real files in, a real warehouse out."""

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from prefect.artifacts import Artifact

from flows.cli import main
from flows.etl import etl
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

    artifact = Artifact.get("etl-summary")
    assert artifact is not None and summary["run_id"] in artifact.data


def test_rerun_changes_nothing_and_changed_article_replaces(prefect_harness, inputs, tmp_path):
    store = Warehouse(tmp_path / "wh")
    etl(inputs=[str(inputs)], warehouse=str(store.root))
    before = table_counts(store)
    body_before = store.query("SELECT body FROM articles ORDER BY article_id").rows

    again = etl(inputs=[str(inputs)], warehouse=str(store.root))
    assert again["files_read"] == again["files_unchanged"] == 8  # the ledger skips every file, bad ones too
    assert again["articles_new"] == again["rejected"] == 0
    assert table_counts(store) == before
    assert store.query("SELECT body FROM articles ORDER BY article_id").rows == body_before

    edited = [dict(WIRE_RECORDS[0], text=WIRE_RECORDS[0]["text"] + " A third session is set for Friday.")]
    (inputs / "wire.jsonl").write_text(json.dumps(edited[0]) + "\n", encoding="utf-8")
    changed = etl(inputs=[str(inputs / "wire.jsonl")], warehouse=str(store.root))
    assert changed["articles_replaced"] == 1 and changed["articles_new"] == 0
    assert table_counts(store)["articles"] == before["articles"]
    bodies = store.query("SELECT body FROM articles WHERE url = 'https://ledger.example/port-talks'").rows
    assert bodies == [(edited[0]["text"],)]
    assert store.query("SELECT count(*) FROM runs").rows == [(3,)]


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
