"""The rules of one scenario (:class:`Game`) and immutable snapshots of a game (:class:`State`).

Modelled on OpenSpiel's Game/State split and python-chess's move stack: a
State never changes; :meth:`State.choose` returns a new one that remembers its
predecessor, so undo is free and a game record is just the path of choices.
Between decision points the engine resolves the dated events in order; chance
events draw from the counter-based RNG in :mod:`.rng` (or, when replaying
history, follow the record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Iterator, Optional, Sequence, Union

from ..errors import GameOverError, IllegalChoiceError, Problem
from ..expr import Effects
from ..scenario.model import Choice, DecisionPoint, Ending, Event, Scenario, Side
from .rng import draw

from .record import HUMAN, GameRecord, Seating, record_of, replay

if TYPE_CHECKING:
    from .narration import Happening
    from .policies import Policy

Number = Union[int, float]


@dataclass(frozen=True, slots=True)
class Record:
    """One line of a game's log: a choice made, an event that fired, or a point passed by."""

    kind: str  # "choice", "event" (fired), "unfired" (a chance event that did not fire) or "skipped"
    date: date
    id: str  # the point's or event's id
    actor: Optional[str] = None  # the side that chose
    choice: Optional[str] = None  # the choice's id
    by: Optional[str] = None  # "human" or the policy's name


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The variables and flags at one moment of a game (what a text variant's ``when`` reads)."""

    date: date
    values: tuple[int, ...]
    flags: tuple[Optional[date], ...]


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


@dataclass(frozen=True, slots=True)
class _Log:
    """A persistent (cons) list of records: appending shares the whole past."""

    record: Record
    previous: Optional["_Log"]
    length: int

    def __iter__(self) -> Iterator[Record]:
        items: list[Record] = []
        node: Optional[_Log] = self
        while node is not None:
            items.append(node.record)
            node = node.previous
        return reversed(items)


def _append(log: Optional[_Log], record: Record) -> _Log:
    return _Log(record, log, 1 if log is None else log.length + 1)


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


@dataclass(frozen=True, eq=False)
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
    date: date
    values: tuple[int, ...]
    flags: tuple[Optional[date], ...]
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
        return () if self._log is None else tuple(self._log)

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
        """The log from record ``start`` on, each record with its text resolved for the path.

        The situation before each record is rebuilt by re-applying the logged choices'
        and events' effects from the scenario's start (they are the only things that change
        the state), so it is exact without keeping every intermediate state.
        """
        sc = self.game.scenario
        values: list[Number] = [v.initial for v in sc.variables]
        flags: list[Optional[date]] = [sc.start if f.initial else None for f in sc.flags]
        return _tell(sc, self.log, values, flags, start)

    def told_after(self, earlier: "State") -> tuple[Told, ...]:
        """Like :meth:`told` for the records after ``earlier``, a state this one grew from
        (what look-ahead and lint use: no replay from the start)."""
        records: list[Record] = []
        node, stop = self._log, earlier._log
        while node is not stop:  # the logs share their past: walk back to where they meet
            if node is None or (stop is not None and node.length <= stop.length):
                raise ValueError("told_after needs a state this one grew from")
            records.append(node.record)
            node = node.previous
        return _tell(self.game.scenario, records[::-1], list(earlier.values), list(earlier.flags), 0)

    def value(self, variable_id: str) -> int:
        return self.values[self.game.scenario.variable_index(variable_id)]

    def flag_date(self, flag_id: str) -> Optional[date]:
        """The date the flag became true, or ``None`` while it is false."""
        return self.flags[self.game.scenario.flag_index(flag_id)]

    def flag(self, flag_id: str) -> bool:
        return self.flag_date(flag_id) is not None

    @property
    def variables(self) -> dict[str, int]:
        return {v.id: x for v, x in zip(self.game.scenario.variables, self.values)}

    @property
    def flags_set(self) -> dict[str, date]:
        return {f.id: d for f, d in zip(self.game.scenario.flags, self.flags) if d is not None}

    def objective_score(self, side: str) -> float:
        """The side's objectives on this state: the sum of weight times value."""
        return self.game.objective_score(self.game.scenario.side(side), self.values, self.flags)

    def returns(self) -> dict[str, float]:
        """Each side's objective score (OpenSpiel's name for it)."""
        return {s.id: self.objective_score(s.id) for s in self.game.scenario.sides}

    # ----------------------------------------------------------------- moving

    def apply(self, choice_id: str, by: str = HUMAN) -> "State":
        """Make one choice at the current point and run on to the next point.

        Unlike :meth:`choose`, policies are not consulted for the points that
        follow. Raises :class:`IllegalChoiceError` for a choice not offered now.
        """
        point = self.current
        if point is None:
            raise GameOverError("the game is over; there is nothing left to choose")
        choice = point.choice(choice_id)
        if choice is not None and choice.when is not None and not choice.when.fn(self.values, self.flags):
            choice = None  # offered by the point, but not now
        if choice is None:
            offered = ", ".join(c.id for c in self.choices)
            exists = point.choice(choice_id) is not None
            reason = "is not available now" if exists else "is not a choice of this point"
            raise IllegalChoiceError(f"'{choice_id}' {reason} ('{point.id}', {point.date}); the choices are: {offered}")
        draft = _Draft.of(self)
        if self.game.take(draft, point, choice, by) is None:
            self.game.run(draft, self.seed, "history" if self.history_mode else "roll")
        return draft.freeze(self, previous=self.previous)

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


def _tell(sc: Scenario, records: Sequence[Record], values: list[Number], flags: list[Optional[date]],
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
            before = Snapshot(record.date, tuple(values), tuple(flags))  # type: ignore[arg-type]
            out.append(Told(record, "" if text is None else text.for_state(before), before))
        if effects is not None and effects.statements:
            effects.fn(values, flags, record.date)
    return tuple(out)


def _with_previous(state: State, previous: Optional[State]) -> State:
    object.__setattr__(state, "previous", previous)  # a fresh state nobody else holds yet
    return state


class _Draft:
    """The mutable working copy the engine advances before freezing it into a State."""

    __slots__ = ("cursor", "date", "values", "flags", "log", "ending")

    def __init__(self, cursor: int, today: date, values: list[int], flags: list[Optional[date]],
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
        # The hot path of the engine: fill the frozen State's fields in one step rather than
        # through the dataclass __init__ (eleven object.__setattr__ calls).
        state = object.__new__(State)
        state.__dict__.update(game=template.game, seed=template.seed, seats=template.seats,
                              history_mode=template.history_mode, cursor=self.cursor, date=self.date,
                              values=tuple(self.values), flags=tuple(self.flags), _log=self.log,
                              ending=self.ending, previous=previous)
        return state


class Game:
    """The rules of one scenario: starts games, resolves events, decides endings.

    >>> from bloc_game import load
    >>> game = load("tutorial_stalin_note")
    >>> state = game.start(side="ussr", seed=7, opponent="historical")
    >>> state.current.id, [c.id for c in state.choices]
    ('first_note', ['send_note', 'offer_free_elections', 'stay_silent'])
    >>> after = state.choose("offer_free_elections")   # the other side's answer is played too
    >>> [(h.choice.id, h.by, h.counterfactual) for h in after.since(state)]
    [('offer_free_elections', 'human', True), ('elections_first', 'historical', False)]
    >>> after.undo() is state
    True
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.early_endings = tuple(e for e in scenario.endings if e.early)
        self.final_endings = tuple(e for e in scenario.endings if not e.early)
        self.flag_ids = frozenset(f.id for f in scenario.flags)
        #: Events whose firing is drawn (chance strictly between 0 and 1): the game's chance steps.
        self.chance_events = frozenset(e.id for e in scenario.events if 0 < e.chance < 1)
        self._history: Optional[State] = None

    # ----------------------------------------------------------------- starting

    def start(self, side: Union[str, Seating] = "ussr", seed: int = 0, opponent: Union[str, "Policy"] = "historical",
              script: Sequence[tuple[str, str]] = (), autoplay: bool = True) -> State:
        """A new game. ``side`` is a :class:`Seating` or its text: a side id, ``hotseat`` or ``watch``.

        ``opponent`` names the policy of every non-human side (see
        :func:`~bloc_game.engine.policies.make_policy`); ``script`` feeds the
        ``scripted`` policy as ``(point id, choice id)`` pairs. With ``autoplay``
        false the state waits at the first point even when a policy is to move
        (a front end showing a watched game step by step uses this).
        """
        from .policies import make_policy

        sides = self.scenario.side_ids
        seating = Seating.parse(side, sides)
        policy = opponent if not isinstance(opponent, str) else make_policy(opponent, self, script)
        seats = tuple(Seat(s, None if seating.is_human(s) else policy) for s in sides)
        state = self.new_state(seats, seed)
        return state.autoplay() if autoplay else state

    def new_state(self, seats: tuple[Seat, ...], seed: int, history_mode: bool = False) -> State:
        """The state at the first decision point, with no policy consulted yet."""
        sc = self.scenario
        flags: list[Optional[date]] = [sc.start if f.initial else None for f in sc.flags]
        draft = _Draft(0, sc.start, [v.initial for v in sc.variables], flags, None, None)
        self.run(draft, seed, "history" if history_mode else "roll")
        template = State(self, seed, seats, history_mode, 0, sc.start, (), (), None)
        return draft.freeze(template, previous=None)

    def replay(self, record: GameRecord, on_mismatch: str = "raise") -> State:
        """The game ``record`` describes, played on this scenario.

        ``on_mismatch`` is ``"raise"`` (raise :class:`~bloc_game.errors.RecordMismatchError`
        at the first move that does not fit) or ``"stop"`` (keep the game up to there). The
        rule is documented in :mod:`bloc_game.engine.record`.
        """
        return replay(self, record, on_mismatch)  # type: ignore[arg-type]

    def history(self) -> State:
        """The finished game that replaying the actual historical sequence gives.

        Both sides play their historical choices and chance events follow the
        record. This is the baseline every score is measured against.
        """
        if self._history is None:
            from .policies import HistoricalPolicy

            policy = HistoricalPolicy()
            seats = tuple(Seat(s, policy) for s in self.scenario.side_ids)
            self._history = self.new_state(seats, seed=0, history_mode=True).autoplay()
        return self._history

    # ----------------------------------------------------------------- rules

    def map_blocs(self, state: "State") -> dict[str, str]:
        """The bloc of every map region in this state: the scenario's defaults, then its rules in order.

        Regions the scenario does not mention are ``neutral``; a scenario without
        a map section leaves every region neutral.
        """
        from ..scenario.map_regions import REGIONS

        blocs = dict.fromkeys(REGIONS, "neutral")
        spec = self.scenario.map
        if spec is not None:
            blocs.update(spec.defaults)
            for rule in spec.rules:
                if rule.when is None or rule.when(state.values, state.flags):
                    for region in rule.regions:
                        blocs[region] = rule.bloc
        return blocs

    @staticmethod
    def available(point: DecisionPoint, values: Sequence[Number], flags: Sequence[Optional[date]]) -> tuple[Choice, ...]:
        return tuple(c for c in point.choices if c.when is None or c.when(values, flags))

    @staticmethod
    def objective_score(side: Side, values: Sequence[Number], flags: Sequence[Optional[date]]) -> float:
        return sum(o.weight * o.value(values, flags) for o in side.objectives)

    def fire(self, effects: Effects, draft: _Draft, today: date) -> None:
        draft.date = today
        if effects.statements:
            effects.fn(draft.values, draft.flags, today)

    def take(self, draft: _Draft, point: DecisionPoint, choice: Choice, by: str) -> Optional[Ending]:
        """Record and apply a choice at the point under the cursor; the early ending it causes, if any."""
        draft.log = _append(draft.log, Record("choice", point.date, point.id, point.actor, choice.id, by))
        self.fire(choice.effects, draft, point.date)
        draft.cursor += 1
        return self.early_ending(draft)

    def early_ending(self, draft: _Draft) -> Optional[Ending]:
        for ending in self.early_endings:
            if ending.when is not None and ending.when(draft.values, draft.flags):
                draft.ending = ending
                return ending
        return None

    def final_ending(self, draft: _Draft) -> Ending:
        for ending in self.final_endings:
            if ending.when is None or ending.when(draft.values, draft.flags):
                return ending
        raise AssertionError("the loader guarantees an ending without a condition")  # pragma: no cover

    def run(self, draft: _Draft, seed: int, mode: str) -> bool:
        """Advance ``draft`` through events to the next decision point (or the end).

        ``mode`` resolves chance events: ``"roll"`` draws from the seed,
        ``"history"`` follows each event's ``historical`` mark, ``"pause"``
        stops at an undecided chance event and returns True (see :meth:`branches`).
        """
        timeline = self.scenario.timeline
        while draft.ending is None:
            if draft.cursor >= len(timeline):
                draft.ending = self.final_ending(draft)
                draft.date = max(draft.date, self.scenario.end)
                return False
            step = timeline[draft.cursor]
            if isinstance(step, DecisionPoint):
                values, flags = draft.values, draft.flags
                if (step.when is None or step.when.fn(values, flags)) and any(
                        c.when is None or c.when.fn(values, flags) for c in step.choices):
                    draft.date = step.date
                    return False
                draft.log = _append(draft.log, Record("skipped", step.date, step.id, step.actor))
                draft.cursor += 1
                continue
            if step.when is not None and not step.when.fn(draft.values, draft.flags):
                draft.cursor += 1
                continue
            if 0 < step.chance < 1:
                if mode == "pause":
                    return True
                fires = step.historical if mode == "history" else draw(seed, "event:" + step.id) < step.chance
            else:
                fires = step.chance >= 1
            self.resolve(draft, step, fires)
        return False

    def resolve(self, draft: _Draft, event: Event, fires: bool) -> None:
        """Resolve the event under the cursor one way or the other and move past it."""
        if fires:
            draft.log = _append(draft.log, Record("event", event.date, event.id))
            self.fire(event.effects, draft, event.date)
        elif 0 < event.chance < 1:  # a chance step that came out against: a move of the game too
            draft.log = _append(draft.log, Record("unfired", event.date, event.id))
        draft.cursor += 1
        if fires:
            self.early_ending(draft)

    def branches(self, state: State, choice_id: str) -> list[tuple[float, State]]:
        """Every state a choice can lead to, with its probability (no policies consulted).

        Chance events are split into their two outcomes instead of being
        drawn, which is what look-ahead and tree exploration need.
        """
        point = state.current
        if point is None or point.choice(choice_id) is None:
            raise IllegalChoiceError(f"'{choice_id}' is not a choice here")
        choice = point.choice(choice_id)
        assert choice is not None
        start = _Draft.of(state)
        self.take(start, point, choice, "lookahead")
        return [(p, d.freeze(state, None)) for p, d in self.expand(start)]

    def start_branches(self) -> list[tuple[float, State]]:
        """The states the game can be in at its first decision, with their probabilities
        (chance events before it split rather than drawn). Seats are all human."""
        sc = self.scenario
        flags: list[Optional[date]] = [sc.start if f.initial else None for f in sc.flags]
        draft = _Draft(0, sc.start, [v.initial for v in sc.variables], flags, None, None)
        template = State(self, 0, tuple(Seat(s) for s in sc.side_ids), False, 0, sc.start, (), (), None)
        return [(p, d.freeze(template, None)) for p, d in self.expand(draft)]

    def expand(self, start: _Draft) -> list[tuple[float, _Draft]]:
        out: list[tuple[float, _Draft]] = []
        stack = [(1.0, start)]
        while stack:
            p, draft = stack.pop()
            if not self.run(draft, 0, "pause"):
                out.append((p, draft))
                continue
            event = self.scenario.timeline[draft.cursor]
            assert isinstance(event, Event)
            no = draft.copy()
            self.resolve(no, event, False)
            self.resolve(draft, event, True)
            stack.append((p * (1 - event.chance), no))
            stack.append((p * event.chance, draft))
        return out

    # ----------------------------------------------------------------- the built-in test

    def check_history(self) -> list[Problem]:
        """Replay the historical sequence and report where it does not hold together.

        Every point with a historical choice must be reached with that choice
        available; no counterfactual point may be reached; exactly the events
        marked historical must fire; the historical ending must be reached.
        """
        problems: list[Problem] = []
        sc = self.scenario
        final = self.history()
        chosen = {r.id: r for r in final.log if r.kind == "choice"}
        fired = {r.id for r in final.log if r.kind == "event"}
        for point in sc.points:
            hist = point.historical_choice
            record = chosen.get(point.id)
            if hist is None:
                if record is not None:
                    problems.append(Problem(point.where, (
                        f"point '{point.id}' has no historical choice, yet replaying history reaches it; "
                        "give it a 'when' that is false on the historical path, or mark its historical choice")))
            elif record is None:
                problems.append(Problem(point.where, (
                    f"replaying history never reaches point '{point.id}' ({point.date}); "
                    "check its 'when' and the choices before it")))
            elif record.choice != hist.id:
                problems.append(Problem(hist.where, (
                    f"historical choice '{hist.id}' of point '{point.id}' is not available when history is replayed; "
                    "check its 'when'")))
        for event in sc.events:
            if event.historical and event.id not in fired:
                problems.append(Problem(event.where, (
                    f"event '{event.id}' is marked historical but does not fire when history is replayed; check its 'when'")))
            elif not event.historical and event.id in fired:
                problems.append(Problem(event.where, (
                    f"event '{event.id}' fires when history is replayed but is not marked historical; "
                    "add 'historical: true', or give it a 'when' that is false on the historical path")))
        historical_endings = [e for e in sc.endings if e.historical]
        if not historical_endings:
            problems.append(Problem(sc.endings[0].where if sc.endings else sc.points[0].where,
                                    "no ending is marked historical; mark the one history reached"))
        elif final.ending is not None and final.ending.id != historical_endings[0].id:
            problems.append(Problem(historical_endings[0].where, (
                f"replaying history reaches ending '{final.ending.id}', not the historical ending "
                f"'{historical_endings[0].id}'; check the endings' conditions and their order")))
        return problems
