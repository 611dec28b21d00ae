"""Stories, duplicates and shared quotes through the real flow, on our own articles and on the real seeds."""

import json
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS

from flows.cli import main
from flows.etl import etl
from schemas import PUBLISHED_TABLES
from warehouse import Warehouse

QUOTE = "We have waited three years for a fair contract and we will not wait three more"

CALLOWAY_POST = {
    "url": "https://calloway-post.example/strike",
    "outlet": "Calloway Post",
    "title": "Calloway dockworkers strike over pay",
    "published": "2026-03-02T09:00:00Z",
    "text": (
        "Dockworkers at the Port of Calloway walked off the job on Monday, halting forty cranes and stranding "
        "hundreds of containers on the quay as the Calloway Dockworkers Union began its first strike in six years.\n\n"
        f"“{QUOTE},” said Dana Whitlock, the president of the union.\n\n"
        "The Calloway Port Authority said talks would resume on Thursday with a state mediator, and warned that "
        "shippers were already diverting vessels to Port Ellery further up the coast.\n\n"
        "Whitlock said the union represents about two thousand members, most of them on contracts that have not "
        "changed since the last strike ended in a bitter compromise in 2020."
    ),
}
CALLOWAY_LEDGER = {
    "url": "https://valley-ledger.example/port-walkout",
    "outlet": "Valley Ledger",
    "title": "Port of Calloway at a standstill as union strikes",
    "published": "2026-03-02T17:30:00Z",
    "text": (
        "Cranes stood idle at the Port of Calloway on Monday after the Calloway Dockworkers Union called its members "
        "out on strike over pay and job security.\n\n"
        f"Union president Dana Whitlock told reporters at the gates: “{QUOTE}.”\n\n"
        "Retailers warned that shelves could empty within a fortnight if the walkout drags on, and Mayor Rosa "
        "Delgado urged the Calloway Port Authority and the union to accept binding arbitration. The authority has "
        "offered a raise of 3% a year; the union wants 6%."
    ),
}
CALLOWAY_WIRE_COPY = {
    "url": "https://harbor-daily.example/wire/calloway-strike",
    "outlet": "Harbor Daily",
    "title": "Strike shuts Calloway port",
    "published": "2026-03-03T06:00:00Z",
    "text": "CALLOWAY (Coastal Wire) - " + CALLOWAY_POST["text"].rsplit("\n\n", 1)[0],
}
MARLOW_POST = {
    "url": "https://calloway-post.example/marlow-strike",
    "outlet": "Calloway Post",
    "title": "Marlow harbour pilots walk out",
    "published": "2027-08-16T09:00:00Z",
    "text": (
        "Harbour pilots in Marlow stopped guiding ships into port on Monday, after the Marlow Pilots Guild rejected "
        "a new rota from Marlow Harbour Board that would cut crews on night tides.\n\n"
        "“Nobody boards a tanker at three in the morning alone, and nobody should be asked to,” said Ines Okonjo, "
        "who chairs the guild.\n\n"
        "Twelve vessels were waiting at anchor off Marlow by the evening. The board said it would seek an injunction "
        "in the county court on Tuesday."
    ),
}
MARLOW_LEDGER = {
    "url": "https://valley-ledger.example/marlow-pilots",
    "outlet": "Valley Ledger",
    "title": "Ships queue off Marlow as pilots strike",
    "published": "2027-08-16T19:00:00Z",
    "text": (
        "A dozen ships were anchored off Marlow on Monday night after harbour pilots walked out in a dispute over "
        "night crews with the Marlow Harbour Board.\n\n"
        "Ines Okonjo of the Marlow Pilots Guild said members would return only if two pilots were rostered on every "
        "night tide. The board called the strike reckless and said it would ask the county court for an injunction."
    ),
}
ORCHARD_ESCAPE = {
    "url": "https://valley-ledger.example/orchard-escape",
    "outlet": "Valley Ledger",
    "title": "Two inmates escape Orchard Hill prison",
    "published": "2026-03-02T12:00:00Z",
    "text": (
        "Two inmates escaped from Orchard Hill Correctional Facility early on Monday by cutting through a laundry "
        "room fence, the state corrections department said.\n\n"
        "Sheriff Tom Varga asked residents near the prison to lock their cars and report anyone walking along the "
        "rail line. Both men were serving sentences for armed robbery."
    ),
}
STORY_ARTICLES = [CALLOWAY_POST, CALLOWAY_LEDGER, CALLOWAY_WIRE_COPY, MARLOW_POST, MARLOW_LEDGER, ORCHARD_ESCAPE]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def stories_by_url(store: Warehouse) -> list[set[str]]:
    rows = store.query(
        "SELECT s.story_id, a.url FROM story_articles s JOIN articles a USING (article_id) ORDER BY 1, 2"
    ).rows
    groups: dict[str, set[str]] = {}
    for story_id, url in rows:
        groups.setdefault(story_id, set()).add(url)
    return sorted(groups.values(), key=sorted)


def published_rows(store: Warehouse) -> dict[str, list[tuple]]:
    """Every published table's rows, without the run-specific columns."""
    rows = {}
    for name, table in PUBLISHED_TABLES.items():
        if name in ("runs", "loaded_inputs", "rejected_inputs"):
            continue
        columns = [c for c in table.columns if c not in ("run_id", "ingested_at")]
        rows[name] = store.query(f"SELECT {', '.join(columns)} FROM {name} ORDER BY ALL").rows
    return rows


@pytest.fixture(scope="module")
def loaded(prefect_harness, tmp_path_factory) -> Warehouse:
    folder = tmp_path_factory.mktemp("stories")
    store = Warehouse(folder / "wh")
    summary = etl(inputs=[str(write_jsonl(folder / "articles.jsonl", STORY_ARTICLES))], warehouse=str(store.root))
    assert summary["articles_related"] == 6
    return store


def test_each_event_is_one_story_and_look_alike_events_are_two(loaded):
    assert stories_by_url(loaded) == sorted(
        [
            {CALLOWAY_POST["url"], CALLOWAY_LEDGER["url"], CALLOWAY_WIRE_COPY["url"]},
            {MARLOW_POST["url"], MARLOW_LEDGER["url"]},
            {ORCHARD_ESCAPE["url"]},
        ],
        key=sorted,
    )
    (story,) = loaded.query(
        "SELECT label, article_count, outlet_count, outlets FROM stories WHERE article_count = 3"
    ).rows
    assert story == (CALLOWAY_POST["title"], 3, 3, ["Calloway Post", "Harbor Daily", "Valley Ledger"])


def test_the_wire_copy_is_a_duplicate_of_the_earlier_original(loaded):
    rows = loaded.query(
        "SELECT copy.url, original.url, d.exact FROM article_duplicates d "
        "JOIN articles copy ON copy.article_id = d.article_id JOIN articles original ON original.article_id = d.duplicate_of"
    ).rows
    assert rows == [(CALLOWAY_WIRE_COPY["url"], CALLOWAY_POST["url"], False)]


def test_the_quote_carried_by_three_outlets_is_one_shared_quote(loaded):
    (shared,) = loaded.query(
        "SELECT shared_quote_id, text, speaker, article_count, outlet_count, quoted_article_count FROM shared_quotes"
    ).rows
    assert QUOTE in shared[1] and shared[2] == "Dana Whitlock" and shared[3:] == (3, 3, 3)
    occurrences = loaded.query(
        "SELECT a.url, substr(a.body, o.start_char + 1, o.end_char - o.start_char) = o.text, q.text "
        "FROM shared_quote_occurrences o JOIN articles a USING (article_id) LEFT JOIN quotes q USING (quote_id) "
        f"WHERE o.shared_quote_id = '{shared[0]}' ORDER BY 1"
    ).rows
    assert [url for url, _, _ in occurrences] == sorted(
        [CALLOWAY_POST["url"], CALLOWAY_LEDGER["url"], CALLOWAY_WIRE_COPY["url"]]
    )
    assert all(offsets_hold and QUOTE in quote for _, offsets_hold, quote in occurrences)
    first = loaded.query("SELECT a.url FROM shared_quotes s JOIN articles a ON a.article_id = s.first_article_id").rows
    assert first == [(CALLOWAY_POST["url"],)]


def test_running_again_changes_no_row_and_no_id(loaded):
    before = published_rows(loaded)
    inputs = loaded.query("SELECT inputs FROM runs").rows[0][0]
    summary = etl(inputs=inputs, warehouse=str(loaded.root))
    assert summary["files_unchanged"] == 1 and summary["articles_related"] == 0
    assert published_rows(loaded) == before


def test_a_later_run_adds_to_the_story_and_keeps_its_id(prefect_harness, tmp_path):
    store = Warehouse(tmp_path / "wh")
    etl(inputs=[str(write_jsonl(tmp_path / "first.jsonl", [CALLOWAY_POST, ORCHARD_ESCAPE]))], warehouse=str(store.root))
    story_of_first = dict(
        store.query("SELECT a.url, s.story_id FROM story_articles s JOIN articles a USING (article_id)").rows
    )
    summary = etl(
        inputs=[str(write_jsonl(tmp_path / "second.jsonl", [CALLOWAY_LEDGER, CALLOWAY_WIRE_COPY]))],
        warehouse=str(store.root),
    )
    assert summary["articles_related"] == 2 and summary["stories_new"] == 0
    story_of = dict(
        store.query("SELECT a.url, s.story_id FROM story_articles s JOIN articles a USING (article_id)").rows
    )
    calloway = story_of_first[CALLOWAY_POST["url"]]
    assert story_of[CALLOWAY_LEDGER["url"]] == story_of[CALLOWAY_WIRE_COPY["url"]] == calloway
    assert store.query(f"SELECT article_count FROM stories WHERE story_id = '{calloway}'").rows == [(3,)]
    assert store.query("SELECT count(*) FROM shared_quotes").rows == [(1,)]


def test_a_changed_article_leaves_its_old_passages_and_copies(prefect_harness, tmp_path):
    store = Warehouse(tmp_path / "wh")
    second_copy = dict(
        CALLOWAY_WIRE_COPY,
        url="https://bay-times.example/calloway",
        outlet="Bay Times",
        text="(Coastal Wire) " + CALLOWAY_POST["text"],
    )
    loaded = [CALLOWAY_POST, CALLOWAY_LEDGER, CALLOWAY_WIRE_COPY, second_copy]
    etl(inputs=[str(write_jsonl(tmp_path / "first.jsonl", loaded))], warehouse=str(store.root))
    copies = "SELECT c.url, o.url FROM article_duplicates d JOIN articles c USING (article_id) "
    copies += "JOIN articles o ON o.article_id = d.duplicate_of ORDER BY 1"
    assert [original for _, original in store.query(copies).rows] == [CALLOWAY_POST["url"]] * 2

    rewritten = dict(CALLOWAY_POST, text=ORCHARD_ESCAPE["text"].replace("Two inmates", "Three inmates"))
    summary = etl(inputs=[str(write_jsonl(tmp_path / "second.jsonl", [rewritten]))], warehouse=str(store.root))
    assert summary["articles_replaced"] == 1
    # The two copies of the old text are still copies of each other: the later of the two points at the earlier.
    assert store.query(copies).rows == [(second_copy["url"], CALLOWAY_WIRE_COPY["url"])]
    (shared,) = store.query("SELECT article_count FROM shared_quotes").rows  # the ledger and the copies still share it
    assert shared == (3,)
    assert len(stories_by_url(store)) == 2


def test_a_warehouse_from_schema_5_gains_stories_for_every_article(prefect_harness, tmp_path):
    with tarfile.open(Path(__file__).parent / "fixtures" / "warehouse_v5_duckdb_1_5_5.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    store = Warehouse(tmp_path / "wh_v5")
    summary = etl(inputs=[str(write_jsonl(tmp_path / "new.jsonl", [ORCHARD_ESCAPE]))], warehouse=str(store.root))
    assert summary["articles_new"] == 1 and summary["articles_related"] == 14
    assert store.query(
        "SELECT count(*) FROM articles WHERE article_id NOT IN (SELECT article_id FROM story_articles) "
        "OR article_id NOT IN (SELECT article_id FROM search_documents)"
    ).rows == [(0,)]
    assert store.query("SELECT sum(article_count) FROM stories").rows == [(14,)]


SEEDS = CORPUS / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"real corpus not found at {SEEDS}")
def test_the_seeds_are_one_story_sharing_the_new_york_times_passage(prefect_harness, tmp_path):
    store = Warehouse(tmp_path / "wh")
    for outlet, seed in zip(("Outlet One", "Outlet Two"), sorted(SEEDS.glob("*.txt")), strict=True):
        etl(inputs=[str(seed)], warehouse=str(store.root), outlet=outlet)
    assert store.query("SELECT article_count, outlet_count FROM stories").rows == [(2, 2)]
    passages = store.query(
        "SELECT shared_quote_id, speaker FROM shared_quotes WHERE text LIKE 'The move reflects%places'"
    ).rows
    assert len(passages) == 1 and passages[0][1] == "New York Times"
    occurrences = store.query(
        f"SELECT a.outlet, o.quote_id IS NOT NULL FROM shared_quote_occurrences o JOIN articles a USING (article_id) "
        f"WHERE o.shared_quote_id = '{passages[0][0]}' ORDER BY 1"
    ).rows
    assert sorted(quoted for _, quoted in occurrences) == [False, True]  # quoted in one, pasted in the other
    assert {outlet for outlet, _ in occurrences} == {"Outlet One", "Outlet Two"}

    (story_id,) = store.query("SELECT story_id FROM stories").rows[0]
    result = CliRunner().invoke(main, ["compare", story_id[:8], "--warehouse", str(store.root), "--format", "json"])
    assert result.exit_code == 0, result.output
    outlets = {outlet["outlet"]: outlet for outlet in json.loads(result.output)}
    speakers = {name: {s["name"] for s in outlet["speakers"]} for name, outlet in outlets.items()}
    numbers = {name: {n["text"] for n in outlet["numbers"]} for name, outlet in outlets.items()}
    homan, payne = (next(o for o in outlets if person in speakers[o]) for person in ("Tom Homan", "Lawrence Payne"))
    assert homan != payne
    assert {"Tom Homan", "Matthew Albence", "Alexandria Ocasio-Cortez"} <= speakers[homan]
    assert {"Lawrence Payne", "Trump"} <= speakers[payne]
    assert {"35%", "5,000"} <= numbers[homan] and {"100", "two"} <= numbers[payne]
