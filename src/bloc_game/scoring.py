"""Scoring a finished game against the actual historical sequence (DESIGN §4).

Three measures, each with documented bounds:

* **fidelity** in [0, 1]: the weighted share of historical decision points at
  which the historical choice was made (points never reached count as missed);
  with the **divergence point**, the first place the path left history.
* **timeline distance** in [0, number of timeline entries]: every dated
  happening of either timeline (a flag becoming true, or an event firing that
  sets no flag, since such an event is already told by its flag) costs
  0 when it happened on the same date as in history, 0.5 plus up to 0.5 more
  for a year or more of difference when its date moved, and 1 when it
  happened in only one of the two timelines.
* **outcome against history**, per side: the side's objective score on the
  final state minus its score on the state replaying history reaches; bounded
  by the side's objective bounds minus the historical score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from .engine import State
from .errors import BlocGameError
from .scenario.model import DecisionPoint, Ending, Event, Scenario

SAME, MOVED, NEVER, ONLY_HERE = "as in history", "another date", "never happened", "only in this game"


@dataclass(frozen=True)
class TimelineEntry:
    """One dated happening compared across the two timelines."""

    key: str  # "event:<id>" or "flag:<id>"
    title: str
    history_date: Optional[date]
    game_date: Optional[date]
    status: str
    cost: float

    @property
    def sort_date(self) -> date:
        return self.history_date or self.game_date  # type: ignore[return-value]


@dataclass(frozen=True)
class Divergence:
    """The first place the game left history."""

    kind: str  # "choice" (another choice), "skipped" (point never reached) or "event" (the dice)
    id: str
    date: date
    title: str
    actor: Optional[str] = None
    historical_choice: Optional[str] = None
    taken_choice: Optional[str] = None

    def describe(self) -> str:
        if self.kind == "choice":
            return f"{self.date} {self.title}: '{self.taken_choice}' instead of '{self.historical_choice}'"
        if self.kind == "skipped":
            return f"{self.date} {self.title}: never reached (history chose '{self.historical_choice}')"
        return f"{self.date} {self.title}: the event went otherwise than in history"


@dataclass(frozen=True)
class SideOutcome:
    side: str
    name: str
    score: float
    history_score: float
    low: float
    high: float

    @property
    def delta(self) -> float:
        """Positive when the side ended better off than it did in history."""
        return self.score - self.history_score


@dataclass(frozen=True)
class Report:
    """The end report of one game, measured against history."""

    fidelity: float
    fidelity_by_side: tuple[tuple[str, float], ...]
    divergence: Optional[Divergence]
    distance: float
    max_distance: int
    entries: tuple[TimelineEntry, ...]
    outcomes: tuple[SideOutcome, ...]
    ending: Ending
    historical_ending: Optional[Ending]

    def outcome(self, side: str) -> SideOutcome:
        return next(o for o in self.outcomes if o.side == side)


@dataclass(frozen=True)
class HistoricalStep:
    """One step of the actual sequence: a point with the choice history made, or an event that happened."""

    date: date
    title: str
    actor: Optional[str]  # the deciding side, for a decision point
    choice: Optional[str]  # the historical choice's label, for a decision point
    sources: tuple[str, ...]


def historical_record(scenario: Scenario) -> list[HistoricalStep]:
    """What really happened, in date order (what the end report shows beside the player's game)."""
    steps = [HistoricalStep(p.date, p.title, p.actor, p.historical_choice.label, p.sources)
             for p in scenario.points if p.historical_choice is not None]
    steps += [HistoricalStep(e.date, e.title, None, None, e.sources) for e in scenario.events if e.historical]
    return sorted(steps, key=lambda step: step.date)


def timeline(state: State) -> dict[str, tuple[date, str]]:
    """The dated happenings of a game: key -> (date, title)."""
    sc = state.scenario
    out: dict[str, tuple[date, str]] = {}
    # An event that sets a flag is represented by its flag, so it is not counted twice.
    counted = {e.id: e.title for e in sc.events if not any(
        s.target in state.game.flag_ids for s in e.effects.statements)}
    for record in state.log:
        if record.kind == "event" and record.id in counted:
            out[f"event:{record.id}"] = (record.date, counted[record.id])
    for flag, when in zip(sc.flags, state.flags):
        if when is not None:
            out[f"flag:{flag.id}"] = (when, flag.label.for_state(state))
    return out


def _entry_cost(history_date: Optional[date], game_date: Optional[date]) -> tuple[str, float]:
    if history_date is None:
        return ONLY_HERE, 1.0
    if game_date is None:
        return NEVER, 1.0
    days = abs((game_date - history_date).days)
    if days == 0:
        return SAME, 0.0
    return MOVED, 0.5 + 0.5 * min(1.0, days / 365)


def compare_timelines(state: State, history: State) -> tuple[TimelineEntry, ...]:
    ours, theirs = timeline(state), timeline(history)
    entries = []
    for key in {**theirs, **ours}:  # history's order first, then what only this game has
        h = theirs.get(key)
        g = ours.get(key)
        status, cost = _entry_cost(h[0] if h else None, g[0] if g else None)
        title = (h or g)[1]  # type: ignore[index]
        entries.append(TimelineEntry(key, title, h[0] if h else None, g[0] if g else None, status, cost))
    return tuple(sorted(entries, key=lambda e: (e.sort_date, e.key)))


def _fidelity(state: State) -> tuple[float, dict[str, float]]:
    sc = state.scenario
    chosen = {r.id: r.choice for r in state.path}
    total: dict[str, float] = {s: 0.0 for s in sc.side_ids}
    kept: dict[str, float] = {s: 0.0 for s in sc.side_ids}
    for point in sc.points:
        hist = point.historical_choice
        if hist is None:
            continue
        total[point.actor] += point.weight
        if chosen.get(point.id) == hist.id:
            kept[point.actor] += point.weight
    by_side = {s: (kept[s] / total[s] if total[s] else 1.0) for s in sc.side_ids}
    grand = sum(total.values())
    return (sum(kept.values()) / grand if grand else 1.0), by_side


def find_divergence(state: State, history: State) -> Optional[Divergence]:
    """Walk the scenario's timeline in order; the first difference from history is the divergence."""
    chosen = {r.id: r.choice for r in state.path}
    fired = {r.id for r in state.log if r.kind == "event"}
    fired_in_history = {r.id for r in history.log if r.kind == "event"}
    for step in state.scenario.timeline:
        if isinstance(step, DecisionPoint):
            hist = step.historical_choice
            if hist is None:
                continue
            taken = chosen.get(step.id)
            if taken == hist.id:
                continue
            kind = "skipped" if taken is None else "choice"
            return Divergence(kind, step.id, step.date, step.title, step.actor, hist.id, taken)
        assert isinstance(step, Event)
        if (step.id in fired) != (step.id in fired_in_history):
            return Divergence("event", step.id, step.date, step.title)
    return None


def score(state: State) -> Report:
    """Score a finished game against the scenario's history. Raises if the game is not over."""
    if not state.is_over or state.ending is None:
        raise BlocGameError("the game is not over yet; only a finished game can be scored")
    history = state.game.history()
    entries = compare_timelines(state, history)
    fidelity, by_side = _fidelity(state)
    outcomes = []
    for side in state.scenario.sides:
        low, high = side.score_bounds
        outcomes.append(SideOutcome(side.id, side.name, state.objective_score(side.id),
                                    history.objective_score(side.id), low, high))
    return Report(
        fidelity=fidelity,
        fidelity_by_side=tuple(by_side.items()),
        divergence=find_divergence(state, history),
        distance=sum(e.cost for e in entries),
        max_distance=len(entries),
        entries=entries,
        outcomes=tuple(outcomes),
        ending=state.ending,
        historical_ending=next((e for e in state.scenario.endings if e.historical), None),
    )
