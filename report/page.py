"""The report page: the warehouse's sections as charts with a table beneath each, in one self-contained HTML file.

Vega-Embed, Vega-Lite and Vega are inlined from the ``vl-convert-python`` package, so the file opens
offline. Everything from articles (names, quotes, titles) is data: the template escapes it in HTML,
and chart specifications travel as JSON with ``<``, ``>`` and ``&`` escaped, read by the page's script.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import vl_convert
from markupsafe import Markup

from report import charts
from report.charts import Spec
from warehouse.export import replaced_when_complete
from warehouse.report import NO_OUTLET, NUMBER_KINDS, ReportData
from warehouse.stories import OutletCoverage, StoryComparison

ITEMS_PER_CELL = 8
"""Speakers, entities and figures listed per outlet in a story's side-by-side table."""
STORY_ROWS = ("articles", "quotes", "entities", "numbers", "only here", "shared passages")


@dataclass
class Block:
    """One chart (or none) and the table of its rows beneath it."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    spec: Spec | None = None
    note: str = ""
    chart_id: str = ""
    """The id of its chart's element in the page (set when the page is rendered)."""


@dataclass
class StoryTable:
    """A story side by side: a column per outlet, a row per kind of item (``STORY_ROWS``), a list of lines per cell."""

    story: dict[str, Any]
    outlets: list[str]
    rows: list[tuple[str, list[list[str]]]]


@dataclass
class Section:
    anchor: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    stories: list[StoryTable] = field(default_factory=list)


def render_report(data: ReportData, *, warehouse: str) -> str:
    """The whole report as one HTML document."""
    sections = build_sections(data) if data.articles else []
    charted = [block for section in sections for block in section.blocks if block.spec]
    for number, block in enumerate(charted):
        block.chart_id = f"chart-{number}"
    return _template().render(
        title=f"news-warehouse report: {warehouse}",
        warehouse=warehouse,
        scope=data.scope.describe(),
        narrowed=data.scope.narrowed,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        overview=data.records("overview")[0] if data.articles else None,
        sections=sections,
        specs={block.chart_id: _script_json(block.spec) for block in charted if block.spec},
        vega_bundle=Markup(_vega_bundle()),
        cell=shown,
    )


def write_report(html: str, path: Path) -> None:
    """Write ``html`` to ``path``: a half-written report never replaces a whole one."""
    with replaced_when_complete(path) as temporary:
        temporary.write_text(html, encoding="utf-8")


def build_sections(data: ReportData) -> list[Section]:
    """The report's sections from the warehouse's rows."""
    outlets = data.records("outlets")
    speakers = data.records("speakers")
    by_outlet = data.records("speakers_by_outlet")
    kinds = data.records("quote_kinds")
    genders = data.records("genders")
    entities = data.records("entities")
    together = data.records("people_together")
    number_kinds = data.records("number_kinds")
    largest = data.records("largest_numbers")
    gender_parts = [
        {"outlet": row["outlet"], "gender": gender, "statements": row[gender]}
        for row in genders
        for gender in ("female", "male", "unknown")
    ]
    sections = [
        Section(
            "outlets",
            "Outlets",
            [
                _block("Articles per outlet", outlets, charts.bars(outlets, category="outlet", measure="articles")),
            ],
        ),
        Section(
            "quoted",
            "Who is quoted",
            [
                _block(
                    "Most quoted, all outlets (statements)",
                    speakers,
                    charts.bars(
                        speakers,
                        category="speaker",
                        measure="statements",
                        color="gender",
                        colors=charts.GENDER_COLORS,
                        tooltip=["speaker", "statements", "articles", "outlets", "gender"],
                    ),
                ),
                _block(
                    "Most quoted in each outlet",
                    by_outlet,
                    charts.faceted_bars(by_outlet, facet="outlet", category="speaker", measure="statements"),
                ),
                _block(
                    "Kinds of quotes per outlet",
                    kinds,
                    charts.stacked_bars(
                        kinds, category="outlet", part="kind", measure="statements", order=charts.KIND_ORDER
                    ),
                    note="direct: the words are quoted; mixed: reported speech with a quoted fragment; "
                    "indirect: reported speech with a speech verb.",
                ),
                _block(
                    "Speakers by gender per outlet (statements by people)",
                    genders,
                    charts.stacked_bars(
                        gender_parts,
                        category="outlet",
                        part="gender",
                        measure="statements",
                        colors={key: charts.GENDER_COLORS[key] for key in ("female", "male", "unknown")},
                        normalize=True,
                    ),
                    note="The gender each article shows for its speakers (quotes.speaker_gender): pronouns, "
                    "honorifics, gendered nouns; a first name only breaks ties.",
                ),
            ],
        ),
        Section(
            "entities",
            "Entities",
            [
                *[
                    _block(
                        f"Most mentioned {group} (articles)",
                        rows,
                        charts.bars(rows, category="name", measure="articles", tooltip=["name", "type", "articles"]),
                        columns=["rank", "name", "type", "articles", "mentions"],
                    )
                    for group in ("people", "organisations", "places")
                    if (rows := [row for row in entities if row["entity_group"] == group])
                ],
                _block(
                    "Who appears with whom: articles naming both of two people",
                    [row for row in together if row["person"] < row["other"]],
                    charts.heatmap(together, rows="person", columns="other", measure="articles") if together else None,
                ),
            ],
        ),
        Section(
            "numbers",
            "Numbers",
            [
                _block(
                    "Figures cited per outlet, by kind",
                    number_kinds,
                    charts.stacked_bars(number_kinds, category="outlet", part="kind", measure="numbers"),
                ),
                *[
                    _block(
                        f"{outlet}: largest figures",
                        rows,
                        None,
                        columns=["kind", "rank", "text", "value", "unit", "counted", "citations"],
                    )
                    for outlet in sorted({row["outlet"] for row in largest})
                    if (rows := sorted((r for r in largest if r["outlet"] == outlet), key=_number_order))
                ],
            ],
        ),
        stories_section(data),
    ]
    return sections


def stories_section(data: ReportData) -> Section:
    """The largest stories: a chart of their articles per outlet, then each compared outlet by outlet."""
    rows = data.records("stories")
    values = [{**row, "story": f"{row['label'][:70]} ({row['story_id'][:6]})"} for row in rows]
    listed = {row["story_id"]: row for row in rows}
    table = [
        {"story_id": story_id[:12], "label": row["label"], "articles": row["story_articles"],
         "first_published": row["first_published"]}
        for story_id, row in listed.items()
    ]  # fmt: skip
    blocks = [
        _block(
            "Largest stories: articles per outlet",
            table,
            charts.stacked_bars(values, category="story", part="outlet", measure="articles") if values else None,
        )
    ]
    return Section("stories", "Stories", blocks, stories=[story_table(comparison) for comparison in data.stories])


def story_table(comparison: StoryComparison) -> StoryTable:
    """A story compared outlet by outlet, as the cells of its side-by-side table."""
    cells = [story_cells(coverage) for coverage in comparison.outlets]
    return StoryTable(
        story=comparison.story,
        outlets=[coverage.outlet or NO_OUTLET for coverage in comparison.outlets],
        rows=[(row, [outlet[row] for outlet in cells]) for row in STORY_ROWS],
    )


def story_cells(coverage: OutletCoverage) -> dict[str, list[str]]:
    """What one outlet has in a story, as lists of short lines: the rows of the side-by-side table."""

    def listed(items: list[dict[str, Any]], name: str, count: str) -> list[str]:
        return _shortened([f"{item[name]} ({item[count]})" for item in items])

    only = [  # a speaker is often one of the outlet's entities too: named once
        str(item.get("name") or item.get("text"))
        for items in (coverage.speakers, coverage.entities, coverage.numbers)
        for item in items
        if item["only_this_outlet"]
    ]
    return {
        "articles": [f"{shown(a['published_at'])[:10]} {a['headline']}" for a in coverage.articles],
        "quotes": listed(coverage.speakers, "name", "quotes"),
        "entities": listed(coverage.entities, "name", "mentions"),
        "numbers": listed(coverage.numbers, "text", "citations"),
        "only here": _shortened(list(dict.fromkeys(only))),
        "shared passages": [
            f"“{passage['text'][:160]}”" + (f" ({passage['speaker']})" if passage["speaker"] else "")
            for passage in coverage.shared_passages
        ],
    }


def shown(value: Any) -> str:
    """A value as the report shows it: whole numbers with thousands separators, shares to 3 places, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1 else f"{value:,.3g}"
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(shown(item) for item in value)
    return str(value)


def _block(
    title: str, rows: list[dict[str, Any]], spec: Spec | None, *, columns: list[str] | None = None, note: str = ""
) -> Block:
    columns = columns or (list(rows[0]) if rows else [])
    return Block(
        title=title,
        columns=columns,
        rows=[[shown(row[name]) for name in columns] for row in rows],
        spec=spec if rows else None,
        note=note,
    )


def _shortened(lines: list[str]) -> list[str]:
    """At most ``ITEMS_PER_CELL`` lines, the last saying how many more there are."""
    if len(lines) <= ITEMS_PER_CELL:
        return lines
    return [*lines[: ITEMS_PER_CELL - 1], f"… {len(lines) - ITEMS_PER_CELL + 1} more"]


def _number_order(row: dict[str, Any]) -> tuple[int, int]:
    return NUMBER_KINDS.index(row["kind"]), row["rank"]


def _script_json(spec: Spec) -> Markup:
    """``spec`` as JSON that cannot end its <script> element or open another: <, > and & as \\u escapes."""
    text = json.dumps(spec, default=shown, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@cache
def _vega_bundle() -> str:
    """Vega-Embed, Vega-Lite and Vega as one script (about 0.9 MB), built once per process."""
    return vl_convert.javascript_bundle()


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("report", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return environment.get_template("report.html")
