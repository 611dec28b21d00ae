"""The schemas are complete, self-consistent, and their DDL runs in DuckDB."""

from pathlib import Path

import duckdb
import pytest

from flows.cli import format_markdown
from schemas import TABLES
from warehouse import QueryResult
from warehouse.ddl import create_table_sql, describe_tables


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_every_column_is_documented(table):
    assert table.description and table.grain
    for name in table.columns:
        assert table.description_of(name), f"{table.name}.{name} has no description"


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_foreign_keys_name_an_existing_primary_key(table):
    for field in table.schema:
        target = (field.metadata or {}).get(b"fk")
        if target:
            other, column = target.decode().split(".")
            assert TABLES[other].primary_key == [column]


def test_tables_are_listed_parents_first():
    order = list(TABLES)
    for table in TABLES.values():
        for field in table.schema:
            target = (field.metadata or {}).get(b"fk")
            if target and target.decode().split(".")[0] != table.name:
                assert order.index(target.decode().split(".")[0]) < order.index(table.name)


def test_ddl_creates_documented_tables_in_duckdb():
    con = duckdb.connect()
    for table in TABLES.values():
        for statement in create_table_sql(table):
            con.execute(statement)
    for table in TABLES.values():
        described = con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table.name]
        ).fetchall()
        assert [name for name, _ in described] == table.columns
        assert all(comment for _, comment in described)
        empty = con.sql(f"SELECT * FROM {table.name}").to_arrow_table()
        assert empty.schema.names == table.columns


def test_docs_tables_md_is_current():
    columns, rows = describe_tables()
    expected = format_markdown(QueryResult(columns=columns, rows=rows))
    docs = (Path(__file__).resolve().parents[1] / "docs" / "tables.md").read_text(encoding="utf-8")
    assert expected in docs, "regenerate: newswh tables --format markdown (see docs/tables.md)"
