"""Full-text search on real DuckDB files: BM25 order, story-aware ranking, the SQL macros, the CLI, re-indexing."""

import json
import math
import tarfile
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import article_row, run_row

from flows.cli import main
from flows.search import search_articles
from schemas import ARTICLES, QUOTES, RUNS, STORY_ARTICLES, TABLES, to_arrow
from transforms.search import index_article, parse_query, tokenize
from warehouse import Warehouse
from warehouse.ddl import create_table_sql
from warehouse.search import BM25_B, BM25_K1, search_macros_sql

V5_WAREHOUSE = Path(__file__).parent / "fixtures" / "warehouse_v5_duckdb_1_5_5.tar.gz"

# Our own short articles: (article_id, title, body).
CORPUS = [
    (
        "dockers",
        "Dockers strike at Halvermouth port",
        "Dock workers at Halvermouth port walked out on Monday over pay. The port authority called the strike unlawful.",
    ),
    (
        "talks",
        "Port talks resume",
        "Talks between the union and the port authority resumed on Friday as the strike entered its fifth day.",
    ),
    ("ferries", None, "Ferry crews in Halvermouth joined the walkout, leaving tourists stranded on the quay."),
    (
        "teachers",
        "Teachers vote",
        "Teachers in Norbridge voted to strike next month over class sizes; a strike would close twelve schools.",
    ),
    (
        "crane",
        "New crane for the port",
        "The port installed a new crane this week. The crane lifts forty tonnes, port officials said.",
    ),
    ("bakery", "Bakery wins prize", "A small bakery on Mill Street won the regional prize for its rye bread."),
]
QUOTE = {
    "dockers": [("“We will not go back for less,”", "Dana Okafor"), ("“The strike at the port is unlawful,”", None)]
}


def stage_articles(store: Warehouse, run_id: str, articles: list[tuple[str, str | None, str]]) -> None:
    """Stage articles with their index rows and quotes, as a run of the flow does."""
    rows: dict[str, list[dict]] = {ARTICLES.name: [], QUOTES.name: []}
    for article_id, title, body in articles:
        rows[ARTICLES.name].append(article_row(article_id, body, run_id) | {"title": title})
        for name, table_rows in index_article(article_id, title, body, run_id=run_id).by_table().items():
            rows.setdefault(name, []).extend(table_rows)
        for number, (text, speaker) in enumerate(QUOTE.get(article_id, [])):
            start = body.find(text)
            rows[QUOTES.name].append(
                {
                    "quote_id": f"{article_id}-q{number}",
                    "article_id": article_id,
                    "text": text,
                    "start_char": max(start, 0),
                    "end_char": max(start, 0) + len(text),
                    "cue": "said",
                    "speaker": speaker,
                    "speaker_entity_id": None,
                    "speaker_text": speaker,
                    "speaker_start": None,
                    "speaker_end": None,
                    "kind": "direct",
                    "cue_type": "speech",
                    "statement_id": None,
                    "speaker_gender": None,
                }
            )
    store.stage(run_id, {name: to_arrow(TABLES[name], table_rows) for name, table_rows in rows.items()})
    store.stage(run_id, {RUNS.name: to_arrow(RUNS, [run_row(run_id)])})


@pytest.fixture
def store(tmp_path) -> Warehouse:
    """A warehouse holding ``CORPUS``, indexed, without stories."""
    store = Warehouse(tmp_path / "wh")
    stage_articles(store, "run-1", CORPUS)
    store.load_run("run-1")
    return store


def reference_bm25(query: str) -> dict[str, float]:
    """BM25 computed in Python straight from ``index_article`` rows, to check the SQL macro against."""
    tf = {article_id: {} for article_id, _, _ in CORPUS}
    length = {}
    for article_id, title, body in CORPUS:
        rows = index_article(article_id, title, body, run_id="r")
        tf[article_id] = {row["term"]: row["tf"] for row in rows.postings}
        length[article_id] = rows.documents[0]["length"]
    documents, average = len(CORPUS), sum(length.values()) / len(CORPUS)
    df = Counter(term for terms in tf.values() for term in terms)
    scores = {}
    for article_id, terms in tf.items():
        matched = [term for term in parse_query(query) if term in terms]
        if matched:
            scores[article_id] = sum(
                math.log(1 + (documents - df[term] + 0.5) / (df[term] + 0.5))
                * terms[term]
                * (BM25_K1 + 1)
                / (terms[term] + BM25_K1 * (1 - BM25_B + BM25_B * length[article_id] / average))
                for term in matched
            )
    return scores


@pytest.mark.parametrize("query", ["port strike", "Halvermouth strike", "crane", "bread bakery prize"])
def test_bm25_order_and_scores(store, query):
    expected = reference_bm25(query)
    hits = store.search(parse_query(query), limit=10)
    assert [hit.article_id for hit in hits] == sorted(
        expected, key=lambda article_id: (-expected[article_id], article_id)
    )
    for hit in hits:
        assert hit.score == pytest.approx(expected[hit.article_id]) and hit.bm25 == hit.score
        assert hit.story_id is None
    assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1))


def test_results_carry_snippet_and_best_quote(store):
    hits = search_articles(store, "port strike", limit=3)
    assert hits[0].article_id == "dockers"
    assert hits[0].title == "Dockers strike at Halvermouth port" and hits[0].outlet == "Harbor Gazette"
    assert hits[0].snippet == (
        "Dock workers at Halvermouth **port** walked out on Monday over pay. The **port** authority called the "
        "**strike** unlawful."
    )
    assert (hits[0].quote, hits[0].quote_speaker) == ("“The strike at the port is unlawful,”", None)
    assert all(hit.quote is None for hit in hits[1:])  # no quotes there
    assert len(search_articles(store, "port strike", limit=1)) == 1


def test_the_stories_of_the_best_hits_come_together(store):
    plain = [hit.article_id for hit in store.search(parse_query("port strike"), limit=10)]
    assert plain == ["dockers", "talks", "crane", "teachers"]
    story_rows = [
        {"article_id": article_id, "story_id": story_id, "similarity": None, "headline": article_id, "run_id": "run-2"}
        for article_id, story_id in [
            ("dockers", "s-port-strike"),
            ("talks", "s-port-strike"),
            ("ferries", "s-port-strike"),
            ("teachers", "s-teachers"),
            ("crane", "s-crane"),
            ("bakery", "s-bakery"),
        ]
    ]
    store.stage("run-2", {STORY_ARTICLES.name: to_arrow(STORY_ARTICLES, story_rows)})
    store.stage("run-2", {RUNS.name: to_arrow(RUNS, [run_row("run-2")])})
    store.load_run("run-2")
    hits = search_articles(store, "port strike", limit=10)
    # "ferries" holds neither word but is in the best hit's story: it follows that story's hits.
    assert [hit.article_id for hit in hits] == ["dockers", "talks", "ferries", "crane", "teachers"]
    best = hits[0].score
    assert [(hit.score, hit.story_id) for hit in hits[:3]] == [(best, "s-port-strike")] * 3
    assert [hit.bm25 for hit in hits[:3]] == [best, pytest.approx(reference_bm25("port strike")["talks"]), 0]
    assert hits[2].snippet.startswith("Ferry crews in Halvermouth")  # no match: the opening
    # Lifting only the stories of the best hit keeps the rest in BM25 order.
    with duckdb.connect(str(store.db_path), read_only=True) as con:
        ranked = con.execute("SELECT article_id FROM search_ranked(['port', 'strike'], lift := 1)").fetchall()
    assert [article_id for (article_id,) in ranked] == ["dockers", "talks", "ferries", "crane", "teachers"]


def test_the_sql_macros_work_from_a_plain_duckdb_connection(store):
    expected = [hit.article_id for hit in store.search(parse_query("Port-strike, Halvermouth!"), limit=10)]
    with duckdb.connect(str(store.db_path), read_only=True) as con:
        rows = con.execute("SELECT * FROM search_articles('Port-strike, Halvermouth!') LIMIT 10").fetchall()
        columns = [column[0] for column in con.description]
        terms = con.execute("SELECT list_sort(search_query_terms('The FERRY and zeppelins, O’Rourke'))").fetchone()
        nothing = con.execute("SELECT count(*) FROM search_articles('zeppelins')").fetchone()
    assert columns == ["rank", "article_id", "title", "outlet", "published_at", "score", "bm25", "story_id"]
    assert [row[1] for row in rows] == expected
    # Indexed word forms map to their stems; others (stopwords, words never seen) stay as written.
    assert terms == (["and", "ferri", "o'rourke", "the", "zeppelins"],)
    assert nothing == (0,)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. said O’Rourke and Ocasio-Cortez won",
        "a 5.6 quake, 1,200 homes in 2013",
        "naïve café in Zürich; हिन्दी समाचार",
        "snake_case and 'quoted' words",
    ],
)
def test_sql_splits_words_as_python_does(text):
    with duckdb.connect() as con:
        for table in ("articles", "story_articles", "search_documents", "search_postings", "search_terms"):
            for statement in create_table_sql(TABLES[table]):
                con.execute(statement)
        for statement in create_table_sql(TABLES["search_words"]) + search_macros_sql():
            con.execute(statement)
        (words,) = con.execute("SELECT list_sort(search_query_terms(?))", [text]).fetchone()
    assert words == sorted({token.word for token in tokenize(text)})


def test_a_replaced_article_is_reindexed(store):
    stage_articles(store, "run-2", [("crane", "Bakery opens", "A second bakery opened beside the old one.")])
    store.load_run("run-2")
    assert [hit.article_id for hit in store.search(parse_query("crane"), limit=10)] == []
    assert [hit.article_id for hit in store.search(parse_query("bakery"), limit=10)] == ["crane", "bakery"]
    with duckdb.connect(str(store.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM search_terms WHERE term = 'crane'").fetchone() == (0,)
        assert con.execute("SELECT df FROM search_terms WHERE term = 'bakeri'").fetchone() == (2,)
        assert con.execute("SELECT run_id FROM search_documents WHERE article_id = 'crane'").fetchall() == [("run-2",)]


def search_cli(*args: str):
    return CliRunner().invoke(main, ["search", *args])


def test_cli_json_csv_and_table(store):
    result = search_cli("port strike", "--warehouse", str(store.root), "--format", "json", "--limit", "3")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["article_id"] for row in rows] == ["dockers", "talks", "crane"]
    assert {"article_id", "title", "outlet", "published_at", "score", "snippet", "quote", "quote_speaker"} <= set(
        rows[0]
    )
    assert rows[0]["score"] > rows[1]["score"] > rows[2]["score"]
    csv_result = search_cli("port strike", "-w", str(store.root), "--format", "csv")
    assert csv_result.exit_code == 0 and csv_result.output.splitlines()[0].startswith("rank,article_id,title,")
    table = search_cli("port strike", "-w", str(store.root))
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split() == ["rank", "score", "title", "outlet", "published", "snippet"]
    assert lines[2].startswith("1") and "Dockers strike at Halvermouth port" in lines[2] and "**port**" in lines[2]
    assert lines[-1] == "(4 rows)"
    assert search_cli("zeppelin", "-w", str(store.root)).output.splitlines()[-1] == "(0 rows)"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"port strike"', "Error: quotation marks (phrase search) are not supported"),
        ("port AND strike", "Error: boolean operators (AND, OR, NOT, NEAR) are not supported"),
        ("the of", "Error: nothing to search for in 'the of'"),
        ("  ", "Error: the query is empty"),
    ],
)
def test_cli_refuses_bad_queries(store, query, message):
    result = search_cli(query, "-w", str(store.root))
    assert result.exit_code == 1 and result.output.startswith(message) and "Traceback" not in result.output
    assert "search takes plain words" in result.output


def test_cli_missing_warehouse(tmp_path):
    result = search_cli("port strike", "-w", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "no warehouse at" in result.output and "newswh run" in result.output


def test_cli_older_warehouse_says_how_to_upgrade(tmp_path):
    with tarfile.open(V5_WAREHOUSE) as archive:
        archive.extractall(tmp_path, filter="data")
    old = tmp_path / "wh_v5"
    upgrade = f"not indexed for search. Run `newswh run INPUTS --warehouse {old}` once to upgrade it"
    result = search_cli("port strike", "-w", str(old))
    assert result.exit_code == 1 and upgrade in result.output and "Traceback" not in result.output
    # `newswh status` adds the index tables and macros, but the articles are still not indexed.
    assert CliRunner().invoke(main, ["status", "-w", str(old)]).exit_code == 0
    result = search_cli("port strike", "-w", str(old))
    assert result.exit_code == 1 and upgrade in result.output
