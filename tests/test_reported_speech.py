"""Reported speech (indirect and mixed attributions) and speaker resolution across an article.

Every sentence here is our own. Quotes come out of ``extract_quotes``, the flow's entry point.
"""

from __future__ import annotations

import dataclasses

import pytest

from transforms.entities import extract_entities
from transforms.quotes import REPORTED_RULES, Quote, extract_quotes, find_reported_clauses


def run_quotes(nlp, text: str) -> list[Quote]:
    """The pipeline as the flow runs it: parse, entities, quotes."""
    doc = nlp(text)
    return extract_quotes(doc, article_id="t", entities=extract_entities(doc, article_id="t"))


# (text, [(kind, content fragment, speaker_text fragment or None, canonical speaker or None), ...])
CASES = [
    pytest.param(
        "Mayor Dana Kowalski said on Tuesday that the bridge would reopen in the spring.",
        [("indirect", "that the bridge would reopen in the spring", "Kowalski", "Dana Kowalski")],
        id="said-that",
    ),
    pytest.param(
        "The bridge will reopen in the spring, Mayor Dana Kowalski said on Tuesday.",
        [("indirect", "The bridge will reopen in the spring", "Kowalski", "Dana Kowalski")],
        id="clause-then-speaker",
    ),
    pytest.param(
        "According to the county clerk, every ballot will be counted by hand this year.",
        [("indirect", "every ballot will be counted by hand this year", "clerk", None)],
        id="according-to-first",
    ),
    pytest.param(
        "Every ballot will be counted by hand this year, according to the county clerk.",
        [("indirect", "Every ballot will be counted by hand this year", "clerk", None)],
        id="according-to-last",
    ),
    pytest.param(
        "Priya Raman told reporters that the county had run out of road salt.",
        [("indirect", "that the county had run out of road salt", "Raman", "Priya Raman")],
        id="told-someone-that",
    ),
    pytest.param(
        "Dana Kowalski said the new levee was “built to last a hundred years.”",
        [("mixed", "the new levee was “built to last a hundred years.”", "Kowalski", "Dana Kowalski")],
        id="mixed-partial-quote",
    ),
    pytest.param(
        "Dana Kowalski said: “The new levee was built to last a hundred years.”",
        [("direct", "built to last", "Kowalski", "Dana Kowalski")],
        id="wholly-quoted-stays-direct",
    ),
    pytest.param(
        "“The levee will hold,” Dana Kowalski said.",
        [("direct", "levee will hold", "Kowalski", "Dana Kowalski")],
        id="quote-then-speaker-stays-direct",
    ),
    pytest.param(
        "The Harbor Authority announced on Monday that ferries would run on a reduced schedule.",
        [("indirect", "ferries would run on a reduced schedule", "Harbor Authority", None)],
        id="organisation-speaks",
    ),
    pytest.param(
        "Senator Paul Ostrowski urged the council to delay the vote until after the audit.",
        [("indirect", "the council to delay the vote", "Ostrowski", "Paul Ostrowski")],
        id="infinitive-demand",
    ),
    pytest.param(
        "The union called for an independent inquiry into the accident.",
        [("indirect", "an independent inquiry into the accident", "union", None)],
        id="call-for",
    ),
    pytest.param(
        "It was reported last week that the plant would close.",
        [("indirect", "that the plant would close", None, None)],
        id="passive-without-source",
    ),
    pytest.param("The council met on Tuesday and approved the budget.", [], id="no-attribution"),
    pytest.param("The storm knocked out power to thousands of homes.", [], id="event-not-speech"),
    pytest.param(
        "Critics call the plan a “giveaway” to developers.",
        [("mixed", "the plan a “giveaway” to developers", "Critics", None)],
        id="scare-quote-in-reported-speech-is-mixed",
    ),
    pytest.param("She watched the film “Titanic” twice last week.", [], id="title-not-speech"),
    pytest.param("He walked to the station and bought a ticket.", [], id="no-complement"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reported_speech_table(nlp, text: str, expected: list) -> None:
    quotes = run_quotes(nlp, text)
    assert len(quotes) == len(expected), [(q.kind, q.text) for q in quotes]
    for quote, (kind, fragment, speaker_text, speaker) in zip(quotes, expected, strict=True):
        assert quote.kind == kind
        assert fragment in quote.text
        assert text[quote.start_char : quote.end_char] == quote.text
        if speaker_text is None:
            assert quote.speaker_text is None
            continue
        assert quote.speaker_text is not None and speaker_text in quote.speaker_text
        assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text
        if speaker is not None:
            assert quote.speaker == speaker


# (text, fragment of the quote whose speaker is checked, speaker_text, canonical speaker)
RESOLUTION_CASES = [
    pytest.param(
        "Senator Mark Ellison met Governor Rachel Dunn in the capital on Monday.\n\n“We agreed on nothing,” she said.",
        "agreed on nothing",
        "she",
        "Rachel Dunn",
        id="she-skips-the-man",
    ),
    pytest.param(
        "Ms. Okafor and Mr. Lindqvist spoke to reporters after the vote.\n\n“We will appeal,” he said.",
        "We will appeal",
        "he",
        "Lindqvist",
        id="honorifics-tell-gender",
    ),
    pytest.param(
        "Rachel Dunn criticised the budget on Monday.\n\n“It leaves the schools short,” she said. "
        "Mark Ellison disagreed.\n\n“The schools get more than last year,” he said.",
        "schools get more",
        "he",
        "Mark Ellison",
        id="he-after-she",
    ),
    pytest.param(
        "Lawrence Okoro, a spokesman for the port, said the ships were delayed by fog.\n\n"
        "The spokesman added that crews were working through the night.",
        "crews were working",
        "spokesman",
        "Lawrence Okoro",
        id="the-spokesman-is-the-named-person",
    ),
    pytest.param(
        "The Federal Transit Agency published new safety rules on Friday.\n\n"
        "The agency said that the rules would take effect in May.",
        "take effect in May",
        "agency",
        "Federal Transit Agency",
        id="the-agency-is-the-named-organisation",
    ),
    pytest.param(
        "The Harbor Authority said on Monday that ferries would run late.\n\nIt added that fares would stay the same.",
        "fares would stay",
        "It",
        "Harbor Authority",
        id="it-is-the-organisation-subject",
    ),
    pytest.param(
        "“The road is closed,” Dana Kowalski said. “It will stay closed until Friday.”",
        "stay closed until",
        "Kowalski",
        "Dana Kowalski",
        id="continuation-quote",
    ),
]


@pytest.mark.parametrize(("text", "fragment", "speaker_text", "speaker"), RESOLUTION_CASES)
def test_speaker_resolution(nlp, text: str, fragment: str, speaker_text: str, speaker: str) -> None:
    matches = [q for q in run_quotes(nlp, text) if fragment in q.text]
    assert len(matches) == 1, [q.text for q in run_quotes(nlp, text)]
    quote = matches[0]
    assert quote.speaker_text is not None and speaker_text in quote.speaker_text
    assert quote.speaker is not None and speaker in quote.speaker


def test_partial_quote_is_not_counted_twice(nlp) -> None:
    quotes = run_quotes(nlp, "Dana Kowalski said the new levee was “built to last a hundred years.”")
    assert [q.kind for q in quotes] == ["mixed"]


def test_reported_rules_can_be_swapped(nlp) -> None:
    doc = nlp("Priya Raman argued that the county needed more buses.")
    in_quote = [False] * len(doc)
    assert [c.cue for c in find_reported_clauses(doc, in_quote=in_quote)] == ["argued"]
    rules = dataclasses.replace(REPORTED_RULES, clause_cues=REPORTED_RULES.clause_cues - {"argue"})
    rules = dataclasses.replace(rules, non_cues=rules.non_cues | {"argue"})
    assert find_reported_clauses(doc, in_quote=in_quote, rules=rules) == []


def test_cues_inside_quotes_are_not_attributions(nlp) -> None:
    doc = nlp("“They said the bridge was safe,” Priya Raman recalled.")
    in_quote = [tok.idx < doc.text.index("”") for tok in doc]
    assert all(not in_quote[c.cue_i] for c in find_reported_clauses(doc, in_quote=in_quote))
