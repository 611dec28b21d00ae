"""What relating a run's articles to the warehouse reads: the loaded tables and the run's staged rows together.

A ``CoverageReader`` is one in-memory DuckDB connection in which ``wh.<table>`` is the warehouse as
loaded (attached read-only; empty tables when there is no warehouse yet) and ``staged_<table>`` is
what the run has staged so far. Look-ups go through the index tables and touch only the rows of the
articles, fingerprints, terms and keys asked about.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from schemas import STORY_SIGNATURES, TABLES
from warehouse.ddl import column_list, create_table_sql, quote_literal

READER_MEMORY_LIMIT = "512MB"
"""DuckDB's memory for the look-ups (it spills beyond): the flow's process stays small beside the workers."""
MAX_FINGERPRINT_ARTICLES = 25
"""A fingerprint in more articles than this is boilerplate (a newsletter pitch, a copyright line): not looked up."""
MAX_KEY_ARTICLES = 200
"""A story key (term or entity) held by more articles than this says too little about an event to look up
(a term's loaded count is known before its postings are read, so they are not)."""
MAX_STORY_CANDIDATES = 30
"""Articles kept per article from the story look-up: those sharing the most keys with it."""
STORY_WINDOW_DAYS = 30
"""Dated articles further apart than this are not compared for stories."""
STORY_SAMPLE = 5
"""Articles of a loaded story a new article is compared with: its latest (their average stands for the story's)."""


@dataclass(frozen=True)
class ArticleText:
    """What relating an article needs of it."""

    article_id: str
    title: str | None
    body: str
    outlet: str | None
    published_at: datetime | None
    run_id: str
    source: str


def current_rows(table: str, columns: str) -> str:
    """A subquery of ``columns`` of ``table``'s rows as the run will leave them: staged ones for the articles
    it stages, loaded ones for the rest (``table`` has an ``article_id``)."""
    return (
        f"(SELECT {columns} FROM staged_{table} UNION ALL SELECT {columns} FROM wh.{table} "
        "WHERE article_id NOT IN (SELECT article_id FROM staged_articles))"
    )


@contextmanager
def open_coverage_reader(db_path: Path, staging_dir: Path) -> Iterator["CoverageReader"]:
    """A reader over the warehouse at ``db_path`` (if any) and the staged rows under ``staging_dir``."""
    con = duckdb.connect(config={"memory_limit": READER_MEMORY_LIMIT})
    try:
        if db_path.exists():
            con.execute(f"ATTACH {quote_literal(str(db_path))} AS wh (READ_ONLY)")
        else:
            con.execute("ATTACH ':memory:' AS wh")
            con.execute("USE wh")
            for table in TABLES.values():
                con.execute(create_table_sql(table)[0])
            con.execute("USE memory")
        for name, table in TABLES.items():
            pattern = quote_literal(str(staging_dir / name / "part-*.parquet"))
            con.execute(f"CREATE VIEW staged_{name} AS SELECT {column_list(table)} FROM read_parquet({pattern})")
        yield CoverageReader(con)
    finally:
        con.close()


class CoverageReader:
    """Queries over the warehouse and a run's staged rows (see ``open_coverage_reader``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def rows(self, sql: str, *parameters: object) -> list[tuple]:
        """The rows of ``sql`` over ``wh.<table>`` and ``staged_<table>`` (see ``open_coverage_reader``)."""
        return self.con.execute(sql, list(parameters)).fetchall()

    def unindexed_articles(self) -> list[ArticleText]:
        """Loaded articles the index does not hold (a warehouse from before schema version 6) and the run keeps."""
        ids = [
            article_id
            for (article_id,) in self.rows(
                "SELECT article_id FROM wh.articles EXCEPT (SELECT article_id FROM wh.search_documents "
                "UNION ALL SELECT article_id FROM staged_articles) ORDER BY 1"
            )
        ]
        return list(self.texts(ids).values()) if ids else []

    def related_article_ids(self) -> list[str]:
        """The articles the run (re)indexes: what it relates to the rest of the warehouse."""
        return [article_id for (article_id,) in self.rows("SELECT article_id FROM staged_search_documents ORDER BY 1")]

    def texts(self, article_ids: Iterable[str]) -> dict[str, ArticleText]:
        """The articles, as staged by this run where it stages them, else as loaded."""
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        rows = self._texts(
            "SELECT {columns} FROM staged_articles a WHERE a.article_id IN (SELECT unnest(?::VARCHAR[])) "
            "UNION ALL SELECT {columns} FROM wh.articles a WHERE a.article_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND a.article_id NOT IN (SELECT article_id FROM staged_articles)",
            ids,
            ids,
        )
        return {text.article_id: text for text in rows}

    def _texts(self, sql: str, *parameters: object) -> list[ArticleText]:
        columns = "a.article_id, a.title, a.body, a.outlet, a.published_at, a.run_id, a.source"
        return [ArticleText(*row) for row in self.rows(sql.format(columns=columns), *parameters)]

    def passage_candidates(self, article_ids: list[str]) -> list[tuple[str, str, int]]:
        """(article, other article, fingerprints shared) for each of ``article_ids`` and the articles sharing one.

        The other article is any loaded article the run does not re-index, or another article the
        run indexes (each such pair once, the smaller id first). Fingerprints found in more than
        MAX_FINGERPRINT_ARTICLES articles are boilerplate and left out.
        """
        if not article_ids:
            return []
        return self.rows(
            "WITH mine AS (SELECT article_id, fingerprint FROM staged_passage_fingerprints "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))), "
            "everyone AS (SELECT article_id, fingerprint FROM staged_passage_fingerprints "
            "UNION ALL SELECT article_id, fingerprint FROM wh.passage_fingerprints "
            "WHERE article_id NOT IN (SELECT article_id FROM staged_search_documents)), "
            "hits AS (SELECT m.article_id AS article_id, e.article_id AS other_id, m.fingerprint "
            "FROM mine m JOIN everyone e ON e.fingerprint = m.fingerprint AND e.article_id <> m.article_id), "
            "boilerplate AS (SELECT fingerprint FROM hits GROUP BY fingerprint HAVING count(DISTINCT other_id) > ?) "
            "SELECT article_id, other_id, count(DISTINCT fingerprint) FROM hits "
            "WHERE fingerprint NOT IN (SELECT fingerprint FROM boilerplate) "
            "AND (other_id NOT IN (SELECT unnest(?::VARCHAR[])) OR article_id < other_id) "
            "GROUP BY article_id, other_id ORDER BY article_id, other_id",
            article_ids,
            MAX_FINGERPRINT_ARTICLES,
            article_ids,
        )

    def quote_spans(self, article_ids: Iterable[str]) -> dict[str, list[tuple[str, int, int]]]:
        """(quote_id, start, end) of each article's direct and mixed quotes (staged ones where the run loads it)."""
        ids = sorted(set(article_ids))
        spans: dict[str, list[tuple[str, int, int]]] = {article_id: [] for article_id in ids}
        if not ids:
            return spans
        for quote_id, article_id, start, end in self.rows(
            "SELECT quote_id, article_id, start_char, end_char FROM staged_quotes "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND kind IN ('direct', 'mixed') "
            "UNION ALL SELECT quote_id, article_id, start_char, end_char FROM wh.quotes "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND kind IN ('direct', 'mixed') "
            "AND article_id NOT IN (SELECT article_id FROM staged_articles) ORDER BY 2, 3",
            ids,
            ids,
        ):
            spans[article_id].append((quote_id, start, end))
        return spans

    def known_duplicates(self, article_ids: Iterable[str]) -> list[tuple[str, str, float, bool]]:
        """Loaded (article, duplicate_of, similarity, exact) rows of the duplicate groups the articles are in."""
        ids = sorted(set(article_ids))
        if not ids:
            return []
        return self.rows(
            "WITH groups AS (SELECT duplicate_of FROM wh.article_duplicates "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) OR duplicate_of IN (SELECT unnest(?::VARCHAR[]))) "
            "SELECT article_id, duplicate_of, similarity, exact FROM wh.article_duplicates "
            "WHERE duplicate_of IN (SELECT duplicate_of FROM groups) ORDER BY 1",
            ids,
            ids,
        )

    def known_occurrences(self, article_ids: Iterable[str]) -> list[tuple[str, int, int, str]]:
        """Every loaded occurrence (article, start, end, shared quote) of the shared quotes found in the articles.

        Occurrences in articles the run re-indexes are left out: the run finds them again.
        """
        ids = sorted(set(article_ids))
        if not ids:
            return []
        return self.rows(
            "WITH reindexed AS (SELECT article_id FROM staged_search_documents), "
            "touched AS (SELECT DISTINCT shared_quote_id FROM wh.shared_quote_occurrences "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND article_id NOT IN (SELECT article_id FROM reindexed)) "
            "SELECT article_id, start_char, end_char, shared_quote_id FROM wh.shared_quote_occurrences "
            "WHERE shared_quote_id IN (SELECT shared_quote_id FROM touched) "
            "AND article_id NOT IN (SELECT article_id FROM reindexed) ORDER BY 1, 2",
            ids,
        )

    def load_order(self, article_ids: Iterable[str]) -> dict[str, tuple[datetime | None, str, str]]:
        """(published_at, run_id, source) of each article, staged or loaded: what says which came first."""
        ids = sorted(set(article_ids))
        rows = self.rows(
            "SELECT article_id, published_at, run_id, source FROM staged_articles "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) UNION ALL "
            "SELECT article_id, published_at, run_id, source FROM wh.articles "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND article_id NOT IN (SELECT article_id FROM staged_articles)",
            ids,
            ids,
        )
        return {article_id: (published, run_id, source) for article_id, published, run_id, source in rows}

    def entity_mentions(self, article_ids: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """(canonical name, type) of every entity mention of the articles, staged or loaded."""
        ids = sorted(set(article_ids))
        mentions: dict[str, list[tuple[str, str]]] = {}
        for article_id, name, entity_type in self.rows(
            "WITH names AS (SELECT entity_id, name, type FROM staged_entities UNION ALL "
            "SELECT entity_id, name, type FROM wh.entities), "
            "mentions AS (SELECT article_id, entity_id FROM staged_entity_mentions "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) UNION ALL "
            "SELECT article_id, entity_id FROM wh.entity_mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND article_id NOT IN (SELECT article_id FROM staged_articles)) "
            "SELECT m.article_id, n.name, n.type FROM mentions m "
            "JOIN (SELECT DISTINCT ON (entity_id) * FROM names) n ON n.entity_id = m.entity_id ORDER BY 1, 2",
            ids,
            ids,
        ):
            mentions.setdefault(article_id, []).append((name, entity_type))
        return mentions

    def document_count(self) -> int:
        """Articles indexed once this run is loaded."""
        ((count,),) = self.rows(
            "SELECT (SELECT count(*) FROM staged_search_documents) + (SELECT count(*) FROM wh.search_documents "
            "WHERE article_id NOT IN (SELECT article_id FROM staged_search_documents))"
        )
        return count

    def term_df(self) -> dict[str, int]:
        """Articles holding each term the run indexes: those loaded plus those staged."""
        return dict(
            self.rows(
                "WITH staged AS (SELECT term, count(*) AS df FROM staged_search_postings GROUP BY term) "
                "SELECT s.term, s.df + coalesce(t.df, 0) FROM staged s LEFT JOIN wh.search_terms t ON t.term = s.term"
            )
        )

    def term_counts(self, article_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        """Each staged article's term frequencies (search postings)."""
        counts: dict[str, dict[str, int]] = {}
        for article_id, term, tf in self.rows(
            "SELECT article_id, term, tf FROM staged_search_postings WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            list(article_ids),
        ):
            counts.setdefault(article_id, {})[term] = tf
        return counts

    def signature_df(self, column: str, values: Iterable[str]) -> dict[str, int]:
        """Loaded articles (not re-indexed by the run) whose signature's list ``column`` holds each value."""
        if column not in ("entities", "numbers"):
            raise ValueError(f"story_signatures has no list column {column!r} to count")
        return dict(
            self.rows(
                f"SELECT value, count(*) FROM (SELECT unnest({column}) AS value FROM wh.story_signatures "
                "WHERE article_id NOT IN (SELECT article_id FROM staged_search_documents)) "
                "WHERE value IN (SELECT unnest(?::VARCHAR[])) GROUP BY value",
                sorted(set(values)),
            )
        )

    def quantities(self, article_ids: Iterable[str]) -> dict[str, list[tuple[float, str, str | None]]]:
        """(value, kind, unit) of every number of the articles, staged or loaded."""
        ids = sorted(set(article_ids))
        found: dict[str, list[tuple[float, str, str | None]]] = {}
        for article_id, value, kind, unit in self.rows(
            "SELECT article_id, value, kind, unit FROM staged_numbers "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "UNION ALL SELECT article_id, value, kind, unit FROM wh.numbers "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND article_id NOT IN (SELECT article_id FROM staged_articles) ORDER BY 1",
            ids,
            ids,
        ):
            found.setdefault(article_id, []).append((value, kind, unit))
        return found

    def story_candidates(self, article_ids: list[str]) -> list[tuple[str, str]]:
        """(article, candidate) pairs: articles holding one of its keys, published within STORY_WINDOW_DAYS.

        An article's keys are its rarest terms and entities (``story_signatures.keys``); a candidate
        holds the term anywhere in its text (search postings) or names the entity. The
        MAX_STORY_CANDIDATES holding the most keys are kept per article, most keys first; a key held
        by more than MAX_KEY_ARTICLES articles says too little to look up.
        """
        return self.rows(
            "WITH mine AS (SELECT article_id, unnest(keys) AS key FROM staged_story_signatures "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))), "
            "wanted_terms AS (SELECT DISTINCT substr(key, 3) AS term FROM mine WHERE key LIKE 't:%' "
            "AND substr(key, 3) NOT IN (SELECT term FROM wh.search_terms WHERE df > ?)), "
            "wanted_names AS (SELECT DISTINCT substr(key, 3) AS name FROM mine WHERE key LIKE 'e:%'), "
            "reindexed AS (SELECT article_id FROM staged_search_documents), "
            "held AS (SELECT article_id, 't:' || term AS key FROM ("
            "SELECT article_id, term FROM staged_search_postings WHERE term IN (SELECT term FROM wanted_terms) "
            "UNION ALL SELECT article_id, term FROM wh.search_postings WHERE term IN (SELECT term FROM wanted_terms) "
            "AND article_id NOT IN (SELECT article_id FROM reindexed)) "
            "UNION ALL SELECT article_id, 'e:' || name FROM ("
            "SELECT article_id, unnest(entities) AS name FROM staged_story_signatures UNION ALL "
            "SELECT article_id, unnest(entities) AS name FROM wh.story_signatures "
            "WHERE article_id NOT IN (SELECT article_id FROM reindexed)) "
            "WHERE name IN (SELECT name FROM wanted_names)), "
            "common AS (SELECT key FROM held GROUP BY key HAVING count(*) > ?), "
            "hits AS (SELECT m.article_id, h.article_id AS other_id, count(*) AS shared FROM mine m "
            "JOIN held h ON h.key = m.key AND h.article_id <> m.article_id "
            "WHERE m.key NOT IN (SELECT key FROM common) GROUP BY 1, 2), "
            "dates AS (SELECT article_id, published_at FROM staged_articles UNION ALL "
            "SELECT article_id, published_at FROM wh.articles "
            "WHERE article_id NOT IN (SELECT article_id FROM staged_articles)) "
            "SELECT h.article_id, h.other_id FROM hits h "
            "JOIN dates d ON d.article_id = h.article_id JOIN dates o ON o.article_id = h.other_id "
            "WHERE d.published_at IS NULL OR o.published_at IS NULL "
            "OR abs(epoch(d.published_at) - epoch(o.published_at)) <= ? * 86400 "
            "QUALIFY row_number() OVER (PARTITION BY h.article_id ORDER BY h.shared DESC, h.other_id) <= ? "
            "ORDER BY h.article_id, h.shared DESC, h.other_id",
            article_ids,
            MAX_KEY_ARTICLES,
            MAX_KEY_ARTICLES,
            STORY_WINDOW_DAYS,
            MAX_STORY_CANDIDATES,
        )

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story of each loaded article (not re-indexed by the run)."""
        return dict(
            self.rows(
                "SELECT article_id, story_id FROM wh.story_articles WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
                "AND article_id NOT IN (SELECT article_id FROM staged_search_documents)",
                sorted(set(article_ids)),
            )
        )

    def story_samples(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """Up to STORY_SAMPLE of each story's loaded articles, latest first: what a new article is compared with."""
        samples: dict[str, list[str]] = {story_id: [] for story_id in story_ids}
        for story_id, article_id in self.rows(
            "SELECT s.story_id, s.article_id FROM wh.story_articles s "
            "JOIN wh.articles a ON a.article_id = s.article_id "
            "WHERE s.story_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND s.article_id NOT IN (SELECT article_id FROM staged_search_documents) "
            "QUALIFY row_number() OVER (PARTITION BY s.story_id "
            "ORDER BY a.published_at DESC NULLS LAST, a.run_id DESC, a.article_id) <= ? ORDER BY 1, 2",
            sorted(samples),
            STORY_SAMPLE,
        ):
            samples[story_id].append(article_id)
        return samples

    def signatures(self, article_ids: Iterable[str]) -> list[tuple]:
        """The loaded ``story_signatures`` rows of the articles."""
        rows = self.rows(
            f"SELECT {column_list(STORY_SIGNATURES)} FROM wh.story_signatures "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            sorted(set(article_ids)),
        )
        return rows

    def story_ages(self, story_ids: Iterable[str]) -> dict[str, tuple[str, int]]:
        """(first run that placed an article in it, minus its size) per story: the least is the oldest story."""
        return {
            story_id: (first_run, -size)
            for story_id, first_run, size in self.rows(
                "SELECT story_id, min(run_id), count(*) FROM wh.story_articles "
                "WHERE story_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY story_id",
                sorted(set(story_ids)),
            )
        }

    def story_members(self, story_ids: Iterable[str]) -> list[tuple[str, str, float | None, str]]:
        """(article, story, similarity, headline) of every loaded article of the stories, not re-indexed by the run."""
        return self.rows(
            "SELECT article_id, story_id, similarity, headline FROM wh.story_articles "
            "WHERE story_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND article_id NOT IN (SELECT article_id FROM staged_search_documents) ORDER BY 1",
            sorted(set(story_ids)),
        )

    def existing_story_ids(self, story_ids: Iterable[str]) -> set[str]:
        """Which of the ids name a loaded story."""
        return {
            story_id
            for (story_id,) in self.rows(
                "SELECT story_id FROM wh.stories WHERE story_id IN (SELECT unnest(?::VARCHAR[]))",
                sorted(set(story_ids)),
            )
        }
