"""``newswh stories`` and ``newswh compare`` on a warehouse built by hand, an old one, and bad story ids."""

import csv
import io
import json
import shutil
import tarfile
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result
from story_warehouse import PROMISE, build_story_warehouse

from flows.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_story_warehouse(tmp_path_factory.mktemp("stories") / "wh").root


def newswh(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_stories_lists_the_largest_first(warehouse):
    result = newswh("stories", "-w", warehouse)
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "story_id      label           first_published            last_published             articles  outlets"
        "  outlet_names",
        "------------  --------------  -------------------------  -------------------------  --------  -------"
        "  ------------------------------",
        "story-bridge  Headline of g1  2026-03-01T08:00:00+00:00  2026-03-03T07:00:00+00:00  4         2"
        "        Harbor Gazette; Tidewater Post",
        "story-fair    Headline of t2  2026-03-05T10:00:00+00:00  2026-03-05T10:00:00+00:00  1         1"
        "        Tidewater Post",
        "(2 rows)",
    ]


def test_stories_as_csv_and_json(warehouse):
    rows = list(csv.DictReader(io.StringIO(newswh("stories", "-w", warehouse, "--format", "csv").stdout)))
    assert [(row["story_id"], row["articles"], row["outlet_names"]) for row in rows] == [
        ("story-bridge", "4", "Harbor Gazette; Tidewater Post"),
        ("story-fair", "1", "Tidewater Post"),
    ]
    listed = json.loads(newswh("stories", "-w", warehouse, "--format", "json", "--limit", "1").stdout)
    assert listed == [
        {
            "story_id": "story-bridge",
            "label": "Headline of g1",
            "first_published": "2026-03-01T08:00:00+00:00",
            "last_published": "2026-03-03T07:00:00+00:00",
            "articles": 4,
            "outlets": 2,
            "outlet_names": ["Harbor Gazette", "Tidewater Post"],
        }
    ]


def test_compare_prints_a_section_per_outlet(warehouse):
    result = newswh("compare", "story-bridge", "-w", warehouse)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "story story-bridge: Headline of g1\n"
        "4 articles, 2026-03-01 08:00 to 2026-03-03 07:00 UTC; outlets: Harbor Gazette, Tidewater Post\n"
        "\n"
        "Harbor Gazette (2 articles)\n"
        "  articles    2026-03-01  Headline of g1\n"
        "              2026-03-02  Headline of g2\n"
        "  quotes      Ilse Varga (2)\n"
        "  entities    Ilse Varga (2), Lantern Bridge (2), Ferry Guild (1), Tomas Reyes (1)\n"
        "  numbers     40 (1), 9,000 (1), 12 days (1), $2.5 million (1)\n"
        "  only here   entities: Lantern Bridge; numbers: 40, 9,000\n"
        f"  shares      {PROMISE} (Ilse Varga): Harbor Gazette (first), Tidewater Post\n"
        "\n"
        "Tidewater Post (1 article)\n"
        "  articles    2026-03-01  Headline of t1\n"
        "  quotes      Ilse Varga (1), Tomas Reyes (1)\n"
        "  entities    Ferry Guild (1), Ilse Varga (1), Tomas Reyes (1)\n"
        "  numbers     12 days (1), $2.5 million (1)\n"
        "  only here   speakers: Tomas Reyes\n"
        f"  shares      {PROMISE} (Ilse Varga): Harbor Gazette (first), Tidewater Post\n"
        "\n"
        "(no outlet) (1 article)\n"
        "  articles    2026-03-03  Headline of u1\n"
        "  quotes      none attributed\n"
        "  entities    Kelp Harbor (1)\n"
        "  numbers     3 hours (1)\n"
        "  only here   entities: Kelp Harbor; numbers: 3 hours\n"
        "  shares      no passage\n"
    )


def test_compare_as_json_nests_each_outlets_sections(warehouse):
    outlets = json.loads(newswh("compare", "story-bridge", "-w", warehouse, "--format", "json").stdout)
    assert [outlet["outlet"] for outlet in outlets] == ["Harbor Gazette", "Tidewater Post", None]
    post = outlets[1]
    assert post["speakers"] == [
        {"entity_id": "e-varga", "name": "Ilse Varga", "type": "PERSON", "quotes": 1, "articles": 1,
         "only_this_outlet": False},
        {"entity_id": "e-reyes", "name": "Tomas Reyes", "type": "PERSON", "quotes": 1, "articles": 1,
         "only_this_outlet": True},
    ]  # fmt: skip
    assert post["numbers"][1] == {
        "text": "$2.5 million",
        "value": 2_500_000.0,
        "kind": "money",
        "unit": "USD",
        "citations": 1,
        "articles": 1,
        "only_this_outlet": False,
    }
    assert post["shared_passages"] == [
        {
            "shared_quote_id": "sq-promise",
            "text": PROMISE,
            "speaker": "Ilse Varga",
            "carriers": [{"outlet": "Harbor Gazette", "first": True}, {"outlet": "Tidewater Post", "first": False}],
        }
    ]
    assert outlets[2]["articles"] == [
        {"article_id": "u1", "headline": "Headline of u1", "published_at": "2026-03-03T07:00:00+00:00"}
    ]


def test_compare_as_csv_gives_a_row_per_item(warehouse):
    rows = list(
        csv.DictReader(io.StringIO(newswh("compare", "story-bridge", "-w", warehouse, "--format", "csv").stdout))
    )
    assert {row["section"] for row in rows} == {"articles", "speakers", "entities", "numbers", "shared_passages"}
    only = [(row["outlet"], row["section"], row["text"]) for row in rows if row["only_this_outlet"] == "True"]
    assert only == [
        ("Harbor Gazette", "entities", "Lantern Bridge"),
        ("Harbor Gazette", "numbers", "40"),
        ("Harbor Gazette", "numbers", "9,000"),
        ("Tidewater Post", "speakers", "Tomas Reyes"),
        ("", "entities", "Kelp Harbor"),
        ("", "numbers", "3 hours"),
    ]
    (passage, _) = [row for row in rows if row["section"] == "shared_passages"]
    assert passage["detail"] == "Harbor Gazette (first), Tidewater Post"


def test_compare_takes_a_unique_prefix_of_a_story_id(warehouse):
    assert (
        newswh("compare", "story-b", "-w", warehouse).stdout
        == newswh("compare", "story-bridge", "-w", warehouse).stdout
    )
    ambiguous = newswh("compare", "story-", "-w", warehouse)
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == (
        "Error: story id prefix story- matches several stories (story-bridge, story-fair): give more of the id\n"
    )


def test_compare_an_unknown_story_says_how_to_list_them(warehouse):
    result = newswh("compare", "nope", "-w", warehouse)
    assert result.exit_code == 1
    assert result.stderr == f"Error: no story nope; list them with newswh stories -w {warehouse}\n"


@pytest.fixture
def old_warehouse(tmp_path) -> Path:
    """The schema-5 warehouse DuckDB 1.5.5 wrote: no stories tables."""
    with tarfile.open(FIXTURES / "warehouse_v5_duckdb_1_5_5.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    return tmp_path / "wh_v5"


@pytest.mark.parametrize("command", [["stories"], ["compare", "story-bridge"]], ids=["stories", "compare"])
def test_an_old_warehouse_is_told_to_run_once_to_upgrade(old_warehouse, command):
    result = newswh(*command, "-w", old_warehouse)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {old_warehouse} was last loaded by an older version of news-warehouse")
    assert f"Run `newswh run INPUTS --warehouse {old_warehouse}` once to upgrade it" in result.stderr


def test_a_warehouse_whose_latest_run_predates_stories_is_told_to_upgrade(warehouse, tmp_path):
    copy = tmp_path / "wh"
    shutil.copytree(warehouse, copy)
    with duckdb.connect(str(copy / "news.duckdb")) as con:
        con.execute("UPDATE runs SET schema_version = 5")  # its articles were loaded before stories existed
    result = newswh("stories", "-w", copy)
    assert result.exit_code == 1
    assert "its articles are in no story yet" in result.stderr


@pytest.mark.parametrize("command", ["stories", "compare"])
def test_help_ends_with_an_example(command):
    description = newswh(command, "--help").stdout.split("Options:")[0].rstrip().splitlines()
    assert description[-2].strip() == "Example:" and description[-1].strip().startswith(f"newswh {command} ")
