"""A search query as its terms, or a clear error saying what to type instead."""

import re
from dataclasses import dataclass

from transforms.search.terms import SEARCH_RULES, SearchRules, indexed_tokens

EXAMPLE_QUERY = "port strike Halvermouth"
PLAIN_WORDS = f"search takes plain words and ranks the articles holding most of them, for example: {EXAMPLE_QUERY}"


class QueryError(ValueError):
    """A query search cannot run; ``code`` says why (tests and callers compare it), the message says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class UnsupportedSyntax:
    """Search-engine syntax that plain-word search would silently misread, so it is refused."""

    code: str
    pattern: re.Pattern[str]
    what: str


UNSUPPORTED_SYNTAX = (
    # Any double quotation mark; a single one that opens or closes a word, but not an apostrophe inside
    # a word ("O'Rourke") or after a plural ("the Joneses' house").
    UnsupportedSyntax(
        "quotation_marks",
        re.compile(r"[\"“”„«»]|(?<!\w)['‘’`]|(?<=\w)(?<![sS])['‘’`](?!\w)"),
        "quotation marks (phrase search) are",
    ),
    UnsupportedSyntax("wildcard", re.compile(r"\*"), "wildcards (*) are"),
    UnsupportedSyntax("parentheses", re.compile(r"[()\[\]{}]"), "parentheses are"),
    # "title:strike", not "2:30" or "Brexit: the vote".
    UnsupportedSyntax("field_prefix", re.compile(r"(?<!\S)[^\W\d_][\w.-]*:(?=\S)"), "field prefixes (title:) are"),
    # "-strike", "+port"; a hyphen inside a word ("Ocasio-Cortez") or a dash between spaces is fine.
    UnsupportedSyntax("operator_prefix", re.compile(r"(?<!\S)[-+](?=\S)"), "a leading - or + is"),
    UnsupportedSyntax(
        "boolean_operator",
        re.compile(r"(?<![\w'.-])(?:AND|OR|NOT|NEAR)(?![\w'.-])"),
        "boolean operators (AND, OR, NOT, NEAR) are",
    ),
)


def parse_query(text: str, *, rules: SearchRules = SEARCH_RULES) -> list[str]:
    """The terms (stems) to search for, in query order, each once.

    Args:
        text: the query as typed: plain words.
        rules: the index's rules (stop list, shortest word).

    Returns:
        Distinct stems of the query's indexable words.

    Raises:
        QueryError: the query is empty, holds no indexable word (only stopwords, single letters or
            punctuation), or uses search syntax this search does not have (``UNSUPPORTED_SYNTAX``).

    Notes:
        Words are split and stemmed exactly as articles are (``transforms.search.terms``), so "cities"
        finds "city" and "Ocasio-Cortez" finds both halves.
    """
    if not text.strip():
        raise QueryError("empty", f"the query is empty: {PLAIN_WORDS}")
    for syntax in UNSUPPORTED_SYNTAX:
        found = syntax.pattern.search(text)
        if found:
            raise QueryError(
                syntax.code, f"{syntax.what} not supported (found {found.group().strip()!r}): {PLAIN_WORDS}"
            )
    stems = list(dict.fromkeys(term for _, term in indexed_tokens(text, rules=rules)))
    if not stems:
        raise QueryError(
            "no_words",
            f"nothing to search for in {text.strip()!r}: very common words (the, of, and ...) and single "
            f"letters or digits are not indexed; {PLAIN_WORDS}",
        )
    return stems
