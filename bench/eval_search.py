"""Does search put every article of an event at the top? Measured on the stories_dev corpus.

Usage::

    .venv/bin/python bench/eval_search.py                      # loads the corpus into a temporary warehouse
    .venv/bin/python bench/eval_search.py --warehouse /tmp/sw  # loads it there once, reuses it afterwards
    .venv/bin/python bench/eval_search.py --show-misses        # also the tune queries that miss

Each line of ``bench/fixtures/story_queries.jsonl`` is a one-line description of a gold story of
``../shared/corpus/stories_dev``, written from its articles before search existed. A query succeeds
when every article of its story is among the first K results, K = max(3, articles in the story).
Printed per corpus (basil: three outlets per event; ecb: look-alike pairs of events) and split: the
share of queries that succeed, and the mean share of a story's articles in its top K.

Tune ranking on ``split == "tune"`` only: ``--show-misses`` lists tune misses and never holdout ones,
and holdout is reported apart to show how the tuning generalizes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from schemas import ARTICLES, SEARCH_DOCUMENTS, STORY_ARTICLES
from transforms.search import parse_query
from warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "stories_dev"
QUERIES = ROOT / "bench" / "fixtures" / "story_queries.jsonl"
RE_RECORD = re.compile(r"#(\d+)$")
MIN_K = 3
RANKS_LOOKED_AT = 100
"""How far down the results a missing article's rank is looked for (beyond: reported as None)."""


@dataclass(frozen=True)
class Outcome:
    """One query's result: how many of its story's articles made the top K."""

    corpus: str
    split: str
    story: str
    query: str
    k: int
    found: int
    missing_ranks: list[int | None]
    """Rank of each article of the story not in the top K (None: not found at all)."""

    @property
    def complete(self) -> bool:
        return not self.missing_ranks


def load_corpus(store: Warehouse) -> None:
    """The articles through the real pipeline, unless the warehouse already holds them."""
    if store.exists():
        return
    from flows.etl import etl  # Prefect is slow to import

    etl(inputs=[str(CORPUS / "articles.jsonl")], warehouse=str(store.root))


def gold_stories(store: Warehouse) -> dict[str, list[str]]:
    """Story label -> its article ids, from gold.jsonl's record numbers and ``articles.source``."""
    story_of_record = {}
    with (CORPUS / "gold.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            gold = json.loads(line)
            story_of_record[gold["record"]] = gold["story"]
    stories: dict[str, list[str]] = defaultdict(list)
    for article_id, source in store.query(f"SELECT article_id, source FROM {ARTICLES.name}").rows:
        found = RE_RECORD.search(source)
        if found and int(found.group(1)) in story_of_record:
            stories[story_of_record[int(found.group(1))]].append(article_id)
    return stories


def evaluate(store: Warehouse, stories: dict[str, list[str]]) -> list[Outcome]:
    """Run every query of the fixture and note which of its story's articles miss the top K."""
    outcomes = []
    with QUERIES.open(encoding="utf-8") as handle:
        for line in handle:
            case = json.loads(line)
            articles = stories[case["story"]]
            k = max(MIN_K, len(articles))
            ranked = [hit.article_id for hit in store.search(parse_query(case["query"]), limit=max(RANKS_LOOKED_AT, k))]
            rank = {article_id: position + 1 for position, article_id in enumerate(ranked)}
            missing = sorted((rank.get(a) for a in articles if rank.get(a, k + 1) > k), key=lambda r: r or 10**9)
            outcomes.append(
                Outcome(
                    corpus=case["corpus"],
                    split=case["split"],
                    story=case["story"],
                    query=case["query"],
                    k=k,
                    found=len(articles) - len(missing),
                    missing_ranks=missing,
                )
            )
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    """One line per corpus and split: queries, share with all articles in the top K, mean share in the top K."""
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[(outcome.corpus, outcome.split)].append(outcome)
        groups[("all", outcome.split)].append(outcome)
    lines = [f"{'corpus':<8}{'split':<9}{'queries':>8}{'all in top K':>14}{'mean share':>12}"]
    for (corpus, split), group in sorted(groups.items(), key=lambda item: (item[0][0] == "all", item[0])):
        complete = sum(outcome.complete for outcome in group) / len(group)
        share = sum(outcome.found / (outcome.found + len(outcome.missing_ranks)) for outcome in group) / len(group)
        lines.append(f"{corpus:<8}{split:<9}{len(group):>8}{complete:>14.3f}{share:>12.3f}")
    return "\n".join(lines)


def misses(outcomes: list[Outcome]) -> str:
    """The tune queries that missed, with the ranks of their missing articles (never holdout: do not tune on it)."""
    lines = [
        f"{outcome.story:<16} K={outcome.k:<3} missing at {outcome.missing_ranks}  {outcome.query}"
        for outcome in outcomes
        if outcome.split == "tune" and not outcome.complete
    ]
    return "\n".join(["tune misses:", *lines]) if lines else "tune misses: none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", type=Path, help="Warehouse to load the corpus into once and reuse.")
    parser.add_argument("--show-misses", action="store_true", help="List the tune queries that miss.")
    args = parser.parse_args()
    if not (CORPUS / "articles.jsonl").exists() or not (CORPUS / "gold.jsonl").exists():
        print(f"skipped: no stories_dev corpus at {CORPUS}")
        return 0
    with tempfile.TemporaryDirectory() as temporary:
        store = Warehouse(args.warehouse or Path(temporary) / "wh")
        load_corpus(store)
        ((indexed,),) = store.query(f"SELECT count(*) FROM {SEARCH_DOCUMENTS.name}").rows
        if not indexed:
            print(f"no article of {store.root} is indexed for search: the run did not index the articles it loaded")
            return 1
        stories = gold_stories(store)
        ((story_rows,),) = store.query(f"SELECT count(*) FROM {STORY_ARTICLES.name}").rows
        print(
            f"{sum(map(len, stories.values()))} articles in {len(stories)} gold stories; story_articles rows: "
            f"{story_rows}" + ("" if story_rows else " (plain BM25: no stories to lift)")
        )
        outcomes = evaluate(store, stories)
    print(report(outcomes))
    if args.show_misses:
        print(misses(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
