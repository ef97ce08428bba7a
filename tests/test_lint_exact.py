"""Lint that keeps its promise: exact per-side reachability, endings after the catch-all, text variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from bloc_game.cli import main
from bloc_game.engine import Game
from bloc_game.lint import lint, reachability
from bloc_game.scenario import load_scenario

from conftest import BROKEN, ROOT

FIXTURES = ROOT / "tests" / "lint"
BASE = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8")


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def warnings(path: Path) -> list[str]:
    return [f"{p.where.line}: {p.message}" for p in lint(path) if p.severity == "warning"]


def mend_after_catch_all(text: str) -> str:
    late = text[text.index("  - id: too_late"):]
    moved = late.replace("when: not treaty", "when: not treaty and tension > 60")  # after the scare
    return text.replace(late, "").replace("  - id: other\n", moved + "  - id: other\n")


@pytest.mark.parametrize("name, marker, fragment, mend", [
    ("ending_flags_never_together", "- id: both_at_once",
     "no path reaches ending 'both_at_once', playing either the Soviet Union or the Western Allies against the historical "
     "policy", lambda text: text.replace("when: treaty and talks_held", "when: talks_held and tension < 48")),
    ("ending_after_catch_all", "- id: too_late",
     "ending 'too_late' can never be chosen: it comes after ending 'other' (line 74), which has no 'when' and is always "
     "chosen first; move it above", mend_after_catch_all),
])
def test_strict_lint_warns_at_the_line_of_each_unreachable_ending_mistake(
        name: str, marker: str, fragment: str, mend, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert warnings(path) == [f"{line_of(text, marker)}: {fragment}"]
    assert main(["lint", "--strict", str(path)]) == 1
    assert f"{path}:{line_of(text, marker)}:5: warning: " in capsys.readouterr().out
    mended = tmp_path / f"{name}.yaml"  # the same file with the ending put right passes
    mended.write_text(mend(text), encoding="utf-8")
    assert main(["lint", "--strict", str(mended)]) == 0, capsys.readouterr().out


def test_flags_that_never_hold_together_escape_the_approximate_check() -> None:
    # Why the walk is exact: abstract interpretation joins the two choices and thinks both may hold.
    scenario = load_scenario(FIXTURES / "ending_flags_never_together.yaml")
    assert "both_at_once" in reachability(scenario)[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "v.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_variant_no_game_shows_is_reported_at_its_line(tmp_path: Path) -> None:
    text = BASE.replace("    briefing: Reply?\n", "    briefing:\n      - when: tension > 90\n        text: A crisis. Reply?\n"
                                                    "      - text: Reply?\n")
    found = warnings(write(tmp_path, text))
    assert f"{line_of(text, '- when: tension > 90')}: variant 1 of the briefing of point 'reply' is never shown: " \
           "its 'when' cannot hold there in any game" in found


def test_a_variant_only_a_hot_seat_game_shows_is_a_note_naming_both_sides(tmp_path: Path) -> None:
    # Tension is exactly 50 at the end only if Moscow waits AND the West talks (and no scare): both off history.
    text = BASE.replace("    epilogue: Something else.\n", "    epilogue:\n      - when: tension == 50\n"
                                                            "        text: Neither side moved.\n      - text: Something else.\n")
    problems = lint(write(tmp_path, text))
    line = line_of(text, "- when: tension == 50")
    [note] = [p for p in problems if p.where.line == line]
    assert note.severity == "note" and note.message == (
        "variant 1 of the epilogue of ending 'other' is never shown when playing either the Soviet Union or the Western "
        "Allies against the historical policy; only a game where both sides leave history (hot seat) can show it")
    game = Game(load_scenario(write(tmp_path, text)))
    ends = [game.start("hotseat", seed=seed).choose("wait").choose("talk") for seed in range(8)]
    end = next(e for e in ends if e.values[0] == 50)  # a seed where the scare (chance 0.5) does not come
    assert end.ending is not None and end.ending.id == "other"  # and a hot-seat game shows it
    assert end.ending.epilogue.for_state(end) == "Neither side moved."


def test_a_text_that_leaves_a_reachable_state_with_nothing_to_show_names_the_side_and_the_state(tmp_path: Path) -> None:
    text = BASE.replace("        consequence: Signed.\n",
                        "        consequence:\n          - when: tension < 48\n            text: Signed after the note.\n")
    found = warnings(write(tmp_path, text))
    line = line_of(text, "- when: tension < 48")
    expected = (f"{line}: the consequence of choice 'sign' of point 'reply' has nothing to show in a game of the "
                "Soviet Union against the historical policy (for instance with tension 50): no variant's 'when' holds")
    assert any(w.startswith(expected) for w in found), found
    assert not any("Western Allies against" in w and "nothing to show" in w for w in found)  # history sends the note


def test_an_event_text_variant_is_followed_through_chance(tmp_path: Path) -> None:
    text = BASE.replace("    text: Something.\n",
                        "    text:\n      - when: tension > 60\n        text: A scare at high tension.\n"
                        "      - text: A scare.\n")
    found = warnings(write(tmp_path, text))
    assert any(w.startswith(f"{line_of(text, '- when: tension > 60')}: variant 1 of the text of event 'scare' is never shown")
               for w in found), found


def test_each_side_is_walked_and_notes_name_the_side(tmp_path: Path) -> None:
    problems = lint(FIXTURES / "ending_after_catch_all.yaml")
    notes = [p.message for p in problems if p.severity == "note"]
    assert notes == ["no path reaches ending 'other' playing the Soviet Union against the historical policy"]
