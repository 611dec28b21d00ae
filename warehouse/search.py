"""Full-text search over the warehouse's own index tables: BM25 as SQL macros, and the ranked articles.

DuckDB loads no extension offline, so the index is ours (``search_documents``, ``search_postings``,
``search_terms``, ``search_words``: ``schemas/indexes.py``) and so is the scoring: SQL macros that every
warehouse gets with its tables, usable from ``newswh search``, ``newswh sql`` and the plain DuckDB CLI::

    SELECT * FROM search_articles('sanctuary cities') LIMIT 10;          -- a query as typed
    SELECT * FROM search_ranked(['sanctuari', 'citi']) LIMIT 10;          -- its terms (stems)
    SELECT * FROM search_bm25(search_query_terms('sanctuary cities'));    -- BM25 alone, unordered

The macros, from the bottom up:

- ``search_bm25(stems)``: every article holding at least one of the terms, with ``bm25`` (Okapi BM25,
  ``BM25_K1``, ``BM25_B``, Lucene's IDF) and ``terms_matched``. The scan of ``search_postings`` filters on
  ``term`` first, so only the postings of those terms are joined and scored; the scan itself reads the
  ``term`` column whole (about 0.3 s at 28 million postings), unless postings are stored ordered by term.
- ``search_ranked(stems, lift := 100)``: the articles in rank order (``rank``, ``article_id``, ``score``,
  ``bm25``, ``terms_matched``, ``story_id``), story-aware: see ``STORY_RANKING_SQL``. With no stories
  (``story_articles`` empty) ``score`` is ``bm25`` and the order is plain BM25.
- ``search_query_terms(query)``: the terms of a query string, split as articles are, each lower-cased word
  mapped to its stem through ``search_words``; a word never indexed stays as written (and matches nothing).
  Unlike ``newswh search`` it does not refuse search syntax: quotation marks and operators are ignored.
- ``search_articles(query, lift := 100)``: ``search_ranked`` of a query string, with each article's
  ``title``, ``outlet`` and ``published_at``; ordered by ``rank``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from schemas import QUOTES, SEARCH_DOCUMENTS, SEARCH_POSTINGS, SEARCH_TERMS, SEARCH_WORDS, STORY_ARTICLES
from transforms.search import SQL_APOSTROPHES_PATTERN, SQL_TOKEN_PATTERN
from warehouse.ddl import quote_literal

BM25_K1 = 1.2
"""How fast repeating a term stops adding to the score (the usual 1.2)."""
BM25_B = 0.75
"""How much a long article is discounted for its length (the usual 0.75)."""
STORY_LIFT_HITS = 100
"""Default ``lift``: the stories of this many best BM25 hits are lifted (a result list is shorter than this)."""

BM25_SQL = f"""
CREATE OR REPLACE MACRO search_bm25(stems) AS TABLE
WITH query_terms AS (
    SELECT DISTINCT unnest(stems) AS term
), collection AS (
    SELECT count(*) AS documents, avg(length) AS average_length FROM {SEARCH_DOCUMENTS.name}
), weighted_terms AS (
    SELECT t.term, ln(1 + (c.documents - t.df + 0.5) / (t.df + 0.5)) AS idf
    FROM {SEARCH_TERMS.name} t CROSS JOIN collection c
    WHERE t.term IN (SELECT term FROM query_terms)
)
SELECT p.article_id,
    sum(w.idf * p.tf * ({BM25_K1} + 1)
        / (p.tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * d.length / c.average_length))) AS bm25,
    count(*) AS terms_matched
FROM {SEARCH_POSTINGS.name} p
JOIN weighted_terms w ON w.term = p.term
JOIN {SEARCH_DOCUMENTS.name} d ON d.article_id = p.article_id
CROSS JOIN collection c
GROUP BY p.article_id
"""

STORY_RANKING_SQL = f"""
CREATE OR REPLACE MACRO search_ranked(stems, lift := {STORY_LIFT_HITS}) AS TABLE
WITH hits AS (
    SELECT h.*, s.story_id
    FROM search_bm25(stems) h LEFT JOIN {STORY_ARTICLES.name} s ON s.article_id = h.article_id
), lifted_stories AS (
    -- A story among the best `lift` hits is scored by its best article ...
    SELECT story_id, max(bm25) AS story_score
    FROM (SELECT story_id, bm25 FROM hits ORDER BY bm25 DESC, article_id LIMIT lift)
    WHERE story_id IS NOT NULL
    GROUP BY story_id
), story_members AS (
    -- ... and every article of it, query words or not, takes that score: the event's articles come together.
    SELECT s.article_id, s.story_id, l.story_score
    FROM {STORY_ARTICLES.name} s JOIN lifted_stories l ON l.story_id = s.story_id
), scored AS (
    SELECT coalesce(h.article_id, m.article_id) AS article_id,
        coalesce(m.story_score, h.bm25) AS score,
        coalesce(h.bm25, 0) AS bm25,
        coalesce(h.terms_matched, 0) AS terms_matched,
        coalesce(m.story_id, h.story_id) AS story_id
    FROM hits h FULL JOIN story_members m ON m.article_id = h.article_id
)
SELECT row_number() OVER (ORDER BY score DESC, coalesce(story_id, article_id), bm25 DESC, article_id) AS rank, *
FROM scored
ORDER BY rank
"""
"""Story-aware ranking over ``search_bm25``, kept apart so it can be tuned on its own.

A journalist describing an event wants all its articles at the top, also those that word it
differently. So each story (``story_articles``) among the best ``lift`` hits gets the BM25 score of its
best article, every article of that story is ranked at that score (the story's articles listed together,
by their own BM25), and other hits keep their own score. A story's articles then follow its best hit,
ahead of anything that hit outranked. Lifting the stories of the first ``lift`` hits only is exact for the
first ``lift`` results (a story's best hit ranks above all its articles) and bounds the work.
"""

QUERY_TERMS_SQL = f"""
CREATE OR REPLACE MACRO search_query_terms(query) AS (
    SELECT coalesce(list(DISTINCT coalesce(w.term, q.word)), []::VARCHAR[])
    FROM (
        SELECT unnest(regexp_extract_all(
            lower(regexp_replace(query, {quote_literal(SQL_APOSTROPHES_PATTERN)}, '''', 'g')),
            {quote_literal(SQL_TOKEN_PATTERN)}
        )) AS word
    ) q
    LEFT JOIN {SEARCH_WORDS.name} w ON w.word = q.word
)
"""

ARTICLES_SQL = f"""
CREATE OR REPLACE MACRO search_articles(query, lift := {STORY_LIFT_HITS}) AS TABLE
SELECT r.rank, r.article_id, a.title, a.outlet, a.published_at, r.score, r.bm25, r.story_id
FROM search_ranked(search_query_terms(query), lift := lift) r JOIN articles a ON a.article_id = r.article_id
ORDER BY r.rank
"""


def search_macros_sql() -> list[str]:
    """CREATE OR REPLACE MACRO statements for searching from SQL (the DuckDB CLI included), in dependency order."""
    return [BM25_SQL, STORY_RANKING_SQL, QUERY_TERMS_SQL, ARTICLES_SQL]


@dataclass(frozen=True)
class Ranking:
    """Where an article ranks for a query, and why."""

    rank: int
    article_id: str
    title: str | None
    outlet: str | None
    published_at: datetime | None
    score: float
    """The ranking score: the article's BM25, or its story's when the story was lifted."""
    bm25: float
    """The article's own BM25 (0 for an article of a lifted story holding no query term)."""
    story_id: str | None


@dataclass(frozen=True)
class RankedArticle(Ranking):
    """A search result as ranked, with what a snippet is cut from: the body and the article's quotes."""

    body: str
    quotes: tuple[tuple[str, str | None], ...]
    """The article's quotes (text, canonical speaker), in order."""


def ranked_articles(con: duckdb.DuckDBPyConnection, stems: Sequence[str], *, limit: int) -> list[RankedArticle]:
    """The ``limit`` best articles for the query terms ``stems``, best first, ranked by ``search_ranked``."""
    rows = con.execute(
        "SELECT r.rank, r.article_id, a.title, a.outlet, a.published_at, r.score, r.bm25, r.story_id, a.body "
        "FROM search_ranked(?::VARCHAR[], lift := ?) r JOIN articles a ON a.article_id = r.article_id "
        "ORDER BY r.rank LIMIT ?",
        [list(stems), max(limit, STORY_LIFT_HITS), limit],
    ).fetchall()
    quotes: dict[str, list[tuple[str, str | None]]] = {}
    for article_id, text, speaker in con.execute(
        f"SELECT article_id, text, speaker FROM {QUOTES.name} WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY article_id, start_char",
        [[row[1] for row in rows]],
    ).fetchall():
        quotes.setdefault(article_id, []).append((text, speaker))
    return [RankedArticle(*row, quotes=tuple(quotes.get(row[1], ()))) for row in rows]
