"""Rule files are checked when read: a bad row fails loudly, naming the file and the line."""

import pytest

from transforms.lexicon import SPEECH_VERB_FORMS
from transforms.quotes.rules import QUOTE_RULES
from transforms.rules import RULE_FILES, RULES_DIR, RuleFileError, read_rule_csv


def test_every_rule_file_is_declared_and_reads():
    assert {path.name for path in RULES_DIR.glob("*.csv")} == set(RULE_FILES)
    for name in RULE_FILES:
        assert read_rule_csv(name), name


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "number_hedges.csv",
            "phrase,position\nabout,before\nnearly,beside\n",
            "line 3: position 'beside' is not one of",
        ),
        (
            "number_words.csv",
            "word,value,role\ntwo,2,unit\nthree,three,unit\n",
            "line 3: value 'three' is not a number",
        ),
        ("quote_cues.csv", "# cues\ncue,cue_type,frames\nsay,speech,quote\nstated\n", "line 4: 1 cells, expected 3"),
        (
            "quote_cues.csv",
            "cue,cue_type,frames\nsay,speech,quote clause\nclaim,speech,clause nope\n",
            "line 3: frames 'nope'",
        ),
        ("quote_cues.csv", "cue,cue_type,frames\nsay,talk,quote\n", "line 2: cue_type 'talk' is not one of"),
        ("quote_first_names.csv", "name,sex\nana,f\n", "line 1: header 'name,sex', expected 'name,gender'"),
        ("entity_titles.csv", "title\nMayor\n,\n", "line 3: 2 cells, expected 1"),
        ("made_up.csv", "word\nx\n", "not a declared rule file"),
    ],
)
def test_a_bad_rule_file_names_the_file_and_line(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError, match=message) as error:
        read_rule_csv(name, tmp_path)
    assert str(tmp_path / name) in str(error.value)


def test_the_written_speech_verbs_are_speech_cues():
    """The forms entity evidence reads from text ("Trump said he") are cues the quote extractor knows as speech."""
    assert {QUOTE_RULES.cue_types.get(lemma) for lemma in SPEECH_VERB_FORMS.values()} == {"speech"}
