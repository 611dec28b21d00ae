"""``newswh search``: a query parsed, the warehouse's ranking, and what to show of each article."""

from dataclasses import dataclass
from datetime import datetime

from transforms.search import SNIPPET_WIDTH, best_match, parse_query, snippet
from warehouse import Warehouse


@dataclass(frozen=True)
class SearchHit:
    """One search result: the article, why it ranks where it does, and what to show of it."""

    rank: int
    article_id: str
    title: str | None
    outlet: str | None
    published_at: datetime | None
    score: float
    """The ranking score: the article's BM25, or its story's when the story was lifted."""
    bm25: float
    """The article's own BM25 (0 for an article of a lifted story holding no query term)."""
    story_id: str | None
    snippet: str
    """The passage of the body matching best, matches in ``**bold**``."""
    quote: str | None
    """The article's quote holding the most query terms, if any does."""
    quote_speaker: str | None


def search_articles(store: Warehouse, query: str, *, limit: int, snippet_width: int = SNIPPET_WIDTH) -> list[SearchHit]:
    """The ``limit`` best articles for ``query``, best first, each with its snippet and best quote.

    Raises ``QueryError`` for a query that is empty or uses search syntax, ``WarehouseError`` for a
    warehouse that cannot be searched (missing, or not indexed yet).
    """
    stems = parse_query(query)
    terms = set(stems)
    hits = []
    for article in store.search(stems, limit=limit):
        best = best_match([text for text, _ in article.quotes], terms)
        quote, speaker = article.quotes[best] if best is not None else (None, None)
        hits.append(
            SearchHit(
                rank=article.rank,
                article_id=article.article_id,
                title=article.title,
                outlet=article.outlet,
                published_at=article.published_at,
                score=article.score,
                bm25=article.bm25,
                story_id=article.story_id,
                snippet=snippet(article.body, terms, width=snippet_width),
                quote=quote,
                quote_speaker=speaker,
            )
        )
    return hits
