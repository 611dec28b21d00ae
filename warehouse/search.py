"""Full-text search over the warehouse's own index tables: BM25 as SQL macros, and ranked results with snippets."""


def search_macros_sql() -> list[str]:
    """CREATE OR REPLACE MACRO statements for searching from SQL (the DuckDB CLI included)."""
    return []
