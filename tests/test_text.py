"""Tests for transforms.text: normalization, language detection, word counts, content hashes."""

import hashlib
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.text import UNDETERMINED, LanguageRules, content_hash, count_words, detect_language, normalize_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain text.", "Plain text."),
        ("  \n Padded on both ends. \n\n", "Padded on both ends."),
        ("Windows\r\nline\r\nends", "Windows\nline\nends"),
        ("Old Mac\rline ends", "Old Mac\nline ends"),
        ("Mixed\r\n\rends", "Mixed\n\nends"),
        ("Cafe\u0301 au lait", "Caf\u00e9 au lait"),  # decomposed accent -> precomposed (NFC)
        # Quotation marks, dashes and inner spacing are kept exactly as written.
        ('\u201cCurly\u201d and "straight" \u2014 and \u2018single\u2019', None),
        ("Two  spaces\tand a tab\n\n\nthree newlines", None),
        ("", ""),
        ("   \n\t ", ""),
    ],
)
def test_normalize_text(text: str, expected: str | None) -> None:
    assert normalize_text(text) == (text if expected is None else expected)


def test_normalize_text_keeps_offsets_of_clean_text() -> None:
    body = "The mayor said \u201cno\u201d on Monday.\n\nShe left."
    assert normalize_text(body) == body
    assert normalize_text(body)[15:19] == "\u201cno\u201d"


@given(st.text())
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once
    assert unicodedata.is_normalized("NFC", once)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The port strike entered its third day on Tuesday as talks stalled.", "en"),
        ("La huelga del puerto entró en su tercer día sin acuerdo entre las partes.", "es"),
        ("La grève du port est entrée mardi dans son troisième jour sans accord.", "fr"),
        ("Der Streik im Hafen ging am Dienstag in den dritten Tag.", "de"),
        ("Lo sciopero del porto è entrato nel terzo giorno senza un accordo.", "it"),
        # Too short or no words at all: undetermined rather than a guess.
        ("Hello", UNDETERMINED),
        ("Der Hafen", UNDETERMINED),
        ("12,345 67.8% 2024", UNDETERMINED),
        ("", UNDETERMINED),
        ("   \n ", UNDETERMINED),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_detect_language_threshold_is_a_rule() -> None:
    text = "Der Streik im Hafen"
    assert detect_language(text, rules=LanguageRules(min_letters=100)) == UNDETERMINED


def test_detect_language_reads_only_the_start_of_long_texts() -> None:
    english = "The union and the harbour authority met again on Monday. " * 10
    spanish_tail = "La huelga del puerto continúa sin acuerdo entre las partes. " * 500
    assert detect_language(english + spanish_tail, rules=LanguageRules(max_chars=500)) == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("One.", 1),
        ("Two words", 2),
        ("About 1,200 workers earn $4.5 million", 6),
        ("don't stop the well-known port", 5),
        ("Dashes — and % signs alone are not words", 7),
        ("línea de ñandú", 3),
        ("  \n\n  ", 0),
    ],
)
def test_count_words(text: str, expected: int) -> None:
    assert count_words(text) == expected


def test_content_hash_is_sha256_of_normalized_body() -> None:
    body = "Same story.\nSecond line."
    assert content_hash(body) == hashlib.sha256(body.encode("utf-8")).hexdigest()
    assert content_hash("  Same story.\r\nSecond line.\r\n") == content_hash(body)
    assert content_hash("Same story, edited.") != content_hash(body)


@given(st.text())
def test_content_hash_ignores_normalization(text: str) -> None:
    assert content_hash(text) == content_hash(normalize_text(text))
    assert len(content_hash(text)) == 64
