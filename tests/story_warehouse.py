"""A small warehouse built by hand with stories, for the views, checks and story commands.

Our own invented articles. Story ``story-bridge``: two Harbor Gazette articles, one Tidewater Post
article and one without an outlet, about a bridge closing; the mayor's promise is carried by the
Gazette first, then the Post. Story ``story-fair``: one Tidewater Post article about a fair. Every
offset is computed from the bodies, so each span is ``body[start_char:end_char]``.
"""

from datetime import UTC, datetime
from pathlib import Path

from conftest import article_row, run_row

from schemas import (
    ARTICLES,
    ENTITIES,
    ENTITY_MENTIONS,
    NUMBERS,
    QUOTES,
    RUNS,
    SHARED_QUOTE_OCCURRENCES,
    STORY_ARTICLES,
    to_arrow,
)
from warehouse import Warehouse

RUN_ID = "run-1"
PROMISE = "“We will reopen it within 12 days,”"

ARTICLES_BY_ID = {
    # article_id: (story_id, outlet, published, body)
    "g1": (
        "story-bridge",
        "Harbor Gazette",
        datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
        f"The Lantern Bridge closed on Monday. {PROMISE} said Mayor Ilse Varga. Engineers found 40 cracks.\n"
        "The repair will cost $2.5 million, the city said.",
    ),
    "g2": (
        "story-bridge",
        "Harbor Gazette",
        datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        "Ilse Varga told reporters the Lantern Bridge would carry 9,000 cars a day again. "
        "Tomas Reyes of the Ferry Guild disagreed.",
    ),
    "t1": (
        "story-bridge",
        "Tidewater Post",
        datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        f"{PROMISE} Mayor Ilse Varga said. The Ferry Guild's Tomas Reyes said: “Nobody believes that.” "
        "The closure costs $2.5 million.",
    ),
    "u1": (
        "story-bridge",
        None,
        datetime(2026, 3, 3, 7, 0, tzinfo=UTC),
        "Residents of Kelp Harbor queued for 3 hours at the ferry.",
    ),
    "t2": (
        "story-fair",
        "Tidewater Post",
        datetime(2026, 3, 5, 10, 0, tzinfo=UTC),
        "The Kelp Harbor fair drew 5,000 visitors, organiser Nina Osei said.",
    ),
}

ENTITY_ROWS = {
    # entity_id: (name, type)
    "e-varga": ("Ilse Varga", "PERSON"),
    "e-reyes": ("Tomas Reyes", "PERSON"),
    "e-osei": ("Nina Osei", "PERSON"),
    "e-bridge": ("Lantern Bridge", "FAC"),
    "e-guild": ("Ferry Guild", "ORG"),
    "e-kelp": ("Kelp Harbor", "GPE"),
}

MENTIONS = {
    # article_id: entity ids in the order their names appear
    "g1": ["e-bridge", "e-varga"],
    "g2": ["e-varga", "e-bridge", "e-reyes", "e-guild"],
    "t1": ["e-varga", "e-guild", "e-reyes"],
    "u1": ["e-kelp"],
    "t2": ["e-kelp", "e-osei"],
}

QUOTE_ROWS = [
    # (quote_id, article_id, quoted text, speaker entity or None, kind)
    ("q-g1-promise", "g1", PROMISE, "e-varga", "direct"),
    ("q-g1-city", "g1", "The repair will cost $2.5 million", None, "indirect"),
    ("q-g2-varga", "g2", "the Lantern Bridge would carry 9,000 cars a day again", "e-varga", "indirect"),
    ("q-t1-promise", "t1", PROMISE, "e-varga", "direct"),
    ("q-t1-reyes", "t1", "“Nobody believes that.”", "e-reyes", "direct"),
    ("q-t2-osei", "t2", "The Kelp Harbor fair drew 5,000 visitors", "e-osei", "indirect"),
]

NUMBER_ROWS = [
    # (number_id, article_id, text, value, kind, unit, in_quote)
    ("n-g1-days", "g1", "12 days", 12.0, "measure", "day", True),
    ("n-g1-cracks", "g1", "40", 40.0, "count", None, False),
    ("n-g1-cost", "g1", "$2.5 million", 2_500_000.0, "money", "USD", False),
    ("n-g2-cars", "g2", "9,000", 9000.0, "count", None, False),
    ("n-t1-days", "t1", "12 days", 12.0, "measure", "day", True),
    ("n-t1-cost", "t1", "$2.5 million", 2_500_000.0, "money", "USD", False),
    ("n-u1-hours", "u1", "3 hours", 3.0, "measure", "hour", False),
    ("n-t2-visitors", "t2", "5,000", 5000.0, "count", None, False),
]


def body_of(article_id: str) -> str:
    return ARTICLES_BY_ID[article_id][3]


def span_of(article_id: str, text: str, *, after: int = 0) -> tuple[int, int]:
    """Offsets of the first ``text`` in the article's body at or after ``after``."""
    start = body_of(article_id).index(text, after)
    return start, start + len(text)


def article_rows() -> list[dict]:
    return [
        article_row(article_id, body, RUN_ID)
        | {"outlet": outlet, "published_at": published, "title": f"Headline of {article_id}"}
        for article_id, (_, outlet, published, body) in ARTICLES_BY_ID.items()
    ]


def mention_rows() -> list[dict]:
    rows = []
    for article_id, entity_ids in MENTIONS.items():
        position = 0
        for entity_id in entity_ids:
            name = ENTITY_ROWS[entity_id][0]
            start, end = span_of(article_id, name, after=position)
            position = end
            rows.append(
                {
                    "mention_id": f"m-{article_id}-{entity_id}",
                    "article_id": article_id,
                    "entity_id": entity_id,
                    "text": name,
                    "start_char": start,
                    "end_char": end,
                    "label": ENTITY_ROWS[entity_id][1],
                    "linked": False,
                    "gender": None,
                }
            )
    return rows


def quote_rows() -> list[dict]:
    rows = []
    for quote_id, article_id, text, speaker_id, kind in QUOTE_ROWS:
        start, end = span_of(article_id, text)
        speaker = ENTITY_ROWS[speaker_id][0] if speaker_id else None
        speaker_start, speaker_end = span_of(article_id, speaker) if speaker else (None, None)
        rows.append(
            {
                "quote_id": quote_id,
                "article_id": article_id,
                "text": text,
                "start_char": start,
                "end_char": end,
                "cue": "said",
                "speaker": speaker,
                "speaker_entity_id": speaker_id,
                "speaker_text": speaker or "the city",
                "speaker_start": speaker_start,
                "speaker_end": speaker_end,
                "kind": kind,
                "cue_type": "speech",
                "statement_id": None,
                "speaker_gender": None,
            }
        )
    return rows


def number_rows() -> list[dict]:
    rows = []
    for number_id, article_id, text, value, kind, unit, in_quote in NUMBER_ROWS:
        start, end = span_of(article_id, text)
        rows.append(
            {
                "number_id": number_id,
                "article_id": article_id,
                "text": text,
                "value": value,
                "kind": kind,
                "unit": unit,
                "counted": None,
                "approximate": False,
                "in_quote": in_quote,
                "start_char": start,
                "end_char": end,
                "quote_id": None,
            }
        )
    return rows


def story_article_rows() -> list[dict]:
    return [
        {
            "article_id": article_id,
            "story_id": story_id,
            "similarity": None,
            "headline": f"Headline of {article_id}",
            "run_id": RUN_ID,
        }
        for article_id, (story_id, *_) in ARTICLES_BY_ID.items()
    ]


def occurrence_rows() -> list[dict]:
    """The mayor's promise, carried by g1 (first) and t1, inside a quote in both."""
    rows = []
    for article_id, quote_id in (("g1", "q-g1-promise"), ("t1", "q-t1-promise")):
        start, end = span_of(article_id, PROMISE)
        rows.append(
            {
                "occurrence_id": f"o-{article_id}",
                "shared_quote_id": "sq-promise",
                "article_id": article_id,
                "start_char": start,
                "end_char": end,
                "text": PROMISE,
                "quote_id": quote_id,
                "run_id": RUN_ID,
            }
        )
    return rows


def build_story_warehouse(root: Path) -> Warehouse:
    """Load the articles above, their extractions, stories and shared passage into a new warehouse at ``root``."""
    store = Warehouse(root)
    entity_rows = [{"entity_id": key, "name": name, "type": type_} for key, (name, type_) in ENTITY_ROWS.items()]
    store.stage(
        RUN_ID,
        {
            ARTICLES.name: to_arrow(ARTICLES, article_rows()),
            ENTITIES.name: to_arrow(ENTITIES, entity_rows),
            ENTITY_MENTIONS.name: to_arrow(ENTITY_MENTIONS, mention_rows()),
            QUOTES.name: to_arrow(QUOTES, quote_rows()),
            NUMBERS.name: to_arrow(NUMBERS, number_rows()),
            STORY_ARTICLES.name: to_arrow(STORY_ARTICLES, story_article_rows()),
            SHARED_QUOTE_OCCURRENCES.name: to_arrow(SHARED_QUOTE_OCCURRENCES, occurrence_rows()),
            RUNS.name: to_arrow(RUNS, [run_row(RUN_ID)]),
        },
    )
    store.load_run(RUN_ID)
    return store
