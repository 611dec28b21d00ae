"""Reading stories: the list of stories, and one story compared outlet by outlet (``newswh stories``, ``compare``).

Both refuse a warehouse whose articles are not in stories yet (``Warehouse.require_coverage``). What
each outlet has comes from the ``story_coverage_items`` view, the passages it shares from
``shared_quotes`` and their occurrences.
"""

from dataclasses import dataclass, field
from typing import Any

from warehouse.ddl import quote_literal
from warehouse.derived import ARTICLE_ORDER
from warehouse.store import QueryResult, Warehouse, WarehouseError

AMBIGUOUS_SHOWN = 5
"""Stories named when a prefix matches several."""


@dataclass(frozen=True)
class OutletCoverage:
    """What one outlet's articles in a story hold (the articles without an outlet: ``outlet`` None)."""

    outlet: str | None
    articles: list[dict[str, Any]]
    """article_id, headline, published_at; earliest first."""
    speakers: list[dict[str, Any]] = field(default_factory=list)
    """entity_id, name, type, quotes, articles, only_this_outlet; most quoted first."""
    entities: list[dict[str, Any]] = field(default_factory=list)
    """entity_id, name, type, mentions, articles, only_this_outlet; most mentioned first."""
    numbers: list[dict[str, Any]] = field(default_factory=list)
    """text, value, kind, unit, citations, articles, only_this_outlet; by kind, unit and value."""
    shared_passages: list[dict[str, Any]] = field(default_factory=list)
    """shared_quote_id, text, speaker, carriers (outlet, first: the first to carry it); most carried first."""


@dataclass(frozen=True)
class StoryComparison:
    """A story (its ``stories`` row) and what each of its outlets has, the outlet with most articles first."""

    story: dict[str, Any]
    outlets: list[OutletCoverage]


SECTIONS = {
    "speakers": """
        SELECT outlet, item_key AS entity_id, item AS name, kind AS type, occurrences AS quotes,
            article_count AS articles, only_this_outlet
        FROM story_coverage_items WHERE story_id = {story} AND item_type = 'speaker'
        ORDER BY quotes DESC, name, entity_id
    """,
    "entities": """
        SELECT outlet, item_key AS entity_id, item AS name, kind AS type, occurrences AS mentions,
            article_count AS articles, only_this_outlet
        FROM story_coverage_items WHERE story_id = {story} AND item_type = 'entity'
        ORDER BY mentions DESC, name, entity_id
    """,
    "numbers": """
        SELECT outlet, item AS text, value, kind, unit, occurrences AS citations,
            article_count AS articles, only_this_outlet
        FROM story_coverage_items WHERE story_id = {story} AND item_type = 'number'
        ORDER BY kind, unit NULLS FIRST, value
    """,
    "shared_passages": """
        WITH in_story AS (
            SELECT DISTINCT o.shared_quote_id
            FROM shared_quote_occurrences o
            JOIN story_articles sa ON sa.article_id = o.article_id
            WHERE sa.story_id = {story}
        ), occurrences AS (
            SELECT o.shared_quote_id, ao.outlet, sa.story_id = {story} AS in_this_story,
                o.article_id = q.first_article_id AS is_first,
                row_number() OVER (PARTITION BY o.shared_quote_id ORDER BY {article_order}, o.start_char) AS position
            FROM shared_quote_occurrences o
            JOIN in_story USING (shared_quote_id)
            JOIN shared_quotes q USING (shared_quote_id)
            JOIN articles a ON a.article_id = o.article_id
            JOIN article_outlets ao ON ao.article_id = o.article_id
            LEFT JOIN story_articles sa ON sa.article_id = o.article_id
        ), carriers AS (
            SELECT shared_quote_id, outlet, bool_or(in_this_story) AS in_this_story, bool_or(is_first) AS is_first,
                min(position) AS position
            FROM occurrences
            GROUP BY shared_quote_id, outlet
        )
        SELECT c.outlet, q.shared_quote_id, q.text, q.speaker,
            list(struct_pack(outlet := k.outlet, first := k.is_first) ORDER BY k.position) AS carriers
        FROM carriers c
        JOIN shared_quotes q ON q.shared_quote_id = c.shared_quote_id
        JOIN carriers k ON k.shared_quote_id = c.shared_quote_id
        WHERE c.in_this_story
        GROUP BY c.outlet, q.shared_quote_id, q.text, q.speaker, q.article_count
        ORDER BY q.article_count DESC, q.shared_quote_id
    """,
}
"""Per section of an outlet's coverage, the query giving its rows (first column: the outlet) for ``{story}``.

``{article_order}`` is ``ARTICLE_ORDER``: occurrences in the order that makes an article the first to carry a passage.
"""


def list_stories(store: Warehouse, *, limit: int | None = None) -> QueryResult:
    """The stories, largest first (then the earliest): dates, articles and outlets."""
    store.require_coverage()
    return store.query(
        "SELECT story_id, label, first_published, last_published, article_count AS articles, "
        "outlet_count AS outlets, outlets AS outlet_names FROM stories "
        "ORDER BY article_count DESC, first_published NULLS LAST, story_id"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )


def find_story(store: Warehouse, story_id: str) -> str:
    """The id of the story ``story_id`` names: the id itself, or the only one it begins.

    A prefix that begins several ids, or none, is a ``WarehouseError`` saying what to do.
    """
    store.require_coverage()
    matches = store.query(
        f"SELECT story_id FROM stories WHERE starts_with(story_id, {quote_literal(story_id)}) "
        f"ORDER BY story_id = {quote_literal(story_id)} DESC, story_id LIMIT {AMBIGUOUS_SHOWN + 1}"
    ).rows
    if not story_id or not matches:
        raise WarehouseError(f"no story {story_id}; list them with newswh stories -w {store.root}")
    if matches[0][0] != story_id and len(matches) > 1:
        shown = [match for (match,) in matches[:AMBIGUOUS_SHOWN]] + (["..."] if len(matches) > AMBIGUOUS_SHOWN else [])
        raise WarehouseError(
            f"story id prefix {story_id} matches several stories ({', '.join(shown)}): give more of the id"
        )
    return matches[0][0]


def compare_story(store: Warehouse, story_id: str) -> StoryComparison:
    """What each outlet in the story (``story_id`` or a unique prefix of it) has, and what only it has."""
    return story_comparison(store, find_story(store, story_id))


def story_comparison(store: Warehouse, story_id: str) -> StoryComparison:
    """``compare_story`` of a story id known to be whole and present, on a warehouse known to cover its stories."""
    story = quote_literal(story_id)
    results = store.query_each(
        [
            f"SELECT * FROM stories WHERE story_id = {story}",
            f"SELECT o.outlet, a.article_id, sa.headline, a.published_at FROM story_articles sa "
            "JOIN articles a ON a.article_id = sa.article_id JOIN article_outlets o ON o.article_id = sa.article_id "
            f"WHERE sa.story_id = {story} ORDER BY {ARTICLE_ORDER}",
            *[sql.format(story=story, article_order=ARTICLE_ORDER) for sql in SECTIONS.values()],
        ]
    )
    if errors := [result for result in results if isinstance(result, WarehouseError)]:
        raise errors[0]
    story_row, articles, *sections = [result for result in results if isinstance(result, QueryResult)]
    by_outlet: dict[str | None, dict[str, list[dict[str, Any]]]] = {}
    for name, result in [("articles", articles), *zip(SECTIONS, sections, strict=True)]:
        for outlet, *values in result.rows:
            row = dict(zip(result.columns[1:], values, strict=True))
            by_outlet.setdefault(outlet, {}).setdefault(name, []).append(row)
    outlets = [OutletCoverage(outlet=outlet, **found) for outlet, found in by_outlet.items()]
    outlets.sort(key=lambda coverage: (-len(coverage.articles), coverage.outlet is None, coverage.outlet or ""))
    return StoryComparison(story=dict(zip(story_row.columns, story_row.rows[0], strict=True)), outlets=outlets)
