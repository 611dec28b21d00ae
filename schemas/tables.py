"""The core tables: articles and what the extractors find in each, runs, rejections and the input ledger."""

import pyarrow as pa

from schemas.table import END_CHAR, IN_ARTICLE, START_CHAR, UTC_TIMESTAMP, Table, column

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")
"""The spaCy labels the entity extractor keeps (``transforms.entities.KEEP_LABELS``)."""
QUOTE_KINDS = ("direct", "mixed", "indirect")
CUE_TYPES = ("speech", "thought", "stance", "other")
GENDERS = ("female", "male", "unknown")
NUMBER_KINDS = ("count", "percent", "money", "measure")

ARTICLES = Table(
    name="articles",
    description="The articles read, one version each: the latest text seen for that identity.",
    grain="one row per article",
    load="by_article",
    schema=pa.schema(
        [
            column(
                "article_id",
                pa.string(),
                "Identity of the article: a hash of its URL when it has one, else of its body.",
                pk=True,
            ),
            column(
                "source",
                pa.string(),
                "Input it was read from: path, and '#N' = record N of a multi-record file.",
                nullable=False,
            ),
            column("url", pa.string(), "Canonical URL, when the input gives one."),
            column("outlet", pa.string(), "Publisher or site name, from the input or --outlet."),
            column("title", pa.string(), "Headline, when the input gives one."),
            column("authors", pa.list_(pa.string()), "Bylines, in the order given; empty when unknown."),
            column("published_at", UTC_TIMESTAMP, "Publication time (UTC); a date alone is midnight UTC."),
            column(
                "language", pa.string(), "ISO 639-1 language detected from the body ('und' when too short to tell)."
            ),
            column(
                "body",
                pa.string(),
                "Article text, Unicode NFC with \\n line breaks; every start_char/end_char points into it.",
                nullable=False,
            ),
            column("word_count", pa.int32(), "Number of words in the body.", nullable=False),
            column(
                "content_hash",
                pa.string(),
                "SHA-256 of the body: a changed hash replaces the article's rows.",
                nullable=False,
            ),
            column("ingested_at", UTC_TIMESTAMP, "When this version of the article was loaded.", nullable=False),
            column("run_id", pa.string(), "The run that loaded this version.", nullable=False, fk="runs.run_id"),
            column(
                "extraction_key",
                pa.string(),
                "Hash of the spaCy model its entities, quotes and numbers were extracted with: a run with another "
                "model extracts the article again (aliases re-resolve the stored mentions instead; before schema "
                "version 7 the hash included them). NULL before schema version 3.",
            ),
        ]
    ),
)

ARTICLE_SOURCES = Table(
    name="article_sources",
    description="Every input record that carried an article, with the metadata it gave: the same text run by "
    "three outlets is one article with three sources. The article's own metadata are those of the record "
    "its text was loaded from (articles.source).",
    grain="one row per article and input record (path, and '#N' for record N of a multi-record file)",
    load="by_key",
    schema=pa.schema(
        [
            column("article_id", pa.string(), "The article the record carried.", pk=True, fk="articles.article_id"),
            column("source", pa.string(), "The record: path, and '#N' = record N of a multi-record file.", pk=True),
            column("outlet", pa.string(), "Outlet the record names (or --outlet, or the metadata manifest)."),
            column("url", pa.string(), "URL the record gives."),
            column("title", pa.string(), "Headline the record gives."),
            column("authors", pa.list_(pa.string()), "Bylines the record gives; empty when it gives none."),
            column("published_at", UTC_TIMESTAMP, "Publication time the record gives (UTC)."),
            column("run_id", pa.string(), "The run that first read the record.", nullable=False, fk="runs.run_id"),
        ]
    ),
    backfill="SELECT article_id, source, outlet, url, title, authors, published_at, run_id FROM articles",
)

ENTITIES = Table(
    name="entities",
    description="Canonical named entities: people, organisations, places, groups, events, ...",
    grain="one row per (type, canonical name), shared by every article that mentions it",
    load="new_keys",
    schema=pa.schema(
        [
            column(
                "entity_id", pa.string(), "Hash of (type, name): the same entity has one id in every article.", pk=True
            ),
            column(
                "name",
                pa.string(),
                "Canonical name: the fullest form the article uses, without title or 'the'.",
                nullable=False,
            ),
            column(
                "type",
                pa.string(),
                f"spaCy label: {', '.join(ENTITY_TYPES)}.",
                nullable=False,
                accepted_values=ENTITY_TYPES,
            ),
            column(
                "run_id",
                pa.string(),
                "The run that first loaded this entity.",
                fk="runs.run_id",
                set_by_load=True,
            ),
        ]
    ),
)

ENTITY_MENTIONS = Table(
    name="entity_mentions",
    description="Each place an article names an entity, cleaned of 'the', possessives and titles.",
    grain="one row per mention",
    load="by_article",
    schema=pa.schema(
        [
            column("mention_id", pa.string(), "Hash of (article_id, span).", pk=True),
            IN_ARTICLE,
            column("entity_id", pa.string(), "Canonical entity it refers to.", nullable=False, fk="entities.entity_id"),
            column("text", pa.string(), "The mention as written: body[start_char:end_char].", nullable=False),
            START_CHAR,
            END_CHAR,
            column(
                "label",
                pa.string(),
                "The spaCy label this mention was typed with; the entity's type may differ (a form typed PERSON once "
                "makes the whole entity a PERSON). Re-resolving entities without the model reads it. NULL before "
                "schema version 7.",
                accepted_values=ENTITY_TYPES,
            ),
            column(
                "linked",
                pa.bool_(),
                "The article names this entity only by this surname or acronym, and entity_id is the full name other "
                "articles give it (linked across the warehouse: see docs/architecture.md). NULL before schema "
                "version 7.",
            ),
            column(
                "gender",
                pa.string(),
                "For a PERSON: female, male or unknown, as this article shows it (honorifics, gendered nouns such as "
                "'spokeswoman', the pronouns used for the person; a common first name only where the text says "
                "nothing: see docs/gender.md). NULL for other types and before schema version 8.",
                accepted_values=GENDERS,
            ),
        ]
    ),
)

QUOTES = Table(
    name="quotes",
    description="Quotations and reported speech (what someone said or wrote) and who said them.",
    grain="one row per quoted passage; a quote split around its attribution is two rows",
    load="by_article",
    schema=pa.schema(
        [
            column("quote_id", pa.string(), "Hash of (article_id, span).", pk=True),
            IN_ARTICLE,
            column(
                "text",
                pa.string(),
                "The quoted words with their quotation marks: body[start_char:end_char].",
                nullable=False,
            ),
            START_CHAR,
            END_CHAR,
            column("cue", pa.string(), "The attribution cue as written: 'said', 'told', 'according to', ..."),
            column("speaker", pa.string(), "Canonical name of the speaker, or NULL when it could not be resolved."),
            column("speaker_entity_id", pa.string(), "Entity of the speaker, or NULL.", fk="entities.entity_id"),
            column(
                "speaker_text", pa.string(), "The speaker as written at the attribution: a name, 'he', 'officials', ..."
            ),
            column("speaker_start", pa.int32(), "Start offset of speaker_text in articles.body."),
            column("speaker_end", pa.int32(), "End offset of speaker_text in articles.body."),
            column(
                "kind",
                pa.string(),
                "direct: the words are quoted; mixed: reported speech with a quoted fragment; indirect: reported "
                "speech without quotation marks. NULL in warehouses written before schema version 2.",
                accepted_values=QUOTE_KINDS,
            ),
            column(
                "cue_type",
                pa.string(),
                "What the cue reports: speech (said, told, wrote, tweeted, according to), thought (believes, thinks), "
                "stance (supports, backs, endorses, votes) or other. A quotation with no cue verb (a colon, a dash) "
                "is speech; NULL when there is no cue at all, and before schema version 8.",
                accepted_values=CUE_TYPES,
            ),
            column(
                "statement_id",
                pa.string(),
                "The statement this row is part of: the quote_id of its first part. A quote split around its "
                "attribution, continued over paragraphs, or nested in another by the same speaker ('She said she "
                "was not expecting it') is one statement. NULL before schema version 8.",
            ),
            column(
                "speaker_gender",
                pa.string(),
                "female, male or unknown when the speaker is a person (named, a pronoun, or an unnamed 'spokeswoman' "
                "or 'official'), as the article shows it; NULL when there is no speaker or it is an organisation, a "
                "place or a group, and before schema version 8.",
                accepted_values=GENDERS,
            ),
        ]
    ),
)

NUMBERS = Table(
    name="numbers",
    description="Quantities cited in articles: counts, percentages, money and measures (not dates, years or ordinals).",
    grain="one row per quantity mentioned",
    load="by_article",
    schema=pa.schema(
        [
            column("number_id", pa.string(), "Hash of (article_id, span).", pk=True),
            IN_ARTICLE,
            column(
                "text",
                pa.string(),
                "Surface text: body[start_char:end_char], e.g. '$1.13bn', 'about 300', 'two'.",
                nullable=False,
            ),
            column(
                "value",
                pa.float64(),
                "Numeric value fully scaled: '$1.13bn' is 1130000000, '35%' is 35.",
                nullable=False,
            ),
            column(
                "kind",
                pa.string(),
                "What sort of quantity: count, percent, money or measure.",
                nullable=False,
                accepted_values=NUMBER_KINDS,
            ),
            column(
                "unit",
                pa.string(),
                "ISO 4217 code for money, 'percent', the unit word for measures ('point' for percentage and index "
                "points); NULL for counts.",
            ),
            column("counted", pa.string(), "The noun counted or measured, singular: '100 officers' gives 'officer'."),
            column(
                "approximate", pa.bool_(), "The number is hedged: 'about', 'nearly', 'more than', ...", nullable=False
            ),
            column(
                "in_quote",
                pa.bool_(),
                "The number is inside the quoted words of a direct or mixed quote (not merely in reported speech; "
                "before schema version 8, inside any quote's span).",
                nullable=False,
            ),
            START_CHAR,
            END_CHAR,
            column(
                "quote_id",
                pa.string(),
                "The innermost quote (direct, mixed or indirect) the number sits in, so a query can ask which figures "
                "each speaker cited; NULL outside quotes and before schema version 8.",
                fk="quotes.quote_id",
            ),
        ]
    ),
)

RUNS = Table(
    name="runs",
    description="Every completed load of the warehouse, with what it did.",
    grain="one row per run",
    load="append",
    schema=pa.schema(
        [
            column("run_id", pa.string(), "Sortable id: UTC start time plus a random suffix.", pk=True),
            column("started_at", UTC_TIMESTAMP, "When the run started.", nullable=False),
            column(
                "finished_at",
                UTC_TIMESTAMP,
                "When the run had read and transformed everything, just before its load.",
                nullable=False,
            ),
            column(
                "status",
                pa.string(),
                "completed (a run that fails loads nothing).",
                nullable=False,
                accepted_values=["completed"],
            ),
            column("inputs", pa.list_(pa.string()), "Paths and globs the run was given.", nullable=False),
            column("files_read", pa.int32(), "Input files found and read.", nullable=False),
            column("articles_new", pa.int32(), "Articles loaded for the first time.", nullable=False),
            column(
                "articles_unchanged", pa.int32(), "Articles already loaded with the same text: skipped.", nullable=False
            ),
            column(
                "articles_replaced", pa.int32(), "Articles whose text changed: their old rows replaced.", nullable=False
            ),
            column(
                "articles_duplicate",
                pa.int32(),
                "Records repeating an article already read in this run.",
                nullable=False,
            ),
            column(
                "articles_not_english",
                pa.int32(),
                "New or replaced articles not in English: loaded without entities, quotes or numbers.",
                nullable=False,
            ),
            column("rejected", pa.int32(), "Inputs or records rejected (see rejected_inputs).", nullable=False),
            column("entity_mentions", pa.int32(), "Entity mentions loaded.", nullable=False),
            column("quotes", pa.int32(), "Quotes loaded.", nullable=False),
            column("numbers", pa.int32(), "Numbers loaded.", nullable=False),
            column("model", pa.string(), "spaCy model used for entities, quotes and numbers.", nullable=False),
            column("schema_version", pa.int32(), "Warehouse schema version that wrote the run.", nullable=False),
            column("files_unchanged", pa.int32(), "Input files skipped: read before, same bytes and settings."),
            column(
                "articles_related",
                pa.int32(),
                "Articles compared with the warehouse for stories, duplicates and shared passages: the new and "
                "changed ones, and, once, those loaded before schema version 6. NULL before it.",
            ),
            column("stories_new", pa.int32(), "Stories the run started. NULL before schema version 6."),
            column(
                "stories_merged",
                pa.int32(),
                "Older stories the run merged into another (see story_merges). NULL before schema version 6.",
            ),
            column(
                "duplicates",
                pa.int32(),
                "Articles the run found to copy an earlier article (see article_duplicates). NULL before schema "
                "version 6.",
            ),
            column(
                "shared_quotes",
                pa.int32(),
                "Shared quotes the run created or added occurrences to. NULL before schema version 6.",
            ),
            column(
                "articles_updated",
                pa.int32(),
                "Articles already loaded whose metadata (outlet, title, publication time, URL, authors) the run "
                "changed without extracting them again. NULL before schema version 7.",
            ),
            column(
                "sources_new",
                pa.int32(),
                "Input records read for the first time that carry an article, its own or another outlet's copy "
                "(see article_sources). NULL before schema version 7.",
            ),
            column(
                "mentions_linked",
                pa.int32(),
                "Entity mentions whose entity the run changed by linking names across articles (a surname alone "
                "joining the full name other articles give), or by resolving them again with new aliases. NULL "
                "before schema version 7.",
            ),
            column(
                "aliases",
                pa.list_(pa.string()),
                "The user's aliases the run was given, as CSV lines 'alias,canonical_name,type'; NULL when it was "
                "given none. The latest run's that has them are in force for later runs.",
            ),
        ]
    ),
)

REJECTED_INPUTS = Table(
    name="rejected_inputs",
    description="Inputs or records that could not be loaded, and why.",
    grain="one row per rejected file or record per run",
    load="append",
    schema=pa.schema(
        [
            column("source", pa.string(), "Path, and '#N' = record N of a multi-record file.", nullable=False),
            column("reason", pa.string(), "Why it was rejected, in plain words.", nullable=False),
            column("run_id", pa.string(), "The run that rejected it.", nullable=False, fk="runs.run_id"),
        ]
    ),
)

LOADED_INPUTS = Table(
    name="loaded_inputs",
    description="The ledger of input files read by completed runs: a file seen again unchanged is skipped.",
    grain="one row per distinct (file content, extraction settings)",
    load="new_keys",
    schema=pa.schema(
        [
            column(
                "input_key",
                pa.string(),
                "Hash of the file's bytes and the extraction settings (spaCy model, aliases).",
                pk=True,
            ),
            column("source", pa.string(), "Path the file was first read from.", nullable=False),
            column("size_bytes", pa.int64(), "Size of the file.", nullable=False),
            column("run_id", pa.string(), "The run that read it.", nullable=False, fk="runs.run_id"),
        ]
    ),
)


MENTION_LINKS = Table(
    name="mention_links",
    description="Staged only: the entity each mention of a re-linked article now has; the load applies it to "
    "entity_mentions.",
    grain="one row per mention whose entity changes",
    load="update",
    updates="entity_mentions",
    published=False,
    schema=pa.schema(
        [
            column("mention_id", pa.string(), "The mention.", pk=True),
            column("entity_id", pa.string(), "Its entity from now on.", nullable=False),
            column("linked", pa.bool_(), "Whether that entity comes from linking across articles.", nullable=False),
        ]
    ),
)

SPEAKER_LINKS = Table(
    name="speaker_links",
    description="Staged only: the speaker each quote of a re-linked article now has; the load applies it to quotes.",
    grain="one row per quote whose speaker's entity changes",
    load="update",
    updates="quotes",
    published=False,
    schema=pa.schema(
        [
            column("quote_id", pa.string(), "The quote.", pk=True),
            column("speaker_entity_id", pa.string(), "The speaker's entity from now on.", nullable=False),
            column("speaker", pa.string(), "Its canonical name.", nullable=False),
            column(
                "speaker_gender",
                pa.string(),
                "The quote's speaker gender from now on: kept when the speaker stays a person, NULL when it becomes "
                "an organisation, a place or a product.",
            ),
        ]
    ),
)
