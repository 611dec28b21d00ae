"""The documented views and SQL macros: what journalists ask across articles, stories and outlets.

Each view is defined once here: its SQL, what one row is, and every column with its type, a description
and data-test hints (``key`` columns unique together, NOT NULL where declared, ``fk``, ``accepted_values``).
The warehouse creates them, with comments, on every load (``warehouse.ddl.views_sql``), ``newswh tables``
and docs/tables.md list them, and ``warehouse/checks.py`` tests them like the tables.

An article counts for every outlet that ran it (``article_outlets``: the outlets its records name,
``article_sources``). Articles without an outlet are one group, under a NULL outlet, in every
per-outlet view: NULL is what ``articles.outlet`` holds, and a made-up name such as 'unknown' could
be a real outlet's.
"""

from dataclasses import dataclass

import pyarrow as pa

from schemas.table import column, hint
from schemas.tables import ENTITY_TYPES, GENDERS, NUMBER_KINDS, QUOTE_KINDS


@dataclass(frozen=True)
class View:
    """A documented view: its SQL and the columns it gives, with hints for the data checks.

    ``key`` columns are unique together (NULL counts as a value: the NULL outlet is one group); a
    column declared NOT NULL (``nullable=False``) never holds NULL.
    """

    name: str
    description: str
    grain: str
    key: tuple[str, ...]
    schema: pa.Schema
    sql: str

    @property
    def columns(self) -> list[str]:
        return self.schema.names

    @property
    def primary_key(self) -> list[str]:
        """The key columns, as ``Table.primary_key`` names a table's."""
        return list(self.key)

    def description_of(self, column_name: str) -> str:
        return hint(self.schema.field(column_name), "description") or ""


@dataclass(frozen=True)
class Macro:
    """A documented SQL macro: an expression over its parameters."""

    name: str
    description: str
    parameters: pa.Schema
    returns: pa.DataType
    sql: str


CONTEXT_CHARS = 400
"""How far before and after a span the context macros look for the sentence's ends."""
TOP_ENTITIES = 10
"""Entities listed in story_coverage.top_entities."""

# A sentence ends at '.', '!' or '?' (then any closing quotation marks or brackets) before white space.
# A '.' counts after three lower-case letters, a digit or a closing mark only, so that "Dr. Okafor",
# "Mr. Reyes" and "the U.S. Navy" do not end one; the price is that "it rose 5 per cent in." does not
# either (the context then runs on into the next sentence). Written for RE2 (DuckDB's regexes).
RE_FULL_STOP = r'(?:\p{Ll}{3}|\d|[”"’»)\]])\.'
RE_SENTENCE_END = rf"(?:{RE_FULL_STOP}|[!?])"
RE_CLOSING_MARKS = r'[”"’»)\]]*'

BODY = column("body", pa.string(), "The text, usually articles.body.")
"""The first parameter of every macro."""

SPAN_TEXT = Macro(
    name="span_text",
    description="The text between two of our offsets (0-based, end exclusive), as body[start_char:end_char] in "
    "Python: use it instead of substr, which counts from 1.",
    parameters=pa.schema(
        [
            BODY,
            column("start_char", pa.int64(), "Start offset (inclusive, 0-based)."),
            column("end_char", pa.int64(), "End offset (exclusive)."),
        ]
    ),
    returns=pa.string(),
    sql="substr(body, start_char + 1, end_char - start_char)",
)

SENTENCE_START = Macro(
    name="sentence_start",
    description="Offset where the sentence holding the span that starts at start_char begins: after the last "
    "sentence end ('.', '!' or '?' before white space, not after an abbreviation such as 'Dr.') or line break "
    f"before it, at most {CONTEXT_CHARS} characters back.",
    parameters=pa.schema(
        [
            BODY,
            column("start_char", pa.int64(), "Start offset of the span."),
        ]
    ),
    returns=pa.int64(),
    sql=f"""start_char - length(regexp_replace(
    span_text(body, greatest(start_char - {CONTEXT_CHARS}, 0), start_char),
    '(?s)^.*(?:\\n|{RE_SENTENCE_END}{RE_CLOSING_MARKS}\\s)\\s*',
    ''
))""",
)

SENTENCE_END = Macro(
    name="sentence_end",
    description="Offset where the sentence holding the span that ends at end_char ends: the span's end when it "
    "ends in a full stop itself, else the first sentence end or line break after it, at most "
    f"{CONTEXT_CHARS} characters on.",
    parameters=pa.schema(
        [
            BODY,
            column("end_char", pa.int64(), "End offset of the span."),
        ]
    ),
    returns=pa.int64(),
    sql=f"""CASE
    -- a span ending in a full stop ('... we are done.”') closes its sentence
    WHEN regexp_matches(span_text(body, greatest(end_char - 8, 0), end_char), '{RE_FULL_STOP}{RE_CLOSING_MARKS}$')
        THEN end_char
    -- else the first sentence end or line break after it. The span's last three characters come along as
    -- the letters a '.' needs before it, their own stops and line breaks blanked ('“Over?” she asked.').
    ELSE greatest(end_char, greatest(end_char - 3, 0) + length(regexp_replace(
        regexp_extract(
            regexp_replace(span_text(body, greatest(end_char - 3, 0), end_char), '[.!?\\n]', ',', 'g')
                || span_text(body, end_char, end_char + {CONTEXT_CHARS}),
            '^(?:[^\\n]*?{RE_SENTENCE_END}{RE_CLOSING_MARKS}(?:\\s|$)|[^\\n]*)'
        ),
        '\\s+$',
        ''
    )))
END""",
)

MACROS: dict[str, Macro] = {macro.name: macro for macro in (SPAN_TEXT, SENTENCE_START, SENTENCE_END)}
"""Every macro, in dependency order."""


# Columns that several views share, declared once.
ARTICLE = column("article_id", pa.string(), "The article.", nullable=False, fk="articles.article_id")

ARTICLE_OUTLETS = View(
    name="article_outlets",
    description="Every outlet that ran each article: the outlets its records name (article_sources), so wire copy "
    "run by three outlets counts for each. An article no record names an outlet for has one row, outlet NULL.",
    grain="one row per article and outlet",
    key=("article_id", "outlet"),
    schema=pa.schema(
        [
            ARTICLE,
            column("outlet", pa.string(), "An outlet that ran it; NULL when no record names one."),
        ]
    ),
    sql="""
WITH named AS (
    SELECT article_id, outlet FROM article_sources
    UNION ALL
    SELECT article_id, outlet FROM articles
)
SELECT article_id, outlet
FROM named
GROUP BY article_id, outlet
QUALIFY outlet IS NOT NULL OR count(outlet) OVER (PARTITION BY article_id) = 0
""",
)

STORY = column("story_id", pa.string(), "The story.", nullable=False, fk="stories.story_id")
OUTLET = column("outlet", pa.string(), "The outlet; NULL groups the story's articles that name none.")
SPEAKER_ENTITY = column(
    "speaker_entity_id", pa.string(), "The speaker's entity.", nullable=False, fk="entities.entity_id"
)
SPEAKER = column("speaker", pa.string(), "The speaker's canonical name.", nullable=False)

STORY_COVERAGE_ITEMS = View(
    name="story_coverage_items",
    description="What each outlet's articles in a story hold: the speakers they quote, the entities they name "
    "and the figures they cite, with how many of the story's outlets have each. A figure is the same when its "
    "value, kind and unit agree ('$2.5 million' and '$2.5m'). The articles without an outlet count as one outlet.",
    grain="one row per story, outlet and item (speaker, entity or figure)",
    key=("story_id", "outlet", "item_type", "item_key"),
    schema=pa.schema(
        [
            STORY,
            OUTLET,
            column(
                "item_type",
                pa.string(),
                "speaker: an attributed speaker; entity: an entity named; number: a figure cited.",
                nullable=False,
                accepted_values=["speaker", "entity", "number"],
            ),
            column(
                "item_key",
                pa.string(),
                "What makes items the same: the entity_id of a speaker or entity; 'kind unit value' of a figure.",
                nullable=False,
            ),
            column(
                "item",
                pa.string(),
                "The speaker's or entity's canonical name; the figure as first written (numbers.text).",
                nullable=False,
            ),
            column(
                "kind",
                pa.string(),
                "entities.type of a speaker or entity; numbers.kind of a figure.",
                nullable=False,
                accepted_values=[*ENTITY_TYPES, *NUMBER_KINDS],
            ),
            column("unit", pa.string(), "numbers.unit of a figure; NULL for counts, speakers and entities."),
            column("value", pa.float64(), "numbers.value of a figure; NULL for speakers and entities."),
            column(
                "occurrences",
                pa.int64(),
                "Quotes attributed to the speaker, mentions of the entity, or citations of the figure, in the "
                "outlet's articles of the story.",
                nullable=False,
            ),
            column("article_count", pa.int64(), "The outlet's articles of the story that have it.", nullable=False),
            column("outlet_count", pa.int64(), "Outlets in the story that have it.", nullable=False),
            column(
                "only_this_outlet",
                pa.bool_(),
                "No other outlet in the story has it (in a story one outlet covers, everything it has).",
                nullable=False,
            ),
        ]
    ),
    sql="""
WITH placed AS (
    SELECT sa.story_id, o.outlet, a.article_id, a.published_at
    FROM story_articles sa
    JOIN articles a ON a.article_id = sa.article_id
    JOIN article_outlets o ON o.article_id = sa.article_id
), found AS (
    SELECT p.*, q.start_char, 'speaker' AS item_type, e.entity_id AS item_key, e.name AS item, e.type AS kind,
        NULL::VARCHAR AS unit, NULL::DOUBLE AS value
    FROM placed p
    JOIN quotes q ON q.article_id = p.article_id
    JOIN entities e ON e.entity_id = q.speaker_entity_id
    UNION ALL
    SELECT p.*, m.start_char, 'entity', e.entity_id, e.name, e.type, NULL, NULL
    FROM placed p
    JOIN entity_mentions m ON m.article_id = p.article_id
    JOIN entities e ON e.entity_id = m.entity_id
    UNION ALL
    SELECT p.*, n.start_char, 'number', concat_ws(' ', n.kind, n.unit, n.value), n.text, n.kind, n.unit, n.value
    FROM placed p
    JOIN numbers n ON n.article_id = p.article_id
), per_outlet AS (
    SELECT story_id, outlet, item_type, item_key,
        first(item ORDER BY published_at NULLS LAST, article_id, start_char) AS item,
        kind, unit, value,
        count(*) AS occurrences,
        count(DISTINCT article_id) AS article_count,
        -- one row per outlet here, so counting rows per item counts the outlets that have it
        count(*) OVER (PARTITION BY story_id, item_type, item_key) AS outlet_count
    FROM found
    GROUP BY story_id, outlet, item_type, item_key, kind, unit, value
)
SELECT *, outlet_count = 1 AS only_this_outlet
FROM per_outlet
""",
)


def _items(item_type: str, *, only: bool = False, order: str = "occurrences DESC, item") -> str:
    """The list of ``item_type`` items of a story's outlet (those no other outlet has, when ``only``)."""
    only_condition = " AND only_this_outlet" if only else ""
    return f"list(item ORDER BY {order}) FILTER (WHERE item_type = '{item_type}'{only_condition})"


STORY_COVERAGE = View(
    name="story_coverage",
    description="How each outlet covered a story: its articles, the speakers it quotes, the entities it names, the "
    "figures it cites, and what it has that no other outlet in the story has (from story_coverage_items).",
    grain="one row per story and outlet (the articles without an outlet are one row, outlet NULL)",
    key=("story_id", "outlet"),
    schema=pa.schema(
        [
            STORY,
            OUTLET,
            column("article_count", pa.int64(), "The outlet's articles in the story.", nullable=False),
            column(
                "speaker_count", pa.int64(), "Distinct canonical speakers its quotes are attributed to.", nullable=False
            ),
            column("speakers", pa.list_(pa.string()), "Those speakers, most quoted first.", nullable=False),
            column("entity_count", pa.int64(), "Distinct entities its articles name.", nullable=False),
            column(
                "top_entities",
                pa.list_(pa.string()),
                f"The {TOP_ENTITIES} entities it mentions most, most mentioned first.",
                nullable=False,
            ),
            column("number_count", pa.int64(), "Figures cited (every citation counts).", nullable=False),
            column(
                "only_speakers",
                pa.list_(pa.string()),
                "Speakers only this outlet quotes in the story, alphabetical.",
                nullable=False,
            ),
            column(
                "only_entities",
                pa.list_(pa.string()),
                "Entities only this outlet names in the story, alphabetical.",
                nullable=False,
            ),
            column(
                "only_numbers",
                pa.list_(pa.string()),
                "Figures only this outlet cites in the story (same value, kind and unit: the same figure), as first "
                "written, by kind, unit and value.",
                nullable=False,
            ),
        ]
    ),
    sql=f"""
WITH outlets AS (
    SELECT sa.story_id, o.outlet, count(*) AS article_count
    FROM story_articles sa
    JOIN article_outlets o ON o.article_id = sa.article_id
    GROUP BY sa.story_id, o.outlet
), items AS (
    SELECT story_id, outlet,
        count(*) FILTER (WHERE item_type = 'speaker') AS speaker_count,
        {_items("speaker")} AS speakers,
        count(*) FILTER (WHERE item_type = 'entity') AS entity_count,
        {_items("entity")} AS entities,
        sum(occurrences) FILTER (WHERE item_type = 'number') AS number_count,
        {_items("speaker", only=True, order="item")} AS only_speakers,
        {_items("entity", only=True, order="item")} AS only_entities,
        {_items("number", only=True, order="kind, unit, value")} AS only_numbers
    FROM story_coverage_items
    GROUP BY story_id, outlet
)
SELECT o.story_id, o.outlet, o.article_count,
    coalesce(i.speaker_count, 0) AS speaker_count,
    coalesce(i.speakers, []) AS speakers,
    coalesce(i.entity_count, 0) AS entity_count,
    coalesce(i.entities[1:{TOP_ENTITIES}], []) AS top_entities,
    coalesce(i.number_count, 0)::BIGINT AS number_count,
    coalesce(i.only_speakers, []) AS only_speakers,
    coalesce(i.only_entities, []) AS only_entities,
    coalesce(i.only_numbers, []) AS only_numbers
FROM outlets o
LEFT JOIN items i ON i.story_id = o.story_id AND i.outlet IS NOT DISTINCT FROM o.outlet
""",
)

QUOTES_BY_SPEAKER = View(
    name="quotes_by_speaker",
    description="Who is quoted, how and where: each canonical speaker's quotes by kind, and the articles, outlets "
    "and stories they are in.",
    grain="one row per canonical speaker (an entity some quote is attributed to)",
    key=("speaker_entity_id",),
    schema=pa.schema(
        [
            SPEAKER_ENTITY,
            SPEAKER,
            column("quote_count", pa.int64(), "Quotes attributed to the speaker, every kind.", nullable=False),
            *[
                column(f"{kind}_quotes", pa.int64(), f"Of them, {kind} quotes (see quotes.kind).", nullable=False)
                for kind in QUOTE_KINDS
            ],
            column("article_count", pa.int64(), "Articles quoting the speaker.", nullable=False),
            column("outlet_count", pa.int64(), "Distinct outlets of those articles.", nullable=False),
            column("outlets", pa.list_(pa.string()), "Those outlets, alphabetical.", nullable=False),
            column(
                "story_count",
                pa.int64(),
                "Distinct stories of those articles (0 until a run places them in stories).",
                nullable=False,
            ),
        ]
    ),
    sql=f"""
WITH quoted AS (
    SELECT q.speaker_entity_id, e.name AS speaker,
        count(*) AS quote_count,
        {", ".join(f"count(*) FILTER (WHERE q.kind = '{kind}') AS {kind}_quotes" for kind in QUOTE_KINDS)},
        count(DISTINCT q.article_id) AS article_count,
        count(DISTINCT sa.story_id) AS story_count
    FROM quotes q
    JOIN entities e ON e.entity_id = q.speaker_entity_id
    LEFT JOIN story_articles sa ON sa.article_id = q.article_id
    GROUP BY q.speaker_entity_id, e.name
), carried AS (
    SELECT q.speaker_entity_id,
        count(DISTINCT o.outlet) AS outlet_count,
        coalesce(list(DISTINCT o.outlet ORDER BY o.outlet) FILTER (WHERE o.outlet IS NOT NULL), []) AS outlets
    FROM (SELECT DISTINCT speaker_entity_id, article_id FROM quotes WHERE speaker_entity_id IS NOT NULL) q
    JOIN article_outlets o ON o.article_id = q.article_id
    GROUP BY q.speaker_entity_id
)
SELECT q.speaker_entity_id, q.speaker, q.quote_count, {", ".join(f"q.{kind}_quotes" for kind in QUOTE_KINDS)},
    q.article_count, c.outlet_count, c.outlets, q.story_count
FROM quoted q
JOIN carried c ON c.speaker_entity_id = q.speaker_entity_id
""",
)

SPEECH = View(
    name="speech",
    description="What people said or wrote, one row per statement: direct and mixed quotes, and reported speech "
    "whose cue is a speech verb ('said', 'told', 'according to'; not beliefs or stances such as 'thinks' or "
    "'supports'). The parts of one statement (a quote split around its attribution, a statement nested in "
    "another by the same speaker) are one row. Use it to count who is quoted.",
    grain="one row per statement (quotes.statement_id)",
    key=("statement_id",),
    schema=pa.schema(
        [
            column("statement_id", pa.string(), "The statement: the quote_id of its first part.", nullable=False),
            ARTICLE,
            column(
                "speaker", pa.string(), "Canonical name of the speaker, or NULL (quotes.speaker of the first part)."
            ),
            column("speaker_entity_id", pa.string(), "Entity of the speaker, or NULL.", fk="entities.entity_id"),
            column("speaker_text", pa.string(), "The speaker as written: a name, 'he', 'a spokeswoman', ..."),
            column(
                "speaker_gender",
                pa.string(),
                "female, male or unknown for a person speaker, NULL otherwise (quotes.speaker_gender).",
                accepted_values=GENDERS,
            ),
            column(
                "kind",
                pa.string(),
                "direct when a part is a direct quote, else mixed when a part is, else indirect.",
                nullable=False,
                accepted_values=QUOTE_KINDS,
            ),
            column("cue", pa.string(), "The cue of the first part as written."),
            column("text", pa.string(), "The parts' text in order, joined by ' … '.", nullable=False),
            column("start_char", pa.int32(), "Start offset of the first part in articles.body.", nullable=False),
            column("end_char", pa.int32(), "End offset of the last part in articles.body.", nullable=False),
            column("parts", pa.int64(), "Rows of quotes the statement joins.", nullable=False),
        ]
    ),
    sql="""
SELECT coalesce(statement_id, quote_id) AS statement_id,
    any_value(article_id) AS article_id,
    arg_min_null(speaker, start_char) AS speaker,
    arg_min_null(speaker_entity_id, start_char) AS speaker_entity_id,
    arg_min_null(speaker_text, start_char) AS speaker_text,
    arg_min_null(speaker_gender, start_char) AS speaker_gender,
    CASE WHEN bool_or(kind = 'direct') THEN 'direct' WHEN bool_or(kind = 'mixed') THEN 'mixed' ELSE 'indirect' END
        AS kind,
    arg_min_null(cue, start_char) AS cue,
    string_agg(text, ' … ' ORDER BY start_char) AS text,
    min(start_char) AS start_char,
    max(end_char) AS end_char,
    count(*) AS parts
FROM quotes
WHERE kind IN ('direct', 'mixed') OR cue_type = 'speech'
GROUP BY coalesce(statement_id, quote_id)
""",
)

ARTICLE_PEOPLE = View(
    name="article_people",
    description="The people each article names, with the gender the article shows for them and whether they speak "
    "in it (a statement in speech). gender is what the article's own words show (see docs/gender.md).",
    grain="one row per PERSON entity per article that mentions it",
    key=("article_id", "entity_id"),
    schema=pa.schema(
        [
            ARTICLE,
            column("entity_id", pa.string(), "The person.", nullable=False, fk="entities.entity_id"),
            column("name", pa.string(), "Their canonical name.", nullable=False),
            column(
                "gender",
                pa.string(),
                "female, male or unknown: what the article's own words show (the gender its quotes give the "
                "person, else its mentions'); NULL for articles loaded before schema version 8.",
                accepted_values=GENDERS,
            ),
            column(
                "quoted",
                pa.bool_(),
                "The person speaks at least one statement (speech) in the article.",
                nullable=False,
            ),
        ]
    ),
    sql="""
WITH spoken AS (
    SELECT article_id, speaker_entity_id AS entity_id,
        mode(speaker_gender) FILTER (WHERE speaker_gender IN ('female', 'male')) AS gender
    FROM speech
    WHERE speaker_entity_id IS NOT NULL
    GROUP BY article_id, speaker_entity_id
), named AS (
    SELECT m.article_id, m.entity_id, any_value(e.name) AS name, mode(m.gender) AS gender
    FROM entity_mentions m
    JOIN entities e ON e.entity_id = m.entity_id
    WHERE e.type = 'PERSON'
    GROUP BY m.article_id, m.entity_id
)
SELECT n.article_id, n.entity_id, n.name, coalesce(s.gender, n.gender) AS gender, s.entity_id IS NOT NULL AS quoted
FROM named n
LEFT JOIN spoken s ON s.article_id = n.article_id AND s.entity_id = n.entity_id
""",
)

ENTITY_COOCCURRENCE = View(
    name="entity_cooccurrence",
    description="Which entities are named together: every pair of entities named in the same article, once "
    "(the alphabetically first as a), with the articles and stories they share. To find one entity's "
    "companions, look for it on both sides: WHERE 'Dana Okafor' IN (name_a, name_b).",
    grain="one row per unordered pair of entities named in at least one same article",
    key=("entity_id_a", "entity_id_b"),
    schema=pa.schema(
        [
            column("entity_id_a", pa.string(), "One entity.", nullable=False, fk="entities.entity_id"),
            column("name_a", pa.string(), "Its canonical name.", nullable=False),
            column("type_a", pa.string(), "Its type.", nullable=False, accepted_values=ENTITY_TYPES),
            column("entity_id_b", pa.string(), "The other entity.", nullable=False, fk="entities.entity_id"),
            column("name_b", pa.string(), "Its canonical name (after name_a alphabetically).", nullable=False),
            column("type_b", pa.string(), "Its type.", nullable=False, accepted_values=ENTITY_TYPES),
            column("article_count", pa.int64(), "Articles naming both.", nullable=False),
            column(
                "story_count",
                pa.int64(),
                "Distinct stories of those articles (0 until a run places them in stories).",
                nullable=False,
            ),
        ]
    ),
    sql="""
WITH named AS (
    SELECT DISTINCT m.article_id, e.entity_id, e.name, e.type
    FROM entity_mentions m
    JOIN entities e ON e.entity_id = m.entity_id
)
SELECT x.entity_id AS entity_id_a, x.name AS name_a, x.type AS type_a,
    y.entity_id AS entity_id_b, y.name AS name_b, y.type AS type_b,
    count(*) AS article_count,
    count(DISTINCT sa.story_id) AS story_count
FROM named x
JOIN named y ON y.article_id = x.article_id
    AND (x.name < y.name OR (x.name = y.name AND x.entity_id < y.entity_id))
LEFT JOIN story_articles sa ON sa.article_id = x.article_id
GROUP BY x.entity_id, x.name, x.type, y.entity_id, y.name, y.type
""",
)

NUMBERS_BY_OUTLET = View(
    name="numbers_by_outlet",
    description="Which figures each outlet cites, to compare outlets: how many of each kind and unit, their "
    "range, the largest, the money total, and how often they are hedged or quoted.",
    grain="one row per outlet, number kind and unit (articles without an outlet: outlet NULL)",
    key=("outlet", "kind", "unit"),
    schema=pa.schema(
        [
            column("outlet", pa.string(), "The outlet; NULL for the articles that name none."),
            column("kind", pa.string(), "numbers.kind.", nullable=False, accepted_values=NUMBER_KINDS),
            column("unit", pa.string(), "numbers.unit: the currency of money; NULL for counts."),
            column("number_count", pa.int64(), "Figures cited (every citation counts).", nullable=False),
            column("article_count", pa.int64(), "Articles citing at least one.", nullable=False),
            column("distinct_values", pa.int64(), "Distinct values among them.", nullable=False),
            column("min_value", pa.float64(), "The smallest value.", nullable=False),
            column("max_value", pa.float64(), "The largest value.", nullable=False),
            column("largest", pa.string(), "The largest figure as written, e.g. '$4.5 million'.", nullable=False),
            column(
                "money_total",
                pa.float64(),
                "For money, the sum of the distinct amounts cited (a figure repeated counts once), in unit; "
                "NULL for other kinds.",
            ),
            column("approximate_share", pa.float64(), "Share (0-1) of hedged figures ('about', ...).", nullable=False),
            column("in_quote_share", pa.float64(), "Share (0-1) of figures inside a direct quote.", nullable=False),
        ]
    ),
    sql="""
SELECT o.outlet, n.kind, n.unit,
    count(*) AS number_count,
    count(DISTINCT n.article_id) AS article_count,
    count(DISTINCT n.value) AS distinct_values,
    min(n.value) AS min_value,
    max(n.value) AS max_value,
    first(n.text ORDER BY n.value DESC, n.text) AS largest,
    CASE WHEN n.kind = 'money' THEN sum(DISTINCT n.value) END AS money_total,
    avg(n.approximate::INTEGER) AS approximate_share,
    avg(n.in_quote::INTEGER) AS in_quote_share
FROM numbers n
JOIN article_outlets o ON o.article_id = n.article_id
GROUP BY o.outlet, n.kind, n.unit
""",
)

SPEAKER_SHARE_BY_OUTLET = View(
    name="speaker_share_by_outlet",
    description="Whom each outlet gives the floor: every speaker's quotes in an outlet and their share of the "
    "outlet's attributed quotes (quotes whose speaker was resolved).",
    grain="one row per outlet and canonical speaker (articles without an outlet: outlet NULL)",
    key=("outlet", "speaker_entity_id"),
    schema=pa.schema(
        [
            column("outlet", pa.string(), "The outlet; NULL for the articles that name none."),
            SPEAKER_ENTITY,
            SPEAKER,
            column("quote_count", pa.int64(), "Quotes attributed to the speaker in the outlet.", nullable=False),
            column("article_count", pa.int64(), "The outlet's articles quoting the speaker.", nullable=False),
            column(
                "share",
                pa.float64(),
                "quote_count / all attributed quotes of the outlet (0-1; an outlet's shares add up to 1).",
                nullable=False,
            ),
            column(
                "speaker_rank",
                pa.int64(),
                "1 for the outlet's most quoted speaker (ties share a rank).",
                nullable=False,
            ),
        ]
    ),
    sql="""
WITH quoted AS (
    SELECT o.outlet, q.speaker_entity_id, e.name AS speaker,
        count(*) AS quote_count,
        count(DISTINCT q.article_id) AS article_count
    FROM quotes q
    JOIN entities e ON e.entity_id = q.speaker_entity_id
    JOIN article_outlets o ON o.article_id = q.article_id
    GROUP BY o.outlet, q.speaker_entity_id, e.name
)
SELECT *,
    quote_count / sum(quote_count) OVER (PARTITION BY outlet) AS share,
    rank() OVER (PARTITION BY outlet ORDER BY quote_count DESC) AS speaker_rank
FROM quoted
""",
)

SENTENCE_COLUMNS = [
    column("outlet", pa.string(), "The article's outlet."),
    column("sentence_start", pa.int32(), "Start of the sentence in articles.body (sentence_start).", nullable=False),
    column("sentence_end", pa.int32(), "End of the sentence in articles.body (sentence_end).", nullable=False),
    column(
        "sentence",
        pa.string(),
        "The sentence it stands in: span_text(body, sentence_start, sentence_end). Sentence-ish: bounded by "
        f"line breaks and at most {CONTEXT_CHARS} characters either side of the span.",
        nullable=False,
    ),
]


def _context_view(name: str, description: str, grain: str, source: str, span_columns: list[pa.Field]) -> View:
    """A view giving ``span_columns`` of each row of the article-owned table ``source``, with its sentence."""
    selected = ", ".join(f"s.{field.name}" for field in span_columns)
    return View(
        name=name,
        description=description,
        grain=grain,
        key=(span_columns[0].name,),
        schema=pa.schema([*span_columns, *SENTENCE_COLUMNS]),
        sql=f"""
WITH bounded AS (
    SELECT {selected}, a.outlet,
        sentence_start(a.body, s.start_char)::INTEGER AS sentence_start,
        sentence_end(a.body, s.end_char)::INTEGER AS sentence_end,
        a.body
    FROM {source} s
    JOIN articles a ON a.article_id = s.article_id
)
SELECT * EXCLUDE (body), span_text(body, sentence_start, sentence_end) AS sentence
FROM bounded
""",
    )


QUOTE_CONTEXT = _context_view(
    "quote_context",
    "Each quote in the sentence it stands in, to read it in context without opening the article.",
    "one row per quote",
    "quotes",
    [
        column("quote_id", pa.string(), "The quote.", nullable=False, fk="quotes.quote_id"),
        ARTICLE,
        column("speaker", pa.string(), "quotes.speaker: canonical speaker, or NULL when unresolved."),
        column("kind", pa.string(), "quotes.kind.", accepted_values=QUOTE_KINDS),
        column("text", pa.string(), "quotes.text.", nullable=False),
        column("start_char", pa.int32(), "quotes.start_char.", nullable=False),
        column("end_char", pa.int32(), "quotes.end_char.", nullable=False),
    ],
)

NUMBER_CONTEXT = _context_view(
    "number_context",
    "Each figure in the sentence it stands in: what was counted or paid, and who said so.",
    "one row per number",
    "numbers",
    [
        column("number_id", pa.string(), "The number.", nullable=False, fk="numbers.number_id"),
        ARTICLE,
        column("text", pa.string(), "numbers.text.", nullable=False),
        column("value", pa.float64(), "numbers.value.", nullable=False),
        column("kind", pa.string(), "numbers.kind.", nullable=False, accepted_values=NUMBER_KINDS),
        column("unit", pa.string(), "numbers.unit."),
        column("start_char", pa.int32(), "numbers.start_char.", nullable=False),
        column("end_char", pa.int32(), "numbers.end_char.", nullable=False),
    ],
)

VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        ARTICLE_OUTLETS,
        STORY_COVERAGE_ITEMS,
        STORY_COVERAGE,
        QUOTES_BY_SPEAKER,
        SPEECH,
        ARTICLE_PEOPLE,
        ENTITY_COOCCURRENCE,
        NUMBERS_BY_OUTLET,
        SPEAKER_SHARE_BY_OUTLET,
        QUOTE_CONTEXT,
        NUMBER_CONTEXT,
    )
}
"""Every view, each after the views it reads."""
