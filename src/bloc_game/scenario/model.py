"""The immutable scenario model: what a loaded, validated YAML scenario is.

Every element keeps ``where`` (its position in the file) so that later checks
(the history test, lint, the UI) can point an author at the right line. The
positions take no part in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Optional, Protocol, Sequence, Union

from ..errors import Position
from ..expr import Condition, Effects, Number, Quantity, Symbols

#: The scenario format version this release reads and writes.
FORMAT_VERSION = 1

_NOWHERE = Position("")


def _where() -> Position:
    return field(default=_NOWHERE, compare=False, repr=False)


class Situation(Protocol):
    """What a condition reads: a game state's variable values and flag dates (a State is one)."""

    @property
    def values(self) -> Sequence[Number]: ...

    @property
    def flags(self) -> Sequence[Optional[date]]: ...


@dataclass(frozen=True)
class Variant:
    """One wording of a :class:`Text`: shown when ``when`` holds (always, without one)."""

    text: str
    when: Optional[Condition] = None
    where: Position = _where()


@dataclass(frozen=True)
class Text:
    """Prose that may follow the path: a briefing, consequence, epilogue, event text or flag label.

    A plain string in the file is one variant with no condition. A list of variants is
    tried in order and the first whose ``when`` holds is shown, so a counterfactual path
    never reads a sentence that assumes history happened. :meth:`for_state` is the one
    place that choice is made; every front end and report calls it. A Text is not a
    ``str`` on purpose: a place that shows one without saying for which state fails loudly.
    """

    variants: tuple[Variant, ...]

    def __post_init__(self) -> None:
        if not self.variants:
            raise ValueError("a Text needs at least one variant")

    @classmethod
    def plain(cls, text: str) -> "Text":
        return cls((Variant(text),))

    def index_for(self, situation: Situation) -> Optional[int]:
        """Which variant the situation shows (its index), or ``None`` if no condition holds."""
        values, flags = situation.values, situation.flags
        for i, variant in enumerate(self.variants):
            if variant.when is None or variant.when.fn(values, flags):
                return i
        return None

    def for_state(self, situation: Situation) -> str:
        """The text to show in this situation; empty if no variant's condition holds (lint reports that)."""
        i = self.index_for(situation)
        return "" if i is None else self.variants[i].text

    @property
    def is_plain(self) -> bool:
        """True for a single wording with no condition (what every older scenario has)."""
        return len(self.variants) == 1 and self.variants[0].when is None

    @property
    def texts(self) -> tuple[str, ...]:
        """Every wording, in file order (for checks that apply to all of them, such as length)."""
        return tuple(v.text for v in self.variants)


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
    #: What the ends of the scale mean, such as "aligned with Moscow" and "with the West".
    low_label: str = ""
    high_label: str = ""
    where: Position = _where()

    def number(self, x: int) -> str:
        """A value as the meter shows it: signed when the scale runs through zero."""
        return f"{x:+d}" if self.low < 0 and x != 0 else str(x)

    @property
    def scale(self) -> str:
        """The range in words, the one wording every front end shows: '-100 towards Moscow ... +100 firmly Western'."""
        low = f"{self.number(self.low)} {self.low_label}".strip()
        high = f"{self.number(self.high)} {self.high_label}".strip()
        return f"{low} ... {high}"

    @property
    def explanation(self) -> str:
        """One line for a tooltip or the terminal's help: the description, then the scale."""
        return f"{self.description} ({self.scale})" if self.description else self.scale


@dataclass(frozen=True)
class Flag:
    """A fact that becomes true on a date, such as ``frg_in_nato``."""

    id: str
    label: Text
    description: str = ""
    initial: bool = False
    where: Position = _where()


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    effects: Effects
    consequence: Text
    historical: bool = False
    when: Optional[Condition] = None
    hint: str = ""
    #: A fixed weight, or an expression over the state the computer finds when it picks.
    ai_weight: Union[float, Quantity] = 1.0
    where: Position = _where()

    def weight_in(self, situation: Situation) -> float:
        """How strongly a policy leans to this choice here (never below 0): the one place
        ``ai_weight`` is evaluated, for the historical policy and the explorer alike."""
        weight = self.ai_weight
        if isinstance(weight, Quantity):
            return max(0.0, weight(situation.values, situation.flags))
        return weight


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
    briefing: Text
    sources: tuple[str, ...]
    choices: tuple[Choice, ...]
    when: Optional[Condition] = None
    weight: float = 1.0
    where: Position = _where()
    #: A discussion question for the class debrief and the teacher's page (read in the situation the point was met in).
    debrief: Optional[Text] = None

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
    text: Text
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
    epilogue: Text
    when: Optional[Condition] = None
    historical: bool = False
    early: bool = False
    sources: tuple[str, ...] = ()
    where: Position = _where()
    #: A discussion question for the class debrief and the teacher's page (read in the final situation).
    debrief: Optional[Text] = None


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
    #: The language a translation file put its texts in (``de``); empty: the file's own words.
    #: Only the texts differ: ``path`` and ``content_hash`` stay the source file's, so records do not change.
    language: str = field(default="", compare=False)
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
    def _events_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

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

    def event(self, event_id: str) -> Event:
        """The event with this id; ``KeyError`` if there is none."""
        return self._events_by_id[event_id]

    def variable_index(self, variable_id: str) -> int:
        return self._variable_indices[variable_id]

    def flag_index(self, flag_id: str) -> int:
        return self._flag_indices[flag_id]
