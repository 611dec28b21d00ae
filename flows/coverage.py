"""Relating a run's articles to the warehouse: the search index, near-duplicates, shared quotes and stories.

Runs in the flow's process after every batch is staged and before the load, so the new tables change
in the same transaction as the articles. Each article the run indexes (new, changed, or loaded before
the index existed) is compared only with the articles an index look-up returns: those sharing a
fingerprint (passages, duplicates) or a rare term or entity (stories), never with all of them.
"""

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE

from schemas import (
    ARTICLE_DUPLICATES,
    PASSAGE_FINGERPRINTS,
    SEARCH_DOCUMENTS,
    SEARCH_POSTINGS,
    SEARCH_WORDS,
    SHARED_QUOTE_OCCURRENCES,
    STORY_ARTICLES,
    STORY_MERGES,
    STORY_SIGNATURES,
    TABLES,
    to_arrow,
)
from transforms.ids import stable_id
from transforms.passages import (
    MIN_DUPLICATE_SIMILARITY,
    ArticleOrder,
    DuplicateMatch,
    KnownOccurrence,
    Span,
    WordSequence,
    article_order,
    fingerprint_article,
    group_shared_passages,
    word_sequence,
)
from transforms.passages.relate import (
    DuplicateGroup,
    compare_pair,
    duplicate_groups,
    duplicate_rows,
    match_pair,
    occurrence_rows,
)
from transforms.search import index_article
from transforms.stories import (
    SAME_STORY_THRESHOLD,
    Cluster,
    average_link,
    build_signature,
    comparable_article,
    entity_counts,
    headline,
    number_keys,
    pair_features,
    reference_year,
    same_story_probability,
    signature_from_row,
)
from transforms.tally import Tally
from warehouse import Warehouse
from warehouse.coverage import ArticleText, CoverageReader

RELATE_CHUNK = 500
"""Articles compared at a time: bounds the texts held in memory."""
MAX_CANDIDATE_STORIES = 5
"""Loaded stories an article is compared with: those of its best candidates."""
INDEX_TABLES = (SEARCH_DOCUMENTS.name, SEARCH_POSTINGS.name, SEARCH_WORDS.name, PASSAGE_FINGERPRINTS.name)


@dataclass
class RelationCounts(Tally):
    """What relating a run's articles did (columns of ``runs``)."""

    articles_related: int = 0
    stories_new: int = 0
    stories_merged: int = 0
    duplicates: int = 0
    shared_quotes: int = 0


class Indexable(Protocol):
    """What indexing an article reads of it (an ``Article`` being loaded, or an ``ArticleText`` already loaded)."""

    article_id: str
    title: str | None
    body: str


def index_tables(articles: Iterable[Indexable], run_id: str) -> dict[str, pa.Table]:
    """The search and passage index rows of articles, as Arrow tables to stage."""
    rows: dict[str, list[dict]] = {name: [] for name in INDEX_TABLES}
    for article in articles:
        search = index_article(article.article_id, article.title, article.body, run_id=run_id)
        for name, table_rows in search.by_table().items():
            rows[name] += table_rows
        rows[PASSAGE_FINGERPRINTS.name] += fingerprint_article(article.article_id, article.body)
    return {name: to_arrow(TABLES[name], table_rows) for name, table_rows in rows.items()}


@task(cache_policy=NONE)
def relate_articles(store: Warehouse, run_id: str) -> RelationCounts:
    """Index the articles loaded before the index existed, then relate every article the run indexes.

    Stages the rows of ``article_duplicates``, ``shared_quote_occurrences``, ``story_signatures``,
    ``story_articles`` and ``story_merges``; the load derives ``stories`` and ``shared_quotes``.
    """
    store.stage_missing_tables(run_id)
    with store.coverage_reader(run_id) as reader:
        unindexed = reader.unindexed_articles()
        for start in range(0, len(unindexed), RELATE_CHUNK):
            store.stage(run_id, index_tables(unindexed[start : start + RELATE_CHUNK], run_id))
        related = reader.related_article_ids()
        counts = RelationCounts(articles_related=len(related))
        passage_pairs = relate_passages(store, reader, related, run_id, counts)
        relate_stories(store, reader, related, passage_pairs, run_id, counts)
    return counts


class WordSequences:
    """Each article's words, computed once however many articles it is compared with."""

    def __init__(self) -> None:
        self.sequences: dict[str, WordSequence] = {}

    def __call__(self, article_id: str, body: str) -> WordSequence:
        if article_id not in self.sequences:
            self.sequences[article_id] = word_sequence(body)
        return self.sequences[article_id]


def relate_passages(
    store: Warehouse, reader: CoverageReader, related: list[str], run_id: str, counts: RelationCounts
) -> set[frozenset[str]]:
    """Stage the duplicates and shared quotes of the related articles; return the pairs of articles sharing text."""
    related_set = set(related)
    duplicates: list[tuple[str, str, DuplicateMatch]] = []
    links: list[tuple[Span, Span]] = []
    for start in range(0, len(related), RELATE_CHUNK):
        candidates = reader.passage_candidates(related[start : start + RELATE_CHUNK])
        texts = reader.texts({article_id for pair in candidates for article_id in pair[:2]})
        quotes = reader.quote_spans(texts)
        words = WordSequences()
        for article_id, other_id, _ in candidates:
            a, b = texts[article_id], texts[other_id]
            match = match_pair(a.article_id, a.body, b.article_id, b.body, words=words, quotes=quotes)
            if match.duplicate:
                duplicates.append((article_id, other_id, match.duplicate))
            else:
                links += match.passages  # a copy's shared "passage" is the whole text: it is a duplicate instead
    loaded_rows = reader.known_duplicates({article_id for pair in duplicates for article_id in pair[:2]} | related_set)
    known = [row for row in loaded_rows if related_set.isdisjoint(row[:2])]
    duplicates += compare_orphaned_copies(reader, loaded_rows, related_set)
    known_occurrences = [
        KnownOccurrence(Span(article_id, start, end), shared_quote_id)
        for article_id, start, end, shared_quote_id in reader.known_occurrences(
            {span.article_id for link in links for span in link}
        )
    ]
    involved = {article_id for pair in duplicates for article_id in pair[:2]}
    involved |= {article_id for row in known for article_id in row[:2]}
    involved |= {span.article_id for link in links for span in link}
    involved |= {occurrence.span.article_id for occurrence in known_occurrences}
    order = load_order(reader, involved)
    matches = {frozenset((a, b)): match for a, b, match in duplicates}
    matches |= {frozenset((a, b)): DuplicateMatch(similarity, exact) for a, b, similarity, exact in known}
    groups = duplicate_groups([tuple(pair) for pair in matches], order=order)
    duplicate_table = duplicate_rows(groups, compare_unmatched(reader, groups, matches), run_id=run_id)
    shared = group_shared_passages(links, known_occurrences, order=lambda span: order[span.article_id])
    carriers = {span.article_id for quote in shared for span in quote.occurrences}
    occurrences = occurrence_rows(
        shared,
        bodies={article_id: text.body for article_id, text in reader.texts(carriers).items()},
        quotes=reader.quote_spans(carriers),
        run_id=run_id,
    )
    store.stage(
        run_id,
        {
            ARTICLE_DUPLICATES.name: to_arrow(ARTICLE_DUPLICATES, duplicate_table),
            SHARED_QUOTE_OCCURRENCES.name: to_arrow(SHARED_QUOTE_OCCURRENCES, occurrences),
        },
    )
    counts.duplicates = len(duplicate_table)
    counts.shared_quotes = len(shared)
    return {frozenset(pair[:2]) for pair in duplicates} | {
        frozenset((left.article_id, right.article_id)) for left, right in links
    }


def relate_stories(
    store: Warehouse,
    reader: CoverageReader,
    related: list[str],
    passage_pairs: set[frozenset[str]],
    run_id: str,
    counts: RelationCounts,
) -> None:
    """Stage the story signatures of the related articles, then place them in stories (new, joined or merged)."""
    texts = reader.texts(related)
    mentions = reader.entity_mentions(related)
    entities = {article_id: entity_counts(mentions.get(article_id, ())) for article_id in related}
    quantities = reader.quantities(related)
    numbers = {article_id: number_keys(quantities.get(article_id, ())) for article_id in related}
    documents = reader.document_count()
    term_df = reader.term_df()
    entity_df = signature_df(reader, "entities", entities)
    number_df = signature_df(reader, "numbers", numbers)
    signatures = {}
    for start in range(0, len(related), RELATE_CHUNK):
        chunk = related[start : start + RELATE_CHUNK]
        term_counts = reader.term_counts(chunk)
        for article_id in chunk:
            text = texts[article_id]
            signatures[article_id] = build_signature(
                article_id,
                term_counts=term_counts.get(article_id, {}),
                entities=entities[article_id],
                year=reference_year(text.published_at, text.body),
                numbers=numbers[article_id],
                term_df=term_df,
                entity_df=entity_df,
                documents=documents,
                run_id=run_id,
            )
    store.stage(run_id, {STORY_SIGNATURES.name: to_arrow(STORY_SIGNATURES, signatures.values())})
    candidates = reader.story_candidates(related)
    story_of = reader.stories_of({other for _, other in candidates if other not in signatures})
    candidates = nearest_stories(candidates, story_of)
    # A story is compared through its latest articles, not through the candidates found in it: those
    # are its articles most like the new one, and averaging over them would overrate the story.
    members = reader.story_samples({story_of[other] for _, other in candidates if other in story_of})
    compared_old = {article_id for story_members in members.values() for article_id in story_members}
    old_signatures = {row[0]: signature_from_row(row) for row in reader.signatures(compared_old)}
    published = {article_id: text.published_at for article_id, text in texts.items()}
    published |= {article_id: placed[0] for article_id, placed in reader.load_order(compared_old).items()}
    comparable = {
        article_id: comparable_article(
            signature,
            published_at=published[article_id],
            entity_df=entity_df,
            number_df=number_df,
            documents=documents,
        )
        for article_id, signature in (signatures | old_signatures).items()
    }

    probabilities: dict[tuple[str, str], float] = {}

    def compare(first: str, second: str) -> None:
        key = (first, second) if first < second else (second, first)
        if key not in probabilities and first != second:
            features = pair_features(
                comparable[first], comparable[second], shared_passage=frozenset(key) in passage_pairs
            )
            probabilities[key] = same_story_probability(features)

    neighbour_stories: dict[str, set[str]] = {}
    for article_id, other in candidates:
        if other in signatures:
            compare(article_id, other)
        else:
            story = story_of[other]
            neighbour_stories.setdefault(article_id, set()).add(story)
            for member in members[story]:
                compare(article_id, member)
    # Two loaded stories can merge only through an article that belongs with both: compare their
    # members with each other only then (they were compared, and found apart, when they were loaded).
    for article_id, stories in neighbour_stories.items():
        joined = [
            story
            for story in sorted(stories)
            if tie_strength(article_id, members[story], probabilities) >= SAME_STORY_THRESHOLD
        ]
        for first, second in itertools.combinations(joined, 2):
            for a in members[first]:
                for b in members[second]:
                    compare(a, b)
    sampled = {article_id: story for story, story_members in members.items() for article_id in story_members}
    clusters = average_link(related, sampled, probabilities)
    stage_stories(store, reader, clusters, texts, probabilities, run_id, counts)


def compare_orphaned_copies(
    reader: CoverageReader, loaded_rows: list[tuple[str, str, float, bool]], related: set[str]
) -> list[tuple[str, str, DuplicateMatch]]:
    """The copies of an article the run re-indexes, compared with each other again.

    Their rows pointed at that article and go with its old text; if its new text no longer matches
    them, they are still copies of one another.
    """
    copies_of: dict[str, list[str]] = {}
    for article_id, duplicate_of, _, _ in loaded_rows:
        if duplicate_of in related and article_id not in related:
            copies_of.setdefault(duplicate_of, []).append(article_id)
    pairs = [pair for copies in copies_of.values() for pair in itertools.combinations(sorted(copies), 2)]
    texts = reader.texts({article_id for pair in pairs for article_id in pair})
    words = WordSequences()
    found = []
    for first, second in pairs:
        match = compare_pair(first, texts[first].body, second, texts[second].body, words=words)
        if match.similarity >= MIN_DUPLICATE_SIMILARITY:
            found.append((first, second, match))
    return found


def compare_unmatched(
    reader: CoverageReader, groups: list[DuplicateGroup], matches: dict[frozenset[str], DuplicateMatch]
) -> dict[frozenset[str], DuplicateMatch]:
    """``matches``, plus each copy compared with its group's earliest copy where no comparison of the two exists."""
    missing = [(copy, group.earliest) for group in groups for copy in group.copies]
    missing = [pair for pair in missing if frozenset(pair) not in matches]
    texts = reader.texts({article_id for pair in missing for article_id in pair})
    words = WordSequences()
    compared = {
        frozenset((copy, earliest)): compare_pair(copy, texts[copy].body, earliest, texts[earliest].body, words=words)
        for copy, earliest in missing
    }
    return matches | compared


def nearest_stories(candidates: list[tuple[str, str]], story_of: dict[str, str]) -> list[tuple[str, str]]:
    """The candidates of each article (best first) from its MAX_CANDIDATE_STORIES best loaded stories only.

    Loaded candidates of further stories are dropped: an event's articles share the most keys, and
    each story compared costs its sample's signatures.
    """
    kept, stories_seen = [], {}
    for article_id, other in candidates:
        if other in story_of:
            seen = stories_seen.setdefault(article_id, set())
            if story_of[other] not in seen and len(seen) >= MAX_CANDIDATE_STORIES:
                continue
            seen.add(story_of[other])
        kept.append((article_id, other))
    return kept


def load_order(reader: CoverageReader, article_ids: Iterable[str]) -> dict[str, ArticleOrder]:
    """Each article's place in "earliest first" (``article_order``)."""
    return {
        article_id: article_order(published_at=published, run_id=run_id, source=source, article_id=article_id)
        for article_id, (published, run_id, source) in reader.load_order(article_ids).items()
    }


def signature_df(reader: CoverageReader, column: str, features: dict[str, Iterable[str]]) -> dict[str, int]:
    """Articles holding each of the related articles' ``column`` values (entities, numbers): loaded ones and these."""
    df = reader.signature_df(column, {value for values in features.values() for value in values})
    for values in features.values():
        for value in set(values):
            df[value] = df.get(value, 0) + 1
    return df


def stage_stories(
    store: Warehouse,
    reader: CoverageReader,
    clusters: list[Cluster],
    texts: dict[str, ArticleText],
    probabilities: dict[tuple[str, str], float],
    run_id: str,
    counts: RelationCounts,
) -> None:
    """Stage each related article's story row, the rows of the stories merged away, and the merges.

    A group holding loaded stories keeps the oldest one's id; a group of new articles only gets the
    id of its earliest article (or, should a story by that id still exist, of that article and the run).
    """
    ages = reader.story_ages({story for cluster in clusters for story in cluster.stories})
    order = {
        article_id: article_order(
            published_at=text.published_at, run_id=text.run_id, source=text.source, article_id=article_id
        )
        for article_id, text in texts.items()
    }
    proposed = {
        cluster.articles: stable_id("story", min((a for a in cluster.articles if a in texts), key=order.__getitem__))
        for cluster in clusters
        if not cluster.stories
    }
    taken = reader.existing_story_ids(proposed.values())
    rows, merges, merged_into = [], [], {}
    for cluster in clusters:
        if cluster.stories:
            story_id = min(cluster.stories, key=lambda story: (ages[story], story))
            for old in cluster.stories:
                if old != story_id:
                    merged_into[old] = story_id
                    merges.append({"old_story_id": old, "story_id": story_id, "run_id": run_id})
        else:
            story_id = proposed[cluster.articles]
            if story_id in taken:
                story_id = stable_id("story", story_id, run_id)
            counts.stories_new += 1
        for article_id in cluster.articles:
            if article_id in texts:
                text = texts[article_id]
                rows.append(
                    {
                        "article_id": article_id,
                        "story_id": story_id,
                        "similarity": tie_strength(article_id, cluster.articles, probabilities)
                        if len(cluster.articles) > 1
                        else None,
                        "headline": headline(text.title, text.body),
                        "run_id": run_id,
                    }
                )
    for article_id, old_story, similarity, title in reader.story_members(merged_into):
        rows.append(
            {
                "article_id": article_id,
                "story_id": merged_into[old_story],
                "similarity": similarity,
                "headline": title,
                "run_id": run_id,
            }
        )
    store.stage(
        run_id,
        {STORY_ARTICLES.name: to_arrow(STORY_ARTICLES, rows), STORY_MERGES.name: to_arrow(STORY_MERGES, merges)},
    )
    counts.stories_merged = len(merges)


def tie_strength(article_id: str, group: Sequence[str], probabilities: dict[tuple[str, str], float]) -> float:
    """Average same-event probability of an article with the other articles of a group (0 for pairs never compared)."""
    others = [other for other in group if other != article_id]
    if not others:
        return 0.0
    total = sum(probabilities.get((min(article_id, o), max(article_id, o)), 0.0) for o in others)
    return round(total / len(others), 4)
