"""The decision review: each of the player's decisions against the best choice and history's.

Like a chess engine's game review, but the measure is history: every value is the
player's side's expected outcome against history (its objective score at the end
minus the score history reached), from :mod:`.solve`'s exact backward induction
(the player's side playing its best afterwards, the other side by its policy's
distribution, chance by probability).

For each decision the player made the review gives the value of the choice taken,
of the best choice and of the historical choice (when the point happened in
history). **The decision that mattered most** is, among the decisions history also
faced, the one where the choice taken moved the expected outcome furthest from what
history's choice there would have given; when the player followed history at every
one, it is the one with the most at stake (the widest gap between its best and worst
choices). At that decision the player *beat*, *matched* or *fell short of* history.
Only a game whose every decision came at a point history never reached falls back to
the decision that gave up most against the best choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .engine import HistoricalPolicy, Policy, State
from .errors import BlocGameError
from .solve import MAX_STATES, Solution, solve

#: Values closer than this count as equal (scores are shown to one decimal).
EPSILON = 0.05

BEAT, MATCHED, FELL_SHORT = "beat", "matched", "fell short of"


@dataclass(frozen=True)
class DecisionReview:
    """One decision the player made, valued."""

    point_id: str
    date: str
    title: str
    side: str
    taken: str  # choice ids; labels are looked up where they are shown
    taken_label: str
    best: tuple[str, ...]  # every choice as good as the best
    best_label: str
    historical: Optional[str]
    historical_label: Optional[str]
    value_taken: float
    value_best: float
    value_historical: Optional[float]
    value_worst: float

    @property
    def loss(self) -> float:
        """How much the choice taken gave up against the best one (0 when it was a best choice)."""
        return self.value_best - self.value_taken

    @property
    def against_history(self) -> Optional[float]:
        """The choice taken's value minus history's choice's (None at a point history never reached)."""
        return None if self.value_historical is None else self.value_taken - self.value_historical

    @property
    def verdict(self) -> Optional[str]:
        """``beat``, ``matched`` or ``fell short of`` history at this decision."""
        delta = self.against_history
        if delta is None:
            return None
        return BEAT if delta > EPSILON else (FELL_SHORT if delta < -EPSILON else MATCHED)

    @property
    def importance(self) -> tuple[bool, float, float]:
        delta = self.against_history
        # A point history faced first (there the player beat, matched or fell short of it); then how far the
        # choice moved the outcome from history's choice (or, at a point history never faced, from the best);
        # then what was at stake.
        return (delta is not None, abs(delta) if delta is not None else self.loss, self.value_best - self.value_worst)


@dataclass(frozen=True)
class Review:
    """Every decision of one side, and the one that mattered most."""

    side: str
    side_name: str
    opponent: str  # the policy the other side is modelled by
    decisions: tuple[DecisionReview, ...]
    states: int
    seconds: float
    from_cache: bool = False
    #: The other side was a second player (hot-seat), modelled by the policy named in ``opponent``.
    opponent_human: bool = False

    @property
    def mattered_most(self) -> Optional[DecisionReview]:
        if not self.decisions:
            return None
        return max(self.decisions, key=lambda d: d.importance)  # the first of equals: max keeps it


def opponent_policy(state: State, side: str) -> tuple[Policy, bool]:
    """The policy the review assumes for the sides ``side`` does not play, and how to name it.

    A side played by a policy is modelled by that policy; a second human (hot-seat)
    is modelled by the historical policy (the second value says so).
    """
    others = [s for s in state.seats if s.side != side]
    policies = [s.policy for s in others if s.policy is not None]
    if policies:
        return policies[0], False
    return HistoricalPolicy(), True


def replay_decisions(state: State) -> list[tuple[State, str]]:
    """The state before every choice of the finished game ``state``, with the choice made there."""
    game = state.game
    current = game.new_state(state.seats, state.seed)
    out = []
    for record in state.path:
        if current.current is None or current.current.id != record.id:
            raise BlocGameError(f"the game's record does not replay at '{record.id}' ({record.date})")
        out.append((current, record.choice or ""))
        current = current.apply(record.choice or "", by=record.by or "human")
    return out


def review(state: State, side: Optional[str] = None, max_states: int = MAX_STATES) -> Review:
    """Review the decisions ``side`` made in ``state`` (default: the human side, else the first)."""
    sc = state.scenario
    if side is None:
        humans = state.human_sides
        side = humans[0] if humans else sc.side_ids[0]
    policy, human = opponent_policy(state, side)
    solution = solve(state.game, side, policy, max_states)
    states, seconds = solution.states, solution.seconds
    decisions = []
    for before, choice_id in replay_decisions(state):
        point = before.current
        assert point is not None
        if point.actor != side:
            continue
        if not solution.solved(before):
            # The other side chose what its policy never would (a second human): solve on from here.
            solution = solve(state.game, side, policy, max_states, root=before)
            states, seconds = states + solution.states, seconds + solution.seconds
        decisions.append(_review_one(solution, before, choice_id))
    return Review(side, sc.side(side).name, policy.name, tuple(decisions), states, seconds, solution.from_cache, human)


def _review_one(solution: Solution, before: State, choice_id: str) -> DecisionReview:
    point = before.current
    assert point is not None
    values = dict(solution.choices_at(before))
    best_value = max(values.values())
    best = tuple(c for c, v in values.items() if v >= best_value - 1e-9)
    hist = point.historical_choice
    hist_id = hist.id if hist is not None and hist.id in values else None

    def label(cid: str) -> str:
        choice = point.choice(cid)
        return choice.label if choice is not None else cid

    return DecisionReview(
        point_id=point.id, date=point.date.isoformat(), title=point.title, side=point.actor,
        taken=choice_id, taken_label=label(choice_id),
        best=best, best_label=label(choice_id if choice_id in best else best[0]),
        historical=hist_id, historical_label=label(hist_id) if hist_id else None,
        value_taken=values[choice_id], value_best=best_value,
        value_historical=values[hist_id] if hist_id else None, value_worst=min(values.values()),
    )
