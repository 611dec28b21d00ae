"""Data checks derived from the schemas, run on a real warehouse: all pass on a good one, each catches a broken row."""

import shutil
import tarfile
from pathlib import Path

import duckdb
import pytest
from story_warehouse import build_story_warehouse

from schemas import TABLES, VIEWS
from warehouse import Warehouse
from warehouse.checks import all_checks, relationships_sql, run_checks

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def good_warehouse(tmp_path_factory) -> Path:
    return build_story_warehouse(tmp_path_factory.mktemp("checks") / "wh").root


@pytest.fixture
def broken(good_warehouse, tmp_path):
    """A copy of the good warehouse, and a function running SQL on it that breaks a rule."""
    root = tmp_path / "wh"
    shutil.copytree(good_warehouse, root)

    def run(*statements: str) -> Warehouse:
        with duckdb.connect(str(root / "news.duckdb")) as con:
            for statement in statements:
                con.execute(statement)
        return Warehouse(root)

    return run


def failed(store: Warehouse) -> set[str]:
    failures = run_checks(store)
    assert all(failure.error is None for failure in failures), failures
    return {failure.check.name for failure in failures}


def test_every_check_passes_on_a_good_warehouse(good_warehouse):
    assert run_checks(Warehouse(good_warehouse)) == []


def test_checks_are_derived_for_every_table_and_view():
    names = {check.name for check in all_checks()}
    for relation in [*TABLES.values(), *VIEWS.values()]:
        if relation.primary_key:
            assert f"unique({relation.name}.{'+'.join(relation.primary_key)})" in names
    assert {
        "unique(story_coverage.story_id+outlet)",
        "not_null(story_articles.story_id)",
        "relationships(story_articles.story_id -> stories.story_id)",
        "relationships(quote_context.quote_id -> quotes.quote_id)",
        "accepted_values(entities.type)",
        "accepted_values(numbers_by_outlet.kind)",
        "span_text(shared_quote_occurrences.text)",
    } <= names


def test_a_check_is_sql_selecting_the_offending_rows():
    assert relationships_sql("quotes", "article_id", "articles.article_id") == (
        "SELECT DISTINCT child.article_id FROM quotes child "
        "LEFT JOIN articles parent ON parent.article_id = child.article_id "
        "WHERE child.article_id IS NOT NULL AND parent.article_id IS NULL"
    )


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        pytest.param(
            ["INSERT INTO entities VALUES ('e-varga', 'Ilse Varga', 'PERSON', 'run-1')"],
            {"unique(entities.entity_id)"},
            id="unique",
        ),
        pytest.param(
            [
                "ALTER TABLE quotes ALTER COLUMN text DROP NOT NULL",
                "UPDATE quotes SET text = NULL WHERE quote_id = 'q-t1-reyes'",
            ],
            {
                "not_null(quotes.text)",
                "not_null(quote_context.text)",
                "not_null(speech.text)",
                "span_text(quotes.text)",
            },
            id="not_null",
        ),
        pytest.param(
            ["UPDATE numbers SET article_id = 'a-gone' WHERE number_id = 'n-u1-hours'"],
            {"relationships(numbers.article_id -> articles.article_id)"},
            id="relationships",
        ),
        pytest.param(
            ["UPDATE quotes SET kind = 'shouted' WHERE quote_id = 'q-t1-reyes'"],
            {"accepted_values(quotes.kind)", "accepted_values(quote_context.kind)"},
            id="accepted_values",
        ),
        pytest.param(
            ["UPDATE numbers SET start_char = start_char + 1 WHERE number_id = 'n-g1-cracks'"],
            {"span_text(numbers.text)"},
            id="span",
        ),
        pytest.param(
            ["DELETE FROM story_articles WHERE article_id = 'u1'"],
            {"every article is in exactly one story", "a story's counts, dates and first article match its articles"},
            id="article_without_story",
        ),
        pytest.param(
            ["UPDATE stories SET article_count = 5 WHERE story_id = 'story-bridge'"],
            {"a story's counts, dates and first article match its articles"},
            id="story_count",
        ),
        pytest.param(
            ["UPDATE shared_quotes SET article_count = 3"],
            {"a shared quote is in two articles or more, and its counts match its occurrences"},
            id="shared_quote_count",
        ),
        pytest.param(
            ["DELETE FROM shared_quote_occurrences WHERE article_id = 't1'"],
            {"a shared quote is in two articles or more, and its counts match its occurrences"},
            id="shared_quote_in_one_article",
        ),
        pytest.param(
            [
                "INSERT INTO article_duplicates VALUES ('t1', 'g1', 0.9, false, 'run-1'), "
                "('g2', 't1', 0.8, false, 'run-1')"
            ],
            {"a duplicate_of is never itself a duplicate, nor the copy itself"},
            id="duplicate_of_a_duplicate",
        ),
        pytest.param(
            ["UPDATE quotes SET speaker = 'I. Varga' WHERE quote_id = 'q-g2-varga'"],
            {"a quote's speaker is the name of its speaker entity"},
            id="speaker_name",
        ),
    ],
)
def test_each_kind_of_check_catches_a_broken_row(broken, statements, expected):
    assert failed(broken(*statements)) == expected


def test_a_failure_shows_the_offending_rows(broken):
    store = broken("UPDATE quotes SET kind = 'shouted' WHERE quote_id IN ('q-t1-reyes', 'q-g1-city')")
    (failure,) = [failure for failure in run_checks(store) if failure.check.name == "accepted_values(quotes.kind)"]
    assert (failure.rows, failure.sample) == (1, [("shouted", 2)])


def test_a_table_an_older_warehouse_lacks_is_a_failure_with_the_error(tmp_path):
    with tarfile.open(FIXTURES / "warehouse_v5_duckdb_1_5_5.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    failures = {failure.check.name: failure for failure in run_checks(Warehouse(tmp_path / "wh_v5"))}
    assert "stories" in failures["unique(stories.story_id)"].error
    assert "unique(quotes.quote_id)" not in failures  # the tables it has are checked as usual
