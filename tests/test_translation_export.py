"""`bloc-game strings export`: every text a player or teacher reads, under a stable key, as a PO file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bloc_game.scenario import load_scenario
from bloc_game.scenario.fields import OBJECTS
from bloc_game.translation import export, messages
from bloc_game.translation.pofile import canonical, source_hash

from conftest import FLAGSHIP, TUTORIAL


def _catalog(text: str):  # type: ignore[no-untyped-def]
    return read_po(io.StringIO(text), abort_invalid=True)


def test_the_template_holds_every_text_with_key_english_hash_and_line() -> None:
    catalog = _catalog(export(TUTORIAL))
    entries = {m.id: m for m in catalog if m.id}
    first = entries["point/first_note/briefing/1"]
    assert first.context.startswith("Comrade Minister, the Western powers")
    assert f"source-hash: {source_hash(first.context)}" in first.auto_comments
    lines = TUTORIAL.read_text(encoding="utf-8").splitlines()
    (name, line), = first.locations
    assert name == "tutorial_stalin_note.yaml" and lines[line - 1].strip() == "briefing: |"
    # One key per kind of element and field, in the published scheme.
    for key in ("scenario/title", "scenario/summary", "side/ussr/name", "side/nato/description",
                "objective/ussr/1/label", "variable/tension/label", "variable/tension/low", "variable/tension/high",
                "variable/tension/description", "flag/note_sent/label/1", "point/first_note/title",
                "point/first_note/debrief/1", "point/first_note/sources/2", "choice/first_note/send_note/label",
                "choice/first_note/send_note/hint", "choice/first_note/send_note/consequence/1",
                "point/first_reply/briefing/3"):
        assert key in entries, key
    assert entries["variable/tension/low"].context == "calm"
    assert entries["choice/first_note/send_note/label"].context == "Send the note as drafted"
    # A citation that is only a web address has nothing to translate.
    assert "point/first_note/sources/1" not in entries


def test_each_variant_says_when_it_is_shown() -> None:
    entries = {m.id: m for m in _catalog(export(TUTORIAL)) if m.id}
    notes = " ".join(entries["point/first_reply/briefing/2"].auto_comments)
    assert "variant 2 of 3" in notes and "not note_sent" in notes


def test_every_field_the_table_marks_translatable_is_exported() -> None:
    """The format table is the one list: the shipped scenarios between them use every marked field
    but a flag's description, and each is exported under the key of its object and field."""
    seen = set()
    for path in (FLAGSHIP, TUTORIAL):
        keys = [m.key for m in messages(load_scenario(path))]
        assert len(keys) == len(set(keys))
        seen |= {(key.split("/")[0], [p for p in key.split("/") if not p.isdigit()][-1]) for key in keys}
    marked = {(o.name, f.key) for o in OBJECTS.values() for f in o.fields if f.translatable and o.name != "variant"}
    assert seen <= marked and marked - seen == {("flag", "description")}


def test_the_english_is_shown_as_players_see_it_and_rewrapping_it_keeps_the_hash(tmp_path: Path) -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    rewrapped = tmp_path / "tutorial_stalin_note.yaml"
    rewrapped.write_text(text.replace("Comrade Minister, the Western powers are weeks away from signing treaties\n",
                                      "Comrade Minister, the Western powers\n      are weeks away from signing treaties\n"),
                         encoding="utf-8")
    before = {m.id: m for m in _catalog(export(TUTORIAL)) if m.id}["point/first_note/briefing/1"]
    after = {m.id: m for m in _catalog(export(rewrapped)) if m.id}["point/first_note/briefing/1"]
    assert "\n" not in before.context  # one paragraph, one line
    assert before.context == after.context and before.auto_comments == after.auto_comments
    assert canonical("a\nb\n\n\nc  d\n") == "a b\n\nc d"


def test_the_shipped_translations_install_beside_their_scenarios() -> None:
    """An installed game finds NAME.LANG.po beside the installed scenario (pyproject's data-files)."""
    import fnmatch

    tomllib = pytest.importorskip("tomllib")
    root = FLAGSHIP.parents[1]
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    patterns = data["share/bloc-game/scenarios"]
    shipped = [p.relative_to(root).as_posix() for p in (root / "scenarios").glob("*.po")]
    assert shipped and all(any(fnmatch.fnmatch(p, pattern) for pattern in patterns) for p in shipped)
