"""Policies: who decides for a side the player does not play.

Each policy's behaviour is defined in one place, :meth:`Policy.distribution`: the
probability of each choice it may make at the current point. :meth:`Policy.choose`
draws from that distribution, and the explorer walks it, so a game played and a game
explored always agree about what a policy does.

Every policy is deterministic: its randomness comes from the game's seed through the
counter-based RNG, keyed by the decision point, so the same seed always makes the same
game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

from ..errors import BlocGameError
from .rng import draw, weighted_pick

if TYPE_CHECKING:
    from .game import Game
    from .state import State

POLICY_NAMES = ("historical", "random", "lookahead", "scripted")

#: A policy's behaviour at one point: ``(choice id, probability)`` pairs, in the point's order,
#: probabilities above zero and summing to one.
Distribution = tuple[tuple[str, float], ...]


def uniform(state: "State") -> Distribution:
    """Every available choice, equally likely."""
    choices = state.choices
    return tuple((c.id, 1 / len(choices)) for c in choices)


def weighted(state: "State") -> Distribution:
    """The available choices in proportion to the scenario's ``ai_weight`` (uniform if every weight is zero).

    A weight may be an expression; it is read on ``state``, the situation the policy finds.
    """
    choices = state.choices
    weights = [c.weight_in(state) for c in choices]
    total = sum(weights)
    if total <= 0:
        return uniform(state)
    return tuple((c.id, w / total) for c, w in zip(choices, weights) if w > 0)


def most_likely(distribution: Distribution) -> str:
    """The choice with the highest probability; ties go to the one listed first."""
    best_id, best = distribution[0]
    for choice_id, p in distribution[1:]:
        if p > best:
            best_id, best = choice_id, p
    return best_id


class Policy:
    """Decides for a side: :meth:`distribution` says how, :meth:`choose` draws one choice from it.

    >>> import bloc_game
    >>> state = bloc_game.load("tutorial_stalin_note").start(bloc_game.Seating.WATCH, seed=1, autoplay=False)
    >>> HistoricalPolicy().distribution(state)        # history sent the note
    (('send_note', 1.0),)
    >>> [(c, round(p, 3)) for c, p in RandomPolicy().distribution(state)]
    [('send_note', 0.333), ('offer_free_elections', 0.333), ('stay_silent', 0.333)]
    >>> RandomPolicy().choose(state) in dict(RandomPolicy().distribution(state))
    True
    """

    name = "policy"
    #: The RNG key prefix of this policy's draws; one key per decision point.
    draw_key = "policy"
    #: Whether its picks read the choices' ``ai_weight`` (the state merges of the review and the
    #: explorer keep what those expressions read only at the points such a policy decides).
    weighs: bool = False

    def distribution(self, state: "State") -> Distribution:
        """The probability of each choice this policy makes at ``state``'s point."""
        raise NotImplementedError

    def choose(self, state: "State") -> str:
        """A choice drawn from :meth:`distribution` by the game's seed (certain choices need no draw)."""
        dist = self.distribution(state)
        if len(dist) == 1:
            return dist[0][0]
        point = state.current
        assert point is not None
        u = draw(state.seed, f"{self.draw_key}:{point.id}")
        return dist[weighted_pick([p for _c, p in dist], u)][0]


@dataclass(frozen=True)
class HistoricalPolicy(Policy):
    """The historical choice when offered; otherwise a pick weighted by the scenario's ``ai_weight``
    (a number, or an expression evaluated on the state the policy finds)."""

    name = "historical"
    weighs = True

    def distribution(self, state: "State") -> Distribution:
        for choice in state.choices:
            if choice.historical:
                return ((choice.id, 1.0),)
        return weighted(state)


@dataclass(frozen=True)
class RandomPolicy(Policy):
    """Any available choice, uniformly."""

    name = "random"
    draw_key = "random"

    def distribution(self, state: "State") -> Distribution:
        return uniform(state)


@dataclass(frozen=True)
class ScriptedPolicy(Policy):
    """Plays the choices it was given by point id; falls back to history where the script is silent."""

    script: Mapping[str, str] = field(default_factory=dict)
    name = "scripted"
    weighs = True  # it falls back to history, which weighs

    def distribution(self, state: "State") -> Distribution:
        point = state.current
        assert point is not None
        wanted = self.script.get(point.id)
        if wanted is None:
            return HistoricalPolicy().distribution(state)
        if any(c.id == wanted for c in state.choices):
            return ((wanted, 1.0),)
        raise BlocGameError(
            f"the script picks '{wanted}' at point '{point.id}', but that choice is not available there"
        )


@dataclass(frozen=True)
class LookaheadPolicy(Policy):
    """Plays for its side's objectives, looking ``depth`` decisions ahead.

    At its own points it takes the choice with the best expected objective
    score; it expects the other side to make the historical policy's most
    likely choice and weighs chance events by their probabilities
    (expectimax). Ties go to the choice listed first, so it is deterministic.
    """

    depth: int = 3
    name = "lookahead"

    def distribution(self, state: "State") -> Distribution:
        side = state.to_move
        assert side is not None
        best_id, best = "", float("-inf")
        for choice in state.choices:
            value = self.expected(state, choice.id, side.side, self.depth - 1)
            if value > best + 1e-9:
                best_id, best = choice.id, value
        return ((best_id, 1.0),)

    def expected(self, state: "State", choice_id: str, side: str, depth: int) -> float:
        return sum(p * self.value(s, side, depth) for p, s in state.game.branches(state, choice_id) if p > 0)

    def value(self, state: "State", side: str, depth: int) -> float:
        point = state.current
        if point is None or depth <= 0:
            return state.objective_score(side)
        if point.actor == side:
            return max(self.expected(state, c.id, side, depth - 1) for c in state.choices)
        return self.expected(state, most_likely(HistoricalPolicy().distribution(state)), side, depth - 1)


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
