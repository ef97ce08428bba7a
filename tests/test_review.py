"""The decision review (exact values checked against brute-force play-outs) and `bloc-game review`."""

from __future__ import annotations

import json
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

import bloc_game
from bloc_game import solve as solve_module
from bloc_game.cli import main
from bloc_game.engine import make_policy
from bloc_game.replay import load_replay, run_replay
from bloc_game.review import BEAT, FELL_SHORT, MATCHED, review
from bloc_game.saves import save_game
from bloc_game.scenario import load_scenario_text
from bloc_game.solve import solve
from bloc_game.transcript import format_review

from conftest import REPLAYS, TUTORIAL


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path / "home"))  # the solution cache goes here, not in ~
    return tmp_path / "home"


#: Play-outs per choice, and how many standard errors of their mean the exact value may lie from it.
PLAYOUTS, SIGMAS = 300, 4.0


def best_reply(solution, state):  # type: ignore[no-untyped-def]
    values = solution.choices_at(state)
    return max(values, key=lambda cv: cv[1])[0]


@pytest.mark.parametrize("scenario, side, opponent", [
    ("tutorial", "ussr", "random"),
    ("tutorial", "nato", "historical"),
    ("flagship", "nato", "historical"),
])
def test_exact_values_agree_with_brute_force_playouts(request: pytest.FixtureRequest, scenario: str, side: str,
                                                      opponent: str) -> None:
    # Each choice at the first decision, then the solver's best reply at every later one, the other
    # side drawing from its policy and chance events from the seed, exactly as a real game plays.
    game: bloc_game.Game = request.getfixturevalue(scenario)
    solution = solve(game, side, make_policy(opponent, game))
    history = game.history().objective_score(side)
    start = game.start(side, seed=0, opponent=opponent)
    for choice_id, exact in solution.choices_at(start):
        outcomes = []
        for seed in range(PLAYOUTS):
            state = game.start(side, seed=10_000 + seed, opponent=opponent).choose(choice_id)
            while not state.is_over:
                state = state.choose(best_reply(solution, state))
            outcomes.append(state.objective_score(side) - history)
        mean = statistics.fmean(outcomes)
        error = statistics.pstdev(outcomes) / PLAYOUTS ** 0.5
        assert abs(mean - exact) <= SIGMAS * error + 1e-9, (choice_id, exact, mean, error)


def test_the_war_scare_review_names_the_threat_as_the_decision_that_mattered_most() -> None:
    state = run_replay(load_replay(REPLAYS / "molotov_war_scare.yaml")).state
    rv = review(state)
    top = rv.mattered_most
    assert top is not None and top.point_id == "summer_note"
    assert top.verdict == FELL_SHORT and top.value_taken < top.value_historical  # type: ignore[operator]
    assert top.value_best == max(top.value_best, top.value_taken, top.value_historical)  # type: ignore[type-var]
    assert [d.point_id for d in rv.decisions][:5] == ["first_note", "june_rising", "security_treaty", "nato_note",
                                                      "summer_note"]  # the replay's own choices, in order
    assert len(rv.decisions) == sum(1 for r in state.path if r.actor == "ussr")
    text = format_review(rv)
    assert "A call for a European conference" in text and "fell short of history there" in text
    assert "warn_of_countermeasures" not in text and "summer_note" not in text  # labels, never ids


def test_following_history_matches_history_at_every_decision(flagship: bloc_game.Game) -> None:
    state = run_replay(load_replay(REPLAYS / "molotov_history_ussr.yaml")).state
    rv = review(state)
    assert rv.decisions and all(d.verdict == MATCHED for d in rv.decisions)
    assert rv.mattered_most is not None and rv.mattered_most.verdict == MATCHED


def test_a_path_better_than_history_is_credited(flagship: bloc_game.Game) -> None:
    state = run_replay(load_replay(REPLAYS / "molotov_european_army_nato_beats_history.yaml")).state
    top = review(state).mattered_most
    assert top is not None and top.verdict == BEAT and top.point_id == "brussels"


def test_a_hot_seat_game_leaving_the_policy_is_solved_on_from_there() -> None:
    # The second player made choices the historical policy never would; the review still values each one.
    state = run_replay(load_replay(REPLAYS / "molotov_pan_european.yaml")).state
    for side in ("ussr", "nato"):
        rv = review(state, side)
        assert len(rv.decisions) == sum(1 for r in state.path if r.actor == side)


def deep_scenario(points: int) -> str:
    """A scenario deeper than Python's recursion limit, with two states per point (calmed or not yet)."""
    start = date(1900, 1, 1)
    lines = ["format: 1", "id: deep", "title: Deep", f"start: {start}", f"end: {start + timedelta(days=points + 1)}",
             "sides:", "  ussr: {name: East, objectives: [{label: Calm, value: calmed, weight: 10}]}",
             "  nato: {name: West, objectives: [{label: Calm, value: calmed}]}",
             "variables:", "  tension: {label: Tension, min: 0, max: 100, initial: 50}",
             "flags:", "  calmed: {label: Calmed}", "points:"]
    for i in range(points):
        lines += [f"  - id: p{i}", f"    date: {start + timedelta(days=i + 1)}", "    actor: ussr",
                  f"    title: Decision {i}", "    briefing: Decide.", "    sources: [\"Synthetic\"]", "    choices:",
                  "      - {id: hold, label: Hold, historical: true, consequence: Held.}",
                  "      - {id: calm, label: Calm down, effects: [calmed = true], consequence: Calmer.}"]
    lines += ["events: []", "endings:", "  - {id: end, title: The end, historical: true, epilogue: Over.}"]
    return "\n".join(lines) + "\n"


def test_the_solver_is_iterative_so_depth_is_no_limit() -> None:
    points = sys.getrecursionlimit() + 200
    game = bloc_game.Game(load_scenario_text(deep_scenario(points), "deep.yaml"))
    solution = solve(game, "ussr", make_policy("historical", game))
    values = dict(solution.choices_at(game.start("ussr")))
    assert values == {"hold": 10, "calm": 10}  # calming now or at any later point is as good
    last = game.start("ussr")
    for _ in range(points - 1):
        last = last.apply("hold")
    assert dict(solution.choices_at(last)) == {"hold": 0, "calm": 10}  # the last chance to calm
    assert solution.states <= 2 * points


def test_review_command_reads_replays_and_saves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replay = REPLAYS / "molotov_war_scare.yaml"
    assert main(["review", str(replay)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "The decision that mattered most: 1954-07-24, A call for a European conference" in out
    assert main(["review", str(replay), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mattered_most"]["point"] == "summer_note" and data["mattered_most"]["verdict"] == FELL_SHORT
    first = data["decisions"][0]
    assert first["taken_label"] == "Send nothing and tighten control of the GDR" and first["taken"] == "stay_silent"
    state = run_replay(load_replay(replay)).state
    save = tmp_path / "game.json"
    save_game(state, save)
    assert main(["review", str(save)]) == 0
    assert "A call for a European conference" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("args, message", [
    (["review", "no-such-file.yaml"], "no such file"),
    (["review", str(REPLAYS / "molotov_war_scare.yaml"), "--side", "france"], "--side must be one of"),
])
def test_review_command_mistakes_get_one_clear_message(args: list[str], message: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_replay_json_carries_the_review(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(REPLAYS / "molotov_war_scare.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["review"]["mattered_most"]["title"] == "A call for a European conference"
    assert data["ending_title"] and data["score"]["divergence"]["description"].startswith("1952-03-10 The first")


def test_a_solution_is_cached_on_disk_by_content_and_a_damaged_cache_is_solved_again(
        tutorial: bloc_game.Game, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bloc_game.solve as solve_module

    policy = make_policy("random", tutorial)
    monkeypatch.setattr(solve_module, "_SOLVED", {})
    first = solve(tutorial, "ussr", policy)
    assert not first.from_cache
    monkeypatch.setattr(solve_module, "_SOLVED", {})  # a new process: only the disk remembers
    again = solve(tutorial, "ussr", policy)
    assert again.from_cache and again.choice_values == first.choice_values and again.states == first.states
    (cache,) = (home / "cache").glob("review-*.pickle")
    cache.write_bytes(cache.read_bytes()[:40])
    monkeypatch.setattr(solve_module, "_SOLVED", {})
    fresh = solve(tutorial, "ussr", policy)
    assert not fresh.from_cache and fresh.choice_values == first.choice_values
    import os
    import pickle

    class Boom:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, ("echo owned > " + str(home / "owned"),))

    cache.write_bytes(pickle.dumps({"version": 3, "states": 1, "choices": Boom()}))
    monkeypatch.setattr(solve_module, "_SOLVED", {})
    assert not solve(tutorial, "ussr", policy).from_cache and not (home / "owned").exists()  # no code runs


@pytest.mark.parametrize("opponent", ["historical", "lookahead"])
def test_merging_states_by_what_can_still_matter_changes_no_value(flagship: bloc_game.Game, opponent: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The same values with the linear-term reduction switched off (no effect counts as a constant move).
    import re

    import bloc_game.solve as solve_module
    import bloc_game.statekeys as statekeys

    policy = make_policy(opponent, flagship)
    monkeypatch.setattr(solve_module, "_SOLVED", {})
    monkeypatch.setattr(solve_module, "_cache_file", lambda *args: None)
    merged = solve(flagship, "nato", policy)
    monkeypatch.setattr(solve_module, "_SOLVED", {})
    monkeypatch.setattr(solve_module, "_KEYERS", {})
    monkeypatch.setattr(statekeys, "_CONSTANT_MOVE", re.compile(r"(?!)"))
    plain = solve(flagship, "nato", policy)
    assert plain.states > 2 * merged.states
    for seed in range(12):
        state = flagship.start("nato", seed=seed, opponent=opponent)
        while not state.is_over:
            assert dict(plain.choices_at(state)) == pytest.approx(dict(merged.choices_at(state)))
            choices = state.choices
            state = state.choose(choices[(seed + len(state.path)) % len(choices)].id)


def test_a_hot_seat_report_reviews_both_players(capsys: pytest.CaptureFixture[str]) -> None:
    from bloc_game.transcript import format_report, to_json

    state = run_replay(load_replay(REPLAYS / "molotov_pan_european.yaml")).state
    text = format_report(state, review=True)
    assert "DECISION REVIEW: SOVIET UNION" in text and "DECISION REVIEW: WESTERN ALLIES" in text
    assert [r["side"] for r in to_json(state, review=True)["reviews"]] == ["ussr", "nato"]


def test_merge_keys_belong_to_their_game_and_leave_with_it(flagship: bloc_game.Game) -> None:
    """Keyed by id(game), a freed game's keys were handed to the next game given its id (an
    intermittent wrong review, or a crash, in a long session or a test run)."""
    import gc

    tutorial = bloc_game.load(TUTORIAL)
    mine, other = solve_module._keyer(tutorial, "ussr", "random"), solve_module._keyer(flagship, "ussr", "random")
    assert mine is not other and solve_module._keyer(tutorial, "ussr", "random") is mine
    import weakref

    gone, before = weakref.ref(tutorial), len(solve_module._KEYERS)
    del tutorial, mine
    gc.collect()
    assert gone() is None and len(solve_module._KEYERS) <= before - 1  # its keys went with it
