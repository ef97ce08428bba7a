"""What happened in a game, as typed happenings (Ink's ``Continue``): the one source of every log a player reads.

``state.since(earlier)`` lists the happenings between two states of one game: a
:class:`ChoiceMade` (by whom), an :class:`EventResolved` (a chance event fired, or
came out against), a :class:`PointSkipped` and, at the end, an :class:`EndingReached`.
Each carries its point, choice, event or ending resolved from the scenario, and its
text chosen for the path by :meth:`~bloc_game.scenario.model.Text.for_state` (the one
place a text variant is picked).

Each happening also knows whether it is **counterfactual**, i.e. not what history
did: a choice at a point history never reached or other than history's, an event
that fired though not marked historical (or a historical one that did not fire), a
historical point that did not arise, an ending other than history's. Front ends mark
those visibly so a student never takes an invented event for a real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Optional, Union

from ..scenario.model import Choice, DecisionPoint, Ending, Event

if TYPE_CHECKING:
    from .state import State, Told


@dataclass(frozen=True)
class Happening:
    """One thing that happened: when, whether history had it otherwise, and the text a player reads."""

    date: date
    #: True when this is not what history did (see the module's documentation).
    counterfactual: bool
    #: The consequence, event text or epilogue, chosen for the path ("" when there is none).
    text: str

    @property
    def newsworthy(self) -> bool:
        """Whether a log shows it: everything but a non-event (a point or event history did not have either)."""
        return True


@dataclass(frozen=True)
class ChoiceMade(Happening):
    point: DecisionPoint
    choice: Choice
    side: str
    #: ``"human"`` or the name of the policy that chose.
    by: str


@dataclass(frozen=True)
class EventResolved(Happening):
    """A dated event that fired, or a chance event that came out against."""

    event: Event
    fired: bool

    @property
    def newsworthy(self) -> bool:
        return self.fired or self.event.historical  # a counterfactual event not firing is no news


@dataclass(frozen=True)
class PointSkipped(Happening):
    """A decision point whose moment did not come (its ``when`` was false, or nothing was on offer)."""

    point: DecisionPoint

    @property
    def newsworthy(self) -> bool:
        return not self.point.is_counterfactual  # a counterfactual point not arising is no news


@dataclass(frozen=True)
class EndingReached(Happening):
    ending: Ending


def of_told(state: "State", told: "Told") -> Happening:
    """The happening one logged record stands for."""
    sc = state.scenario
    record = told.record
    if record.kind == "choice":
        point = sc.point(record.id)
        choice = point.choice(record.choice or "")
        assert choice is not None
        return ChoiceMade(record.date, point.is_counterfactual or not choice.historical, told.text, point, choice,
                          record.actor or point.actor, record.by or "")
    if record.kind in ("event", "unfired"):
        event = sc.event(record.id)
        fired = record.kind == "event"
        return EventResolved(record.date, fired != event.historical, told.text, event, fired)
    point = sc.point(record.id)
    return PointSkipped(record.date, not point.is_counterfactual, "", point)


def happenings(state: "State", earlier: Union["State", int, None] = None) -> tuple[Happening, ...]:
    """What happened after ``earlier`` (a state of the same game, or a log length; ``None``: from the start)."""
    start = 0 if earlier is None else earlier if isinstance(earlier, int) else len(earlier.log)
    out = [of_told(state, told) for told in state.told(start)]
    ending: Optional[Ending] = state.ending
    ended_before = earlier is not None and not isinstance(earlier, int) and earlier.is_over
    if ending is not None and not ended_before and start <= len(state.log):
        out.append(EndingReached(state.date, not ending.historical, ending.epilogue.for_state(state), ending))
    return tuple(out)
