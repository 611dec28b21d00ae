"""The SQL of one run's load, built apart from running it so tests can read it.

Every statement touches the rows of this run's articles and keys only (no scan joins a whole table
against another), so a load costs about the same in a small or a big warehouse. How a table's staged
rows meet its loaded rows is its ``load`` mode (``schemas.table.Table``).
"""

from collections.abc import Mapping
from pathlib import Path

from schemas import TABLES, Table
from warehouse.ddl import column_list, duplicate_keys_sql, quote_literal, referrers
from warehouse.derived import derivations


def load_statements(staged: Mapping[str, Path], run_id: str) -> list[str]:
    """The statements of the load transaction, in order.

    ``staged`` maps each table to the glob of its staged Parquet files. The temporary table
    ``touched_runs`` (table_name, run_id) it leaves names the older runs whose rows of a published
    table the load deleted or moved: their Parquet files are the only older ones to rewrite.
    """
    statements = [
        f"CREATE TEMP TABLE staged_{name} AS "
        f"SELECT {column_list(table)} FROM read_parquet({quote_literal(str(staged[name]))})"
        for name, table in TABLES.items()
    ]
    by_article = _tables("by_article")
    by_indexed_article = _tables("by_indexed_article")
    upserted = _tables("upsert")
    with_referrers = [table for table in _tables("new_keys") if referrers(table)]
    # What this load takes from older runs, captured before anything is deleted.
    statements += [
        "CREATE TEMP TABLE replaced_articles AS SELECT article_id, run_id FROM articles "
        "WHERE article_id IN (SELECT article_id FROM staged_articles)",
        "CREATE TEMP TABLE reindexed_articles AS SELECT article_id FROM staged_search_documents",
        "CREATE TEMP TABLE touched_runs (table_name VARCHAR, run_id VARCHAR)",
    ]
    statements += [
        f"INSERT INTO touched_runs SELECT DISTINCT {quote_literal(table.name)}, r.run_id "
        f"FROM {table.name} t JOIN replaced_articles r ON r.article_id = t.article_id"
        for table in by_article
    ]
    for derivation in derivations(run_id):
        statements.append(f"CREATE TEMP TABLE {derivation.touched_table} AS {derivation.touched}")
    upsert_conditions = {table.name: _upsert_condition(table) for table in upserted}
    statements += [_capture_runs_sql(table, upsert_conditions[table.name]) for table in upserted if table.published]
    statements += [_orphan_candidates_sql(table) for table in with_referrers]
    statements += [
        f"DELETE FROM {table.name} WHERE article_id IN (SELECT article_id FROM replaced_articles)"
        for table in reversed(by_article)
    ]
    statements += [
        f"DELETE FROM {table.name} WHERE article_id IN (SELECT article_id FROM reindexed_articles)"
        for table in by_indexed_article
    ]
    statements += [f"DELETE FROM {table.name} WHERE {upsert_conditions[table.name]}" for table in upserted]
    for table in TABLES.values():
        if table.load == "derived":
            continue
        columns = column_list(table)
        if table.load == "new_keys":
            (key,) = table.primary_key
            values = ", ".join(
                f"{quote_literal(run_id)} AS run_id" if _set_by_load(table, name) and name == "run_id" else name
                for name in table.columns
            )
            statements.append(
                f"INSERT INTO {table.name} ({columns}) "
                f"SELECT DISTINCT ON ({key}) {values} FROM staged_{table.name} s "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE t.{key} = s.{key})"
            )
        else:
            statements.append(f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM staged_{table.name}")
    statements += [
        duplicate_keys_sql(table, f"staged_{table.name}")
        for table in TABLES.values()
        if table.primary_key and table.load not in ("new_keys", "derived")  # those insert only keys not there yet
    ]
    for derivation in derivations(run_id):
        statements += _derive_sql(derivation)
    for table in with_referrers:
        statements += _orphan_cleanup_sql(table)
    statements.append(f"DELETE FROM touched_runs WHERE run_id IS NULL OR run_id = {quote_literal(run_id)}")
    statements += [f"DROP TABLE staged_{name}" for name in TABLES]
    statements += [f"DROP TABLE {derivation.touched_table}" for derivation in derivations(run_id)]
    statements += ["DROP TABLE replaced_articles", "DROP TABLE reindexed_articles"]
    return statements


def _tables(load: str) -> list[Table]:
    return [table for table in TABLES.values() if table.load == load]


def _set_by_load(table: Table, column_name: str) -> bool:
    return (table.schema.field(column_name).metadata or {}).get(b"set_by_load") == b"true"


def _article_columns(table: Table) -> list[str]:
    """The table's columns that name an article (foreign keys to ``articles.article_id``)."""
    return [field.name for field in table.schema if (field.metadata or {}).get(b"fk") == b"articles.article_id"]


def _upsert_condition(table: Table) -> str:
    """The rows an ``upsert`` load replaces: those whose key the run stages, or that name an article it (re)indexes."""
    (key,) = table.primary_key
    conditions = [f"{key} IN (SELECT {key} FROM staged_{table.name})"]
    conditions += [f"{name} IN (SELECT article_id FROM reindexed_articles)" for name in _article_columns(table)]
    return " OR ".join(conditions)


def _capture_runs_sql(table: Table, condition: str) -> str:
    """Note the runs of the rows of ``table`` that ``condition`` names (about to be deleted): their files change."""
    return (
        f"INSERT INTO touched_runs SELECT DISTINCT {quote_literal(table.name)}, run_id FROM {table.name} "
        f"WHERE {condition}"
    )


def _derive_sql(derivation) -> list[str]:
    """Replace the derived rows of the touched keys by their aggregate, then clean up what they leave behind."""
    table = derivation.table
    (key,) = table.primary_key
    touched = f"{key} IN (SELECT {key} FROM {derivation.touched_table})"
    statements = [_capture_runs_sql(table, touched)] if table.published else []
    statements += [
        f"DELETE FROM {table.name} WHERE {touched}",
        f"INSERT INTO {table.name} ({column_list(table)}) {derivation.rows}",
    ]
    for other, condition in derivation.cleanup:
        if other.published:
            statements.append(_capture_runs_sql(other, condition))
        statements.append(f"DELETE FROM {other.name} WHERE {condition}")
    return statements


def _orphan_candidates_sql(table: Table) -> str:
    """Capture, before the deletes, the keys of ``table`` this load may leave unreferenced.

    Those are the keys the replaced articles' rows refer to, and the keys the run stages (a staged
    entity no staged row mentions is not kept).
    """
    (key,) = table.primary_key
    referred = [
        f"SELECT {column} FROM {other.name} WHERE article_id IN (SELECT article_id FROM replaced_articles)"
        for other, column in referrers(table)
    ]
    return (
        f"CREATE TEMP TABLE orphan_candidates_{table.name} AS SELECT DISTINCT {key} FROM ("
        + " UNION ALL ".join([*referred, f"SELECT {key} FROM staged_{table.name}"])
        + f") candidates ({key}) WHERE {key} IS NOT NULL"
    )


def _orphan_cleanup_sql(table: Table) -> list[str]:
    """Delete the candidate rows of ``table`` (entities) that no article refers to any more; note their runs."""
    (key,) = table.primary_key
    candidates = f"SELECT {key} FROM orphan_candidates_{table.name}"
    still_referred = " AND ".join(
        f"{key} NOT IN (SELECT {column} FROM {other.name} WHERE {column} IN ({candidates}))"
        for other, column in referrers(table)
    )
    run = "run_id" if "run_id" in table.columns else "NULL"
    return [
        f"CREATE TEMP TABLE orphaned_{table.name} AS SELECT {key}, {run} AS run_id FROM {table.name} "
        f"WHERE {key} IN ({candidates}) AND {still_referred}",
        f"DELETE FROM {table.name} WHERE {key} IN (SELECT {key} FROM orphaned_{table.name})",
        f"INSERT INTO touched_runs SELECT DISTINCT {quote_literal(table.name)}, run_id FROM orphaned_{table.name}",
        f"DROP TABLE orphaned_{table.name}",
        f"DROP TABLE orphan_candidates_{table.name}",
    ]
