"""``newswh search``: a query parsed, the warehouse's ranking, and what to show of each article."""

from dataclasses import dataclass, fields

from transforms.search import SNIPPET_WIDTH, best_match, parse_query, snippet
from warehouse import Warehouse
from warehouse.search import Ranking


@dataclass(frozen=True)
class SearchHit(Ranking):
    """One search result: where the article ranks, and what to show of it."""

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
        ranking = {field.name: getattr(article, field.name) for field in fields(Ranking)}
        hits.append(
            SearchHit(
                **ranking, snippet=snippet(article.body, terms, width=snippet_width), quote=quote, quote_speaker=speaker
            )
        )
    return hits
