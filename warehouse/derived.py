"""Tables the load recomputes from others (``load="derived"``), for the keys a run touched.

A story's dates and counts, a shared quote's text and counts, a term's document frequency: each
is an aggregate over rows that several runs write. The load notes which keys the run touches
(before it deletes anything, so keys whose last row goes away are noted too), then replaces those
rows with the aggregate, computed in the same transaction. Keys left without rows disappear.
"""

from dataclasses import dataclass

from schemas import SEARCH_TERMS, SHARED_QUOTE_OCCURRENCES, SHARED_QUOTES, STORIES, Table
from warehouse.ddl import quote_literal

ARTICLE_ORDER = (
    "a.published_at NULLS LAST, a.run_id, regexp_replace(a.source, '#\\d+$', ''), "
    "try_cast(regexp_extract(a.source, '#(\\d+)$', 1) AS INTEGER) NULLS FIRST, a.article_id"
)
"""Articles ``a`` in the order "earliest": published first, then loaded first (run, file, record number).

The same order as ``transforms.passages.article_order`` (a test holds them together).
"""


@dataclass(frozen=True)
class Derivation:
    """How the load recomputes a derived table for the keys a run touched.

    ``touched`` are queries over the tables as they stand before the load's deletes and over the
    staged rows (``staged_<table>``, ``reindexed_articles``), each selecting keys; ``rows`` selects
    the table's columns for the keys in ``touched_<table>``, after the load's inserts; ``cleanup``
    runs after that (rows elsewhere that only made sense with a key that is gone).
    """

    table: Table
    touched: tuple[str, ...]
    rows: str
    cleanup: tuple[str, ...] = ()

    @property
    def touched_table(self) -> str:
        return f"touched_{self.table.name}"


def derivations(run_id: str) -> list[Derivation]:
    """The derived tables, each recomputed for the keys the run ``run_id`` touched."""
    run = quote_literal(run_id)
    return [
        Derivation(
            table=STORIES,
            touched=(
                "SELECT story_id FROM staged_story_articles UNION SELECT old_story_id FROM staged_story_merges "
                "UNION SELECT story_id FROM story_articles "
                "WHERE article_id IN (SELECT article_id FROM staged_story_articles) "
                "OR article_id IN (SELECT article_id FROM reindexed_articles) "
                "OR article_id IN (SELECT article_id FROM staged_article_sources)"
            ),
            rows=(
                f"SELECT s.story_id, first(s.headline ORDER BY {ARTICLE_ORDER}), min(a.published_at), "
                "max(a.published_at), count(DISTINCT s.article_id), count(DISTINCT o.outlet), "
                "coalesce(list(DISTINCT o.outlet ORDER BY o.outlet) FILTER (WHERE o.outlet IS NOT NULL), []), "
                f"first(a.article_id ORDER BY {ARTICLE_ORDER}), {run} "
                "FROM story_articles s JOIN articles a ON a.article_id = s.article_id "
                "JOIN article_outlets o ON o.article_id = s.article_id "
                "WHERE s.story_id IN (SELECT story_id FROM touched_stories) GROUP BY s.story_id"
            ),
        ),
        Derivation(
            table=SHARED_QUOTES,
            touched=(
                "SELECT shared_quote_id FROM staged_shared_quote_occurrences UNION "
                "SELECT shared_quote_id FROM shared_quote_occurrences "
                "WHERE occurrence_id IN (SELECT occurrence_id FROM staged_shared_quote_occurrences) "
                "OR article_id IN (SELECT article_id FROM reindexed_articles) "
                "OR article_id IN (SELECT article_id FROM staged_article_sources)"
            ),
            rows=(
                "SELECT shared_quote_id, text, speaker, first_article_id, article_count, outlet_count, "
                "quoted_article_count, length(regexp_split_to_array(trim(text), '\\s+')), "
                f"{run} FROM (SELECT o.shared_quote_id, "
                "arg_max(o.text, (o.end_char - o.start_char, -o.start_char)) AS text, "
                f"first(q.speaker ORDER BY {ARTICLE_ORDER}, o.start_char) FILTER (WHERE q.speaker IS NOT NULL) "
                "AS speaker, "
                f"first(o.article_id ORDER BY {ARTICLE_ORDER}) AS first_article_id, "
                "count(DISTINCT o.article_id) AS article_count, count(DISTINCT ao.outlet) AS outlet_count, "
                "count(DISTINCT o.article_id) FILTER (WHERE o.quote_id IS NOT NULL) AS quoted_article_count "
                "FROM shared_quote_occurrences o JOIN articles a ON a.article_id = o.article_id "
                "JOIN article_outlets ao ON ao.article_id = o.article_id "
                "LEFT JOIN quotes q ON q.quote_id = o.quote_id "
                "WHERE o.shared_quote_id IN (SELECT shared_quote_id FROM touched_shared_quotes) "
                "GROUP BY o.shared_quote_id HAVING count(DISTINCT o.article_id) >= 2)"
            ),
            cleanup=(
                # A passage left in one article is no longer shared: its last occurrence goes too.
                (
                    SHARED_QUOTE_OCCURRENCES,
                    "shared_quote_id IN (SELECT shared_quote_id FROM touched_shared_quotes) "
                    "AND shared_quote_id NOT IN (SELECT shared_quote_id FROM shared_quotes "
                    "WHERE shared_quote_id IN (SELECT shared_quote_id FROM touched_shared_quotes))",
                ),
            ),
        ),
        Derivation(
            table=SEARCH_TERMS,
            # A term's document frequency changes by the postings staged less those of re-indexed
            # articles: computed from the old value, so the load never counts a term's postings.
            touched=(
                "SELECT c.term, coalesce(t.df, 0) + c.change AS df FROM (SELECT term, sum(change) AS change FROM ("
                "SELECT term, 1 AS change FROM staged_search_postings UNION ALL "
                "SELECT term, -1 FROM search_postings WHERE article_id IN (SELECT article_id FROM reindexed_articles)"
                ") GROUP BY term) c LEFT JOIN search_terms t ON t.term = c.term"
            ),
            rows="SELECT term, df FROM touched_search_terms WHERE df > 0",
        ),
    ]
