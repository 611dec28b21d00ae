"""Stories against gold story labels: B-cubed precision, recall and F1 on stories_dev, by corpus and split.

Usage:
    .venv/bin/python bench/eval_stories.py                      # one run of all 695 articles
    .venv/bin/python bench/eval_stories.py --runs 3             # the same articles in three runs, one after another
    .venv/bin/python bench/eval_stories.py --warehouse /tmp/wh  # score (or reuse) a warehouse already loaded
    .venv/bin/python bench/eval_stories.py --fit                # refit the pair model's weights on the tuning split

``stories_dev`` (``../shared/corpus/stories_dev``) holds 40 events each covered by Fox News, the New
York Times and HuffPost ("basil") and 25 pairs of look-alike events from mixed outlets ("ecb"). Events
are split in two by a hash of their label (an ecb pair stays together): "tune" is what the model and
thresholds were fitted on, "holdout" is only ever measured. Report holdout figures.
"""

import argparse
import hashlib
import json
import math
import re
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

from flows.etl import etl
from schemas import STORY_SIGNATURES
from transforms.stories import (
    FEATURES,
    average_link,
    comparable_article,
    pair_features,
    same_story_probability,
    signature_from_row,
)
from warehouse import Warehouse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "stories_dev"
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def event_group(story: str) -> str:
    """The unit of the split: an event, or both events of an ecb look-alike pair."""
    match = re.match(r"ecb-(\d+)ecb", story)
    return f"ecb-topic-{match.group(1)}" if match else story


def split_of(story: str) -> str:
    digest = hashlib.sha256(event_group(story).encode()).hexdigest()
    return "holdout" if int(digest[:8], 16) % 5 < 2 else "tune"


def read_gold() -> dict[int, tuple[str, str]]:
    """Record number -> (gold story, corpus)."""
    gold = {}
    with (CORPUS / "gold.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            gold[row["record"]] = (row["story"], row["corpus"])
    return gold


def load(warehouse: Path, runs: int) -> None:
    """Load stories_dev into ``warehouse`` in ``runs`` runs of consecutive records."""
    lines = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    if runs == 1:
        etl(inputs=[str(CORPUS / "articles.jsonl")], warehouse=str(warehouse))
        return
    with tempfile.TemporaryDirectory() as folder:
        size = math.ceil(len(lines) / runs)
        for part in range(runs):
            # Records keep their numbers: each part file holds every line, blanks standing in for other parts'.
            path = Path(folder) / f"part{part}" / "articles.jsonl"
            path.parent.mkdir()
            kept = [line if part * size <= n < (part + 1) * size else "" for n, line in enumerate(lines)]
            path.write_text("\n".join(kept) + "\n", encoding="utf-8")
            etl(inputs=[str(path)], warehouse=str(warehouse))


def record_of(source: str) -> int:
    return int(source.rsplit("#", 1)[1])


def bcubed(predicted: dict[str, str], gold: dict[str, str], scored: set[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 (Bagga and Baldwin 1998) over the ``scored`` articles."""
    by_predicted, by_gold = defaultdict(set), defaultdict(set)
    for article_id in gold:
        by_predicted[predicted[article_id]].add(article_id)
        by_gold[gold[article_id]].add(article_id)
    precision = recall = 0.0
    for article_id in scored:
        cluster, truth = by_predicted[predicted[article_id]], by_gold[gold[article_id]]
        precision += len(cluster & truth) / len(cluster)
        recall += len(cluster & truth) / len(truth)
    precision, recall = precision / len(scored), recall / len(scored)
    return precision, recall, 2 * precision * recall / (precision + recall)


def report(
    predicted: dict[str, str], gold: dict[str, str], corpus_of: dict[str, str], label: str, splits: tuple[str, ...]
) -> None:
    for split in splits:
        for corpus in ("basil", "ecb"):
            scored = {a for a in gold if corpus_of[a] == corpus and split_of(gold[a]) == split}
            precision, recall, f1 = bcubed(predicted, gold, scored)
            print(f"{label:<24} {split:<8} {corpus:<6} articles {len(scored):>4}  ", end="")
            print(f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")


def fit(store: Warehouse, gold: dict[str, str], corpus_of: dict[str, str]) -> None:
    """Fit the pair model on tuning pairs from the warehouse's signatures; sweep the clustering threshold."""
    columns = ", ".join(f"s.{column}" for column in STORY_SIGNATURES.columns)
    rows = store.query(
        f"SELECT {columns}, a.published_at FROM story_signatures s JOIN articles a USING (article_id)"
    ).rows
    documents = len(rows)
    entity_df = Counter(name for row in rows for name in row[4])
    number_df = Counter(number for row in rows for number in row[8])
    comparable = {
        row[0]: comparable_article(
            signature_from_row(row[:-1]),
            published_at=row[-1],
            entity_df=entity_df,
            number_df=number_df,
            documents=documents,
        )
        for row in rows
    }
    shared = {
        frozenset(pair)
        for pair in store.query(
            "SELECT a.article_id, b.article_id FROM shared_quote_occurrences a JOIN shared_quote_occurrences b "
            "ON a.shared_quote_id = b.shared_quote_id AND a.article_id < b.article_id "
            "UNION SELECT article_id, duplicate_of FROM article_duplicates"
        ).rows
    }
    ids = sorted(comparable)
    pairs, features = [], []
    for first, second in combinations(ids, 2):
        values = pair_features(
            comparable[first], comparable[second], shared_passage=frozenset((first, second)) in shared
        )
        if values[0] > 0.05 or values[1] > 0.05:  # pairs a look-up could return
            pairs.append((first, second))
            features.append(values)
    x = np.array(features)
    y = np.array([gold[a] == gold[b] for a, b in pairs], dtype=float)
    tune = np.array([split_of(gold[a]) == "tune" and split_of(gold[b]) == "tune" for a, b in pairs])
    xt = np.c_[x[tune], np.ones(tune.sum())]
    weights = np.zeros(xt.shape[1])
    for _ in range(30000):
        predicted = 1 / (1 + np.exp(-xt @ weights))
        weights -= (xt.T @ (predicted - y[tune]) / len(xt)) + 1e-4 * weights
    print("fitted on", int(tune.sum()), "tuning pairs:")
    print("WEIGHTS = (" + ", ".join(f"{w:.2f}" for w in weights[:-1]) + ")  # " + ", ".join(FEATURES))
    print(f"BIAS = {weights[-1]:.2f}")
    print("clustering all articles at once with the current model (transforms.stories.similarity):")
    probabilities = {}
    for (first, second), values in zip(pairs, features, strict=True):
        probability = same_story_probability(values)
        if probability > 0.01:
            probabilities[(first, second)] = probability
    for threshold in THRESHOLDS:
        clusters = average_link(ids, {}, probabilities, threshold=threshold)
        predicted = {a: cluster.articles[0] for cluster in clusters for a in cluster.articles}
        scored = {a for a in gold if split_of(gold[a]) == "tune"}
        for corpus in ("basil", "ecb"):
            subset = {a for a in scored if corpus_of[a] == corpus}
            precision, recall, f1 = bcubed(predicted, gold, subset)
            print(f"threshold {threshold:<5} tune {corpus:<6} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", type=Path, help="Warehouse to score (loaded first if it does not exist).")
    parser.add_argument("--runs", type=int, default=1, help="Load the articles in this many runs.")
    parser.add_argument("--fit", action="store_true", help="Refit the pair model on the tuning split.")
    parser.add_argument("--holdout", action="store_true", help="Also score the held-out split (never tune on it).")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: no stories_dev corpus at {CORPUS}")
        return
    with tempfile.TemporaryDirectory() as folder:
        warehouse = args.warehouse or Path(folder) / "wh"
        if not (warehouse / "news.duckdb").exists():
            load(warehouse, args.runs)
        store = Warehouse(warehouse)
        gold_records = read_gold()
        rows = store.query(
            "SELECT a.article_id, a.source, s.story_id FROM articles a JOIN story_articles s USING (article_id)"
        ).rows
        gold = {article_id: gold_records[record_of(source)][0] for article_id, source, _ in rows}
        corpus_of = {article_id: gold_records[record_of(source)][1] for article_id, source, _ in rows}
        predicted = {article_id: story for article_id, _, story in rows}
        label = f"stories ({args.runs} run{'s' if args.runs > 1 else ''})"
        report(predicted, gold, corpus_of, label, ("tune", "holdout") if args.holdout else ("tune",))
        if args.fit:
            fit(store, gold, corpus_of)


if __name__ == "__main__":
    sys.exit(main())
