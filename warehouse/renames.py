"""Giving loaded articles new ids when the identity rule changes (URLs without tracking parameters, schema 7).

Every column that names an article (``fk`` to ``articles.article_id``) is renamed in one transaction.
When the new id is already another loaded article's, both are the same page loaded twice (under URLs
that differed only by tracking parameters or a fragment): the one loaded under the new id stays, the
other's records become its sources and its own rows go; the stories and shared quotes it was in are
recomputed. Keys hashed from the article id (mentions, quotes, numbers, shared quote occurrences) follow it.
"""

from schemas import SEARCH_TERMS, TABLES
from warehouse.ddl import foreign_keys_to, quote_literal
from warehouse.derived import derivations
from warehouse.load import derive_sql

ARTICLE_COLUMNS = [(TABLES["articles"], "article_id"), *foreign_keys_to(TABLES["articles"])]
"""(table, column) of every column that names an article."""


def rename_statements(latest_run: str) -> list[str]:
    """The statements renaming the articles listed in the temporary table ``renamed_articles (old_id, new_id)``."""
    statements = [
        # The same page loaded twice: the article already under the new id stays (of two renamed to
        # one id, the first).
        "CREATE TEMP TABLE merged_articles AS SELECT old_id, new_id FROM renamed_articles "
        "QUALIFY (new_id IN (SELECT article_id FROM articles) AND new_id NOT IN (SELECT old_id FROM renamed_articles)) "
        "OR row_number() OVER (PARTITION BY new_id ORDER BY old_id) > 1",
        "DELETE FROM renamed_articles WHERE old_id IN (SELECT old_id FROM merged_articles)",
        # Its records become the other's sources.
        "INSERT INTO article_sources "
        f"SELECT m.new_id, {', '.join(f's.{name}' for name in TABLES['article_sources'].columns[1:])} "
        "FROM article_sources s JOIN merged_articles m ON m.old_id = s.article_id "
        "WHERE (m.new_id, s.source) NOT IN (SELECT article_id, source FROM article_sources)",
        # Copies of it are copies of the article that stays.
        "UPDATE article_duplicates SET duplicate_of = m.new_id FROM merged_articles m WHERE duplicate_of = m.old_id",
        "DELETE FROM article_duplicates WHERE article_id = duplicate_of",
        "CREATE TEMP TABLE touched_runs (table_name VARCHAR, run_id VARCHAR)",
        "CREATE TEMP TABLE touched_stories AS SELECT DISTINCT story_id FROM story_articles "
        "WHERE article_id IN (SELECT old_id FROM merged_articles)",
        "CREATE TEMP TABLE touched_shared_quotes AS SELECT DISTINCT shared_quote_id FROM shared_quote_occurrences "
        "WHERE article_id IN (SELECT old_id FROM merged_articles)",
        f"UPDATE {SEARCH_TERMS.name} SET df = df - c.n FROM (SELECT term, count(*) AS n FROM search_postings "
        "WHERE article_id IN (SELECT old_id FROM merged_articles) GROUP BY term) c WHERE search_terms.term = c.term",
    ]
    statements += [
        f"DELETE FROM {table.name} WHERE {column} IN (SELECT old_id FROM merged_articles)"
        for table, column in reversed(ARTICLE_COLUMNS)
        if table.load != "derived"
    ]
    for derivation in derivations(latest_run):
        if derivation.table.name in ("stories", "shared_quotes"):
            statements += derive_sql(derivation)
    statements += [
        f"UPDATE {table.name} SET {column} = r.new_id FROM renamed_articles r WHERE {table.name}.{column} = r.old_id"
        for table, column in ARTICLE_COLUMNS
    ]
    # Keys hashed from the article id follow it (transforms' stable_id, in SQL).
    renamed = "article_id IN (SELECT new_id FROM renamed_articles)"
    kind = "CASE q.kind WHEN 'direct' THEN 'quote' ELSE q.kind END"
    quote_id = stable_id_sql("q.article_id", "q.start_char", "q.end_char", kind)
    mention_id = stable_id_sql("'entity_mention'", "article_id", "start_char", "end_char")
    number_id = stable_id_sql("article_id", "start_char", "end_char", "'number'")
    occurrence_id = stable_id_sql("'occurrence'", "article_id", "start_char", "end_char")
    statements += [
        f"UPDATE entity_mentions SET mention_id = {mention_id} WHERE {renamed}",
        f"UPDATE shared_quote_occurrences SET quote_id = {quote_id} FROM quotes q "
        f"WHERE shared_quote_occurrences.quote_id = q.quote_id AND q.{renamed}",
        f"UPDATE quotes q SET quote_id = {quote_id} WHERE q.{renamed}",
        f"UPDATE numbers SET number_id = {number_id} WHERE {renamed}",
        f"UPDATE shared_quote_occurrences SET occurrence_id = {occurrence_id} WHERE {renamed}",
    ]
    statements += [
        "DELETE FROM search_terms WHERE df <= 0",
        "DROP TABLE touched_runs",
        "DROP TABLE touched_stories",
        "DROP TABLE touched_shared_quotes",
        "DROP TABLE merged_articles",
        "DROP TABLE renamed_articles",
    ]
    return statements


def stable_id_sql(*parts: str) -> str:
    """SQL computing ``transforms.ids.stable_id`` of the SQL expressions ``parts`` (none NULL), as text."""
    return "left(sha256(concat_ws(chr(31), " + ", ".join(f"CAST({part} AS VARCHAR)" for part in parts) + ")), 16)"


def renamed_table_sql(renamed: dict[str, str]) -> list[str]:
    """Create ``renamed_articles (old_id, new_id)`` holding ``renamed``."""
    values = ", ".join(f"({quote_literal(old)}, {quote_literal(new)})" for old, new in sorted(renamed.items()))
    return [
        "CREATE TEMP TABLE renamed_articles (old_id VARCHAR, new_id VARCHAR)",
        *([f"INSERT INTO renamed_articles VALUES {values}"] if values else []),
    ]
