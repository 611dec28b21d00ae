"""Speech or not: whether a quotation span is someone's words rather than a scare quote, a title or a term.

Decided from the quote's place in its sentence, its length and casing, and the word before it
(``QuoteRules.title_words``).
"""

from __future__ import annotations

import re

from transforms.quotes.context import Attribution
from transforms.quotes.marks import MARK_CHARS, RE_DOUBLE_MARK
from transforms.quotes.rules import QuoteRules

RE_WORD = re.compile(r"\w+")
RE_POSSESSIVE = re.compile(r"['’]s\b")
# How a line of body text ends (sentence punctuation, closing marks and brackets, a colon before a quote).
LINE_ENDS = frozenset(".!?…:;,\"”’')]-–—")
HEADLINE_WORDS = 20
# The longest title-cased phrase taken for a title or a name rather than speech ("The Harbour's Long Winter:
# A Story of the Port Strike"): speech is almost never written with every word capitalised.
TITLE_WORDS = 12


def _word_before(body: str, start: int) -> str:
    """The lowercase word right before ``start`` (skipping spaces and a comma)."""
    j = start
    while j > 0 and (body[j - 1].isspace() or body[j - 1] == ","):
        j -= 1
    k = j
    while k > 0 and (body[k - 1].isalnum() or body[k - 1] == "-"):
        k -= 1
    return body[k:j].lower()


def _starts_sentence(body: str, start: int, para_start: int) -> bool:
    """The quote opens its paragraph or follows a sentence end, a colon or another quote."""
    j = start
    while j > para_start and body[j - 1].isspace():
        j -= 1
    return j == para_start or body[j - 1] in '.!?:;”"’)…—–-'


def is_headline(line: str, before: str, after: str) -> bool:
    """A short line that ends without a sentence's punctuation and stands on its own: a headline or subhead.

    "Harbour fees to double, council says" reports no one's words: headlines compress and paraphrase.
    ``before`` and ``after`` are the lines next to it ("" for a blank line or none): a line of hard-wrapped
    text also ends without punctuation, but it continues a sentence the line before began, or the next
    line continues it in lowercase.
    """
    line = line.strip()
    if not 0 < len(RE_WORD.findall(line)) <= HEADLINE_WORDS or line[-1] in LINE_ENDS:
        return False
    if len(RE_DOUBLE_MARK.findall(line)) % 2:
        return False  # a quote left open: cut-off text, not a headline
    before, after = before.strip(), after.strip()
    return (not before or before[-1] in LINE_ENDS) and not after[:1].islower()


def _is_title_case(words: list[str]) -> bool:
    """Every word is capitalised (“Make America Great Again”, “Meet the Press”): a title or a name."""
    caps = [w for w in words if len(w) > 3 or w[0].isupper()]
    return len(caps) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in caps)


def is_speech(
    body: str,
    qs: int,
    qe: int,
    para_start: int,
    own: Attribution | None,
    *,
    trailer: bool,
    after_cue: bool,
    rules: QuoteRules,
) -> bool:
    """Speech, not a scare quote or a title, decided from the quote's place in its sentence.

    Notes:
        A quote attributed right after its closing mark, or standing as its own sentence, is speech at
        any length. An embedded quote (inside a noun phrase or clause) is speech when it sits in the
        complement of a reporting verb with a subject and has a few words ("officials stressed that
        the units would not be “busting down doors”"), or when it is long on its own. A word such as
        "film", "word" or "dubbed" right before the mark marks a title, and so does a title-cased short
        phrase that no reporting verb governs ("Make America Great Again" as a slogan, but "USA! USA!"
        when a crowd chanted it). A quote right after a reporting verb ("Cruz said “CNN” five times")
        is speech at any length.
    """
    inner = body[qs:qe].strip(MARK_CHARS)
    words = RE_WORD.findall(RE_POSSESSIVE.sub("", inner))  # "Watergate's" is one word
    if not words or (qs > 0 and body[qs - 1] == "="):  # markup attribute values: datetime="2016-07-23"
        return False
    title_word = _word_before(body, qs) in rules.title_words
    if after_cue and not title_word:
        return True
    reported = own is not None and own.head is not None
    titled = title_word or _is_title_case(words)
    if trailer and inner.rstrip()[-1:] in ",!?.…—–-":
        return not (titled and len(words) <= 3 and inner.rstrip()[-1:] == ",")
    if titled and len(words) <= TITLE_WORDS:
        return False
    if _starts_sentence(body, qs, para_start) and (inner.rstrip()[-1:] in ".!?…,;:" or len(words) > 2):
        return True
    if reported and len(words) >= rules.min_embedded_words:
        return True
    return len(words) >= rules.min_free_words
