"""Policies: who decides for a side the player does not play.

Every policy is deterministic: its randomness comes from the game's seed
through the counter-based RNG, keyed by the decision point, so the same seed
always makes the same game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

from ..errors import BlocGameError
from .rng import draw, weighted_pick

if TYPE_CHECKING:
    from .state import Game, State

POLICY_NAMES = ("historical", "random", "lookahead", "scripted")


class Policy:
    """Picks a choice id for the side to move in ``state``."""

    name = "policy"

    def choose(self, state: "State") -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class HistoricalPolicy(Policy):
    """The historical choice when offered; otherwise a pick weighted by the scenario's ``ai_weight``
    (a number, or an expression evaluated on the state the policy finds)."""

    name = "historical"

    def choose(self, state: "State") -> str:
        choices = state.choices
        for choice in choices:
            if choice.historical:
                return choice.id
        point = state.current
        assert point is not None
        u = draw(state.seed, f"policy:{point.id}")
        return choices[weighted_pick([c.weight_in(state) for c in choices], u)].id


@dataclass(frozen=True)
class RandomPolicy(Policy):
    """Any available choice, uniformly."""

    name = "random"

    def choose(self, state: "State") -> str:
        choices = state.choices
        point = state.current
        assert point is not None
        u = draw(state.seed, f"random:{point.id}")
        return choices[min(int(u * len(choices)), len(choices) - 1)].id


@dataclass(frozen=True)
class ScriptedPolicy(Policy):
    """Plays the choices it was given by point id; falls back to history where the script is silent."""

    script: Mapping[str, str] = field(default_factory=dict)
    name = "scripted"

    def choose(self, state: "State") -> str:
        point = state.current
        assert point is not None
        wanted = self.script.get(point.id)
        if wanted is not None:
            if any(c.id == wanted for c in state.choices):
                return wanted
            raise BlocGameError(
                f"the script picks '{wanted}' at point '{point.id}', but that choice is not available there"
            )
        return HistoricalPolicy().choose(state)


@dataclass(frozen=True)
class LookaheadPolicy(Policy):
    """Plays for its side's objectives, looking ``depth`` decisions ahead.

    At its own points it takes the choice with the best expected objective
    score; it expects the other side to play history (or its most likely
    choice) and weighs chance events by their probabilities (expectimax).
    Ties go to the choice listed first, so it is deterministic.
    """

    depth: int = 3
    name = "lookahead"

    def choose(self, state: "State") -> str:
        side = state.to_move
        assert side is not None
        best_id, best = "", float("-inf")
        for choice in state.choices:
            value = self.expected(state, choice.id, side.side, self.depth - 1)
            if value > best + 1e-9:
                best_id, best = choice.id, value
        return best_id

    def expected(self, state: "State", choice_id: str, side: str, depth: int) -> float:
        return sum(p * self.value(s, side, depth) for p, s in state.game.branches(state, choice_id) if p > 0)

    def value(self, state: "State", side: str, depth: int) -> float:
        point = state.current
        if point is None or depth <= 0:
            return state.objective_score(side)
        if point.actor == side:
            return max(self.expected(state, c.id, side, depth - 1) for c in state.choices)
        return self.expected(state, _likely_choice(state), side, depth - 1)


def _likely_choice(state: "State") -> str:
    choices = state.choices
    for choice in choices:
        if choice.historical:
            return choice.id
    return max(choices, key=lambda c: c.weight_in(state)).id


def make_policy(name: str, game: "Game", script: Sequence[tuple[str, str]] = ()) -> Policy:
    """The policy called ``name`` (one of :data:`POLICY_NAMES`)."""
    if name == "historical":
        return HistoricalPolicy()
    if name == "random":
        return RandomPolicy()
    if name == "lookahead":
        return LookaheadPolicy()
    if name == "scripted":
        return ScriptedPolicy(dict(script))
    raise BlocGameError(f"unknown opponent policy '{name}'; choose one of {', '.join(POLICY_NAMES)}")
