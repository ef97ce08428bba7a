"""The immutable scenario model: what a loaded, validated YAML scenario is.

Every element keeps ``where`` (its position in the file) so that later checks
(the history test, lint, the UI) can point an author at the right line. The
positions take no part in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from typing import Optional, Union

from ..errors import Position
from ..expr import Condition, Effects, Quantity, Symbols

#: The scenario format version this release reads and writes.
FORMAT_VERSION = 1

_NOWHERE = Position("")


def _where() -> Position:
    return field(default=_NOWHERE, compare=False, repr=False)  # type: ignore[return-value]


@dataclass(frozen=True)
class Objective:
    """Something a side wants at the end: ``weight`` times the value of ``value``."""

    label: str
    value: Quantity
    weight: float
    source: str
    where: Position = _where()


@dataclass(frozen=True)
class Side:
    id: str
    name: str
    colour: str
    objectives: tuple[Objective, ...]
    description: str = ""
    where: Position = _where()

    @property
    def score_bounds(self) -> tuple[float, float]:
        """The lowest and highest objective score any final state can give."""
        low = sum(min(o.weight * o.value.low, o.weight * o.value.high) for o in self.objectives)
        high = sum(max(o.weight * o.value.low, o.weight * o.value.high) for o in self.objectives)
        return low, high


@dataclass(frozen=True)
class Variable:
    """A bounded whole number such as East-West tension."""

    id: str
    label: str
    low: int
    high: int
    initial: int
    description: str = ""
    where: Position = _where()


@dataclass(frozen=True)
class Flag:
    """A fact that becomes true on a date, such as ``frg_in_nato``."""

    id: str
    label: str
    description: str = ""
    initial: bool = False
    where: Position = _where()


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    effects: Effects
    consequence: str
    historical: bool = False
    when: Optional[Condition] = None
    hint: str = ""
    ai_weight: float = 1.0
    where: Position = _where()


@dataclass(frozen=True)
class DecisionPoint:
    """A dated moment at which one side must choose.

    A point with no historical choice never happened: it can only arise after
    the path has left history (its ``when`` makes sure of that).
    """

    id: str
    date: date
    actor: str
    title: str
    briefing: str
    sources: tuple[str, ...]
    choices: tuple[Choice, ...]
    when: Optional[Condition] = None
    weight: float = 1.0
    where: Position = _where()

    @property
    def historical_choice(self) -> Optional[Choice]:
        return next((c for c in self.choices if c.historical), None)

    @property
    def is_counterfactual(self) -> bool:
        return self.historical_choice is None

    def choice(self, choice_id: str) -> Optional[Choice]:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Event:
    """A dated happening no side chooses. ``chance`` is its probability when due.

    ``historical`` says whether it really happened; replaying history resolves
    the chance by the record instead of by dice.
    """

    id: str
    date: date
    title: str
    text: str
    sources: tuple[str, ...]
    effects: Effects
    when: Optional[Condition] = None
    chance: float = 1.0
    historical: bool = False
    where: Position = _where()


@dataclass(frozen=True)
class Ending:
    """How a game closes. ``early`` endings stop the game as soon as they hold;
    the others are tried in file order when the last point has passed."""

    id: str
    title: str
    epilogue: str
    when: Optional[Condition] = None
    historical: bool = False
    early: bool = False
    sources: tuple[str, ...] = ()
    where: Position = _where()


@dataclass(frozen=True)
class MapRule:
    """Colour ``regions`` as ``bloc`` while ``when`` holds (later rules override earlier ones)."""

    regions: tuple[str, ...]
    bloc: str
    when: Optional[Condition] = None
    where: Position = _where()


@dataclass(frozen=True)
class MapSpec:
    """Which bloc each region of the map belongs to: defaults, then rules in order."""

    defaults: tuple[tuple[str, str], ...]
    rules: tuple[MapRule, ...] = ()


Step = Union[DecisionPoint, Event]


def symbols_of(variables: tuple[Variable, ...], flags: tuple[Flag, ...]) -> Symbols:
    """Variables by name with their index and bounds, flags by name with their index."""
    return Symbols({v.id: (i, v.low, v.high) for i, v in enumerate(variables)}, {f.id: i for i, f in enumerate(flags)})


@dataclass(frozen=True)
class Scenario:
    """A whole scenario: the rules a :class:`~bloc_game.engine.Game` plays."""

    format: int
    id: str
    title: str
    summary: str
    start: date
    end: date
    authors: tuple[str, ...]
    sides: tuple[Side, ...]
    variables: tuple[Variable, ...]
    flags: tuple[Flag, ...]
    points: tuple[DecisionPoint, ...]
    events: tuple[Event, ...]
    endings: tuple[Ending, ...]
    map: Optional[MapSpec] = None
    path: str = field(default="", compare=False)
    content_hash: str = field(default="", compare=False)
    #: Points and events merged in play order: by date, points before events of the same day.
    timeline: tuple[Step, ...] = field(default=(), compare=False, repr=False)

    def side(self, side_id: str) -> Side:
        for side in self.sides:
            if side.id == side_id:
                return side
        raise KeyError(side_id)

    @property
    def side_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sides)

    # The lookups below are cached in the instance dict (a frozen dataclass still has one).
    @cached_property
    def _points_by_id(self) -> dict[str, DecisionPoint]:
        return {p.id: p for p in self.points}

    @cached_property
    def _variable_indices(self) -> dict[str, int]:
        return {v.id: i for i, v in enumerate(self.variables)}

    @cached_property
    def _flag_indices(self) -> dict[str, int]:
        return {f.id: i for i, f in enumerate(self.flags)}

    @cached_property
    def symbols(self) -> Symbols:
        """The names expressions may use (what the loader compiled them against)."""
        return symbols_of(self.variables, self.flags)

    def point(self, point_id: str) -> DecisionPoint:
        """The decision point with this id; ``KeyError`` if there is none."""
        return self._points_by_id[point_id]

    def variable_index(self, variable_id: str) -> int:
        return self._variable_indices[variable_id]

    def flag_index(self, flag_id: str) -> int:
        return self._flag_indices[flag_id]
