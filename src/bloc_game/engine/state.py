"""Immutable positions of a game (:class:`State`), their log and seats.

Modelled on OpenSpiel's Game/State split and python-chess's move stack: a
State never changes; :meth:`State.choose` returns a new one that remembers its
predecessor, so undo is free and a game record is just the path of choices.
The rules that advance a game live in :mod:`.game` (:class:`~.game.Game`);
turning the log into what a player reads lives in :mod:`.narration`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Union

from ..errors import GameOverError, IllegalChoiceError
from ..scenario.model import Choice, DecisionPoint, Ending, Scenario
from .record import HUMAN, GameRecord, Seating, record_of

if TYPE_CHECKING:
    from .game import Game
    from .narration import Happening, Told
    from .policies import Policy

Number = Union[int, float]


@dataclass(frozen=True, slots=True)
class Record:
    """One line of a game's log: a choice made, an event that fired, or a point passed by."""

    kind: str  # "choice", "event" (fired), "unfired" (a chance event that did not fire) or "skipped"
    date: datetime.date
    id: str  # the point's or event's id
    actor: Optional[str] = None  # the side that chose
    choice: Optional[str] = None  # the choice's id
    by: Optional[str] = None  # "human" or the policy's name


#: The log is a persistent (cons) list, so appending shares the whole past: a node is
#: ``(previous node or None, length, kind, step, choice id or None, by or None)``, a plain
#: tuple because the engine makes one per move; the :class:`Record` a reader sees is built
#: from it only when the log is read.
_Log = tuple[Any, ...]


def _record(node: _Log) -> Record:
    _previous, _length, kind, step, choice, by = node
    actor = step.actor if kind in ("choice", "skipped") else None
    return Record(kind, step.date, step.id, actor, choice, by)


def _records(node: Optional[_Log], stop: Optional[_Log] = None) -> list[Record]:
    """The records from the node ``stop`` (exclusive; ``None``: the start) to ``node``, in order."""
    nodes = []
    while node is not stop:
        if node is None or (stop is not None and node[1] <= stop[1]):
            raise ValueError("the log does not grow from that point")
        nodes.append(node)
        node = node[0]
    return [_record(n) for n in reversed(nodes)]


@dataclass(frozen=True)
class Seat:
    """Who decides for a side: a human, or a policy."""

    side: str
    policy: Optional["Policy"] = None

    @property
    def is_human(self) -> bool:
        return self.policy is None

    @property
    def label(self) -> str:
        return HUMAN if self.policy is None else self.policy.name


@dataclass(frozen=True, eq=False, slots=True)
class State:
    """An immutable snapshot of a game in progress.

    Attributes a front end reads: :attr:`current` (the decision point waiting,
    or ``None`` when over), :attr:`choices` (the ones available now),
    :attr:`date`, :meth:`value`, :meth:`flag_date`, :attr:`log`,
    :attr:`ending`. Moving on is :meth:`choose`; going back is :meth:`undo`.
    """

    game: "Game"
    seed: int
    seats: tuple[Seat, ...]
    history_mode: bool
    cursor: int
    date: datetime.date
    values: tuple[int, ...]
    flags: tuple[Optional[datetime.date], ...]
    _log: Optional[_Log] = field(repr=False)
    ending: Optional[Ending] = None
    #: The state before the last choice a human made (what undo returns to).
    previous: Optional["State"] = field(default=None, repr=False)

    # ----------------------------------------------------------------- reading

    @property
    def scenario(self) -> Scenario:
        return self.game.scenario

    @property
    def is_over(self) -> bool:
        return self.ending is not None

    @property
    def current(self) -> Optional[DecisionPoint]:
        """The decision point waiting for a choice, or ``None`` when the game is over."""
        if self.ending is not None:
            return None
        step = self.game.scenario.timeline[self.cursor]
        assert isinstance(step, DecisionPoint)
        return step

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The choices of the current point whose ``when`` holds now."""
        point = self.current
        return () if point is None else self.game.available(point, self.values, self.flags)

    @property
    def to_move(self) -> Optional[Seat]:
        point = self.current
        return None if point is None else self.seat(point.actor)

    def seat(self, side: str) -> Seat:
        return next(s for s in self.seats if s.side == side)

    @property
    def seating(self) -> Seating:
        """Who sits at this game: one side human, every side (hot-seat), or none (watch)."""
        return Seating.of(self.seats)

    @property
    def human_sides(self) -> tuple[str, ...]:
        return tuple(s.side for s in self.seats if s.is_human)

    @property
    def log(self) -> tuple[Record, ...]:
        return tuple(_records(self._log))

    @property
    def log_length(self) -> int:
        """How many records the log holds (without building them)."""
        return 0 if self._log is None else self._log[1]

    def log_after(self, length: int) -> tuple[Record, ...]:
        """The log's records after its first ``length`` (the tail only is built)."""
        nodes = []
        node = self._log
        while node is not None and node[1] > length:
            nodes.append(node)
            node = node[0]
        return tuple(_record(n) for n in reversed(nodes))

    @property
    def path(self) -> tuple[Record, ...]:
        """The choices made so far, both sides', in order."""
        return tuple(r for r in self.log if r.kind == "choice")

    def since(self, earlier: Union["State", int, None] = None) -> tuple["Happening", ...]:
        """What happened after ``earlier`` (a state of this game or a log length; ``None``: everything), in order.

        Typed happenings (a choice made and by whom, an event fired or not, a point
        skipped, the ending reached), each with its text chosen for the path and marked
        counterfactual when history went otherwise; see :mod:`bloc_game.engine.narration`.
        """
        from .narration import happenings

        return happenings(self, earlier)

    def told(self, start: int = 0) -> tuple[Told, ...]:
        """The log from record ``start`` on, each record with its text resolved for the path."""
        from .narration import told

        return told(self, start)

    def told_after(self, earlier: State) -> tuple[Told, ...]:
        """Like :meth:`told` for the records after ``earlier``, a state this one grew from
        (what look-ahead and lint use: no replay from the start)."""
        from .narration import tell

        try:  # the logs share their past: walk back to where they meet
            records = _records(self._log, earlier._log)
        except ValueError:
            raise ValueError("told_after needs a state this one grew from") from None
        return tell(self.game.scenario, records, list(earlier.values), list(earlier.flags), 0)

    def value(self, variable_id: str) -> int:
        return self.values[self.game.scenario.variable_index(variable_id)]

    def flag_date(self, flag_id: str) -> Optional[datetime.date]:
        """The date the flag became true, or ``None`` while it is false."""
        return self.flags[self.game.scenario.flag_index(flag_id)]

    def flag(self, flag_id: str) -> bool:
        return self.flag_date(flag_id) is not None

    @property
    def variables(self) -> dict[str, int]:
        return {v.id: x for v, x in zip(self.game.scenario.variables, self.values)}

    @property
    def flags_set(self) -> dict[str, datetime.date]:
        return {f.id: d for f, d in zip(self.game.scenario.flags, self.flags) if d is not None}

    def objective_score(self, side: str) -> float:
        """The side's objectives on this state: the sum of weight times value."""
        return self.game.objective_score(self.game.scenario.side(side), self.values, self.flags)

    # ----------------------------------------------------------------- moving

    def apply(self, choice_id: str, by: str = HUMAN) -> "State":
        """Make one choice at the current point and run on to the next point.

        Unlike :meth:`choose`, policies are not consulted for the points that
        follow. Raises :class:`IllegalChoiceError` for a choice not offered now.
        """
        game = self.game
        if self.ending is not None:
            raise GameOverError("the game is over; there is nothing left to choose")
        offer = game.offers[self.cursor]
        found = None if offer is None else offer.get(choice_id)
        values, flags = self.values, self.flags
        if found is None or (found[1] is not None and not found[1](values, flags)):
            raise self._illegal(choice_id)
        point = game._plan[self.cursor][1]  # the point under the cursor (offer was not None)
        draft = _Draft(self.cursor, self.date, list(values), list(flags), self._log, None)
        if game._take(draft, point, choice_id, found[2], by) is None:
            game.run(draft, self.seed, "history" if self.history_mode else "roll")
        return draft.freeze(self, previous=self.previous)

    def _illegal(self, choice_id: str) -> IllegalChoiceError:
        point = self.current
        assert point is not None
        offered = ", ".join(c.id for c in self.choices)
        exists = point.choice(choice_id) is not None
        reason = "is not available now" if exists else "is not a choice of this point"
        return IllegalChoiceError(f"'{choice_id}' {reason} ('{point.id}', {point.date}); the choices are: {offered}")

    def choose(self, choice_id: str) -> "State":
        """Make a choice, then let the policies play until a human must choose or the game ends.

        The returned state's :meth:`undo` comes back to this one.
        """
        seat = self.to_move
        state = self.apply(choice_id, by=HUMAN if seat is None else seat.label)
        state = _with_previous(state, self)
        return state.autoplay()

    def autoplay(self) -> "State":
        """Let policies choose at every point whose side is not human."""
        state = self
        while not state.is_over:
            seat = state.to_move
            if seat is None or seat.policy is None:
                break
            state = state.apply(seat.policy.choose(state), by=seat.label)  # keeps the same undo target
        return state

    def step(self) -> "State":
        """Let the seat to move play one move by its policy (a watched game goes move by move).

        Raises :class:`GameOverError` when the game is over and :class:`IllegalChoiceError`
        when a human is to move (a human's move is :meth:`choose`).
        """
        seat = self.to_move
        if seat is None:
            raise GameOverError("the game is over; there is nothing left to play")
        if seat.policy is None:
            raise IllegalChoiceError(f"the {seat.side} seat is a human's; play its move with choose()")
        return self.apply(seat.policy.choose(self), by=seat.label)

    def record(self) -> GameRecord:
        """The game record that rebuilds this game with :meth:`Game.replay`.

        (Not for :meth:`Game.history`'s baseline, whose chance events follow history rather
        than the seed: its record would not replay.)
        """
        return record_of(self)

    def undo(self) -> "State":
        """The state before the last human choice. Raises :class:`IndexError` at the start."""
        if self.previous is None:
            raise IndexError("nothing to undo: no choice has been made yet")
        return self.previous

    @property
    def can_undo(self) -> bool:
        return self.previous is not None


def _with_previous(state: State, previous: Optional[State]) -> State:
    object.__setattr__(state, "previous", previous)  # a fresh state nobody else holds yet
    return state


class _Draft:
    """The mutable working copy the engine advances before freezing it into a State."""

    __slots__ = ("cursor", "date", "values", "flags", "log", "ending")

    def __init__(self, cursor: int, today: datetime.date, values: list[int], flags: list[Optional[datetime.date]],
                 log: Optional[_Log], ending: Optional[Ending]) -> None:
        self.cursor = cursor
        self.date = today
        self.values = values
        self.flags = flags
        self.log = log
        self.ending = ending

    @classmethod
    def of(cls, state: State) -> "_Draft":
        return cls(state.cursor, state.date, list(state.values), list(state.flags), state._log, state.ending)

    def copy(self) -> "_Draft":
        return _Draft(self.cursor, self.date, list(self.values), list(self.flags), self.log, self.ending)

    def freeze(self, template: State, previous: Optional[State]) -> State:
        # The hot path of the engine: fill the frozen, slotted State's fields straight through
        # their slot descriptors rather than through the dataclass __init__ (whose frozen
        # __setattr__ checks every field).
        state = _new_state(State)
        _set_game(state, template.game)
        _set_seed(state, template.seed)
        _set_seats(state, template.seats)
        _set_history_mode(state, template.history_mode)
        _set_cursor(state, self.cursor)
        _set_date(state, self.date)
        _set_values(state, tuple(self.values))
        _set_flags(state, tuple(self.flags))
        _set_log(state, self.log)
        _set_ending(state, self.ending)
        _set_previous(state, previous)
        return state


_new_state = object.__new__
(_set_game, _set_seed, _set_seats, _set_history_mode, _set_cursor, _set_date, _set_values, _set_flags, _set_log,
 _set_ending, _set_previous) = (getattr(State, name).__set__ for name in (
    "game", "seed", "seats", "history_mode", "cursor", "date", "values", "flags", "_log", "ending", "previous"))
