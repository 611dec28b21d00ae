"""Rule files are checked when read: a bad row fails loudly, naming the file and the line."""

import pytest

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
        ("quote_cues.csv", "# cues\ncue,kind\nsaid,verb\nstated\n", "line 4: 1 cells, expected 2"),
        ("quote_first_names.csv", "name,sex\nana,f\n", "line 1: header 'name,sex', expected 'name,gender'"),
        ("quote_reported_cues.csv", "cue,frame\nsay,clause noun\nclaim,clause nope\n", "line 3: frame 'nope'"),
        ("entity_titles.csv", "title\nMayor\n,\n", "line 3: 2 cells, expected 1"),
        ("made_up.csv", "word\nx\n", "not a declared rule file"),
    ],
)
def test_a_bad_rule_file_names_the_file_and_line(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError, match=message) as error:
        read_rule_csv(name, tmp_path)
    assert str(tmp_path / name) in str(error.value)
