"""Finding and reading input files on a real disk."""

from pathlib import Path

from extract.formats import SUPPORTED_SUFFIXES, RejectedInput
from flows.inputs import find_inputs, read_input


def test_folders_globs_and_files(tmp_path: Path):
    (tmp_path / "a" / ".hidden").mkdir(parents=True)
    for name in ("a/one.txt", "a/two.jsonl.gz", "a/notes.md", "a/.hidden/three.txt", "four.csv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, missing = find_inputs(
        [str(tmp_path / "a"), str(tmp_path / "*.csv"), str(tmp_path / "a" / "one.txt"), str(tmp_path / "nope")],
        suffixes=SUPPORTED_SUFFIXES,
    )
    assert sorted(path.name for path in files) == ["four.csv", "one.txt", "two.jsonl.gz"]  # one.txt once
    assert [item.source for item in missing] == [str(tmp_path / "nope")]


def test_a_file_over_the_size_limit_is_rejected_with_a_reason(tmp_path: Path):
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * 3 * 2**20)
    rejection = read_input(big, max_bytes=2 * 2**20)
    assert isinstance(rejection, RejectedInput)
    assert "over the 2 MiB limit" in rejection.reason and "split it" in rejection.reason
    assert read_input(big) == b"x" * 3 * 2**20


def test_an_unreadable_file_is_rejected_with_a_reason(tmp_path: Path):
    folder_named_like_a_file = tmp_path / "story.txt"
    folder_named_like_a_file.mkdir()
    rejection = read_input(folder_named_like_a_file)
    assert isinstance(rejection, RejectedInput) and "cannot read" in rejection.reason
