"""Policy.distribution is the one definition of a policy: play draws from it, the explorer walks it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bloc_game
from bloc_game.engine import HistoricalPolicy, LookaheadPolicy, RandomPolicy, ScriptedPolicy
from bloc_game.engine.rng import draw, weighted_pick
from bloc_game.explore import explore

from conftest import FLAGSHIP, TUTORIAL

GAMES = {p: bloc_game.load(p) for p in (TUTORIAL, FLAGSHIP)}
POLICIES = [HistoricalPolicy(), RandomPolicy(), LookaheadPolicy(depth=2), ScriptedPolicy({})]


def counterfactual_state(game: bloc_game.Game) -> bloc_game.State:
    """A state at a point with no historical choice, reached by playing away from history."""
    for seed in range(200):
        state = game.start("hotseat", seed=seed)
        while not state.is_over:
            if state.current is not None and state.current.historical_choice is None and len(state.choices) > 1:
                return state
            hist = [c for c in state.choices if not c.historical] or list(state.choices)
            state = state.choose(hist[seed % len(hist)].id)
    raise AssertionError("no counterfactual point with several choices reached")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(list(GAMES)), seed=st.integers(0, 2**32), picks=st.lists(st.integers(0, 8), max_size=30),
       policy=st.sampled_from(POLICIES))
def test_every_policy_plays_a_choice_its_distribution_allows(path, seed, picks, policy) -> None:
    state = GAMES[path].start("hotseat", seed=seed)
    for pick in picks:
        if state.is_over:
            break
        dist = policy.distribution(state)
        assert abs(sum(p for _c, p in dist) - 1.0) < 1e-9
        assert all(p > 0 for _c, p in dist)
        offered = [c.id for c in state.choices]
        assert [c for c, _p in dist] == [c for c in offered if c in dict(dist)], "in the point's order"
        assert policy.choose(state) in dict(dist)
        state = state.choose(offered[pick % len(offered)])


def test_historical_policy_is_certain_where_history_chose(tutorial: bloc_game.Game) -> None:
    state = tutorial.start("hotseat", seed=5)
    hist = state.current.historical_choice
    assert HistoricalPolicy().distribution(state) == ((hist.id, 1.0),)


def test_draws_follow_the_distribution_at_a_counterfactual_point(flagship: bloc_game.Game) -> None:
    state = counterfactual_state(flagship)
    dist = dict(HistoricalPolicy().distribution(state))
    assert len(dist) > 1
    n = 3000
    counts: Counter[str] = Counter()
    for seed in range(n):
        counts[HistoricalPolicy().choose(replace(state, seed=seed))] += 1  # the same position, another seed
    for choice_id, p in dist.items():
        assert abs(counts[choice_id] / n - p) < 0.04, (choice_id, counts[choice_id] / n, p)
    assert set(counts) <= set(dist)


@pytest.mark.parametrize("opponent", ["historical", "random", "lookahead"])
def test_the_explorer_walks_the_same_distribution_the_game_draws_from(tutorial: bloc_game.Game, opponent: str) -> None:
    """Exploring nato against an opponent: ending probabilities equal the average over many seeded games
    in which nato picks uniformly at random, so the explorer and play agree about the opponent."""
    result = explore(tutorial, ("nato",), opponent, progress=False)
    n = 1500
    endings: Counter[str] = Counter()
    rng = RandomPolicy()
    for seed in range(n):
        state = tutorial.start("nato", seed=seed, opponent=opponent)
        while not state.is_over:
            # the explored side: uniform, drawn under another key than the opponent's draws
            dist = rng.distribution(state)
            u = draw(seed, f"explored:{state.current.id}")
            state = state.choose(dist[weighted_pick([p for _c, p in dist], u)][0])
        endings[state.ending.id] += 1
    for ending_id, p in result.endings.items():
        assert abs(endings[ending_id] / n - p) < 0.05, (ending_id, endings[ending_id] / n, p)
