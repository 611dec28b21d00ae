"""Which words search indexes and looks for, and their terms: Snowball English stems (PyStemmer)."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import Stemmer

from transforms.rules import RULES_DIR, read_rule_csv
from transforms.search.tokens import RE_TOKEN, Token, tokenize, unify_apostrophes

TITLE_WEIGHT = 2
"""A title word counts this many times in an article's term frequencies: headlines name the event."""

_STEMMER = Stemmer.Stemmer("english")


def read_stopwords(name: str = "search_stopwords.csv", rules_dir: Path = RULES_DIR) -> frozenset[str]:
    """The stop list; a word that is not one lower-case token (as the tokenizer would see it) fails the load."""
    words = [row["word"] for row in read_rule_csv(name, rules_dir)]
    for word in words:
        if RE_TOKEN.fullmatch(word) is None or word != unify_apostrophes(word).lower():
            raise ValueError(f"{rules_dir / name}: {word!r} is not a lower-case word with straight apostrophes")
    return frozenset(words)


@dataclass(frozen=True)
class SearchRules:
    """What search indexes; the index and the query parser must use the same rules.

    Attributes:
        stopwords: words neither indexed nor searched for (the Snowball English stop list).
        min_chars: shorter words are left out: initials and stray digits ("F.", "5") match too much.
        title_weight: see ``TITLE_WEIGHT``.
    """

    stopwords: frozenset[str]
    min_chars: int = 2
    title_weight: int = TITLE_WEIGHT


SEARCH_RULES = SearchRules(stopwords=read_stopwords())


def is_indexed(word: str, *, rules: SearchRules = SEARCH_RULES) -> bool:
    """Whether search indexes ``word`` (a token's lower-cased word)."""
    return len(word) >= rules.min_chars and word not in rules.stopwords


def stem_words(words: Iterable[str]) -> list[str]:
    """The Snowball English stem of each word ("cities" -> "citi", "Trump's" -> "trump")."""
    return _STEMMER.stemWords(list(words))


def indexed_tokens(text: str, *, rules: SearchRules = SEARCH_RULES) -> list[tuple[Token, str]]:
    """Each token of ``text`` that search indexes, with its term (stem), in order."""
    tokens = [token for token in tokenize(text) if is_indexed(token.word, rules=rules)]
    return list(zip(tokens, stem_words(token.word for token in tokens), strict=True))
