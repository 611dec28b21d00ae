"""Which of several articles came first: the one a copy or a shared passage is credited to."""

import re
from datetime import datetime
from typing import NamedTuple

RE_RECORD = re.compile(r"#(\d+)$")


class ArticleOrder(NamedTuple):
    """Sort key of an article: published first (undated last), then loaded first (run, file, record).

    ``warehouse.derived.ARTICLE_ORDER`` is the same order in SQL.
    """

    undated: bool
    published_at: datetime | None
    run_id: str
    path: str
    record: int
    article_id: str


def article_order(*, published_at: datetime | None, run_id: str, source: str, article_id: str) -> ArticleOrder:
    """The sort key of one article."""
    match = RE_RECORD.search(source)
    return ArticleOrder(
        undated=published_at is None,
        published_at=published_at,
        run_id=run_id,
        path=source[: match.start()] if match else source,
        record=int(match.group(1)) if match else -1,
        article_id=article_id,
    )
