"""The schemas are complete, self-consistent, and their DDL (tables, views, macros) runs in DuckDB."""

from pathlib import Path

import duckdb
import pytest

from evaluation import scoring
from flows.cli import format_markdown
from schemas import MACROS, TABLES, VIEWS
from schemas.table import accepted_values_of, hint
from schemas.tables import ENTITY_TYPES, QUOTE_KINDS
from transforms.entities import KEEP_LABELS
from warehouse import QueryResult
from warehouse.ddl import create_table_sql, describe_tables, duckdb_type, views_sql

RELATIONS = [*TABLES.values(), *VIEWS.values()]


@pytest.mark.parametrize("relation", RELATIONS, ids=[relation.name for relation in RELATIONS])
def test_every_column_is_documented(relation):
    assert relation.description and relation.grain
    for name in relation.columns:
        assert relation.description_of(name), f"{relation.name}.{name} has no description"
    assert set(relation.primary_key) <= set(relation.columns)


@pytest.mark.parametrize("relation", RELATIONS, ids=[relation.name for relation in RELATIONS])
def test_foreign_keys_name_an_existing_primary_key(relation):
    for field in relation.schema:
        target = hint(field, "fk")
        if target:
            other, column = target.split(".")
            assert TABLES[other].primary_key == [column]


@pytest.mark.parametrize("macro", MACROS.values(), ids=list(MACROS))
def test_every_macro_and_parameter_is_documented(macro):
    assert macro.description
    assert all(hint(field, "description") for field in macro.parameters)


def test_accepted_values_are_those_the_extractors_produce():
    assert set(accepted_values_of(TABLES["entities"].schema.field("type"))) == set(ENTITY_TYPES) == KEEP_LABELS
    assert accepted_values_of(TABLES["quotes"].schema.field("kind")) == list(QUOTE_KINDS) == list(scoring.QUOTE_KINDS)


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


def test_views_give_the_documented_columns_and_types_with_comments():
    con = duckdb.connect()
    for table in TABLES.values():
        for statement in create_table_sql(table):
            con.execute(statement)
    for statement in views_sql():
        con.execute(statement)
    for view in VIEWS.values():
        described = con.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [view.name],
        ).fetchall()
        assert [(name, type_name) for name, type_name, _ in described] == [
            (field.name, duckdb_type(field.type)) for field in view.schema
        ], view.name
        assert all(comment for *_, comment in described)
    commented = con.execute("SELECT view_name FROM duckdb_views() WHERE comment IS NOT NULL").fetchall()
    assert {name for (name,) in commented} == set(VIEWS)
    macros = con.execute("SELECT function_name FROM duckdb_functions() WHERE comment IS NOT NULL").fetchall()
    assert set(MACROS) <= {name for (name,) in macros}


def test_docs_tables_md_is_current():
    columns, rows = describe_tables()
    expected = format_markdown(QueryResult(columns=columns, rows=rows))
    docs = (Path(__file__).resolve().parents[1] / "docs" / "tables.md").read_text(encoding="utf-8")
    assert expected in docs, "regenerate: newswh tables --format markdown (see docs/tables.md)"
