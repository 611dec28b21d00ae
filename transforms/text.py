"""Text normalization, language detection, word counts and content hashes for article bodies.

Every article body in the warehouse goes through :func:`normalize_text` once, at extraction; the
result is the exact text given to spaCy, so all character offsets downstream point into it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

UNDETERMINED = "und"
"""ISO 639-2 code for "undetermined": the answer when a text is too short or too ambiguous to tell."""

# A word: letters/digits, with inner apostrophes, hyphens and digit-group separators kept inside
# ("don't", "well-known", "1,200", "3.5" each count once).
RE_WORD = re.compile(r"\w+(?:(?:['’\-]|(?<=\d)[.,](?=\d))\w+)*")
RE_LETTER = re.compile(r"[^\W\d_]")

# py3langid labels without an ISO 639-1 code that belong to a macrolanguage which has one.
# Other 639-3 labels (e.g. "pcm", "kab") are returned as they are: there is no 639-1 code for them.
LANGUAGE_ALIASES: dict[str, str] = {
    "ary": "ar",  # Moroccan Arabic
    "arz": "ar",  # Egyptian Arabic
    "uzs": "uz",  # Southern Uzbek
    "yue": "zh",  # Cantonese
    "wuu": "zh",  # Wu Chinese
    "gug": "gn",  # Paraguayan Guaraní
    "sdh": "ku",  # Southern Kurdish
    "fuv": "ff",  # Nigerian Fulfulde
    "zxx": UNDETERMINED,  # "no linguistic content" (numbers, code): nothing to report
}


@dataclass(frozen=True)
class LanguageRules:
    """Thresholds for :func:`detect_language`.

    Attributes:
        min_letters: fewer letters than this and the text is too short to tell (py3langid's
            guesses on a word or two are close to random).
        min_confidence: the calibrated probability py3langid must give its best language.
        max_chars: only this many leading characters are classified; a few paragraphs settle the
            language and this keeps the cost flat on very long articles.
        aliases: label -> code replacements (see ``LANGUAGE_ALIASES``).
    """

    min_letters: int = 12
    min_confidence: float = 0.3
    max_chars: int = 3000
    aliases: dict[str, str] = field(default_factory=lambda: dict(LANGUAGE_ALIASES))


LANGUAGE_RULES = LanguageRules()


def normalize_text(text: str) -> str:
    """Return ``text`` in the one form every body is stored and analysed in.

    Args:
        text: decoded article text.

    Returns:
        The text in Unicode NFC, with Windows (``\\r\\n``) and old Mac (``\\r``) line ends turned
        into ``\\n`` and leading/trailing whitespace removed.

    Notes:
        Nothing else changes: quotation marks, dashes, inner whitespace and blank lines stay exactly
        as written, so clean UTF-8 text comes out identical apart from its ends and offsets into it
        mean the same thing as offsets into the source. NFC makes "é" typed as e + combining accent
        equal to the precomposed "é", so hashes and string matches agree. Idempotent.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.strip()


@cache
def _load_identifier() -> LanguageIdentifier:
    """Load py3langid's bundled model once (about half a second), with calibrated probabilities."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, rules: LanguageRules = LANGUAGE_RULES) -> str:
    """Return the language of ``text`` as an ISO 639-1 code ("en", "es"), or "und" when unsure.

    Args:
        text: article body (normalized or not).
        rules: thresholds; see :class:`LanguageRules`.

    Returns:
        A two-letter ISO 639-1 code; a three-letter ISO 639-3 code for the few languages py3langid
        knows that have no two-letter code; ``"und"`` (undetermined) when the text has fewer than
        ``rules.min_letters`` letters, no linguistic content, or py3langid's calibrated confidence
        is below ``rules.min_confidence``.

    Notes:
        Uses py3langid's bundled naive-Bayes model (about 140 languages). A headline-length text is
        usually classified right; a word or two is not, hence "und" rather than a guess.
    """
    sample = text[: rules.max_chars]
    letters = 0
    for _ in RE_LETTER.finditer(sample):
        letters += 1
        if letters >= rules.min_letters:
            break
    if letters < rules.min_letters:
        return UNDETERMINED
    label, confidence = _load_identifier().classify(sample)
    if confidence < rules.min_confidence:
        return UNDETERMINED
    return rules.aliases.get(label, label)


def count_words(text: str) -> int:
    """Return the number of words in ``text``.

    Notes:
        A word is a run of letters or digits; an apostrophe or hyphen inside it ("don't",
        "well-known") and a separator between digits ("1,200", "4.5") do not split it. Punctuation
        and symbols alone ("—", "%", "$") are not words.
    """
    return sum(1 for _ in RE_WORD.finditer(text))


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of the normalized ``text``.

    Notes:
        Hashing the normalized form means the same article saved with CRLF line ends, a trailing
        newline or decomposed accents still gets the same hash (used to deduplicate articles).
    """
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()
