"""An article's rows of the full-text index: its length, its term frequencies, and its word forms."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from schemas import SEARCH_DOCUMENTS, SEARCH_POSTINGS, SEARCH_WORDS
from transforms.search.terms import SEARCH_RULES, SearchRules, indexed_tokens

Row = dict[str, Any]


@dataclass(frozen=True)
class SearchIndexRows:
    """The rows one article adds to the index, keyed by column (ready for ``schemas.to_arrow``)."""

    documents: list[Row]
    """One ``search_documents`` row."""
    postings: list[Row]
    """``search_postings`` rows, one per term, by term."""
    words: list[Row]
    """``search_words`` rows, one per word form, by word."""

    def by_table(self) -> dict[str, list[Row]]:
        """The rows under their table names, to stage with ``Warehouse.stage``."""
        return {
            SEARCH_DOCUMENTS.name: self.documents,
            SEARCH_POSTINGS.name: self.postings,
            SEARCH_WORDS.name: self.words,
        }


def index_article(
    article_id: str, title: str | None, body: str, *, run_id: str, rules: SearchRules = SEARCH_RULES
) -> SearchIndexRows:
    """Index one article for BM25 search.

    Args:
        article_id: the article.
        title: its headline, or None.
        body: its normalized body.
        run_id: the run indexing it.
        rules: stop list, shortest word, title weight (see ``SearchRules``).

    Returns:
        Its ``search_documents`` row (length = the sum of its term frequencies), one ``search_postings``
        row per term, and one ``search_words`` row per lower-cased word form indexed.

    Notes:
        Title words count ``rules.title_weight`` times: a headline states what the article is about.
        An article with no indexable word still gets its document row (length 0), so it counts as
        indexed and is not indexed again.
    """
    body_tokens = indexed_tokens(body, rules=rules)
    title_tokens = indexed_tokens(title or "", rules=rules)
    tf = Counter(term for _, term in body_tokens)
    for _, term in title_tokens:
        tf[term] += rules.title_weight
    forms = {token.word: term for token, term in [*body_tokens, *title_tokens]}
    return SearchIndexRows(
        documents=[{"article_id": article_id, "length": sum(tf.values()), "run_id": run_id}],
        postings=[{"article_id": article_id, "term": term, "tf": tf[term]} for term in sorted(tf)],
        words=[{"word": word, "term": forms[word]} for word in sorted(forms)],
    )
