"""Data checks, as dbt's tests: each is a query selecting the rows that break a rule, so none means it holds.

Most are derived from ``schemas`` for every table and view: key columns unique (together), NOT NULL
columns without NULLs, ``fk`` columns holding only values of the key they name (relationships),
``accepted_values`` columns holding only those values. A few invariants across tables that no column hint
can say are written out here (every article in exactly one story, shared passages in two articles or more,
...). The builders are pure; ``run_checks`` runs them on a warehouse, on one read-only connection.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from schemas import TABLES, VIEWS, Table, View
from schemas.table import accepted_values_of, hint
from warehouse.ddl import quote_literal
from warehouse.store import QueryResult, Warehouse, WarehouseError

SAMPLE_ROWS = 5
"""Offending rows kept per failed check, to show what is wrong."""


@dataclass(frozen=True)
class Check:
    """One rule: ``sql`` selects the rows that break it."""

    name: str
    """What it tests, e.g. ``unique(stories.story_id)``, ``relationships(quotes.article_id -> articles.article_id)``."""
    sql: str


@dataclass(frozen=True)
class CheckFailure:
    """A check that found offending rows, or whose query failed (``error``)."""

    check: Check
    rows: int
    """How many rows break the rule (0 when the query failed)."""
    sample: list[tuple[Any, ...]]
    """The first ``SAMPLE_ROWS`` of them."""
    error: str | None = None


def unique_sql(relation: str, columns: Sequence[str]) -> str:
    """Values of ``columns`` that occur together more than once (NULL counts as a value, as in GROUP BY)."""
    listed = ", ".join(columns)
    return f"SELECT {listed}, count(*) AS occurrences FROM {relation} GROUP BY {listed} HAVING count(*) > 1"


def not_null_sql(relation: str, column: str, key: Sequence[str]) -> str:
    """Rows (their ``key``) where ``column`` is NULL."""
    return f"SELECT {', '.join(key) or column} FROM {relation} WHERE {column} IS NULL"


def relationships_sql(relation: str, column: str, target: str) -> str:
    """Values of ``column`` missing from ``target`` (``table.column``), NULL aside: an anti-join, no subquery."""
    table, key = target.split(".")
    return (
        f"SELECT DISTINCT child.{column} FROM {relation} child "
        f"LEFT JOIN {table} parent ON parent.{key} = child.{column} "
        f"WHERE child.{column} IS NOT NULL AND parent.{key} IS NULL"
    )


def accepted_values_sql(relation: str, column: str, values: Sequence[str]) -> str:
    """Values of ``column`` other than ``values``, NULL aside, with how often each occurs."""
    listed = ", ".join(quote_literal(value) for value in values)
    return (
        f"SELECT {column}, count(*) AS occurrences FROM {relation} WHERE {column} NOT IN ({listed}) GROUP BY {column}"
    )


def schema_checks(relation: Table | View) -> list[Check]:
    """The checks a table's or view's declaration implies: key, NOT NULL, foreign keys, accepted values."""
    name, key = relation.name, relation.primary_key
    checks = [Check(f"unique({name}.{'+'.join(key)})", unique_sql(name, key))] if key else []
    for field in relation.schema:
        column = f"{name}.{field.name}"
        if not field.nullable:
            checks.append(Check(f"not_null({column})", not_null_sql(name, field.name, key)))
        if target := hint(field, "fk"):
            checks.append(Check(f"relationships({column} -> {target})", relationships_sql(name, field.name, target)))
        if values := accepted_values_of(field):
            checks.append(Check(f"accepted_values({column})", accepted_values_sql(name, field.name, values)))
    return checks


def span_checks() -> list[Check]:
    """Every span's text is the body between its offsets (``body[start_char:end_char]``), in each span table."""
    span_columns = {"article_id", "start_char", "end_char", "text"}
    return [
        Check(
            f"span_text({table.name}.text)",
            f"SELECT t.{table.primary_key[0]}, t.text, span_text(a.body, t.start_char, t.end_char) AS body_text "
            f"FROM {table.name} t JOIN articles a ON a.article_id = t.article_id "
            "WHERE t.text IS DISTINCT FROM body_text",
        )
        for table in TABLES.values()
        if span_columns <= set(table.columns)
    ]


INVARIANTS = [
    Check(
        "every article is in exactly one story",
        # story_articles.article_id is a key (at most one row); this finds the articles with none.
        "SELECT a.article_id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.article_id "
        "WHERE sa.article_id IS NULL",
    ),
    Check(
        "a story's counts, dates and first article match its articles",
        """
        WITH members AS (
            SELECT sa.story_id, count(DISTINCT sa.article_id) AS article_count,
                count(DISTINCT o.outlet) AS outlet_count,
                min(a.published_at) AS first_published, max(a.published_at) AS last_published,
                list(a.article_id) AS article_ids
            FROM story_articles sa
            JOIN articles a ON a.article_id = sa.article_id
            JOIN article_outlets o ON o.article_id = sa.article_id
            GROUP BY sa.story_id
        )
        SELECT s.story_id, s.article_count, m.article_count AS articles_found
        FROM stories s
        LEFT JOIN members m ON m.story_id = s.story_id
        WHERE m.article_count IS DISTINCT FROM s.article_count
            OR m.outlet_count IS DISTINCT FROM s.outlet_count
            OR m.first_published IS DISTINCT FROM s.first_published
            OR m.last_published IS DISTINCT FROM s.last_published
            OR NOT list_contains(m.article_ids, s.first_article_id)
        """,
    ),
    Check(
        "a shared quote is in two articles or more, and its counts match its occurrences",
        """
        WITH carried AS (
            SELECT o.shared_quote_id, count(DISTINCT o.article_id) AS article_count,
                count(DISTINCT ao.outlet) AS outlet_count,
                count(DISTINCT o.article_id) FILTER (WHERE o.quote_id IS NOT NULL) AS quoted_article_count,
                list(o.article_id) AS article_ids
            FROM shared_quote_occurrences o
            JOIN article_outlets ao ON ao.article_id = o.article_id
            GROUP BY o.shared_quote_id
        )
        SELECT q.shared_quote_id, q.article_count, c.article_count AS articles_found
        FROM shared_quotes q
        LEFT JOIN carried c ON c.shared_quote_id = q.shared_quote_id
        WHERE q.article_count < 2
            OR c.article_count IS DISTINCT FROM q.article_count
            OR c.outlet_count IS DISTINCT FROM q.outlet_count
            OR c.quoted_article_count IS DISTINCT FROM q.quoted_article_count
            OR NOT list_contains(c.article_ids, q.first_article_id)
        """,
    ),
    Check(
        "a duplicate_of is never itself a duplicate, nor the copy itself",
        "SELECT d.article_id, d.duplicate_of FROM article_duplicates d "
        "LEFT JOIN article_duplicates o ON o.article_id = d.duplicate_of "
        "WHERE o.article_id IS NOT NULL OR d.duplicate_of = d.article_id",
    ),
    Check(
        "a quote's speaker is the name of its speaker entity",
        "SELECT q.quote_id, q.speaker, e.name FROM quotes q LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id "
        "WHERE q.speaker IS DISTINCT FROM e.name",
    ),
]
"""Rules across tables that no column hint can say."""


def all_checks() -> list[Check]:
    """Every check: those of each table and view (parents first), the spans, then the invariants."""
    checks = [check for relation in [*TABLES.values(), *VIEWS.values()] for check in schema_checks(relation)]
    return checks + span_checks() + INVARIANTS


def run_checks(store: Warehouse, checks: Sequence[Check] | None = None) -> list[CheckFailure]:
    """Run ``checks`` (default: ``all_checks()``) on the warehouse; returns the failures, in order.

    Each query counts the offending rows and keeps the first few, in one pass (a window count).
    A check whose query fails (a table an older warehouse lacks) is a failure with the error.
    """
    checks = list(checks if checks is not None else all_checks())
    results = store.query_each(
        f"SELECT *, count(*) OVER () AS offending_rows FROM ({check.sql}) LIMIT {SAMPLE_ROWS}" for check in checks
    )
    return [failure for check, result in zip(checks, results, strict=True) if (failure := _failure(check, result))]


def _failure(check: Check, result: QueryResult | WarehouseError) -> CheckFailure | None:
    if isinstance(result, WarehouseError):
        return CheckFailure(check, rows=0, sample=[], error=str(result))
    if not result.rows:
        return None
    return CheckFailure(check, rows=result.rows[0][-1], sample=[row[:-1] for row in result.rows])
