"""The rules of one scenario (:class:`Game`): starting games, resolving events, deciding endings.

The immutable game positions it produces are :class:`~bloc_game.engine.state.State`
(see :mod:`.state`); the engine advances a mutable :class:`~.state._Draft` between
decision points and freezes it into a State. Between decision points the engine
resolves the dated events in order; chance events draw from the counter-based RNG
in :mod:`.rng` (or, when replaying history, follow the record).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, Union

from ..errors import IllegalChoiceError, Problem
from ..expr import Effects
from ..scenario.model import Choice, DecisionPoint, Ending, Event, Scenario, Side
from .record import GameRecord, Mismatch, Seating, replay
from .rng import draw
from .state import Number, Seat, State, _Draft

if TYPE_CHECKING:
    from .policies import Policy

Flags = Sequence[Optional[datetime.date]]
#: A choice on offer at a point: the choice, its condition's function and its effects' (``None`` when it has none).
Offer = tuple[Choice, Optional[Callable[..., Any]], Optional[Callable[..., Any]]]


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
        # The hot path's tables, made once: each timeline step with what running over it needs
        # (no isinstance or attribute chains per move), and each point's choices by id.
        self._early = tuple((e, e.when.fn) for e in self.early_endings if e.when is not None)
        self._plan = tuple(_plan_entry(step) for step in scenario.timeline)
        #: Per timeline index: a point's choices by id, each with its condition's and effects' functions.
        self.offers: tuple[Optional[dict[str, Offer]], ...] = tuple(
            {c.id: (c, None if c.when is None else c.when.fn, c.effects.fn if c.effects.statements else None)
             for c in step.choices} if isinstance(step, DecisionPoint) else None
            for step in scenario.timeline)

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
        flags: list[Optional[datetime.date]] = [sc.start if f.initial else None for f in sc.flags]
        draft = _Draft(0, sc.start, [v.initial for v in sc.variables], flags, None, None)
        self.run(draft, seed, "history" if history_mode else "roll")
        template = State(self, seed, seats, history_mode, 0, sc.start, (), (), None)
        return draft.freeze(template, previous=None)

    def replay(self, record: GameRecord, on_mismatch: Mismatch = "raise") -> State:
        """The game ``record`` describes, played on this scenario.

        ``on_mismatch`` is ``"raise"`` (raise :class:`~bloc_game.errors.RecordMismatchError`
        at the first move that does not fit) or ``"stop"`` (keep the game up to there). The
        rule is documented in :mod:`bloc_game.engine.record`.
        """
        return replay(self, record, on_mismatch)

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
    def available(point: DecisionPoint, values: Sequence[Number], flags: Flags) -> tuple[Choice, ...]:
        return tuple(c for c in point.choices if c.when is None or c.when(values, flags))

    @staticmethod
    def objective_score(side: Side, values: Sequence[Number], flags: Flags) -> float:
        return sum(o.weight * o.value(values, flags) for o in side.objectives)

    def fire(self, effects: Effects, draft: _Draft, today: datetime.date) -> None:
        draft.date = today
        if effects.statements:
            effects.fn(draft.values, draft.flags, today)

    def take(self, draft: _Draft, point: DecisionPoint, choice: Choice, by: str) -> Optional[Ending]:
        """Record and apply a choice at the point under the cursor; the early ending it causes, if any."""
        offer = self.offers[draft.cursor]
        effects = offer[choice.id][2] if offer is not None and choice.id in offer else (
            choice.effects.fn if choice.effects.statements else None)
        return self._take(draft, point, choice.id, effects, by)

    def _take(self, draft: _Draft, point: DecisionPoint, choice_id: str, effects: Optional[Callable[..., Any]],
              by: str) -> Optional[Ending]:
        log = draft.log
        draft.log = (log, 1 if log is None else log[1] + 1, "choice", point, choice_id, by)  # state._append, inlined
        draft.date = point.date
        if effects is not None:
            effects(draft.values, draft.flags, point.date)
        draft.cursor += 1
        return self.early_ending(draft) if self._early else None

    def early_ending(self, draft: _Draft) -> Optional[Ending]:
        values, flags = draft.values, draft.flags
        for ending, when in self._early:
            if when(values, flags):
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
        plan = self._plan
        values, flags = draft.values, draft.flags
        cursor, log = draft.cursor, draft.log
        while draft.ending is None:
            if cursor >= len(plan):
                draft.cursor, draft.log = cursor, log
                draft.ending = self.final_ending(draft)
                draft.date = max(draft.date, self.scenario.end)
                return False
            is_point, step, when, a, b = plan[cursor]
            if is_point:  # a: the point offers a choice with no condition; b: the choices' conditions
                if (when is None or when(values, flags)) and (a or any(w(values, flags) for w in b)):
                    draft.cursor, draft.log, draft.date = cursor, log, step.date
                    return False
                log = (log, 1 if log is None else log[1] + 1, "skipped", step, None, None)
                cursor += 1
                continue
            if when is not None and not when(values, flags):
                cursor += 1
                continue
            if a:  # a chance step: b is the chance
                if mode == "pause":
                    draft.cursor, draft.log = cursor, log
                    return True
                fires = step.historical if mode == "history" else draw(seed, "event:" + step.id) < b
            else:
                fires = b
            draft.cursor, draft.log = cursor, log
            self.resolve(draft, step, fires)
            cursor, log = draft.cursor, draft.log
        draft.cursor, draft.log = cursor, log
        return False

    def resolve(self, draft: _Draft, event: Event, fires: bool) -> None:
        """Resolve the event under the cursor one way or the other and move past it."""
        log = draft.log
        if fires:
            draft.log = (log, 1 if log is None else log[1] + 1, "event", event, None, None)
            draft.date = event.date
            if event.effects.statements:
                event.effects.fn(draft.values, draft.flags, event.date)
        elif 0 < event.chance < 1:  # a chance step that came out against: a move of the game too
            draft.log = (log, 1 if log is None else log[1] + 1, "unfired", event, None, None)
        draft.cursor += 1
        if fires and self._early:
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
        flags: list[Optional[datetime.date]] = [sc.start if f.initial else None for f in sc.flags]
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


def _plan_entry(step: Union[DecisionPoint, Event]) -> tuple[Any, ...]:
    """What :meth:`Game.run` needs of a step: ``(is a point, step, its condition's function,
    a, b)``; for a point ``a`` is whether a choice is always offered and ``b`` the choices'
    conditions, for an event ``a`` is whether it is a chance step and ``b`` its chance (or
    whether it fires, for a certain or impossible one)."""
    when = None if step.when is None else step.when.fn
    if isinstance(step, DecisionPoint):
        return (True, step, when, any(c.when is None for c in step.choices),
                tuple(c.when.fn for c in step.choices if c.when is not None))
    chance = 0 < step.chance < 1
    return (False, step, when, chance, step.chance if chance else step.chance >= 1)
