"""The lexicons and thresholds quote extraction decides with: ``QuoteRules`` for direct quotes and speakers,
``ReportedRules`` for reported speech.

Both default instances read their word lists from ``transforms/rules/quote_cues.csv`` (one row per cue:
its cue type and the frames it takes, direct quotation among them), ``quote_title_words.csv`` and
``transforms.lexicon``; tests swap in their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from transforms.entities.rules import ENTITY_RULES
from transforms.lexicon import (
    GIVEN_NAME_GENDERS,
    GROUP_PRONOUN_TYPES,
    HONORIFIC_GENDERS,
    PERSON_PRONOUN_GENDERS,
    spell_title,
)
from transforms.rules import read_rule_csv

_CUE_ROWS = read_rule_csv("quote_cues.csv")


def _cues(frame: str) -> list[str]:
    """The cues of ``quote_cues.csv`` that take ``frame``."""
    return [row["cue"] for row in _CUE_ROWS if frame in row["frames"].split()]


def _cue_types() -> dict[str, str]:
    """The cue type of each cue lemma or phrase; a "verb preposition" pair also types its verb when it has no row."""
    types = {row["cue"]: row["cue_type"] for row in _CUE_ROWS}
    for row in _CUE_ROWS:
        types.setdefault(row["cue"].split()[0], row["cue_type"])
    return types


_TITLE_ROWS = read_rule_csv("quote_title_words.csv")


@dataclass(frozen=True)
class QuoteRules:
    """Everything ``extract_quotes`` decides with; swap it in tests.

    Attributes:
        cue_lemmas: lemmas of reporting verbs ("say", "tell", "tweet").
        cue_phrases: multi-word cues as lowercase word tuples, speaker as the object of the last word
            (("according", "to"),).
        title_words: a word right before an opening mark that makes the quoted words a title or a
            term, not speech ("the film", "the word", "dubbed", "so-called").
        person_pronouns: subject pronouns resolved to the last compatible person.
        person_types: entity types that count as persons for pronoun resolution.
        min_embedded_words: a quote inside a reporting verb's complement needs this many words
            (shorter ones are scare quotes even when someone reported them).
        min_free_words: an embedded quote with no cue at all needs this many words to be kept.
        trailer_tokens: how many tokens after a quote its cue may come ("..." said the former
            director of the agency).
        attribution_sentence_tokens: the longest sentence after a quote closed by a full stop that can
            still be its bare attribution (“… June.” Smith said.).
        context_sentences: how many sentences back a free-standing quote looks for the speech cue that
            introduces it, over sentences about no person.
        antecedent_chars: how far back (characters) a pronoun looks for its person.
        pronoun_genders: the gender each person pronoun asks of its antecedent.
        group_pronouns: pronouns resolved to the last organisation or group that was a clause subject,
            with the entity types each may stand for.
        honorific_genders: honorifics (lowercase, no period) that tell a person's gender.
        first_name_genders: first names (lowercase) with the gender they usually signal
            (``lexicon.GIVEN_NAME_GENDERS``: ``rules/quote_first_names.csv``, ``quote_given_names.csv`` and
            ``quote_world_names.csv``); only a hint, an honorific or a pronoun wins over it.
        group_antecedent_chars: how far back an it/they/we looks for its organisation.
        group_types: entity types that are groups of people ("Democrats", "Iowans"): never a speaker entity.
        cue_types: the cue type (speech, thought, stance, other) of each cue lemma or phrase.
        person_titles: the titles written before people's names (``rules/entity_titles.csv``), spelled out
            (``lexicon.spell_title``): "the governor" stands for the person the article called "Gov. Roe".
    """

    cue_lemmas: frozenset[str]
    cue_phrases: tuple[tuple[str, ...], ...]
    title_words: frozenset[str]
    person_pronouns: frozenset[str] = frozenset(PERSON_PRONOUN_GENDERS)
    pronoun_genders: Mapping[str, str] = field(default_factory=lambda: PERSON_PRONOUN_GENDERS)
    group_pronouns: Mapping[str, frozenset[str]] = field(default_factory=lambda: GROUP_PRONOUN_TYPES)
    honorific_genders: Mapping[str, str] = field(default_factory=lambda: HONORIFIC_GENDERS)
    first_name_genders: Mapping[str, str] = field(default_factory=dict)
    person_types: frozenset[str] = frozenset({"PERSON", "PER"})
    group_types: frozenset[str] = frozenset({"NORP"})
    cue_types: Mapping[str, str] = field(default_factory=dict)
    person_titles: frozenset[tuple[str, ...]] = frozenset()
    min_embedded_words: int = 2
    min_free_words: int = 6
    trailer_tokens: int = 20
    attribution_sentence_tokens: int = 8
    context_sentences: int = 2
    antecedent_chars: int = 3000
    group_antecedent_chars: int = 1500


QUOTE_RULES = QuoteRules(
    cue_lemmas=frozenset(cue for cue in _cues("quote") if " " not in cue),
    cue_phrases=tuple(tuple(cue.split()) for cue in _cues("quote") if " " in cue),
    title_words=frozenset(row["word"] for row in _TITLE_ROWS),
    first_name_genders=GIVEN_NAME_GENDERS,
    cue_types=_cue_types(),
    person_titles=frozenset(spell_title(title) for title in ENTITY_RULES.titles),
)


@dataclass(frozen=True)
class ReportedRules:
    """What ``find_reported_clauses`` decides with; swap it in tests.

    Attributes:
        clause_cues: lemmas of verbs whose clausal complement is reported content ("say", "argue",
            "believe", "show").
        object_cues: lemmas of verbs whose direct object is reported content when it is long enough
            ("announce the plan to …", "deny the allegations").
        infinitive_cues: lemmas of verbs whose infinitive complement is a reported intention or
            demand ("promise to", "urge X to").
        preposition_cues: (lemma, preposition) pairs whose prepositional object is reported content
            ("talk about", "call for", "accuse of").
        noun_cues: nouns whose "that" clause is reported content ("the claim that …").
        noun_preposition_cues: (noun, preposition) pairs whose object is reported content ("call for").
        non_cues: verbs whose "that" clause reports nothing ("it means that", "make sure that");
            any other verb with a subject and a "that"/"whether" clause is a cue.
        according_words: the two-word cue whose object is the source.
        min_words: a content shorter than this many words is not kept ("he said so").
        min_object_words: the same for direct-object content.
    """

    clause_cues: frozenset[str]
    object_cues: frozenset[str]
    infinitive_cues: frozenset[str]
    preposition_cues: frozenset[tuple[str, str]] = frozenset()
    noun_cues: frozenset[str] = frozenset()
    noun_preposition_cues: frozenset[tuple[str, str]] = frozenset()
    non_cues: frozenset[str] = frozenset({"be", "mean", "make", "ensure", "seem", "appear", "happen", "matter"})
    according_words: tuple[str, str] = ("according", "to")
    min_words: int = 2
    min_object_words: int = 1


REPORTED_RULES = ReportedRules(
    clause_cues=frozenset(_cues("clause")),
    object_cues=frozenset(_cues("object")),
    infinitive_cues=frozenset(_cues("infinitive")),
    noun_cues=frozenset(_cues("noun")),
    noun_preposition_cues=frozenset(tuple(cue.split()) for cue in _cues("noun_preposition")),
    preposition_cues=frozenset(tuple(cue.split()) for cue in _cues("preposition")),
)
