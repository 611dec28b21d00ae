"""``newswh report``: the demo warehouse's report drawn in headless Chromium, escaping, narrowing, and mistakes."""

import re
from html import unescape
from pathlib import Path

import duckdb
import pytest
from browser import render
from click.testing import CliRunner, Result
from story_warehouse import build_story_warehouse

from flows.cli import main
from flows.etl import etl
from warehouse import Warehouse

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HOSTILE = "</script><script>document.title='pwned'</script><b>bold</b>"


def newswh(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture(scope="module")
def demo(prefect_harness, tmp_path_factory) -> Path:
    """The warehouse `make demo` builds: the examples, loaded by a real flow run."""
    root = tmp_path_factory.mktemp("demo") / "wh"
    etl(inputs=[str(EXAMPLES)], warehouse=str(root), workers=1)
    return root


def text_of(dom: str) -> str:
    """The page's visible words, SVG labels included, as one string."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", dom)))


def test_the_demo_report_draws_every_chart_without_script_errors(demo, tmp_path):
    output = tmp_path / "report.html"
    result = newswh("report", "-w", demo, "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {output}: 16 articles")

    page = render(output)
    assert page.script_errors == []
    charts = re.findall(r'<div class="chart[^"]*" id="(chart-\d+)"[^>]*>', page.dom)
    drawn = re.findall(r'<div class="chart[^"]*" id="chart-\d+"[^>]*data-drawn="true"', page.dom)
    assert len(charts) >= 10 and len(drawn) == len(charts)
    assert page.dom.count("<svg") >= len(charts)


def test_the_report_shows_the_warehouses_own_top_speakers_and_outlets(demo, tmp_path):
    output = tmp_path / "report.html"
    newswh("report", "-w", demo, "-o", output, "--top", "3")
    shown = text_of(render(output).dom)
    store = Warehouse(demo)
    speakers = store.query(
        "SELECT speaker FROM speech WHERE speaker_entity_id IS NOT NULL GROUP BY speaker_entity_id, speaker "
        "ORDER BY count(*) DESC, speaker LIMIT 3"
    ).rows
    outlets = store.query("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL").rows
    for (name,) in speakers + outlets:
        assert name in shown
    fourth = store.query(
        "SELECT speaker FROM speech WHERE speaker_entity_id IS NOT NULL GROUP BY speaker_entity_id, speaker "
        "ORDER BY count(*) DESC, speaker LIMIT 1 OFFSET 3"
    ).rows[0][0]
    top_list = shown.split("Most quoted, all outlets")[1].split("Most quoted in each outlet")[0]
    assert fourth not in top_list


def test_narrowed_to_one_outlet_and_days(demo, tmp_path):
    output = tmp_path / "report.html"
    result = newswh(
        "report",
        "-w",
        demo,
        "-o",
        output,
        "--outlet",
        "Meridian Press",
        "--since",
        "2024-03-12",
        "--until",
        "2024-03-31",
    )
    assert result.exit_code == 0
    expected = (
        Warehouse(demo)
        .query("SELECT count(*) FROM articles WHERE outlet = 'Meridian Press' AND published_at >= '2024-03-12'")
        .rows[0][0]
    )
    assert result.stdout.startswith(f"wrote {output}: {expected} article")
    shown = text_of(output.read_text())
    assert "outlets Meridian Press; published 2024-03-12 to 2024-03-31" in shown
    assert "The Harbour Voice" not in shown


def test_names_and_titles_from_articles_are_shown_as_text(tmp_path):
    root = build_story_warehouse(tmp_path / "wh").root
    with duckdb.connect(str(root / "news.duckdb")) as con:
        con.execute("UPDATE articles SET title = ? WHERE outlet = 'Harbor Gazette'", [HOSTILE])
        con.execute("UPDATE story_articles SET headline = ?", [HOSTILE])
        con.execute("UPDATE entities SET name = ? WHERE type = 'PERSON'", [HOSTILE])
    output = tmp_path / "report.html"
    assert newswh("report", "-w", root, "-o", output).exit_code == 0
    html = output.read_text()
    assert HOSTILE not in html and "<b>bold</b>" not in html
    page = render(output)
    assert page.script_errors == []
    assert "pwned" not in re.search(r"<title>(.*?)</title>", page.dom).group(1)
    assert HOSTILE in text_of(page.dom)


def test_an_empty_warehouse_gives_a_report_saying_so(prefect_harness, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("")  # rejected: the warehouse exists and holds no article
    etl(inputs=[str(inbox)], warehouse=str(tmp_path / "wh"), workers=1)
    output = tmp_path / "report.html"
    result = newswh("report", "-w", tmp_path / "wh", "-o", output)
    assert result.exit_code == 0
    assert result.stdout == f"wrote {output}: 0 articles, every outlet\n"
    page = render(output)
    assert page.script_errors == []
    assert "This warehouse has no articles yet" in text_of(page.dom)


def test_an_outlet_with_no_articles_gives_a_report_saying_so(demo, tmp_path):
    output = tmp_path / "report.html"
    assert newswh("report", "-w", demo, "-o", output, "--outlet", "Nobody's Gazette").exit_code == 0
    assert "No articles match: outlets Nobody's Gazette" in text_of(output.read_text())


def test_a_missing_warehouse_is_an_error(tmp_path):
    result = newswh("report", "-w", tmp_path / "nowhere", "-o", tmp_path / "report.html")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no warehouse at {tmp_path / 'nowhere'}")
    assert not (tmp_path / "report.html").exists()


@pytest.mark.parametrize("target", ["missing-folder/report.html", "."], ids=["no folder", "a folder"])
def test_an_unwritable_output_is_an_error(tmp_path, target):
    root = build_story_warehouse(tmp_path / "wh").root
    result = newswh("report", "-w", root, "-o", tmp_path / target)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write {tmp_path / target}")
