"""Tables across articles: stories, near-duplicates and quotes or passages that several articles carry."""

import pyarrow as pa

from schemas.table import END_CHAR, IN_ARTICLE, START_CHAR, UTC_TIMESTAMP, Table, column

CHANGED_BY_RUN = column("run_id", pa.string(), "The run that last wrote the row.", nullable=False, fk="runs.run_id")

STORIES = Table(
    name="stories",
    description="Stories: articles about the same event, across outlets. Every article is in exactly one story.",
    grain="one row per story",
    load="derived",
    schema=pa.schema(
        [
            column(
                "story_id",
                pa.string(),
                "Id of the story: a hash of the article that started it. It stays when later runs add articles; "
                "when stories merge, the oldest story's id stays (see story_merges).",
                pk=True,
            ),
            column(
                "label",
                pa.string(),
                "A headline for the story: the headline of its first article (see story_articles.headline).",
                nullable=False,
            ),
            column(
                "first_published", UTC_TIMESTAMP, "Earliest publication time of its articles; NULL if none is dated."
            ),
            column("last_published", UTC_TIMESTAMP, "Latest publication time of its articles; NULL if none is dated."),
            column("article_count", pa.int32(), "Articles in the story.", nullable=False),
            column(
                "outlet_count",
                pa.int32(),
                "Distinct outlets among them (articles without an outlet not counted).",
                nullable=False,
            ),
            column("outlets", pa.list_(pa.string()), "The outlets, alphabetical.", nullable=False),
            column(
                "first_article_id",
                pa.string(),
                "The story's first article: the earliest published, else the first loaded.",
                nullable=False,
                fk="articles.article_id",
            ),
            CHANGED_BY_RUN,
        ]
    ),
)

STORY_ARTICLES = Table(
    name="story_articles",
    description="Which story each article is in.",
    grain="one row per article",
    load="upsert",
    schema=pa.schema(
        [
            column("article_id", pa.string(), "The article.", pk=True, fk="articles.article_id"),
            column("story_id", pa.string(), "Its story.", nullable=False, fk="stories.story_id"),
            column(
                "similarity",
                pa.float64(),
                "How strongly the article was tied to its story when it joined: the average probability (0-1) that "
                "it reports the same event as the story's articles. NULL for the article a story started with.",
            ),
            column(
                "headline",
                pa.string(),
                "The article's title, or, when it has none, its first line or sentence (at most 120 characters).",
                nullable=False,
            ),
            CHANGED_BY_RUN,
        ]
    ),
)

STORY_MERGES = Table(
    name="story_merges",
    description="Stories merged into another when a later article showed they report the same event.",
    grain="one row per merged story",
    load="append",
    schema=pa.schema(
        [
            column("old_story_id", pa.string(), "The story that no longer exists.", nullable=False),
            column("story_id", pa.string(), "The story its articles joined.", nullable=False),
            column("run_id", pa.string(), "The run that merged them.", nullable=False, fk="runs.run_id"),
        ]
    ),
)

ARTICLE_DUPLICATES = Table(
    name="article_duplicates",
    description="Near-duplicate articles: wire copy run by several outlets, re-headlined, trimmed or lightly edited "
    "copies, and the same text under another URL. The earliest copy has no row.",
    grain="one row per article that copies an earlier one",
    load="upsert",
    schema=pa.schema(
        [
            column("article_id", pa.string(), "The copy.", pk=True, fk="articles.article_id"),
            column(
                "duplicate_of",
                pa.string(),
                "The earliest copy of the text: the first published, else the first loaded.",
                nullable=False,
                fk="articles.article_id",
            ),
            column(
                "similarity",
                pa.float64(),
                "Share (0-1) of the shorter text's words that stand, in order, in the longer one.",
                nullable=False,
            ),
            column(
                "exact",
                pa.bool_(),
                "The two bodies have the same words (case, punctuation, quotation marks and spacing aside).",
                nullable=False,
            ),
            CHANGED_BY_RUN,
        ]
    ),
)

SHARED_QUOTES = Table(
    name="shared_quotes",
    description="Quotations and passages of some length that recur in two or more articles, quoted or not: "
    "who carried a statement first and who repeated it.",
    grain="one row per recurring passage",
    load="derived",
    schema=pa.schema(
        [
            column(
                "shared_quote_id",
                pa.string(),
                "Hash of the first occurrence found; it stays when later runs add occurrences.",
                pk=True,
            ),
            column("text", pa.string(), "The passage as its fullest occurrence reads.", nullable=False),
            column(
                "speaker",
                pa.string(),
                "Canonical speaker, where an occurrence is an attributed quote (the most frequent); NULL if none is.",
            ),
            column(
                "first_article_id",
                pa.string(),
                "The earliest article carrying it: the first published, else the first loaded.",
                nullable=False,
                fk="articles.article_id",
            ),
            column("article_count", pa.int32(), "Articles carrying it (2 or more).", nullable=False),
            column("outlet_count", pa.int32(), "Distinct outlets among them.", nullable=False),
            column(
                "quoted_article_count",
                pa.int32(),
                "Articles where it stands inside quotation marks (an extracted quote).",
                nullable=False,
            ),
            column("word_count", pa.int32(), "Words in text.", nullable=False),
            CHANGED_BY_RUN,
        ]
    ),
)

SHARED_QUOTE_OCCURRENCES = Table(
    name="shared_quote_occurrences",
    description="Where each shared quote or passage occurs.",
    grain="one row per occurrence of a shared quote in an article",
    load="upsert",
    schema=pa.schema(
        [
            column("occurrence_id", pa.string(), "Hash of (article_id, span).", pk=True),
            column(
                "shared_quote_id", pa.string(), "The shared quote.", nullable=False, fk="shared_quotes.shared_quote_id"
            ),
            IN_ARTICLE,
            START_CHAR,
            END_CHAR,
            column("text", pa.string(), "The occurrence as written: body[start_char:end_char].", nullable=False),
            column(
                "quote_id",
                pa.string(),
                "The extracted quote it lies in when it stands inside quotation marks there; NULL when it does not.",
                fk="quotes.quote_id",
            ),
            CHANGED_BY_RUN,
        ]
    ),
)
