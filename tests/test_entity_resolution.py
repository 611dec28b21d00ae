"""Resolving stored mentions without spaCy gives what extraction gave, on real articles.

``newswh relink`` resolves an article again from its body and its ``entity_mentions`` rows (start, end,
label), without the model: that must reproduce ``extract_entities`` exactly, and applying aliases then must
equal extracting with them. The articles are read from the shared corpus at run time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import CORPUS
from spacy.language import Language

from transforms.entities import EntityAliases, MentionSpan, extract_entities, resolve_mentions

BBC = CORPUS / "bbc" / "articles.jsonl"
POLNEAR = CORPUS / "polnear_dev" / "articles"


def sample_articles(bbc: int, polnear: int) -> Iterator[tuple[str, str]]:
    """(id, body) of ``bbc`` BBC and ``polnear`` PolNeAR articles, spread evenly over each collection."""
    with BBC.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    for record in records[:: len(records) // bbc][:bbc]:
        yield record["article_id"], record["text"]
    paths = sorted(POLNEAR.glob("*.txt"))
    for path in paths[:: len(paths) // polnear][:polnear]:
        yield path.stem, path.read_text(encoding="utf-8")


@pytest.mark.skipif(not (BBC.is_file() and POLNEAR.is_dir()), reason=f"real corpus not found at {CORPUS}")
def test_stored_mentions_resolve_as_extracted(nlp: Language) -> None:
    articles = list(sample_articles(bbc=150, polnear=100))
    differ: list[str] = []
    mentions = 0
    for (article_id, body), doc in zip(articles, nlp.pipe(body for _, body in articles), strict=True):
        extracted = extract_entities(doc, article_id=article_id)
        stored = [MentionSpan(m.start_char, m.end_char, m.label) for m in extracted.mentions]
        if resolve_mentions(body, stored, article_id=article_id) != extracted:
            differ.append(article_id)
        # A user's alias applied to the stored mentions, as if given at extraction.
        first = extracted.entities[0] if extracted.entities else None
        if first is not None:
            aliases = EntityAliases(entries=((first.name, "Harbor Test Entity", "ORG"),))
            relinked = resolve_mentions(body, stored, article_id=article_id, aliases=aliases)
            if relinked != extract_entities(doc, article_id=article_id, aliases=aliases):
                differ.append(f"{article_id} (aliased)")
        mentions += len(stored)
    assert mentions > 5000
    assert differ == []
