"""Cross-article linking of lone surnames and acronyms against gold: links right, wrong, and left alone.

Usage:
    .venv/bin/python bench/eval_linking.py                         # load all 924 PolNeAR articles, then score
    .venv/bin/python bench/eval_linking.py --warehouse /tmp/wh-pn  # load into (or reuse) this warehouse
    .venv/bin/python bench/eval_linking.py --verbose               # also list the eligible items left alone
    .venv/bin/python bench/eval_linking.py /path/to/gold.jsonl     # another gold file

The warehouse is built the way a user would: ``newswh run`` on the PolNeAR ``.txt`` files
(``../shared/corpus/polnear_dev/articles``) with a ``--metadata`` manifest giving each file's outlet
(the PolNeAR publisher), title and publication date. That takes a few minutes (spaCy on 924
articles); with ``--warehouse`` a second run finds the files unchanged and only scores. (After the
linking rules change, load into a fresh warehouse: unchanged files are not linked again.)

The gold (``/work/gold_linking/gold.jsonl``, see its README) was annotated before the linker
existed: 110 mentions from 396 usa-today, breitbart and west-journal articles, each a surname or an
acronym written alone, with the person or organisation meant: a full name, several names joined
by " | " (plural family names, "the Clintons") or NOT_A_PERSON / NOT_AN_ORG (spaCy errors).

For each gold item the stored mention covering its span is found and scored:

- eligible: the gold is a single full name other than the mention itself ("as written" items,
  such as MSNBC, are their own full name: they should be left alone);
- linked right: ``entity_mentions.linked`` and the entity's name equals the gold up to case,
  periods, "Jr."/"Sr." and middle initials (dropped only when one side has none);
- linked wrong: linked to another name (listed, so a human can judge aliases such as GOP);
- left alone: not linked (the article's own resolution, when it gave a fuller name, is shown apart);
- as written, plural and NOT_A_* items should be left alone: any link of theirs is listed.

Then the linking of the whole warehouse: how many mentions are linked and the most frequent
(mention text -> linked entity) pairs. No article text is printed beyond the mentions themselves.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from flows.cli import main as newswh
from warehouse import Warehouse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear_dev"
DEFAULT_GOLD = Path("/work/gold_linking/gold.jsonl")
NOT_NAMES = ("NOT_A_PERSON", "NOT_AN_ORG")
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
KINDS = ("surname", "acronym")
GROUPS = ("eligible", "as written", "plural", "not a name")


@dataclass
class Scored:
    """A gold item and what the warehouse made of it."""

    item: dict
    found: bool
    mention_text: str = ""
    entity_name: str = ""
    entity_type: str = ""
    linked: bool = False
    own_full_name: bool = False
    """Not linked, but the article's own resolution gave the mention a fuller name than it writes."""
    gold_in_body: bool = False
    """The gold name is written out somewhere in the article (a segmentation error, or a resolution miss)."""

    @property
    def group(self) -> str:
        gold = self.item["gold"]
        if gold in NOT_NAMES:
            return "not a name"
        if "|" in gold:
            return "plural"
        return "as written" if same_name(self.item["text"], gold) else "eligible"

    @property
    def right(self) -> bool:
        return same_name(self.entity_name, self.item["gold"])


def name_tokens(name: str) -> tuple[list[str], list[str]]:
    """(words, initials) of a name, case-folded, without periods, a leading "the" or suffixes like "Jr."."""
    words = re.sub(r"[.,]", " ", unicodedata.normalize("NFKC", name)).casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    words = [word for word in words if word not in SUFFIXES]
    if len(words) <= 2:
        return words, []
    inner = words[1:-1]
    initials = [word for word in inner if len(word) == 1]
    return [words[0], *[word for word in inner if len(word) > 1], words[-1]], initials


def same_name(name: str, gold: str) -> bool:
    """Equal up to case, periods, suffixes, and middle initials (ignored unless both names give some)."""
    if not name:
        return False
    words, initials = name_tokens(name)
    gold_words, gold_initials = name_tokens(gold)
    if words != gold_words:
        return False
    return not (initials and gold_initials) or initials == gold_initials


def body_offset(raw: str, offset: int) -> int:
    """An offset into the file's text as an offset into the stored body (``normalize_text`` of it)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    prefix = raw[:offset].replace("\r\n", "\n").replace("\r", "\n")
    lead = len(text) - len(text.lstrip())
    return len(unicodedata.normalize("NFC", prefix)) - lead


def write_manifest(path: Path, polnear: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "outlet", "title", "published"])
        for row in polnear:
            writer.writerow([str(CORPUS / row["file"]), row["publisher"], row.get("title") or "", row["date"]])


def load(warehouse: Path, polnear: list[dict]) -> None:
    """``newswh run`` on the PolNeAR texts with a metadata manifest (a no-op for files already loaded)."""
    with tempfile.TemporaryDirectory() as folder:
        manifest = Path(folder) / "metadata.csv"
        write_manifest(manifest, polnear)
        args = ["run", str(CORPUS / "articles"), "--metadata", str(manifest), "--warehouse", str(warehouse)]
        print("newswh " + " ".join(args), flush=True)
        newswh(args, standalone_mode=False)


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def score(store: Warehouse, gold: list[dict]) -> list[Scored]:
    """Find each gold item's mention in the warehouse."""
    article_of = {}
    for article_id, source in store.query("SELECT article_id, source FROM article_sources").rows:
        article_of[Path(source.split("#", 1)[0]).name] = article_id
    wanted = sorted({article_of[Path(item["file"]).name] for item in gold if Path(item["file"]).name in article_of})
    ids = ", ".join(sql_text(article_id) for article_id in wanted) or "NULL"
    bodies = dict(store.query(f"SELECT article_id, body FROM articles WHERE article_id IN ({ids})").rows)
    mentions = defaultdict(list)
    for row in store.query(
        "SELECT m.article_id, m.start_char, m.end_char, m.text, e.name, e.type, coalesce(m.linked, false) "
        f"FROM entity_mentions m JOIN entities e USING (entity_id) WHERE m.article_id IN ({ids})"
    ).rows:
        mentions[row[0]].append(row[1:])
    results = []
    for item in gold:
        article_id = article_of.get(Path(item["file"]).name)
        if article_id is None:
            results.append(Scored(item, found=False))
            continue
        raw = (CORPUS / item["file"]).read_text(encoding="utf-8-sig")
        body = bodies[article_id]
        start, end = body_offset(raw, item["start"]), body_offset(raw, item["end"])
        if body[start:end] != unicodedata.normalize("NFC", item["text"]):
            print(f"warning: {item['file']} [{item['start']}:{item['end']}] does not hold {item['text']!r}")
        overlapping = [
            (min(end, m_end) - max(start, m_start), m_start, m_end, text, name, entity_type, linked)
            for m_start, m_end, text, name, entity_type, linked in mentions[article_id]
            if m_start < end and start < m_end
        ]
        gold_in_body = item["gold"] not in NOT_NAMES and any(
            name.casefold() in body.casefold() for name in item["gold"].split(" | ")
        )
        if not overlapping:
            results.append(Scored(item, found=False, gold_in_body=gold_in_body))
            continue
        _, _, _, text, name, entity_type, linked = max(overlapping)
        own = not linked and len(name.split()) > len(text.split())
        results.append(Scored(item, True, text, name, entity_type, linked, own, gold_in_body))
    return results


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def print_table(results: list[Scored]) -> None:
    header = (
        f"{'kind':<8} {'group':<10} {'items':>5} {'no mention':>10} {'linked':>6} {'right':>5} {'wrong':>5} "
        f"{'left alone':>10} {'(own full)':>10}  {'precision':>9} {'coverage':>8}"
    )
    print(header)
    print("-" * len(header))
    for kind in (*KINDS, "all"):
        for group in GROUPS:
            rows = [r for r in results if (kind == "all" or r.item["kind"] == kind) and r.group == group]
            if not rows:
                continue
            linked = [r for r in rows if r.linked]
            right = sum(r.right for r in linked)
            alone = [r for r in rows if r.found and not r.linked]
            line = (
                f"{kind:<8} {group:<10} {len(rows):>5} {sum(not r.found for r in rows):>10} {len(linked):>6} "
                f"{right if group == 'eligible' else '':>5} {len(linked) - right if group == 'eligible' else '':>5} "
                f"{len(alone):>10} {sum(r.own_full_name for r in alone):>10}"
            )
            if group == "eligible":
                line += f"  {percent(right, len(linked)):>9} {percent(right, len(rows)):>8}"
            print(line)
    print()
    print("precision = right / linked; coverage = right / eligible items.")
    print("(own full): left alone, but the article's own resolution already gives a fuller name (not the linker).")
    named = [r for r in results if r.group in ("eligible", "as written")]
    resolved = sum(r.right for r in named)
    print(
        f"eligible and as-written items whose stored entity equals the gold (linked, resolved by the article, "
        f"or left as written): {resolved}/{len(named)} ({percent(resolved, len(named)).strip()})"
    )


def describe(result: Scored) -> str:
    item = result.item
    flags = " [gold written in the article]" if result.gold_in_body else ""
    return (
        f"  {item['kind']:<7} {item['publisher']:<12} {item['text']!r:<14} -> {result.entity_name!r} "
        f"({result.entity_type}); gold {item['gold']!r}{flags}"
    )


def print_lists(results: list[Scored], *, verbose: bool, named: dict[str, int]) -> None:
    wrong = [r for r in results if r.group == "eligible" and r.linked and not r.right]
    print(f"\nWrong links ({len(wrong)}):")
    for result in wrong:
        print(describe(result))
    noise = [r for r in results if r.group != "eligible" and r.linked]
    print(f"\nAs written, plural and NOT_A_* items linked ({len(noise)}):")
    for result in noise:
        print(describe(result))
    missing = [r for r in results if not r.found]
    if missing:
        print(f"\nItems with no stored mention over their span ({len(missing)}):")
        for result in missing:
            print(f"  {result.item['kind']:<7} {result.item['text']!r} gold {result.item['gold']!r}")
    own_wrong = [r for r in results if r.found and not r.linked and r.own_full_name and not r.right]
    if own_wrong:
        print(f"\nNot linked, resolved by the article itself to a name other than gold ({len(own_wrong)}):")
        for result in own_wrong:
            print(describe(result))
    if verbose:
        alone = [r for r in results if r.group == "eligible" and r.found and not r.linked and not r.own_full_name]
        print(f"\nEligible items left alone ({len(alone)}); gold named (not linked) in how many articles:")
        for result in alone:
            print(describe(result) + f"; gold named in {named.get(result.item['gold'].casefold(), 0)} articles")


def print_warehouse(store: Warehouse, top: int) -> None:
    total, linked, articles = store.query(
        "SELECT count(*), count(*) FILTER (WHERE linked), count(DISTINCT article_id) FILTER (WHERE linked) "
        "FROM entity_mentions"
    ).rows[0]
    all_articles = store.query("SELECT count(*) FROM articles").rows[0][0]
    print(
        f"\nWhole warehouse: {all_articles} articles, {total} entity mentions; {linked} linked "
        f"({percent(linked, total).strip()}) in {articles} articles"
    )
    by_type = store.query(
        "SELECT e.type, count(*) FROM entity_mentions m JOIN entities e USING (entity_id) WHERE m.linked "
        "GROUP BY 1 ORDER BY 2 DESC"
    ).rows
    print("linked mentions by entity type: " + ", ".join(f"{entity_type} {count}" for entity_type, count in by_type))
    pairs = store.query(
        "SELECT m.text, e.name, count(*) AS n, count(DISTINCT m.article_id) FROM entity_mentions m "
        f"JOIN entities e USING (entity_id) WHERE m.linked GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT {top}"
    ).rows
    print(f"\nThe {top} most frequent links (mention text -> linked entity: mentions, articles):")
    for text, name, count, in_articles in pairs:
        print(f"  {text!r:<16} -> {name!r:<52} {count:>5} {in_articles:>5}")
    distinct = store.query("SELECT count(DISTINCT (text, entity_id)) FROM entity_mentions WHERE linked").rows[0][0]
    print(f"distinct (mention text, entity) pairs linked: {distinct}")


def named_counts(store: Warehouse) -> dict[str, int]:
    """Case-folded entity name -> articles naming it themselves (mentions not linked)."""
    rows = store.query(
        "SELECT e.name, count(DISTINCT m.article_id) FROM entity_mentions m JOIN entities e USING (entity_id) "
        "WHERE NOT coalesce(m.linked, false) GROUP BY 1"
    ).rows
    counts: Counter[str] = Counter()
    for name, count in rows:
        counts[name.casefold()] += count
    return dict(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD, help=f"gold file (default {DEFAULT_GOLD})")
    parser.add_argument("--warehouse", type=Path, help="load into (or reuse) this warehouse instead of a temporary one")
    parser.add_argument("--top", type=int, default=15, help="most frequent links of the whole warehouse to list")
    parser.add_argument("--verbose", action="store_true", help="also list the eligible items left alone")
    args = parser.parse_args(argv)
    if not (CORPUS / "gold.jsonl").exists():
        print(f"skipped: PolNeAR corpus not found at {CORPUS}")
        return 0
    if not args.gold.exists():
        print(f"skipped: linking gold not found at {args.gold}")
        return 0
    polnear = [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        path = args.warehouse or Path(folder) / "wh"
        load(path, polnear)
        store = Warehouse(path)
        results = score(store, gold)
        counts = Counter((r.item["kind"], r.group) for r in results)
        print(f"\nGold: {len(gold)} items ({', '.join(f'{k} {g} {n}' for (k, g), n in sorted(counts.items()))})\n")
        print_table(results)
        print_lists(results, verbose=args.verbose, named=named_counts(store) if args.verbose else {})
        print_warehouse(store, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
