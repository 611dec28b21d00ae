"""How long ``newswh relink`` takes on a warehouse of real articles: every article's names resolved again and linked.

Usage:
    .venv/bin/python bench/relink_scaling.py                       # 10,000 articles, in a temporary folder
    .venv/bin/python bench/relink_scaling.py --size 10000 --keep /tmp/wh_relink10k   # keep (and reuse) it

The warehouse holds real articles loaded with ``newswh run`` (spaCy and all): the BBC, PolNeAR and
stories_dev corpora, cycled with a distinct URL per copy until ``--size`` articles, spread over 20
outlets and two years. Then ``relink`` runs twice: without aliases (every article re-resolved from its
stored mentions, every lone name looked up again) and with an aliases file of 20 entries (which every
later run keeps in force). Prints articles, mentions, the seconds of each relink, the mentions each
changed, and the peak memory of the process.
"""

import argparse
import json
import resource
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from flows.relink import relink
from warehouse import Warehouse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
OUTLETS = [f"Outlet {letter}" for letter in "ABCDEFGHIJKLMNOPQRST"]
ALIASES = [
    ("Obama", "Barack Obama", "PERSON"),
    ("GOP", "Republican Party", "ORG"),
    ("Hillary Rodham Clinton", "Hillary Clinton", "PERSON"),
    ("BBC News", "BBC", "ORG"),
    ("the Beeb", "BBC", "ORG"),
    ("Tony Blair's", "Tony Blair", "PERSON"),
    ("Gordon Brown's", "Gordon Brown", "PERSON"),
    ("U.S.", "United States", "GPE"),
    ("US", "United States", "GPE"),
    ("UK", "United Kingdom", "GPE"),
    ("Britain", "United Kingdom", "GPE"),
    ("Labour Party", "Labour", "ORG"),
    ("Tories", "Conservative Party", "ORG"),
    ("Conservatives", "Conservative Party", "ORG"),
    ("EU", "European Union", "ORG"),
    ("UN", "United Nations", "ORG"),
    ("Donald J. Trump", "Donald Trump", "PERSON"),
    ("Bernie", "Bernie Sanders", "PERSON"),
    ("NYT", "New York Times", "ORG"),
    ("AP", "Associated Press", "ORG"),
]


def corpus_texts() -> list[dict]:
    """Every article of the three corpora: text and title."""
    texts = []
    for line in (CORPUS / "bbc" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts.append({"text": record["text"], "title": record.get("title")})
    for path in sorted((CORPUS / "polnear_dev" / "articles").glob("*.txt")):
        texts.append({"text": path.read_text(encoding="utf-8"), "title": None})
    for line in (CORPUS / "stories_dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts.append({"text": record["text"], "title": record.get("title")})
    return texts


def build(warehouse: Path, size: int, folder: Path) -> None:
    """Load ``size`` articles: the corpora cycled, one URL, outlet and date per copy."""
    from flows.etl import etl  # Prefect: only building pays for it

    texts = corpus_texts()
    start = date(2015, 1, 1)
    feed = folder / "articles.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for number in range(size):
            article = texts[number % len(texts)]
            record = {
                **article,
                "url": f"https://bench.example/{number}",
                "outlet": OUTLETS[number % len(OUTLETS)],
                "published": (start + timedelta(days=number * 730 // size)).isoformat(),
            }
            out.write(json.dumps(record) + "\n")
    started = time.perf_counter()
    summary = etl(inputs=[str(feed)], warehouse=str(warehouse))
    print(f"built {summary['articles_new']} articles in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="warehouse folder to build once and reuse")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: no corpus at {CORPUS}")
        return
    folder = Path(tempfile.mkdtemp(prefix="relink_bench_"))
    warehouse = options.keep or folder / "wh"
    try:
        if not Warehouse(warehouse).exists():
            build(warehouse, options.size, folder)
        store = Warehouse(warehouse)
        ((articles, mentions),) = store.query(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entity_mentions)"
        ).rows
        print(f"warehouse: {articles:,} articles, {mentions:,} entity mentions")
        aliases = folder / "aliases.csv"
        aliases.write_text(
            "alias,canonical_name,type\n" + "".join(f"{a},{b},{c}\n" for a, b, c in ALIASES), encoding="utf-8"
        )
        for label, given in (("relink", None), ("relink --aliases (20 entries)", str(aliases))):
            started = time.perf_counter()
            summary = relink(str(warehouse), given)
            seconds = time.perf_counter() - started
            print(f"{label:<32} {seconds:6.1f} s   mentions changed {summary['mentions_linked']:,}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:,.0f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
