"""Full-text search: words and their stems, an article's index rows, queries, snippets.

The index lives in the warehouse's own tables (``schemas/indexes.py``) and is searched with BM25 SQL
macros (``warehouse/search.py``); everything here is pure, so indexing and querying agree by construction.
"""

from transforms.search.index import SearchIndexRows, index_article
from transforms.search.query import EXAMPLE_QUERY, QueryError, parse_query
from transforms.search.snippets import SNIPPET_WIDTH, best_match, matches, snippet
from transforms.search.terms import SEARCH_RULES, TITLE_WEIGHT, SearchRules, indexed_tokens, stem_words
from transforms.search.tokens import SQL_APOSTROPHES_PATTERN, SQL_TOKEN_PATTERN, Token, tokenize

__all__ = [
    "EXAMPLE_QUERY",
    "SEARCH_RULES",
    "SNIPPET_WIDTH",
    "SQL_APOSTROPHES_PATTERN",
    "SQL_TOKEN_PATTERN",
    "TITLE_WEIGHT",
    "QueryError",
    "SearchIndexRows",
    "SearchRules",
    "Token",
    "best_match",
    "index_article",
    "indexed_tokens",
    "matches",
    "parse_query",
    "snippet",
    "stem_words",
    "tokenize",
]
