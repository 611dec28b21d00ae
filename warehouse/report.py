"""What ``newswh report`` shows, read from the warehouse: every section's rows, narrowed to some outlets and dates.

Every query starts from ``scoped``: the (article, outlet) pairs in the report (``article_outlets``, so
wire copy run by three outlets counts for each). Per-outlet sections group by its outlet; totals
count each article once. The stories section compares the largest stories outlet by outlet
(``warehouse.stories.story_comparison``), keeping only the outlets in the report.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from warehouse.ddl import quote_literal
from warehouse.store import QueryResult, Warehouse, WarehouseError
from warehouse.stories import StoryComparison, story_comparison

STORIES_COMPARED = 5
"""Largest stories shown outlet by outlet (the stories chart lists ``top``)."""
NO_OUTLET = "(no outlet)"
PLACE_TYPES = ("GPE", "LOC", "FAC")
ENTITY_GROUPS = {"people": ("PERSON",), "organisations": ("ORG",), "places": PLACE_TYPES}
"""The entity charts: a title and the entity types it counts."""
NUMBER_KINDS = ("money", "percent", "count")
"""The kinds of figures listed per outlet, largest first (measures mix units too freely to rank)."""


@dataclass(frozen=True)
class ReportScope:
    """Which articles a report covers, and how many items each list shows."""

    outlets: tuple[str, ...] = ()
    """Only these outlets (empty: every outlet)."""
    since: date | None = None
    """Only articles published on or after this day (UTC); undated articles are then left out."""
    until: date | None = None
    """Only articles published on or before this day (UTC)."""
    top: int = 10

    @property
    def narrowed(self) -> bool:
        """Only some outlets or days are in the report."""
        return bool(self.outlets or self.since or self.until)

    def describe(self) -> str:
        """The scope in words, for the report's header: 'outlets A, B; published 2026-03-01 to 2026-03-31'."""
        parts = [f"outlets {', '.join(self.outlets)}"] if self.outlets else ["every outlet"]
        if self.since or self.until:
            parts.append(f"published {self.since or 'any time'} to {self.until or 'now'}")
        return "; ".join(parts)

    def scoped_sql(self) -> str:
        """A WITH clause defining ``scoped(article_id, outlet)`` (outlet NULL shown as NO_OUTLET)."""
        conditions = ["TRUE"]
        if self.outlets:
            conditions.append(f"o.outlet IN ({', '.join(quote_literal(outlet) for outlet in self.outlets)})")
        if self.since:
            conditions.append(f"a.published_at >= {utc_midnight(self.since)}")
        if self.until:
            conditions.append(f"a.published_at < {utc_midnight(self.until + timedelta(days=1))}")
        return (
            f"WITH scoped AS (SELECT o.article_id, coalesce(o.outlet, {quote_literal(NO_OUTLET)}) AS outlet "
            f"FROM article_outlets o JOIN articles a ON a.article_id = o.article_id WHERE {' AND '.join(conditions)}), "
            "picked AS (SELECT * FROM articles WHERE article_id IN (SELECT article_id FROM scoped))"
        )


def utc_midnight(day: date) -> str:
    """The start of ``day`` in UTC, as a SQL literal."""
    return f"TIMESTAMPTZ '{day.isoformat()} 00:00:00+00'"


SECTIONS = {
    "overview": """
        SELECT count(*) AS articles, coalesce(sum(word_count), 0) AS words,
            (SELECT count(DISTINCT outlet) FROM scoped) AS outlets,
            min(published_at) AS first_published, max(published_at) AS last_published,
            (SELECT count(*) FROM speech WHERE article_id IN (SELECT article_id FROM picked)) AS statements,
            (SELECT count(*) FROM numbers WHERE article_id IN (SELECT article_id FROM picked)) AS numbers,
            (SELECT count(DISTINCT entity_id) FROM entity_mentions
                WHERE article_id IN (SELECT article_id FROM picked)) AS entities,
            (SELECT count(*) FROM runs) AS runs, (SELECT max(finished_at) FROM runs) AS last_run,
            (SELECT count(*) FROM rejected_inputs) AS rejected_inputs
        FROM picked
    """,
    "outlets": """
        , statements AS (SELECT s.outlet, count(*) AS n FROM speech JOIN scoped s USING (article_id) GROUP BY 1),
        figures AS (SELECT s.outlet, count(*) AS n FROM numbers JOIN scoped s USING (article_id) GROUP BY 1)
        SELECT s.outlet, count(*) AS articles, min(a.published_at) AS first_published,
            max(a.published_at) AS last_published, coalesce(any_value(st.n), 0) AS statements,
            coalesce(any_value(f.n), 0) AS numbers
        FROM scoped s JOIN articles a USING (article_id)
        LEFT JOIN statements st ON st.outlet = s.outlet LEFT JOIN figures f ON f.outlet = s.outlet
        GROUP BY s.outlet ORDER BY articles DESC, s.outlet
    """,
    "speakers": """
        SELECT any_value(speaker) AS speaker, count(DISTINCT statement_id) AS statements,
            count(DISTINCT article_id) AS articles, count(DISTINCT s.outlet) AS outlets,
            coalesce(mode(speaker_gender), 'not a person') AS gender
        FROM speech JOIN scoped s USING (article_id)
        WHERE speaker_entity_id IS NOT NULL
        GROUP BY speaker_entity_id ORDER BY statements DESC, speaker LIMIT {top}
    """,
    "speakers_by_outlet": """
        , busiest AS (
            SELECT s.outlet FROM speech JOIN scoped s USING (article_id) WHERE speaker_entity_id IS NOT NULL
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT {top}
        ), counted AS (
            SELECT s.outlet, speaker_entity_id, any_value(speaker) AS speaker, count(*) AS statements
            FROM speech JOIN scoped s USING (article_id)
            WHERE speaker_entity_id IS NOT NULL AND s.outlet IN (SELECT outlet FROM busiest)
            GROUP BY ALL
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY outlet ORDER BY statements DESC, speaker) AS rank FROM counted
        )
        SELECT outlet, rank, speaker, statements FROM ranked WHERE rank <= {top} ORDER BY outlet, rank
    """,
    "quote_kinds": """
        SELECT s.outlet, kind, count(*) AS statements
        FROM speech JOIN scoped s USING (article_id) GROUP BY ALL ORDER BY s.outlet, kind
    """,
    "genders": """
        SELECT s.outlet, count(*) FILTER (speaker_gender = 'female') AS female,
            count(*) FILTER (speaker_gender = 'male') AS male, count(*) FILTER (speaker_gender = 'unknown') AS unknown,
            round(female / nullif(female + male, 0), 3) AS women_share
        FROM speech JOIN scoped s USING (article_id)
        WHERE speaker_gender IS NOT NULL GROUP BY s.outlet ORDER BY female + male + unknown DESC, s.outlet
    """,
    "entities": """
        , counted AS (
            SELECT e.entity_id, e.name, e.type, count(DISTINCT m.article_id) AS articles, count(*) AS mentions
            FROM entity_mentions m JOIN entities e ON e.entity_id = m.entity_id
            WHERE m.article_id IN (SELECT article_id FROM picked) GROUP BY ALL
        ), grouped AS (
            SELECT CASE WHEN type = 'PERSON' THEN 'people' WHEN type = 'ORG' THEN 'organisations'
                ELSE 'places' END AS entity_group, *
            FROM counted WHERE type IN ('PERSON', 'ORG', {place_types})
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY entity_group ORDER BY articles DESC, mentions DESC, name) AS rank
            FROM grouped
        )
        SELECT entity_group, rank, name, type, articles, mentions FROM ranked WHERE rank <= {top}
        ORDER BY entity_group, rank
    """,
    "people_together": """
        , people AS (
            SELECT m.entity_id, any_value(e.name) AS name FROM entity_mentions m
            JOIN entities e ON e.entity_id = m.entity_id
            WHERE e.type = 'PERSON' AND m.article_id IN (SELECT article_id FROM picked)
            GROUP BY 1 ORDER BY count(DISTINCT m.article_id) DESC, 2 LIMIT {top}
        ), named AS (
            SELECT DISTINCT m.article_id, p.entity_id, p.name FROM entity_mentions m JOIN people p USING (entity_id)
            WHERE m.article_id IN (SELECT article_id FROM picked)
        )
        SELECT x.name AS person, y.name AS other, count(*) AS articles
        FROM named x JOIN named y ON x.article_id = y.article_id AND x.entity_id <> y.entity_id
        GROUP BY ALL ORDER BY articles DESC, person, other
    """,
    "number_kinds": """
        SELECT s.outlet, n.kind, count(*) AS numbers
        FROM numbers n JOIN scoped s USING (article_id) GROUP BY ALL ORDER BY s.outlet, n.kind
    """,
    "largest_numbers": """
        , figures AS (
            SELECT s.outlet, n.kind, n.unit, n.value, arg_min(n.text, n.start_char) AS text,
                mode(n.counted) AS counted, count(*) AS citations
            FROM numbers n JOIN scoped s USING (article_id)
            WHERE n.kind IN ({number_kinds}) GROUP BY ALL
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY outlet, kind ORDER BY value DESC, text) AS rank FROM figures
        )
        SELECT outlet, kind, rank, text, value, unit, counted, citations FROM ranked WHERE rank <= {top}
        ORDER BY outlet, kind, rank
    """,
    "stories": """
        , in_story AS (
            SELECT sa.story_id, s.outlet, count(*) AS articles
            FROM story_articles sa JOIN scoped s USING (article_id) GROUP BY ALL
        ), largest AS (
            SELECT story_id FROM in_story GROUP BY 1 ORDER BY sum(articles) DESC, count(*) DESC, 1 LIMIT {top}
        )
        SELECT st.story_id, st.label, st.first_published, i.outlet, i.articles,
            sum(i.articles) OVER (PARTITION BY st.story_id) AS story_articles
        FROM in_story i JOIN largest USING (story_id) JOIN stories st USING (story_id)
        ORDER BY story_articles DESC, st.story_id, i.articles DESC, i.outlet
    """,
}
"""Each section's query, after the scope's WITH clause (a query starting with ',' adds its own CTEs)."""


@dataclass(frozen=True)
class ReportData:
    """Every section's rows, and the largest stories compared outlet by outlet; no sections: no articles at all."""

    scope: ReportScope
    sections: dict[str, QueryResult] = field(default_factory=dict)
    stories: list[StoryComparison] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.sections["overview"].rows[0][0] if self.sections else 0

    def records(self, section: str) -> list[dict[str, Any]]:
        """A section's rows as column -> value dicts."""
        result = self.sections[section]
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def read_report(store: Warehouse, scope: ReportScope) -> ReportData:
    """Read every section of the report on one read-only connection.

    A warehouse holding no article (its first run rejected everything) gives an empty report; one
    last loaded by an older version gets ``require_coverage``'s message saying how to upgrade it.
    """
    try:
        store.require_coverage()
    except WarehouseError:
        (found,) = store.query_each(["SELECT 1 FROM articles LIMIT 1"])
        if isinstance(found, WarehouseError) or not found.rows:
            return ReportData(scope)
        raise
    queries = [
        scope.scoped_sql()
        + ("" if sql.lstrip().startswith(",") else " ")
        + sql.format(
            top=int(scope.top),
            place_types=", ".join(quote_literal(kind) for kind in PLACE_TYPES),
            number_kinds=", ".join(quote_literal(kind) for kind in NUMBER_KINDS),
        )
        for sql in SECTIONS.values()
    ]
    sections = {}
    for name, result in zip(SECTIONS, store.query_each(queries), strict=True):
        if isinstance(result, WarehouseError):
            raise result
        sections[name] = result
    data = ReportData(scope, sections)
    return replace(data, stories=compared_stories(store, data))


def compared_stories(store: Warehouse, data: ReportData) -> list[StoryComparison]:
    """The largest stories that several outlets in the report cover, outlet by outlet (only those outlets)."""
    outlets_per_story: dict[str, set[str]] = {}
    for row in data.records("stories"):
        outlets_per_story.setdefault(row["story_id"], set()).add(row["outlet"])
    compared = []
    for story_id, outlets in outlets_per_story.items():
        if len(outlets) < 2:
            continue
        comparison = story_comparison(store, story_id)
        kept = [coverage for coverage in comparison.outlets if (coverage.outlet or NO_OUTLET) in outlets]
        compared.append(replace(comparison, outlets=kept))
        if len(compared) == STORIES_COMPARED:
            break
    return compared
