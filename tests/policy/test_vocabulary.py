"""The vocabulary is data a comms officer can extend: it loads, every group says what it means, and
every group the detectors read exists. A broken file is refused with its name and group."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy.vocabulary import VOCABULARY, VocabularyError, default_vocabulary, load_vocabulary

DETECTORS = Path(__file__).resolve().parents[2] / "policy" / "detectors"


def test_the_shipped_vocabulary_loads_with_a_note_on_every_group():
    vocabulary = default_vocabulary()
    assert len(vocabulary.groups) > 40
    for group in vocabulary.groups.values():
        assert group.note.strip() and group.terms


def test_every_group_the_detectors_read_exists():
    named = {
        m.group(1)
        for path in DETECTORS.glob("*.py")
        for m in re.finditer(r'"([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    files = {p.stem for p in VOCABULARY.glob("*.toml")}
    read = {n for n in named if n.split(".")[0] in files}
    assert read, "the detectors name no vocabulary group"
    default_vocabulary().require(*read)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param('[g]\nterms = ["a"]\n', "'note'", id="no-note"),
        pytest.param('[g]\nnote = "n"\nterms = []\n', "non-empty", id="no-terms"),
        pytest.param('[g]\nnote = "n"\nterms = [" a"]\n', "spaces", id="padded-term"),
        pytest.param('[g]\nnote = "n"\nterms = ["* a"]\n', "cannot start", id="leading-wildcard"),
        pytest.param('[g]\nnote = "n"\nterms = ["a"]\ncolour = 1\n', "unknown key", id="unknown-key"),
        pytest.param('[g]\nnote = "n"\nterms = ["earn £"]\n', "only punctuation", id="unmatchable-word"),
        pytest.param('[g\nnote = "n"\n', "cannot be read", id="not-toml"),
    ],
)
def test_a_broken_file_is_refused_with_its_name_and_group(tmp_path, content, problem):
    (tmp_path / "words.toml").write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError, match=re.escape(problem)) as raised:
        load_vocabulary(tmp_path)
    assert "words.toml" in str(raised.value)


def test_an_empty_folder_is_refused(tmp_path):
    with pytest.raises(VocabularyError, match="no vocabulary files"):
        load_vocabulary(tmp_path)


def test_a_missing_group_is_named():
    with pytest.raises(VocabularyError, match=r"harms\.nonexistent"):
        default_vocabulary().require("harms.violence", "harms.nonexistent")
