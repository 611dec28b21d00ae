"""A headline for each article, from which its story takes its label."""

import re

MAX_HEADLINE_CHARS = 120
RE_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def headline(title: str | None, body: str) -> str:
    """The title; without one, the first line when it is short enough to be a headline, else the first sentence.

    Longer than MAX_HEADLINE_CHARS, it is cut at a word boundary and ends with an ellipsis.
    """
    text = " ".join((title or "").split())
    if not text:
        text = " ".join(body.strip().split("\n", 1)[0].split())
        if len(text) > MAX_HEADLINE_CHARS:
            text = RE_SENTENCE_END.split(text, maxsplit=1)[0]
    if len(text) <= MAX_HEADLINE_CHARS:
        return text
    return text[: MAX_HEADLINE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
