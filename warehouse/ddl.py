"""DuckDB DDL derived from ``schemas``: no column is spelled out here."""

import pyarrow as pa

from schemas import MACROS, TABLES, VIEWS, Table, View
from schemas.table import hint


def duckdb_type(arrow_type: pa.DataType) -> str:
    """The DuckDB column type that round-trips ``arrow_type``."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "VARCHAR"
    if pa.types.is_int32(arrow_type):
        return "INTEGER"
    if pa.types.is_int64(arrow_type):
        return "BIGINT"
    if pa.types.is_float64(arrow_type):
        return "DOUBLE"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMPTZ" if arrow_type.tz else "TIMESTAMP"
    if pa.types.is_list(arrow_type):
        return duckdb_type(arrow_type.value_type) + "[]"
    raise TypeError(f"no DuckDB type for {arrow_type}")


def quote_literal(text: str) -> str:
    """``text`` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def column_list(table: Table) -> str:
    """The table's columns, in schema order, for INSERT and SELECT."""
    return ", ".join(table.columns)


def create_table_sql(table: Table) -> list[str]:
    """CREATE TABLE plus COMMENT statements documenting the table and each column.

    NOT NULL is declared (key columns included). Keys are unique by construction of the load and
    checked inside its transaction (``duplicate_keys_sql``), not declared as PRIMARY KEY: DuckDB
    backs a declared key with an ART index that every checkpoint (each load ends with one) writes
    out whole (duckdb/duckdb#24848), which made each load cost in proportion to the warehouse.
    Warehouses created before schema version 5 keep their declared keys. Foreign keys are checked
    by tests, not declared, so delete-and-reinsert loads stay simple.
    """
    lines = []
    for field in table.schema:
        not_null = "" if field.nullable else " NOT NULL"
        lines.append(f"    {field.name} {duckdb_type(field.type)}{not_null}")
    return [f"CREATE TABLE IF NOT EXISTS {table.name} (\n" + ",\n".join(lines) + "\n)", *comments_sql(table)]


def comments_sql(relation: Table | View) -> list[str]:
    """COMMENT statements documenting a table or view (with its grain) and each of its columns."""
    kind = "VIEW" if isinstance(relation, View) else "TABLE"
    description = f"{relation.description} Grain: {relation.grain}"
    return [f"COMMENT ON {kind} {relation.name} IS {quote_literal(description)}"] + [
        f"COMMENT ON COLUMN {relation.name}.{name} IS {quote_literal(relation.description_of(name))}"
        for name in relation.columns
    ]


def add_columns_sql(table: Table, existing_columns: list[str]) -> list[str]:
    """ALTER TABLE statements adding the columns ``table`` has beyond ``existing_columns``.

    Schemas only ever append nullable columns, so an older warehouse is migrated by adding them
    (NULL in the rows already loaded).
    """
    missing = table.columns[len(existing_columns) :]
    if table.columns[: len(existing_columns)] != existing_columns:
        raise ValueError(
            f"table {table.name} has columns {existing_columns}, which this version cannot migrate to {table.columns}"
        )
    statements = []
    for name in missing:
        field = table.schema.field(name)
        statements.append(f"ALTER TABLE {table.name} ADD COLUMN {name} {duckdb_type(field.type)}")
        statements.append(f"COMMENT ON COLUMN {table.name}.{name} IS {quote_literal(table.description_of(name))}")
    return statements


def describe_tables() -> tuple[list[str], list[tuple[str, str, str, str]]]:
    """Every table and view with its columns, and every macro with its parameters, as documentation rows.

    Rows are (name, column, DuckDB type, description); the first row of each table, view or macro
    has no column and says what it is (TABLE, VIEW, MACRO and the type it returns).
    """
    rows = []
    for relation in [*TABLES.values(), *VIEWS.values()]:
        kind = "VIEW" if isinstance(relation, View) else "TABLE"
        rows.append((relation.name, "", kind, f"{relation.description} Grain: {relation.grain}."))
        for field in relation.schema:
            type_name = duckdb_type(field.type) + ("" if field.nullable else " NOT NULL")
            if field.name in relation.primary_key:
                type_name += " (key)"
            rows.append((relation.name, field.name, type_name, relation.description_of(field.name)))
    for macro in MACROS.values():
        signature = f"{macro.name}({', '.join(macro.parameters.names)})"
        rows.append((macro.name, "", f"MACRO → {duckdb_type(macro.returns)}", f"{signature}: {macro.description}"))
        rows += [
            (macro.name, field.name, duckdb_type(field.type), hint(field, "description") or "")
            for field in macro.parameters
        ]
    return ["name", "column", "type", "description"], rows


def foreign_keys_to(table: Table) -> list[tuple[Table, str]]:
    """Every (table, column) whose foreign key points at ``table``'s one-column key."""
    if len(table.primary_key) != 1:
        return []
    target = f"{table.name}.{table.primary_key[0]}"
    return [(other, field.name) for other in TABLES.values() for field in other.schema if hint(field, "fk") == target]


def referrers(table: Table) -> list[tuple[Table, str]]:
    """The article-owned (``by_article``) tables and columns whose foreign key points at ``table``'s key."""
    return [(other, column) for other, column in foreign_keys_to(table) if other.load == "by_article"]


def backfill_sql(table: Table, added_columns: list[str]) -> list[str]:
    """UPDATE statements giving rows loaded before a column existed a value, where one can be derived.

    ``run_id`` of a table that articles refer to (entities, added in schema version 5) becomes the
    earliest run of an article that refers to the row, or the earliest run when none does.
    """
    if "run_id" not in added_columns or not referrers(table):
        return []
    (key,) = table.primary_key
    referring = " UNION ALL ".join(
        f"SELECT article_id, {name} AS {key} FROM {other.name} WHERE {name} IS NOT NULL"
        for other, name in referrers(table)
    )
    return [
        f"UPDATE {table.name} SET run_id = first_run.run_id FROM ("
        f"SELECT r.{key}, min(a.run_id) AS run_id FROM ({referring}) r JOIN articles a USING (article_id) "
        f"GROUP BY r.{key}) first_run WHERE {table.name}.{key} = first_run.{key} AND {table.name}.run_id IS NULL",
        f"UPDATE {table.name} SET run_id = (SELECT min(run_id) FROM runs) WHERE run_id IS NULL",
    ]


def duplicate_keys_sql(table: Table, staged: str) -> str:
    """A query that fails the load (DuckDB ``error``) if a key of ``staged`` rows now occurs twice in ``table``.

    Only the staged keys are looked up, so the check costs what the run loads, not what the table holds.
    """
    key = ", ".join(table.primary_key)
    shown = " || ' ' || ".join(table.primary_key)
    message = quote_literal(f"duplicate key: {table.name}.{'+'.join(table.primary_key)} ")
    return (
        f"SELECT error({message} || {shown}) "
        f"FROM {table.name} WHERE ({key}) IN (SELECT {key} FROM {staged}) GROUP BY {key} HAVING count(*) > 1 LIMIT 1"
    )


def views_sql() -> list[str]:
    """CREATE OR REPLACE statements for the documented views and SQL macros of ``schemas``, in dependency order.

    Each comes with its COMMENT statements (replacing a view or macro drops its comments).
    """
    statements = []
    for macro in MACROS.values():
        statements += [
            f"CREATE OR REPLACE MACRO {macro.name}({', '.join(macro.parameters.names)}) AS {macro.sql}",
            f"COMMENT ON MACRO {macro.name} IS {quote_literal(macro.description)}",
        ]
    for view in VIEWS.values():
        statements += [f"CREATE OR REPLACE VIEW {view.name} AS {view.sql.strip()}", *comments_sql(view)]
    return statements
