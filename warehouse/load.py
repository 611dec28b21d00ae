"""The SQL of one run's load, built apart from running it so tests can read it.

Every statement touches the rows of this run's articles and keys only (no scan joins a whole table
against another), so a load costs about the same in a small or a big warehouse. How a table's staged
rows meet its loaded rows is its ``load`` mode (``schemas.table.Table``).
"""

from collections.abc import Mapping
from pathlib import Path

from schemas import STAGED_TABLES, TABLES, UPDATES, Table
from warehouse.ddl import column_list, duplicate_keys_sql, foreign_keys_to, quote_literal, referrers
from warehouse.derived import Derivation, derivations


def load_statements(staged: Mapping[str, Path], run_id: str) -> list[str]:
    """The statements of the load transaction, in order.

    ``staged`` maps each table to the glob of its staged Parquet files. The temporary table
    ``touched_runs`` (table_name, run_id) it leaves names the older runs whose rows of a published
    table the load deleted or moved: their Parquet files are the only older ones to rewrite.
    """
    statements = [
        f"CREATE TEMP TABLE staged_{name} AS "
        f"SELECT {column_list(table)} FROM read_parquet({quote_literal(str(staged[name]))})"
        for name, table in STAGED_TABLES.items()
    ]
    by_article = _tables("by_article")
    assert by_article[0].name == "articles", "articles come first: the other by_article tables hold rows of them"
    by_indexed_article = _tables("by_indexed_article")
    upserted = _tables("upsert")
    by_key = _tables("by_key")
    with_referrers = [table for table in _tables("new_keys") if referrers(table)]
    # What this load takes from older runs, captured before anything is deleted. A staged article
    # with the text and extraction settings it has, and no staged rows extracted from it, is a
    # metadata update: its row is replaced, its entities, quotes and numbers stay.
    extracted = " UNION ".join(f"SELECT article_id FROM staged_{table.name}" for table in by_article[1:])
    statements += [
        "CREATE TEMP TABLE restaged_articles AS SELECT a.article_id, a.run_id, "
        "a.content_hash <> s.content_hash OR a.extraction_key IS DISTINCT FROM s.extraction_key "
        f"OR a.article_id IN ({extracted}) AS reextracted "
        "FROM articles a JOIN staged_articles s USING (article_id)",
        "CREATE TEMP TABLE replaced_articles AS SELECT article_id, run_id FROM restaged_articles WHERE reextracted",
        "CREATE TEMP TABLE reindexed_articles AS SELECT article_id FROM staged_search_documents",
        "CREATE TEMP TABLE touched_runs (table_name VARCHAR, run_id VARCHAR)",
    ]
    statements += [
        f"INSERT INTO touched_runs SELECT DISTINCT {quote_literal(table.name)}, r.run_id "
        f"FROM {table.name} t JOIN {_rows_replaced(table)} r ON r.article_id = t.article_id"
        for table in by_article
    ]
    for derivation in derivations(run_id):
        statements.append(f"CREATE TEMP TABLE {derivation.touched_table} AS {derivation.touched}")
    upsert_conditions = {table.name: _upsert_condition(table) for table in upserted}
    statements += [_capture_runs_sql(table, upsert_conditions[table.name]) for table in upserted if table.published]
    statements += [
        f"INSERT INTO touched_runs SELECT DISTINCT {quote_literal(table.name)}, a.run_id FROM {table.name} t "
        f"JOIN articles a ON a.article_id = t.article_id WHERE t.{_updated_rows(update)}"
        for update, table in _updated_tables()
    ]
    statements += [_orphan_candidates_sql(table) for table in with_referrers]
    statements += [
        f"DELETE FROM {table.name} WHERE article_id IN (SELECT article_id FROM {_rows_replaced(table)})"
        for table in reversed(by_article)
    ]
    statements += [_capture_runs_sql(table, _by_key_condition(table)) for table in by_key if table.published]
    statements += [f"DELETE FROM {table.name} WHERE {_by_key_condition(table)}" for table in by_key]
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
    statements += [_update_sql(update) for update in UPDATES.values()]
    for derivation in derivations(run_id):
        statements += derive_sql(derivation)
    for table in with_referrers:
        statements += _orphan_cleanup_sql(table)
    statements.append(f"DELETE FROM touched_runs WHERE run_id IS NULL OR run_id = {quote_literal(run_id)}")
    statements += [f"DROP TABLE staged_{name}" for name in STAGED_TABLES]
    statements += [f"DROP TABLE {derivation.touched_table}" for derivation in derivations(run_id)]
    statements += ["DROP TABLE restaged_articles", "DROP TABLE replaced_articles", "DROP TABLE reindexed_articles"]
    return statements


def _tables(load: str) -> list[Table]:
    return [table for table in TABLES.values() if table.load == load]


def _rows_replaced(table: Table) -> str:
    """The temporary table of articles whose rows of ``table`` the load replaces.

    An article's own row is replaced whenever the run stages it; the rows extracted from it only
    when its text or extraction settings changed.
    """
    return "restaged_articles" if table.name == "articles" else "replaced_articles"


def _by_key_condition(table: Table) -> str:
    """The rows of a ``by_key`` table the run replaces: those whose key it stages."""
    key = ", ".join(table.primary_key)
    return f"({key}) IN (SELECT {key} FROM staged_{table.name})"


def _updated_tables() -> list[tuple[Table, Table]]:
    """(update table, the table it updates) of each staged-only update."""
    return [(update, TABLES[update.updates]) for update in UPDATES.values()]


def _updated_rows(update: Table) -> str:
    """The condition selecting the rows of the updated table that ``update`` stages changes for."""
    (key,) = update.primary_key
    return f"{key} IN (SELECT {key} FROM staged_{update.name})"


def _update_sql(update: Table) -> str:
    """Set the staged columns on the rows of the updated table with the staged keys."""
    (key,) = update.primary_key
    target = TABLES[update.updates]
    assignments = ", ".join(f"{name} = s.{name}" for name in update.columns if name != key)
    return f"UPDATE {target.name} SET {assignments} FROM staged_{update.name} s WHERE {target.name}.{key} = s.{key}"


def _set_by_load(table: Table, column_name: str) -> bool:
    return (table.schema.field(column_name).metadata or {}).get(b"set_by_load") == b"true"


def _article_columns(table: Table) -> list[str]:
    """The table's columns that name an article (foreign keys to ``articles.article_id``)."""
    return [column for other, column in foreign_keys_to(TABLES["articles"]) if other is table]


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


def derive_sql(derivation: Derivation) -> list[str]:
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
    referred += [
        f"SELECT {column} FROM {other.name} WHERE {_updated_rows(update)}"
        for update, other in _updated_tables()
        for referrer, column in referrers(table)
        if referrer is other and column in update.columns
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
