"""The per-article lookups the direct-quote passes share, and the attribution (cue and speaker head) they find.

Built once per article by ``extract_quotes`` so each quote costs time proportional to its neighbourhood.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from transforms.entities import ArticleEntities, Entity, EntityMention
from transforms.quotes.rules import QuoteRules


@dataclass(frozen=True)
class Attribution:
    """A cue and the speaker mention found for one quote (speaker fields may be empty)."""

    cue: str | None
    head: Token | None  # the speaker mention's head token
    cue_i: int | None = (
        None  # the cue's (first) token: its lemma types the cue, and quotes sharing it are one statement
    )


@dataclass
class QuoteContext:
    """Per-article lookups built once, so each quote costs time proportional to its neighbourhood."""

    doc: Doc
    body: str
    entities: ArticleEntities
    rules: QuoteRules
    tok_starts: list[int]
    in_quote: list[bool]
    mention_starts: list[int]
    mentions: tuple[EntityMention, ...]
    entity_by_id: dict[str, Entity]
    genders: dict[str, str] = field(default_factory=dict)
    roles: list[tuple[int, str, Entity]] = field(default_factory=list)
    titles: list[tuple[int, tuple[str, ...], str]] = field(default_factory=list)

    def token_index(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.tok_starts, char)


def outside_quotes(ctx: QuoteContext, tok: Token | None) -> bool:
    """The token lies outside every quotation (a subject inside quoted words is not the speaker)."""
    return tok is not None and not ctx.in_quote[tok.i]
