"""The explorer merges states by what is still read later: it must say exactly what a walk that
merges only identical states says (paths, ending probabilities, each choice's range, what is
reached and shown), and it must walk a scenario of any depth."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from test_generated_scenarios import scenario_text, valid_scenario
from test_review import deep_scenario

import bloc_game
from bloc_game import statekeys
from bloc_game.explore import Exploration, explore
from bloc_game.lint import sight
from bloc_game.scenario import load_scenario_text

from conftest import FLAGSHIP


def every_state_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the keys the whole state (every variable, every flag): nothing merges but equal states."""
    def whole(self: statekeys.Keyer, cursor: int, values: Sequence[int], flags: Sequence[object]) -> tuple:
        return (cursor, tuple(values), tuple(d is not None for d in flags)), 0.0
    monkeypatch.setattr(statekeys.Keyer, "__call__", whole)


def same(merged: Exploration, plain: Exploration) -> None:
    assert merged.paths == plain.paths
    assert merged.reached_points == plain.reached_points and merged.reached_choices == plain.reached_choices
    assert merged.endings.keys() == plain.endings.keys()
    assert all(math.isclose(merged.endings[e], plain.endings[e], abs_tol=1e-12) for e in plain.endings)
    assert [(c.point_id, c.choice_id) for c in merged.choices] == [(c.point_id, c.choice_id) for c in plain.choices]
    for a, b in zip(merged.choices, plain.choices):
        assert math.isclose(a.low, b.low, abs_tol=1e-9) and math.isclose(a.high, b.high, abs_tol=1e-9), (a, b)


@pytest.mark.parametrize("opponent", ["historical", "lookahead", "random"])
def test_merged_exploration_of_the_tutorial_equals_the_plain_walk(
        tutorial: bloc_game.Game, opponent: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for sides in (("ussr",), ("nato",), ("ussr", "nato")):
        merged = explore(tutorial, sides, opponent, progress=False)
        with monkeypatch.context() as patch:
            every_state_apart(patch)
            plain = explore(tutorial, sides, opponent, progress=False)
        same(merged, plain)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(scenario_text())
def test_merged_exploration_of_any_scenario_equals_the_plain_walk(folder: Path, text: str) -> None:
    """Generated scenarios: objectives that are linear or not, ai_weight expressions the historical
    policy reads, conditions on any variable; both sides, against the historical and look-ahead policy."""
    game = bloc_game.load(valid_scenario(text, folder))
    for sides, opponent in ((("ussr",), "historical"), (("nato",), "historical"), (("nato",), "lookahead"),
                            (("ussr", "nato"), "historical")):
        merged = explore(game, sides, opponent, progress=False)
        with pytest.MonkeyPatch.context() as patch:
            every_state_apart(patch)
            plain = explore(game, sides, opponent, progress=False)
        same(merged, plain)


def test_merged_exploration_of_the_flagship_equals_the_plain_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    game = bloc_game.load(FLAGSHIP)
    merged = explore(game, ("nato",), "historical", progress=False)
    seen = sight(game, "nato")
    every_state_apart(monkeypatch)
    plain = explore(game, ("nato",), "historical", progress=False)
    plain_seen = sight(game, "nato")
    assert merged.states * 4 < plain.states  # the merging is what makes it fast
    same(merged, plain)
    # The lint's walk: the same points, choices and endings reached, the same text variants shown,
    # and the same texts left with nothing to show.
    assert (seen.points, seen.offered, seen.endings, seen.shown) == (
        plain_seen.points, plain_seen.offered, plain_seen.endings, plain_seen.shown)
    assert seen.empty.keys() == plain_seen.empty.keys()


def test_the_explorer_is_iterative_so_depth_is_no_limit() -> None:
    points = sys.getrecursionlimit() + 200
    game = bloc_game.Game(load_scenario_text(deep_scenario(points), "deep.yaml"))
    result = explore(game, ("ussr",), "historical", progress=False)
    assert result.paths == 2 ** points and result.endings == {"end": 1.0}
    assert result.states <= 2 * points + 2  # calmed or not at each point: nothing else is read later
    ranges = {(c.point_id, c.choice_id): (c.low, c.high) for c in result.choices}
    assert ranges[("p0", "hold")] == (0, 10) and ranges[("p0", "calm")] == (10, 10)


AI_WEIGHT_ONLY = """\
format: 1
id: weights
title: A variable only the computer's weights read
start: 1952-01-01
end: 1952-12-31
sides:
  ussr: {name: East, objectives: [{label: B, value: fb}]}
  nato: {name: West, objectives: [{label: B, value: fb}]}
variables:
  x: {label: X, min: 0, max: 10, initial: 0}
flags:
  h: {label: H}
  fb: {label: FB}
points:
  - id: p0
    date: 1952-02-01
    actor: ussr
    title: First
    briefing: Choose.
    sources: [Synthetic]
    choices:
      - {id: stay, label: Stay, historical: true, consequence: Nothing.}
      - {id: up1, label: Up one, effects: [h = true, x += 1], consequence: Up.}
      - {id: up5, label: Up five, effects: [h = true, x += 5], consequence: Up.}
  - id: p1
    date: 1952-03-01
    actor: nato
    title: Second
    briefing: Answer.
    sources: [Synthetic]
    choices:
      - {id: a, label: A, historical: true, when: not h, consequence: A.}
      - {id: b, label: B, ai_weight: x, effects: [fb = true], consequence: B.}
      - {id: c, label: C, ai_weight: 1, consequence: C.}
events: []
endings:
  - {id: bee, title: Bee, when: fb, epilogue: B.}
  - {id: otherwise, title: Otherwise, historical: true, epilogue: Over.}
"""


def test_a_variable_only_an_ai_weight_reads_still_tells_states_apart() -> None:
    # After 'up1' the West picks b half the time (weights 1 and 1), after 'up5' five times in six:
    # x is read by nothing but the historical policy's weights, and that is a read.
    game = bloc_game.Game(load_scenario_text(AI_WEIGHT_ONLY, "weights.yaml"))
    result = explore(game, ("ussr",), "historical", progress=False)
    assert math.isclose(result.endings["bee"], (1 / 2 + 5 / 6) / 3)


def test_the_review_values_a_choice_by_the_weights_the_opponent_will_read() -> None:
    # The decision review's solver merges states by the same keys: merging 'up1' with 'up5'
    # (they differ only in x) gave both the same value, though the West answers them differently.
    from bloc_game.engine import make_policy
    from bloc_game.solve import solve

    game = bloc_game.Game(load_scenario_text(AI_WEIGHT_ONLY, "weights.yaml"))
    values = dict(solve(game, "ussr", make_policy("historical", game)).choices_at(game.start("ussr")))
    assert values.keys() == {"stay", "up1", "up5"}
    assert math.isclose(values["stay"], 0, abs_tol=1e-12)
    assert math.isclose(values["up1"], 1 / 2) and math.isclose(values["up5"], 5 / 6)
