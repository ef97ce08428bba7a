"""Scoring against history, replay files, recording, and the replay command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import bloc_game
from bloc_game.cli import main
from bloc_game.errors import ReplayError
from bloc_game.replay import load_replay, run_replay
from bloc_game.scoring import MOVED, NEVER, ONLY_HERE, SAME, _entry_cost, score

from conftest import REPLAYS, TUTORIAL


def test_history_scores_perfectly_from_either_side(tutorial: bloc_game.Game) -> None:
    for side in ("ussr", "nato"):
        state = tutorial.start(side, seed=9, opponent="historical")
        while not state.is_over:
            state = state.choose(next(c.id for c in state.choices if c.historical))
        report = score(state)
        assert report.fidelity == 1.0 and report.divergence is None and report.distance == 0
        assert all(o.delta == 0 for o in report.outcomes)
        assert report.ending.id == "two_germanys"


def test_a_divergence_is_named_with_its_date_and_both_choices(tutorial: bloc_game.Game) -> None:
    state = tutorial.start("nato", seed=1).choose("accept_talks")
    while not state.is_over:
        state = state.choose(state.choices[0].id)
    report = score(state)
    d = report.divergence
    assert d is not None and (d.kind, d.id, d.date) == ("choice", "first_reply", date(1952, 3, 25))
    assert "'Accept four-power talks at once' instead of 'Insist on UN-checked free elections first'" in d.describe()
    assert "accept_talks" not in d.describe()  # labels for people, never ids
    statuses = {e.key: e.status for e in report.entries}
    assert statuses["flag:talks_open"] == ONLY_HERE and statuses["flag:edc_signed"] == NEVER
    by_side = dict(report.fidelity_by_side)
    assert by_side["ussr"] == pytest.approx(1 / 3)  # only the first note: the talks skip the second and third
    assert by_side["nato"] <= 1 / 3 + 1e-9  # the first reply diverged and the signing was never reached


def test_a_moved_date_costs_between_half_and_one() -> None:
    assert _entry_cost(date(1954, 1, 1), date(1954, 1, 1)) == (SAME, 0.0)
    status, cost = _entry_cost(date(1954, 1, 1), date(1954, 7, 2))
    assert status == MOVED and cost == pytest.approx(0.5 + 0.5 * 182 / 365)
    assert _entry_cost(date(1952, 1, 1), date(1955, 1, 1)) == (MOVED, 1.0)


def test_scoring_an_unfinished_game_is_refused(tutorial: bloc_game.Game) -> None:
    with pytest.raises(bloc_game.BlocGameError, match="not over"):
        score(tutorial.start("ussr"))


def test_replay_command_prints_a_transcript_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(REPLAYS / "tutorial_history_ussr.yaml")]) == 0
    out = capsys.readouterr().out
    assert "ENDING: Two Germanys, two camps" in out
    assert "Divergence point: none" in out and "expectation(s) hold" in out


def test_replay_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(REPLAYS / "tutorial_offer_tested.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ending"] == "unity_conference"
    assert data["score"]["divergence"]["id"] == "first_note" and data["failures"] == []


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text.replace("SCENARIO", str(TUTORIAL)), encoding="utf-8")
    return path


def test_a_failed_expectation_exits_1_and_names_the_difference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "scenario: SCENARIO\nside: watch\nchoices: []\nexpect:\n  ending: unity_conference\n"
                           "  score: {fidelity: 0.5}\n")
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:5:11: expect.ending: wanted 'unity_conference', got 'two_germanys'" in err
    assert f"{path}:6:21: expect.score.fidelity: wanted 0.5, got 1" in err


@pytest.mark.parametrize("body, fragment", [
    ("scenario: SCENARIO\nside: ussr\nchoices:\n  - second_note: drop_exchange\n", "4:5: the game is at point 'first_note'"),
    ("scenario: SCENARIO\nside: ussr\nchoices:\n  - first_note: invade\n", "'invade' is not a choice"),
    ("scenario: SCENARIO\nside: ussr\nchoise: []\n", "did you mean 'choices'"),
    ("scenario: nowhere.yaml\nside: ussr\nchoices: []\n", "not found"),
    ("scenario: SCENARIO\nside: ussr\nopponent: smart\nchoices: []\n", "unknown opponent 'smart'"),
    ("scenario: SCENARIO\nside: ussr\nchoices: [first_note]\n", "'point_id: choice_id'"),
    ("[1, 2", "YAML syntax"),
])
def test_broken_replays_get_positioned_messages(tmp_path: Path, body: str, fragment: str) -> None:
    with pytest.raises(ReplayError) as err:
        run_replay(load_replay(write(tmp_path, body)))
    assert fragment in str(err.value)


def test_recorded_game_replays_to_the_same_end(tmp_path: Path, tutorial: bloc_game.Game) -> None:
    from bloc_game.replay import record

    state = tutorial.start("ussr", seed=11, opponent="random")
    while not state.is_over:
        state = state.choose(state.choices[-1].id)
    path = tmp_path / "game.yaml"
    record(state, path)
    result = run_replay(load_replay(path))
    assert result.ok and result.state.log == state.log
    assert len(load_replay(path).expectations) >= 10


def test_shown_expectations_check_the_text_the_path_showed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The tutorial watched to its end: its first note's briefing, an event's absence, the ending.
    tutorial = bloc_game.load(TUTORIAL)
    history = tutorial.history()
    first = tutorial.scenario.points[0]
    phrase = " ".join(str(first.briefing.for_state(history)).split()[:4])
    ending = history.ending.id  # type: ignore[union-attr]
    body = (f"scenario: SCENARIO\nside: watch\nchoices: []\nexpect:\n  shown:\n"
            f"    {first.id}: {phrase!r}\n    ending:{ending}: {{lacks: 'no such words here'}}\n")
    assert main(["replay", str(write(tmp_path, body))]) == 0
    wrong = (f"scenario: SCENARIO\nside: watch\nchoices: []\nexpect:\n  shown:\n"
             f"    {first.id}: null\n    {ending}: {{contains: 'no such words here'}}\n    nowhere: x\n"
             f"    chapter:{first.id}: x\n")
    path = write(tmp_path, wrong)
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:6:{len(first.id) + 7}: expect.shown.{first.id}: wanted it never shown, but it was:" in err
    assert f"expect.shown.{ending}: wanted a text containing 'no such words here', got" in err
    assert "expect.shown.nowhere: the scenario has no point, event, ending or flag 'nowhere'" in err
    assert "'chapter' is not a kind of text" in err
