"""The game record: one value that rebuilds a game (python-chess's PGN, OpenSpiel's ``serialize``).

A :class:`GameRecord` holds the scenario (its path when recorded, its id and its
content hash), the :class:`Seating`, the seed, the opponent policy and every move:
each choice with who made it, and each chance event's outcome. ``state.record()``
makes one; ``game.replay(record)`` plays it back. Saves, replay files and live
reload all go through this one pair, so they share one mismatch rule:

**The mismatch rule.** The record's moves are compared, in order, with the moves the
replayed game makes. A recorded choice is played when the game is waiting at its
point with that choice available now and the seat to move is the one that made it
(a human, or the named policy); a recorded chance step must be the outcome the game
drew. The first move that does not fit is the mismatch, and so is a game that makes
more moves than the record lists. ``on_mismatch="raise"`` raises
:class:`~bloc_game.errors.RecordMismatchError`; ``on_mismatch="stop"`` keeps the
game as replayed up to there. Policies' recorded choices are played as recorded, not
asked again, so a game replays as it was played.

After the last move a game with a human seat goes on until a human must choose; a
watched game stays where its record ends (so a watched game saved at move 3 resumes
at move 3).

Records written before the game record existed list only the human choices
(``complete`` is false): the policies play the points between and after them as the
seating says (a watched game to its end, as it did then), and only the human choices
are compared.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, Iterable, Literal, Optional, Sequence

from ..errors import BlocGameError, RecordMismatchError, UnknownSideError

if TYPE_CHECKING:
    from .game import Game
    from .state import Record, Seat, State

HUMAN = "human"
#: What :func:`replay` does at a move that does not fit the game (see the module's documentation).
Mismatch = Literal["raise", "stop"]


class SeatingMode(Enum):
    """Who sits at the game: one side human, every side human, or none."""

    SIDE = "side"
    HOTSEAT = "hotseat"
    WATCH = "watch"


@dataclass(frozen=True)
class Seating:
    """A :class:`SeatingMode` and, for :attr:`SeatingMode.SIDE`, the side the human plays.

    Written as text the way players type it: a side id, ``hotseat`` or ``watch``.

    >>> Seating.parse("hotseat", ("ussr", "nato")) is Seating.HOTSEAT
    True
    >>> str(Seating.parse("nato", ("ussr", "nato")))
    'nato'
    >>> Seating.parse("usa", ("ussr", "nato"))
    Traceback (most recent call last):
    ...
    bloc_game.errors.UnknownSideError: unknown side 'usa'; choose one of ussr, nato, hotseat, watch
    """

    mode: SeatingMode
    side: Optional[str] = None

    HOTSEAT: ClassVar["Seating"]
    WATCH: ClassVar["Seating"]

    @classmethod
    def playing(cls, side: str) -> "Seating":
        return cls(SeatingMode.SIDE, side)

    @classmethod
    def choices(cls, sides: Sequence[str]) -> tuple[str, ...]:
        """Every way of writing a seating for a scenario with these sides."""
        return (*sides, SeatingMode.HOTSEAT.value, SeatingMode.WATCH.value)

    @classmethod
    def parse(cls, text: "str | Seating", sides: Sequence[str]) -> "Seating":
        """The seating ``text`` names; raises :class:`~bloc_game.errors.UnknownSideError`."""
        if isinstance(text, Seating):
            seating = text
        elif text == SeatingMode.HOTSEAT.value:
            return cls.HOTSEAT
        elif text == SeatingMode.WATCH.value:
            return cls.WATCH
        else:
            seating = cls.playing(text)
        if seating.mode is SeatingMode.SIDE and seating.side not in sides:
            raise UnknownSideError(f"unknown side '{seating.side}'; choose one of {', '.join(cls.choices(sides))}")
        return seating

    @classmethod
    def of(cls, seats: Iterable["Seat"]) -> "Seating":
        """The seating of a game's seats (one human side, all human, or none)."""
        seats = tuple(seats)
        humans = [s.side for s in seats if s.is_human]
        if len(humans) == len(seats):
            return cls.HOTSEAT
        if not humans:
            return cls.WATCH
        return cls.playing(humans[0])

    def is_human(self, side: str) -> bool:
        return self.mode is SeatingMode.HOTSEAT or (self.mode is SeatingMode.SIDE and self.side == side)

    @property
    def watching(self) -> bool:
        return self.mode is SeatingMode.WATCH

    def __str__(self) -> str:
        return self.side if self.mode is SeatingMode.SIDE and self.side else self.mode.value


Seating.HOTSEAT = Seating(SeatingMode.HOTSEAT)
Seating.WATCH = Seating(SeatingMode.WATCH)


@dataclass(frozen=True)
class Move:
    """One move of a game: a choice (``point``, ``choice``, ``by``) or a chance step (``event``, ``fired``)."""

    point: Optional[str] = None
    choice: Optional[str] = None
    by: Optional[str] = None
    event: Optional[str] = None
    fired: Optional[bool] = None

    @property
    def is_chance(self) -> bool:
        return self.event is not None

    def describe(self) -> str:
        if self.event is not None:
            return f"event '{self.event}' {'fired' if self.fired else 'did not fire'}"
        who = "a human" if self.by == HUMAN else f"the {self.by} policy"
        return f"{who} chose '{self.choice}' at '{self.point}'"


@dataclass(frozen=True)
class GameRecord:
    """Everything needed to rebuild a game; see the module's documentation for how it replays.

    >>> import bloc_game
    >>> game = bloc_game.load("tutorial_stalin_note")
    >>> state = game.start("watch", seed=3, autoplay=False).step().step()
    >>> record = state.record()
    >>> str(record.seating), len([m for m in record.moves if not m.is_chance])
    ('watch', 2)
    >>> game.replay(record).log == state.log
    True
    """

    scenario_id: str
    scenario_hash: str
    seating: Seating
    seed: int
    opponent: str = "historical"
    script: tuple[tuple[str, str], ...] = ()
    moves: tuple[Move, ...] = ()
    #: False for records that list the human choices only (made before the game record existed).
    complete: bool = True
    #: The scenario file as it was found when the record was made ("" if unknown).
    scenario_path: str = ""

    @property
    def human_choices(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if m.by == HUMAN)


def moves_of(game: "Game", log: Iterable["Record"]) -> Iterable[Move]:
    """The moves a log records: its choices and its chance events' outcomes."""
    chance = game.chance_events
    for entry in log:
        if entry.kind == "choice":
            yield Move(point=entry.id, choice=entry.choice, by=entry.by)
        elif entry.kind in ("event", "unfired") and entry.id in chance:
            yield Move(event=entry.id, fired=entry.kind == "event")


def record_of(state: "State") -> GameRecord:
    from pathlib import Path

    from .policies import ScriptedPolicy

    sc = state.scenario
    policy = next((s.policy for s in state.seats if s.policy is not None), None)
    script = tuple(policy.script.items()) if isinstance(policy, ScriptedPolicy) else ()
    path = Path(sc.path) if sc.path else None
    return GameRecord(
        scenario_id=sc.id, scenario_hash=sc.content_hash, seating=Seating.of(state.seats), seed=state.seed,
        opponent="historical" if policy is None else policy.name, script=script,
        moves=tuple(moves_of(state.game, state.log)),
        scenario_path=str(path.resolve()) if path is not None and path.is_file() else "",
    )


def replay(game: "Game", record: GameRecord, on_mismatch: Mismatch = "raise") -> "State":
    """Play ``record`` on ``game`` by the module's mismatch rule."""
    from .state import _with_previous

    if on_mismatch not in ("raise", "stop"):
        raise ValueError(f"on_mismatch is 'raise' or 'stop', not {on_mismatch!r}")
    seating = Seating.parse(record.seating, game.scenario.side_ids)
    state = game.start(seating, seed=record.seed, opponent=record.opponent, script=record.script, autoplay=False)

    def listed(moves: Iterable[Move]) -> Iterable[Move]:  # the moves of the game the record lists
        return moves if record.complete else (m for m in moves if m.by == HUMAN)

    made = deque(listed(moves_of(game, state.log)))  # moves the replayed game made, not yet compared
    seen = state.log_length

    def go_on(state: "State") -> "State":  # after the record: policies play unless watching move by move
        return state if seating.watching and record.complete else state.autoplay()

    def mismatch(index: int, reason: str) -> "State":
        if on_mismatch == "raise":
            raise RecordMismatchError(index, reason, state)
        return go_on(state)

    for index, move in enumerate(record.moves):
        if not made:
            if not record.complete:
                state = state.autoplay()
                seen = state.log_length
            reason = _unfit(state, move)
            if reason is not None:
                return mismatch(index, reason)
            before, seat = state, state.to_move
            assert seat is not None and move.choice is not None
            try:
                state = state.apply(move.choice, by=seat.label)
            except BlocGameError as err:  # pragma: no cover - _unfit checked the same
                return mismatch(index, str(err))
            if seat.is_human:
                state = _with_previous(state, before)  # undo comes back here, as after State.choose
            made.extend(listed(moves_of(game, state.log[seen:])))
            seen = state.log_length
        step = made.popleft()
        if step != move:
            return mismatch(index, f"the game's next move is that {step.describe()}, "
                                   f"the record's that {move.describe()}")
    if made:
        return mismatch(len(record.moves), f"the record ends, but the game goes on: {made[0].describe()}")
    return go_on(state)


def _unfit(state: "State", move: Move) -> Optional[str]:
    """Why ``move`` cannot be played on ``state`` now, or ``None`` if it can."""
    if move.is_chance:
        return f"the record says {move.describe()}, but the game reached no chance event there"
    point = state.current
    if point is None:
        ending = state.ending.id if state.ending else ""
        return f"the game is over ({ending}) before {move.describe()}"
    if point.id != move.point:
        return f"the game is at point '{point.id}' ({point.date}), not '{move.point}'"
    if not any(c.id == move.choice for c in state.choices):
        offered = ", ".join(c.id for c in state.choices)
        reason = "is not available now" if point.choice(move.choice or "") else "is not a choice of this point"
        return f"'{move.choice}' {reason} ('{point.id}', {point.date}); the choices are: {offered}"
    seat = state.to_move
    assert seat is not None
    if move.by is not None and move.by != seat.label:
        return f"at '{point.id}' the {seat.side} seat is played by {seat.label}, but the record has {move.by}"
    return None
