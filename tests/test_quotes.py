"""Direct quotations: spans, cues, speaker mentions and canonical speakers.

Every sentence here is our own; the seed-article test reads the shared corpus at run time.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.entities import extract_entities
from transforms.quotes import QUOTE_RULES, REPORTED_RULES, Quote, extract_quotes, find_quote_spans

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def run_quotes(nlp, text: str) -> list[Quote]:
    """The pipeline as the flow runs it: parse, entities, quotes."""
    doc = nlp(text)
    entities = extract_entities(doc, article_id="t")
    return extract_quotes(doc, article_id="t", entities=entities)


# (text, [(quote fragment, speaker_text fragment or None, canonical speaker or None), ...])
CASES = [
    pytest.param(
        "“We will reopen the bridge by spring,” Mayor Dana Kowalski said on Tuesday.",
        [("reopen the bridge", "Kowalski", "Dana Kowalski")],
        id="speaker-after",
    ),
    pytest.param(
        "Dana Kowalski said, “The bridge reopens in the spring.”",
        [("bridge reopens", "Kowalski", "Dana Kowalski")],
        id="speaker-before",
    ),
    pytest.param(
        "“The funding is secure for now,” said Priya Raman, the county treasurer.",
        [("funding is secure", "Raman", "Priya Raman")],
        id="inverted-with-appositive",
    ),
    pytest.param(
        "Priya Raman presented the county budget on Monday.\n\n"
        "“The funding is secure for two more years,” she told reporters.",
        [("funding is secure", "she", "Priya Raman")],
        id="pronoun-to-last-person",
    ),
    pytest.param(
        "“The road is closed,” Dana Kowalski said. “It will stay closed until Friday.”",
        [("road is closed", "Kowalski", "Dana Kowalski"), ("stay closed until", "Kowalski", "Dana Kowalski")],
        id="split-around-attribution",
    ),
    pytest.param(
        "Dana Kowalski said, “We are ready for the storm.”\n\n“Our crews have trained all winter for this.”",
        [("ready for the storm", "Kowalski", "Dana Kowalski"), ("crews have trained", "Kowalski", "Dana Kowalski")],
        id="continuation-paragraph",
    ),
    pytest.param(
        "“The first part of the plan is to repair the pumps.\n\n"
        "“The second part is to rebuild the levee,” Dana Kowalski said.",
        [("repair the pumps", "Kowalski", "Dana Kowalski")],
        id="multi-paragraph-one-quote",
    ),
    pytest.param(
        "“He told me, ‘Do not worry about the roof,’ and then he drove away,” Priya Raman said.",
        [("Do not worry about the roof", "Raman", "Priya Raman")],
        id="nested-single-quote",
    ),
    pytest.param(
        "Priya Raman said, “I don’t think the Smiths’ house was damaged at all.”",
        [("Smiths’ house was damaged", "Raman", "Priya Raman")],
        id="apostrophes-are-not-marks",
    ),
    pytest.param(
        "City officials insisted that the new cameras would not be “watching ordinary drivers all day long.”",
        [("watching ordinary drivers", "officials", None)],
        id="partial-quote-description-speaker",
    ),
    pytest.param(
        "Maria Lopez, a spokeswoman for the port, confirmed the ships would dock early, "
        "“in time for the holiday rush.”",
        [("holiday rush", "Lopez", "Maria Lopez")],
        id="appositive-names-the-spokeswoman",
    ),
    pytest.param(
        "The Harbor Authority said in a statement: “Ferries will run on a reduced schedule this week.”",
        [("reduced schedule", "Harbor Authority", None)],
        id="organisation-in-a-statement",
    ),
    pytest.param(
        "According to the county clerk, “every ballot will be counted by hand this year.”",
        [("counted by hand", "clerk", None)],
        id="according-to",
    ),
    pytest.param(
        "He wrote “this part is never finished\n\nAnother paragraph follows. “Now it is done,” Raman said.",
        [("never finished", None, None), ("Now it is done", "Raman", None)],
        id="unbalanced-marks",
    ),
    pytest.param(
        "‘We shall see what the voters decide,’ said the minister, Alan Price.",
        [("We shall see", "Price", "Alan Price")],
        id="british-single-quotes",
    ),
    pytest.param(
        "Supporters in the hall chanted “Four more years!” as the governor took the stage.",
        [("Four more years", "Supporters", None)],
        id="chant-right-after-cue",
    ),
    pytest.param("“Denver,” he answered.", [("Denver", "he", None)], id="one-word-attributed"),
    pytest.param("The “giveaway” cost the city millions of dollars.", [], id="scare-quote"),
    pytest.param("He said it on “Meet the Press” last Sunday.", [], id="show-title-after-preposition"),
    pytest.param("She watched the film “Titanic” twice last week.", [], id="film-title"),
    pytest.param("The word “sanctuary” appears nowhere in the new bill.", [], id="word-as-word"),
    pytest.param("The council met on Tuesday and approved the budget.", [], id="no-quotes"),
    pytest.param("Don’t touch the Joneses’ car, it’s theirs.", [], id="apostrophes-only"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract_quotes_table(nlp, text: str, expected: list) -> None:
    # Quotations only: a partial quote inside reported speech comes out as one mixed attribution.
    quotes = [quote for quote in run_quotes(nlp, text) if quote.kind != "indirect"]
    assert len(quotes) == len(expected), [q.text for q in quotes]
    for quote, (fragment, speaker_text, speaker) in zip(quotes, expected, strict=True):
        assert fragment in quote.text
        assert text[quote.start_char : quote.end_char] == quote.text
        if speaker_text is None:
            continue
        assert quote.speaker_text is not None and speaker_text in quote.speaker_text
        if speaker is not None:
            assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Chronicle reported that the “rapid response plan” marks “a sharp break with past policy.”",
            ["“rapid response plan”", "“a sharp break with past policy.”"],
        ),
        ('"Straight marks work too," she said. "Both kinds."', ['"Straight marks work too,"', '"Both kinds."']),
        ('“Mixed marks happen," he said.', ['“Mixed marks happen,"']),
        ("“Left open at the end\n\nA new paragraph without marks.", ["“Left open at the end"]),
        ("“Opened here\n\n“and continued here,” she said.", ["“Opened here\n\n“and continued here,”"]),
        ("A stray closer” here, then “a real quote,” he said.", ["“a real quote,”"]),
        ("It’s the Joneses’ turn, isn’t it?", []),
        (
            "‘Single marks lead,’ she said, ‘when no double ones exist.’",
            ["‘Single marks lead,’", "‘when no double ones exist.’"],
        ),
        ("‘The Smiths’ dog barked all night,’ he said.", ["‘The Smiths’ dog barked all night,’"]),
        ("''We are not done,'' the coach said. \"Not yet.\"", ["''We are not done,''", '"Not yet."']),
        ("\u202a”Pasted text keeps its marks,” she wrote.", ["”Pasted text keeps its marks,”"]),
    ],
    ids=[
        "partial-quotes",
        "straight",
        "mixed-curly-straight",
        "open-at-paragraph-end",
        "multi-paragraph",
        "stray-closer",
        "apostrophes",
        "british",
        "british-apostrophe",
        "two-apostrophes",
        "invisible-char",
    ],
)
def test_find_quote_spans_pairs_marks(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in find_quote_spans(text)] == expected


def test_partial_quotes_make_one_mixed_attribution(nlp) -> None:
    text = "The Chronicle reported that the “rapid response plan” marks “a sharp break with past policy.”"
    quotes = run_quotes(nlp, text)
    assert [(q.kind, q.cue) for q in quotes] == [("mixed", "reported")]
    assert quotes[0].text.startswith("that the “rapid") and quotes[0].text.endswith("policy.”")
    assert "Chronicle" in (quotes[0].speaker_text or "")


def test_ids_are_stable_and_spans_exact(nlp) -> None:
    text = "“The road is closed,” Dana Kowalski said."
    first, second = run_quotes(nlp, text), run_quotes(nlp, text)
    assert first == second
    quote = first[0]
    assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text
    assert quote.cue == "said"


def test_rules_are_data() -> None:
    assert {"say", "tell", "tweet", "add"} <= QUOTE_RULES.cue_lemmas
    assert ("according", "to") in QUOTE_RULES.cue_phrases


def test_rules_can_be_swapped(nlp) -> None:
    text = "City officials insisted that the cameras would not be “watching ordinary drivers all day long.”"
    doc = nlp(text)
    entities = extract_entities(doc, article_id="t")
    default = extract_quotes(doc, article_id="t", entities=entities)
    assert [(q.kind, q.cue) for q in default] == [("mixed", "insisted")]
    assert "officials" in (default[0].speaker_text or "")
    reported = dataclasses.replace(REPORTED_RULES, clause_cues=REPORTED_RULES.clause_cues - {"insist"})
    direct_only = extract_quotes(doc, article_id="t", entities=entities, reported_rules=reported)
    assert [(q.kind, q.text) for q in direct_only] == [("direct", "“watching ordinary drivers all day long.”")]
    assert direct_only[0].cue == "insisted"
    rules = dataclasses.replace(QUOTE_RULES, cue_lemmas=QUOTE_RULES.cue_lemmas - {"insist"})
    swapped = extract_quotes(doc, article_id="t", entities=entities, rules=rules, reported_rules=reported)
    assert [q.text for q in swapped] == [direct_only[0].text]
    assert swapped[0].cue is None and swapped[0].speaker_text is None


TEXT_ALPHABET = st.sampled_from([*"ab Cd.,:;!?\n“”\"‘’'—-", "said", " he ", "Kowalski", "told"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT_ALPHABET, max_size=60).map("".join))
def test_never_crashes_and_spans_are_exact(nlp, text: str) -> None:
    for quote in run_quotes(nlp, text):
        assert text[quote.start_char : quote.end_char] == quote.text
        if quote.speaker_start is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text


# Short distinctive fragments of the seed articles' direct quotes, with the canonical speaker expected
# (None: a description such as "officials", checked through speaker_text instead).
SEED_QUOTES = {
    "000_40891eb90f8fde2e.txt": [
        ("reflects President Trump’s persistence", "New York Times"),
        ("comes soon after the Justice", "New York Times"),
        ("As we have noted for years", "Matthew Albence"),
        ("When sanctuary cities release", "Matthew Albence"),
        ("busting down doors", None),
        ("Organizing is about tipping", "Alexandria Ocasio-Cortez"),
        ("ICE is keeping the community", "Tom Homan"),
        ("incredibly stupid statement", "Tom Homan"),
        ("My last year as ICE", "Tom Homan"),
        ("These ICE agents have done", "Tom Homan"),
        ("dangerous statement, it’s idiotic", "Tom Homan"),
        ("trying to remove the president", "Tom Homan"),
        ("standing on stage and telling", "Tom Homan"),
        ("something needs to be done", "Tom Homan"),
    ],
    "004_e81ec0beefe23a30.txt": [
        ("supercharged arrest operation", "New York Times"),
        ("an escalation in the president", "New York Times"),
        ("enhance the integrity of", "Lawrence Payne"),
        ("The state of California passed", "Trump"),
        ("left-wing politicians", "Trump"),
        ("support sanctuary cities that", "Trump"),
    ],
}


@pytest.mark.parametrize("name", sorted(SEED_QUOTES))
def test_seed_articles(nlp, name: str) -> None:
    path = CORPUS / "seeds" / name
    if not path.exists():
        pytest.skip(f"shared corpus not found at {CORPUS} (fresh clone without ../shared)")
    text = path.read_text(encoding="utf-8").strip()
    # Quotations only (direct, or mixed when a partial quote sits in reported speech).
    quotes = [q for q in run_quotes(nlp, text) if q.kind != "indirect"]
    expected = SEED_QUOTES[name]
    unexpected = [q.text[:40] for q in quotes if not any(fragment in q.text for fragment, _ in expected)]
    assert not unexpected
    for fragment, speaker in expected:
        matches = [q for q in quotes if fragment in q.text]
        assert len(matches) == 1, fragment
        quote = matches[0]
        if speaker is None:
            assert quote.speaker is None and quote.speaker_text and "officials" in quote.speaker_text
        elif " " in speaker and speaker != "New York Times":
            assert quote.speaker == speaker, (fragment, quote.speaker)
        else:
            assert quote.speaker and speaker in quote.speaker, (fragment, quote.speaker)
