"""Scoring a finished game against the actual historical sequence (DESIGN §4).

Four measures, each with documented bounds:

* **fidelity** in [0, 1]: the weighted share of historical decision points at
  which the historical choice was made (points never reached count as missed);
  with the **divergence point**, the first place the path left history.
* **timeline distance** in [0, 100], on one fixed scale per scenario so two
  games of the same scenario compare. Both timelines hold every dated
  happening: each decision point reached ("who chose what, when"), each event
  that fired, each flag that became true, and the ending. Each happening costs

  - 0 when it happened on the same date as in history (a decision: with the
    same choice);
  - 0.5, plus up to 0.5 more for a year or more of difference, when its date moved;
  - 1 when it happened in only one of the two timelines, or a decision point
    was met with another choice, or the game ended otherwise;
  - 0 when history did it *after this game ended*: a game that ends early (an
    early ending, or a scenario cut short) has a **horizon**, its last date, and
    it says nothing about what came after, so those happenings are shown apart
    and cost nothing. What the early ending itself changed is counted by the
    ending's entry.

  The sum is divided by the scenario's **scale**: the number of happenings any
  game of it could hold (every decision point, event and flag, and the ending),
  each of which costs at most 1, then multiplied by 100. So 0 is history and
  100 would be a game in which every possible happening went otherwise.
* **outcome against history**, per side: the side's objective score on the
  final state minus its score on the state replaying history reaches; bounded
  by the side's objective bounds minus the historical score.
* **the decision review** (:mod:`.review`): each of the player's decisions
  against the best choice and history's, from exact backward induction.

Every name in a report is a label (a point's title, a choice's label, a flag's
label, a side's name, an ending's title), never an id; ids stay in ``key``
fields for machines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from .engine import State
from .errors import BlocGameError
from .scenario.model import DecisionPoint, Ending, Event, Scenario

SAME, MOVED, NEVER, ONLY_HERE = "as in history", "another date", "never happened", "only in this game"
OTHER_CHOICE, AFTER = "another choice", "after this game ended"


@dataclass(frozen=True)
class Happening:
    """One dated happening of one timeline: what happened, and for a decision, who chose what."""

    key: str  # "point:<id>", "event:<id>", "flag:<id>" or "ending"
    date: date
    title: str  # the point's title, the event's title, the flag's label, or "The period ends"
    detail: str = ""  # for a decision "<side>: <choice label>"; for the ending its title
    choice: Optional[str] = None  # the choice id at a decision point, or the ending id (for comparing)


@dataclass(frozen=True)
class TimelineEntry:
    """One happening compared across the two timelines."""

    key: str
    title: str
    history_date: Optional[date]
    game_date: Optional[date]
    status: str
    cost: float
    history_detail: str = ""
    game_detail: str = ""

    @property
    def sort_date(self) -> date:
        when = self.history_date or self.game_date
        assert when is not None  # an entry is on at least one of the two timelines
        return when

    @property
    def after_horizon(self) -> bool:
        return self.status == AFTER


@dataclass(frozen=True)
class Divergence:
    """The first place the game left history."""

    kind: str  # "choice" (another choice), "skipped" (point never reached) or "event" (the dice)
    id: str
    date: date
    title: str
    actor: Optional[str] = None
    historical_choice: Optional[str] = None  # ids, for machines
    taken_choice: Optional[str] = None
    historical_label: Optional[str] = None  # labels, for people
    taken_label: Optional[str] = None

    def describe(self) -> str:
        if self.kind == "choice":
            return f"{self.date} {self.title}: '{self.taken_label}' instead of '{self.historical_label}'"
        if self.kind == "skipped":
            return f"{self.date} {self.title}: never reached (history chose '{self.historical_label}')"
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


#: The timeline distance's fixed scale: 0 is history, this is the most any game can differ.
DISTANCE_SCALE = 100


@dataclass(frozen=True)
class Report:
    """The end report of one game, measured against history."""

    fidelity: float
    fidelity_by_side: tuple[tuple[str, float], ...]
    divergence: Optional[Divergence]
    distance: float  # on the scenario's fixed scale, 0 .. DISTANCE_SCALE
    max_distance: int  # DISTANCE_SCALE
    entries: tuple[TimelineEntry, ...]
    outcomes: tuple[SideOutcome, ...]
    ending: Ending
    historical_ending: Optional[Ending]
    horizon: date = date.min  # the game's last date; history after it is "after this game ended"
    raw_distance: float = 0.0  # the sum of the entries' costs
    scale: int = 1  # the happenings any game of the scenario could hold (the divisor)

    def outcome(self, side: str) -> SideOutcome:
        return next(o for o in self.outcomes if o.side == side)

    @property
    def within_horizon(self) -> tuple[TimelineEntry, ...]:
        return tuple(e for e in self.entries if not e.after_horizon)

    @property
    def after_horizon(self) -> tuple[TimelineEntry, ...]:
        return tuple(e for e in self.entries if e.after_horizon)

    @property
    def ended_early(self) -> bool:
        return bool(self.after_horizon)


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


ENDING_TITLE = "The period ends"


def timeline(state: State) -> dict[str, Happening]:
    """Every dated happening of a game, by key: decisions, events, flags, and the ending if over."""
    sc = state.scenario
    events = {e.id: e for e in sc.events}
    out: dict[str, Happening] = {}
    for record in state.log:
        if record.kind == "choice":
            point = sc.point(record.id)
            choice = point.choice(record.choice or "")
            label = choice.label if choice is not None else (record.choice or "")
            out[f"point:{record.id}"] = Happening(f"point:{record.id}", record.date, point.title,
                                                  f"{sc.side(point.actor).name}: {label}", record.choice)
        elif record.kind == "event":
            out[f"event:{record.id}"] = Happening(f"event:{record.id}", record.date, events[record.id].title)
    for flag, when in zip(sc.flags, state.flags):
        if when is not None:
            out[f"flag:{flag.id}"] = Happening(f"flag:{flag.id}", when, flag.label.for_state(state))
    if state.ending is not None:
        out["ending"] = Happening("ending", state.date, ENDING_TITLE, state.ending.title, state.ending.id)
    return out


def distance_scale(scenario: Scenario) -> int:
    """How many happenings any game of the scenario could hold: the divisor of the fixed scale."""
    return len(scenario.points) + len(scenario.events) + len(scenario.flags) + 1


def _entry_cost(history_date: Optional[date], game_date: Optional[date]) -> tuple[str, float]:
    if history_date is None:
        return ONLY_HERE, 1.0
    if game_date is None:
        return NEVER, 1.0
    days = abs((game_date - history_date).days)
    if days == 0:
        return SAME, 0.0
    return MOVED, 0.5 + 0.5 * min(1.0, days / 365)


def compare(h: Optional[Happening], g: Optional[Happening], horizon: date) -> tuple[str, float]:
    """The status and cost of one happening (the rule in this module's docstring)."""
    if h is not None and g is None and h.key != "ending" and h.date > horizon:
        return AFTER, 0.0
    if h is not None and g is not None and h.choice != g.choice:
        return OTHER_CHOICE, 1.0
    return _entry_cost(h.date if h else None, g.date if g else None)


def compare_timelines(state: State, history: State) -> tuple[TimelineEntry, ...]:
    ours, theirs = timeline(state), timeline(history)
    horizon = state.date
    entries = []
    for key in {**theirs, **ours}:
        h, g = theirs.get(key), ours.get(key)
        status, cost = compare(h, g, horizon)
        seen = h or g
        assert seen is not None  # the key came from one of the two timelines
        title = seen.title
        entries.append(TimelineEntry(key, title, h.date if h else None, g.date if g else None, status, cost,
                                     h.detail if h else "", g.detail if g else ""))
    return tuple(sorted(entries, key=lambda e: (e.key == "ending", e.sort_date, e.key)))


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
            taken_choice = step.choice(taken) if taken is not None else None
            return Divergence(kind, step.id, step.date, step.title, step.actor, hist.id, taken,
                              hist.label, taken_choice.label if taken_choice is not None else None)
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
    raw = sum(e.cost for e in entries)
    scale = distance_scale(state.scenario)
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
        distance=DISTANCE_SCALE * raw / scale,
        max_distance=DISTANCE_SCALE,
        entries=entries,
        outcomes=tuple(outcomes),
        ending=state.ending,
        historical_ending=next((e for e in state.scenario.endings if e.historical), None),
        horizon=state.date,
        raw_distance=raw,
        scale=scale,
    )
