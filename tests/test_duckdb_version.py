"""The pinned DuckDB answers correlated subqueries right, and opens warehouses written by DuckDB 1.5.5.

DuckDB 1.5.5 and 1.5.6 return false for every row of a correlated EXISTS that mixes ``=``, ``<`` and
``<>`` (a journalist counting overlapping quotes got 0 instead of 1,277); 2.0 answers right. These
queries go through ``newswh sql``, as a user would send them.
"""

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main
from warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures"
V5_WAREHOUSE = FIXTURES / "warehouse_v5_duckdb_1_5_5.tar.gz"
"""``newswh run examples/`` as written by schema version 5 on DuckDB 1.5.5 (our own example articles)."""


@pytest.fixture
def old_warehouse(tmp_path) -> Path:
    """A copy of the schema-5 warehouse that DuckDB 1.5.5 wrote."""
    with tarfile.open(V5_WAREHOUSE) as archive:
        archive.extractall(tmp_path, filter="data")
    return tmp_path / "wh_v5"


def sql_json(query: str, warehouse: Path) -> list[dict]:
    result = CliRunner().invoke(main, ["sql", query, "--warehouse", str(warehouse), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_correlated_exists_with_equal_less_and_not_equal(old_warehouse):
    query = (
        "WITH t(id, a, s, e) AS (VALUES (1, 1, 0, 10), (2, 1, 5, 12), (3, 2, 0, 3)) "
        "SELECT id, EXISTS (SELECT 1 FROM t p WHERE p.a = q.a AND p.s < q.e AND p.id <> q.id) AS overlaps "
        "FROM t q ORDER BY id"
    )
    assert sql_json(query, old_warehouse) == [
        {"id": 1, "overlaps": True},
        {"id": 2, "overlaps": True},
        {"id": 3, "overlaps": False},
    ]


def test_overlapping_quotes_counted_by_exists_equal_a_join(old_warehouse):
    by_exists = sql_json(
        "SELECT count(*) AS n FROM quotes q WHERE EXISTS (SELECT 1 FROM quotes p WHERE p.article_id = q.article_id "
        "AND p.start_char < q.end_char AND q.start_char < p.end_char AND p.quote_id <> q.quote_id)",
        old_warehouse,
    )
    by_join = sql_json(
        "SELECT count(DISTINCT q.quote_id) AS n FROM quotes q JOIN quotes p ON p.article_id = q.article_id "
        "AND p.start_char < q.end_char AND q.start_char < p.end_char AND p.quote_id <> q.quote_id",
        old_warehouse,
    )
    assert by_exists == by_join
    assert by_join[0]["n"] > 0  # the examples have reported speech around direct quotes


def test_a_warehouse_written_by_duckdb_1_5_5_opens(old_warehouse):
    assert sql_json("SELECT count(*) AS n FROM quotes", old_warehouse) == [{"n": 113}]
    assert Warehouse(old_warehouse).row_counts()["articles"] == 13
    shutil.rmtree(old_warehouse / "parquet")  # status republishes a missing dataset
    result = CliRunner().invoke(main, ["status", "--warehouse", str(old_warehouse)])
    assert result.exit_code == 0, result.output
    assert "republished Parquet" in result.output


def test_an_older_warehouse_gains_a_source_for_each_article(old_warehouse):
    """``article_sources`` did not exist in schema 5: the first use gives each article the record it was loaded from."""
    assert Warehouse(old_warehouse).try_recover() is not None
    assert sql_json(
        "SELECT count(*) AS n FROM articles a JOIN article_sources s USING (article_id, source) "
        "WHERE s.outlet IS NOT DISTINCT FROM a.outlet AND s.run_id = a.run_id",
        old_warehouse,
    ) == [{"n": 13}]
