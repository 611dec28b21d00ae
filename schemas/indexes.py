"""Index tables: what full-text search, shared-passage and story look-ups read. They live only in news.duckdb."""

import pyarrow as pa

from schemas.table import Table, column

INDEXED_ARTICLE = column("article_id", pa.string(), "The article.", nullable=False, fk="articles.article_id")
INDEXED_BY_RUN = column("run_id", pa.string(), "The run that indexed the article.", nullable=False, fk="runs.run_id")

SEARCH_DOCUMENTS = Table(
    name="search_documents",
    description="Full-text index: each indexed article and its length in terms (BM25 normalises by it).",
    grain="one row per indexed article",
    load="by_indexed_article",
    published=False,
    schema=pa.schema(
        [
            column("article_id", pa.string(), "The article.", pk=True, fk="articles.article_id"),
            column(
                "length",
                pa.int32(),
                "Terms indexed: stemmed words of the body and of the title (title words count more, see tf).",
                nullable=False,
            ),
            INDEXED_BY_RUN,
        ]
    ),
)

SEARCH_POSTINGS = Table(
    name="search_postings",
    description="Full-text index: how often each stemmed term occurs in each article.",
    grain="one row per (article, term)",
    load="by_indexed_article",
    published=False,
    schema=pa.schema(
        [
            INDEXED_ARTICLE,
            column("term", pa.string(), "Snowball (English) stem of a lower-cased word.", nullable=False),
            column(
                "tf",
                pa.int32(),
                "Occurrences in the body, plus those in the title counted with a weight.",
                nullable=False,
            ),
        ]
    ),
)

SEARCH_TERMS = Table(
    name="search_terms",
    description="Full-text index: each term and the number of indexed articles holding it.",
    grain="one row per term",
    load="derived",
    published=False,
    schema=pa.schema(
        [
            column("term", pa.string(), "Snowball (English) stem.", pk=True),
            column("df", pa.int32(), "Articles whose postings hold the term.", nullable=False),
        ]
    ),
)

SEARCH_WORDS = Table(
    name="search_words",
    description="Full-text index: every lower-cased word form indexed, with its stem, so SQL can stem a query.",
    grain="one row per word form",
    load="new_keys",
    published=False,
    schema=pa.schema(
        [
            column("word", pa.string(), "A lower-cased word as it appears in some article.", pk=True),
            column("term", pa.string(), "Its stem.", nullable=False),
        ]
    ),
)

PASSAGE_FINGERPRINTS = Table(
    name="passage_fingerprints",
    description="Shared-passage index: hashes of word sequences chosen by winnowing, so that any passage of "
    "MIN_PASSAGE_WORDS words two articles share has a fingerprint in both.",
    grain="one row per fingerprint per article",
    load="by_indexed_article",
    published=False,
    schema=pa.schema(
        [
            INDEXED_ARTICLE,
            column("fingerprint", pa.int64(), "Hash of a sequence of normalised words.", nullable=False),
            column(
                "position", pa.int32(), "Index of the sequence's first word among the article's words.", nullable=False
            ),
        ]
    ),
)

STORY_SIGNATURES = Table(
    name="story_signatures",
    description="Story index: what each article is about, for finding and scoring the stories it may belong to.",
    grain="one row per indexed article",
    load="by_indexed_article",
    published=False,
    schema=pa.schema(
        [
            column("article_id", pa.string(), "The article.", pk=True, fk="articles.article_id"),
            column(
                "reference_year",
                pa.int32(),
                "Year the article reports from: its publication year, else the latest year its text names.",
            ),
            column("terms", pa.list_(pa.string()), "Its most distinctive terms (TF-IDF), best first.", nullable=False),
            column("term_weights", pa.list_(pa.float64()), "Their TF-IDF weights (unit length).", nullable=False),
            column(
                "entities",
                pa.list_(pa.string()),
                "Names of the people, organisations, places and events it mentions, lower-cased.",
                nullable=False,
            ),
            column("entity_counts", pa.list_(pa.int32()), "Mentions of each.", nullable=False),
            column(
                "keys",
                pa.list_(pa.string()),
                "Its rarest terms ('t:...') and entities ('e:...'): articles sharing one are compared.",
                nullable=False,
            ),
            INDEXED_BY_RUN,
            column(
                "numbers",
                pa.list_(pa.string()),
                "The quantities it cites, as 'value|kind|unit' (counts of ten or less left out: too common to tell "
                "events apart).",
                nullable=False,
            ),
        ]
    ),
)
