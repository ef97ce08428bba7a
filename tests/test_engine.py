"""The engine: immutable states, undo, policies, events, endings, determinism."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bloc_game
from bloc_game.engine import POLICY_NAMES, Game
from bloc_game.errors import GameOverError, IllegalChoiceError
from bloc_game.scoring import score
from bloc_game.transcript import transcript

from conftest import FLAGSHIP, TUTORIAL


def play_out(state: bloc_game.State, pick: int = 0) -> bloc_game.State:
    while not state.is_over:
        choices = state.choices
        state = state.choose(choices[pick % len(choices)].id)
    return state


def test_a_choice_returns_a_new_state_and_leaves_the_old_one_untouched(tutorial: Game) -> None:
    start = tutorial.start("ussr", seed=1)
    before = (start.values, start.flags, start.log, start.current)
    after = start.choose("offer_free_elections")
    assert (start.values, start.flags, start.log, start.current) == before
    assert after.flag("free_elections_offered") and not start.flag("free_elections_offered")
    with pytest.raises(FrozenInstanceError):
        start.cursor = 3  # type: ignore[misc]


def test_opponent_moves_are_played_between_the_humans_turns(tutorial: Game) -> None:
    state = tutorial.start("ussr", seed=1).choose("send_note")
    assert state.current is not None and state.current.actor == "ussr"
    assert [(r.id, r.by) for r in state.path] == [("first_note", "human"), ("first_reply", "historical")]


def test_undo_returns_to_the_state_before_the_last_human_choice(tutorial: Game) -> None:
    start = tutorial.start("ussr", seed=1)
    second = start.choose("send_note")
    third = second.choose("drop_exchange")
    assert third.undo() is second and second.undo() is start
    assert not start.can_undo
    with pytest.raises(IndexError):
        start.undo()


def test_illegal_and_late_choices_raise_clear_errors(tutorial: Game) -> None:
    state = tutorial.start("ussr", seed=1)
    with pytest.raises(IllegalChoiceError, match="not a choice of this point"):
        state.choose("no_such_choice")
    state = state.choose("offer_free_elections")
    with pytest.raises(IllegalChoiceError, match="not available now"):
        state.choose("four_power_commission")  # its 'when' excludes it once elections are offered
    with pytest.raises(GameOverError):
        play_out(state).choose("send_note")


def test_hotseat_hands_every_point_to_a_human_and_watch_none(tutorial: Game) -> None:
    hot = tutorial.start("hotseat", seed=2)
    assert hot.human_sides == ("ussr", "nato")
    hot = hot.choose("send_note")
    assert hot.current is not None and hot.current.actor == "nato"
    watched = tutorial.start("watch", seed=2, opponent="random")
    assert watched.is_over and all(r.by == "random" for r in watched.path)


def test_unknown_side_and_policy_are_refused(tutorial: Game) -> None:
    with pytest.raises(ValueError, match="unknown side"):
        tutorial.start("usa")
    with pytest.raises(bloc_game.BlocGameError, match="unknown opponent policy"):
        tutorial.start("ussr", opponent="clever")


def test_history_replay_reaches_the_historical_ending(tutorial: Game) -> None:
    history = tutorial.history()
    assert history.is_over and history.ending is not None and history.ending.historical
    assert [r.choice for r in history.path] == [
        "send_note", "elections_first", "four_power_commission", "hold_the_line", "restate_and_denounce",
        "sign_treaties"]
    assert history.flag_date("edc_signed").isoformat() == "1952-05-27"


def test_chance_events_follow_the_seed(tutorial: Game) -> None:
    # The revolt (chance 0.5) can only happen after Moscow offers elections and the West signs anyway.
    outcomes = set()
    for seed in range(40):
        state = tutorial.start("hotseat", seed=seed)
        for choice in ("offer_free_elections", "elections_first", "drop_exchange",
                       "sign_anyway", "restate_and_denounce", "sign_treaties"):
            state = state.choose(choice)
        fired = any(r.kind == "event" and r.id == "bundestag_revolt" for r in state.log)
        outcomes.add(fired)
        again = tutorial.start("hotseat", seed=seed)
        for choice in [r.choice for r in state.path]:
            again = again.choose(choice)  # type: ignore[arg-type]
        assert any(r.kind == "event" and r.id == "bundestag_revolt" for r in again.log) == fired
    assert outcomes == {True, False}


def test_branches_split_chance_events_by_probability(tutorial: Game) -> None:
    state = tutorial.start("hotseat", seed=0)
    for choice in ("offer_free_elections", "elections_first", "drop_exchange", "sign_anyway", "restate_and_denounce"):
        state = state.choose(choice)
    outcomes = tutorial.branches(state, "sign_treaties")
    assert sorted(p for p, _ in outcomes) == [0.5, 0.5]
    assert {any(r.kind == "event" and r.id == "bundestag_revolt" for r in s.log) for _, s in outcomes} == {True, False}


def test_lookahead_plays_for_its_own_side(tutorial: Game) -> None:
    history_score = tutorial.history().objective_score("ussr")
    state = tutorial.start("watch", seed=0, opponent="lookahead")
    assert state.is_over
    history = tutorial.history()
    assert state.objective_score("ussr") != history_score or state.objective_score("nato") != history.objective_score("nato")


def test_the_engine_never_imports_pygame() -> None:
    code = (
        "import sys, bloc_game, bloc_game.engine, bloc_game.scoring, bloc_game.replay, bloc_game.transcript, "
        "bloc_game.cli, bloc_game.ui.text\n"
        "g = bloc_game.load(sys.argv[1]); s = g.start('watch', seed=1); bloc_game.score(s)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygame', 'pygame_gui')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(TUTORIAL)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


SCENARIO_PATHS = [p for p in (TUTORIAL, FLAGSHIP) if p.exists()]
GAMES = {p: bloc_game.load(p) for p in SCENARIO_PATHS}


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(SCENARIO_PATHS),
    side=st.sampled_from(["ussr", "nato", "hotseat", "watch"]),
    opponent=st.sampled_from([p for p in POLICY_NAMES if p != "scripted"]),
    seed=st.integers(min_value=0, max_value=2**32),
    picks=st.lists(st.integers(min_value=0, max_value=8), max_size=40),
)
def test_random_playthroughs_finish_with_scores_in_bounds_and_repeat_exactly(path, side, opponent, seed, picks) -> None:
    game = GAMES[path]
    state = game.start(side, seed=seed, opponent=opponent)
    i = 0
    while not state.is_over:
        choices = state.choices
        assert choices, "a point is only offered when it has an available choice"
        state = state.choose(choices[(picks[i] if i < len(picks) else seed) % len(choices)].id)
        i += 1
    report = score(state)
    assert 0.0 <= report.fidelity <= 1.0
    assert 0.0 <= report.distance <= report.max_distance
    for outcome in report.outcomes:
        assert outcome.low - 1e-9 <= outcome.score <= outcome.high + 1e-9
        assert outcome.low - outcome.history_score - 1e-9 <= outcome.delta <= outcome.high - outcome.history_score + 1e-9
    assert (report.divergence is None) == (report.fidelity == 1.0 and report.distance == 0)
    again = game.start(side, seed=seed, opponent=opponent)
    for record in [r for r in state.path if r.by == "human"]:
        again = again.choose(record.choice)  # type: ignore[arg-type]
    assert transcript(again) == transcript(state)


@pytest.mark.parametrize("path", SCENARIO_PATHS, ids=lambda p: p.stem)
def test_lookahead_games_finish(path) -> None:
    for side in ("ussr", "nato"):
        state = play_out(GAMES[path].start(side, seed=3, opponent="lookahead"))
        assert state.is_over
