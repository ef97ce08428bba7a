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

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence, Union

from ..expr import Effects
from ..scenario.model import Choice, DecisionPoint, Ending, Event, Scenario

if TYPE_CHECKING:
    from .state import Record, State


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The variables and flags at one moment of a game (what a text variant's ``when`` reads)."""

    date: datetime.date
    values: tuple[int, ...]
    flags: tuple[Optional[datetime.date], ...]


@dataclass(frozen=True, slots=True)
class Told:
    """A log record with the text a player reads for it and the situation it happened in.

    ``text`` is the choice's consequence or the event's text, chosen for ``before``
    (the state just before the choice was made or the event fired); empty for a point
    passed by.
    """

    record: Record
    text: str
    before: Snapshot


def told(state: State, start: int = 0) -> tuple[Told, ...]:
    """The log from record ``start`` on, each record with its text resolved for the path.

    The situation before each record is rebuilt by re-applying the logged choices'
    and events' effects from the scenario's start (they are the only things that change
    the state), so it is exact without keeping every intermediate state.
    """
    sc = state.game.scenario
    values: list[int] = [v.initial for v in sc.variables]
    flags: list[Optional[datetime.date]] = [sc.start if f.initial else None for f in sc.flags]
    return tell(sc, state.log, values, flags, start)


def tell(sc: Scenario, records: Sequence[Record], values: list[int], flags: list[Optional[datetime.date]],
         start: int) -> tuple[Told, ...]:
    """Walk ``records`` from the situation (``values``, ``flags``), resolving each one's text
    just before applying its effects; the records from ``start`` on are returned."""
    out: list[Told] = []
    for i, record in enumerate(records):
        effects: Optional[Effects] = None
        text = None
        if record.kind == "choice":
            choice = sc.point(record.id).choice(record.choice or "")
            assert choice is not None
            effects, text = choice.effects, choice.consequence
        elif record.kind == "event":
            event = sc.event(record.id)
            effects, text = event.effects, event.text
        if i >= start:
            before = Snapshot(record.date, tuple(values), tuple(flags))
            out.append(Told(record, "" if text is None else text.for_state(before), before))
        if effects is not None and effects.statements:
            effects.fn(values, flags, record.date)
    return tuple(out)


@dataclass(frozen=True)
class Happening:
    """One thing that happened: when, whether history had it otherwise, and the text a player reads."""

    date: datetime.date
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


def of_told(state: State, told: Told) -> Happening:
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
    start = 0 if earlier is None else earlier if isinstance(earlier, int) else earlier.log_length
    out = [of_told(state, told) for told in state.told(start)]
    ending: Optional[Ending] = state.ending
    ended_before = earlier is not None and not isinstance(earlier, int) and earlier.is_over
    if ending is not None and not ended_before and start <= state.log_length:
        out.append(EndingReached(state.date, not ending.historical, ending.epilogue.for_state(state), ending))
    return tuple(out)
