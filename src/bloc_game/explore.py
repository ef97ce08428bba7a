"""Walk a scenario's whole game tree: every path, each ending's probability, each choice's range.

The explored sides try every available choice, each equally likely (the ``random``
policy's distribution, so the ending probabilities are those of a player choosing at
random); the other side follows its policy's :meth:`~bloc_game.engine.Policy.distribution`,
the same one that decides in play; chance events split into both outcomes with their
probabilities. States that agree on everything still read later are merged (same
place in the timeline, same values of the variables and flags a later condition,
effect, ending, opponent's pick or the scored side's objectives read; see
:mod:`bloc_game.statekeys`), so the walk is over a graph, not a tree, and counts
paths without enumerating them.
"""

from __future__ import annotations

import sys
import time
from array import array
from dataclasses import dataclass, field
from typing import Callable, Optional

from .engine import Game, State, make_policy
from .engine.state import _Draft
from .errors import BlocGameError
from .scenario.model import DecisionPoint
from .statekeys import Key, Keyer


@dataclass(frozen=True)
class ChoiceOutcome:
    """The range of the explored side's final outcome (objectives minus history's) after a choice."""

    point_id: str
    choice_id: str
    low: float
    high: float


@dataclass(frozen=True)
class Exploration:
    sides: tuple[str, ...]
    opponent: str
    scored_side: str
    #: Distinct states walked: states that agree on everything still read later are one (statekeys).
    states: int
    paths: int
    seconds: float
    endings: dict[str, float]
    choices: tuple[ChoiceOutcome, ...] = field(default=())
    reached_points: frozenset[str] = frozenset()
    reached_choices: frozenset[tuple[str, str]] = frozenset()


class _Progress:
    """A progress bar on a terminal (stderr), shown only when a walk takes over a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.perf_counter()
        self.shown = 0.0

    def update(self, fraction_of: Callable[[], float], states: int) -> None:
        now = time.perf_counter()
        if not self.enabled or now - self.started < 1.0 or now - self.shown < 0.2:
            return
        self.shown = now
        fraction = fraction_of()
        width = 30
        filled = int(width * min(1.0, fraction))
        sys.stderr.write(f"\r  exploring [{'#' * filled}{'.' * (width - filled)}] {100 * fraction:5.1f}%  {states:,} states")
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.shown:
            sys.stderr.write("\r" + " " * 70 + "\r")
            sys.stderr.flush()


#: How many distinct states a walk may visit before it stops and says so.
MAX_STATES = 1_500_000


#: Called once for every distinct state the walk visits (lint reads the texts shown there).
StateHook = Callable[[State], None]
#: Called for every move of the walk: the state before (``None`` before the first decision),
#: the choice made (``None`` there too) and one state it can lead to.
StepHook = Callable[[Optional[State], Optional[str], State], None]


def explore(game: Game, sides: tuple[str, ...], opponent: str = "historical", scored_side: Optional[str] = None,
            progress: bool = True, max_states: int = MAX_STATES, on_state: Optional[StateHook] = None,
            on_step: Optional[StepHook] = None, texts: bool = False, outcomes: bool = True) -> Exploration:
    """Explore the game with ``sides`` trying every choice and the others following ``opponent``.

    States are merged by what can still matter from their place in the timeline on
    (:class:`~bloc_game.statekeys.Keyer`: the variables and flags something later reads,
    with the scored side's linear objective terms carried as offsets), so ``on_state``
    sees one state of each merged class; pass ``texts`` when the hooks read the texts
    shown (their variants' conditions then count as reads). Without ``outcomes`` the
    scored side's objectives are not followed (what the lint's walk needs: where games go,
    not how well they end), which merges more states; the choices' ranges are then left out.

    Raises :class:`~bloc_game.errors.BlocGameError` past ``max_states`` distinct states.
    """
    started = time.perf_counter()
    sc = game.scenario
    timeline = sc.timeline
    scored = scored_side or sides[0]
    scored_objectives = sc.side(scored)
    history_score = game.history().objective_score(scored)
    policy = make_policy(opponent, game)
    lookahead_sides = [s for s in sc.side_ids if s not in sides] if opponent == "lookahead" else []
    weighed_by = [s for s in sc.side_ids if s not in sides] if policy.weighs else []
    keyer = Keyer(sc, scored if outcomes else None, lookahead_sides, texts=texts, weighed_by=weighed_by)
    end_cursor = len(timeline)
    ending_index = {e.id: i for i, e in enumerate(sc.endings)}
    ends_at = 3  # a node's numbers: lowest, highest, offset, then the ending probabilities
    units = {e.id: array("d", [1.0 if j == i else 0.0 for j in range(len(sc.endings))]) for i, e in enumerate(sc.endings)}
    offers, objective = game.offers, game.objective_score
    hooked = on_state is not None or on_step is not None
    starts = game.start_branches()
    template = starts[0][1]
    # A node is (paths, numbers) and, for a decision whose outcomes are followed, (choice ids,
    # child keys) too. Its numbers, one array of floats (a big walk holds millions of nodes):
    # the lowest and highest outcome and the offset (outcomes are stored without the node's
    # offset, statekeys' linear terms, so merged states share them), the probability of each
    # ending, then each choice's lowest and highest outcome, then each child key's offset (the
    # child keys are kept only when offsets are in play).
    memo: dict[Key, tuple] = {}
    shared_ids: dict[tuple[str, ...], tuple[str, ...]] = {}
    reached_choices: set[tuple[str, str]] = set()
    edges_kept = outcomes and keyer.factors
    reached_points: set[str] = set()
    bar = _Progress(progress)

    def key_of(draft: _Draft) -> tuple[Key, float]:
        if draft.ending is None:
            return keyer(draft.cursor, draft.values, draft.flags)
        key, offset = keyer(end_cursor, draft.values, draft.flags)  # what an ending's score and texts read
        return (draft.ending.id,) + key, offset

    # The walk is iterative (an explicit stack; a frame is [key, draft, offset, expanded]), so a
    # scenario of any length is no danger to Python's recursion limit. A frame's children are
    # expanded on its first visit and pushed above it; on the second visit they are all in ``memo``.
    Expanded = list[tuple[float, str, list[tuple[float, Key, float]]]]
    stack: list[list] = []

    def fraction() -> float:
        total, scale = 0.0, 1.0
        for frame in stack[:4]:
            expanded: Optional[Expanded] = frame[3]
            if not expanded:
                break
            kids = [k for _w, _c, children in expanded for _p, k, _o in children]
            total += scale * sum(1 for k in kids if k in memo) / len(kids)
            scale /= len(kids)
        return total

    def expand(draft: _Draft) -> Expanded:
        point = timeline[draft.cursor]
        assert isinstance(point, DecisionPoint)
        reached_points.add(point.id)
        state = draft.freeze(template, None) if hooked or point.actor not in sides else None
        if on_state is not None:
            on_state(state)  # type: ignore[arg-type]
        offer = offers[draft.cursor]
        assert offer is not None
        if point.actor in sides:  # the explorer: every available choice, equally likely (as RandomPolicy)
            values, flags = draft.values, draft.flags
            offered = [(choice_id, effects) for choice_id, (_c, when, effects) in offer.items()
                       if when is None or when(values, flags)]
            picks = [(1 / len(offered), choice_id, effects) for choice_id, effects in offered]
        else:
            picks = [(p, c, offer[c][2]) for c, p in policy.distribution(state)]  # type: ignore[arg-type]
        expanded: Expanded = []
        unseen: list[list] = []
        for weight, choice_id, effects in picks:
            moved = draft.copy()
            game._take(moved, point, choice_id, effects, "lookahead")
            children = []
            for p, child in game.expand(moved):
                if p <= 0:
                    continue
                if on_step is not None:
                    on_step(state, choice_id, child.freeze(template, None))
                child_key, offset = key_of(child)
                children.append((p, child_key, offset))
                if child_key not in memo:
                    unseen.append([child_key, child, offset, None])
            expanded.append((weight, choice_id, children))
        stack.extend(reversed(unseen))  # the first choice's first branch is walked first
        return expanded

    def finish(key: Key, point: DecisionPoint, offset: float, expanded: Expanded) -> None:
        paths, low, high = 0, float("inf"), float("-inf")
        ends = [0.0] * len(sc.endings)
        ids: list[str] = []
        bounds: list[float] = []
        kids: list[Key] = []
        kid_offsets: list[float] = []
        for weight, choice_id, children in expanded:
            reached_choices.add((point.id, choice_id))
            choice_low, choice_high = float("inf"), float("-inf")
            for p, child_key, child_offset in children:
                child_paths, numbers = memo[child_key][:2]
                paths += child_paths
                for i, q in enumerate(numbers[ends_at:ends_at + len(ends)]):
                    if q:
                        ends[i] += weight * p * q
                if outcomes:
                    choice_low = min(choice_low, numbers[0] + child_offset)
                    choice_high = max(choice_high, numbers[1] + child_offset)
                    if edges_kept:
                        kids.append(child_key)
                        kid_offsets.append(child_offset)
            low, high = min(low, choice_low), max(high, choice_high)
            if outcomes:
                ids.append(choice_id)
                bounds += (choice_low - offset, choice_high - offset)
        if not outcomes:
            memo[key] = (paths, array("d", [0.0, 0.0, 0.0, *ends]))
            return
        choice_ids = tuple(ids)
        memo[key] = (paths, array("d", [low - offset, high - offset, offset, *ends, *bounds, *kid_offsets]),
                     shared_ids.setdefault(choice_ids, choice_ids), tuple(kids))

    def visit(root: _Draft) -> Key:
        root_key, root_offset = key_of(root)
        arrivals.append((root_key, root_offset))
        stack.append([root_key, root, root_offset, None])
        while stack:
            frame = stack[-1]
            key, draft, offset, expanded = frame
            if expanded is None:
                if key in memo:
                    stack.pop()
                    continue
                if draft.ending is not None:
                    if on_state is not None:
                        on_state(draft.freeze(template, None))
                    delta = objective(scored_objectives, draft.values, draft.flags) - history_score - offset
                    memo[key] = (1, array("d", [delta, delta, 0.0]) + units[draft.ending.id])
                    stack.pop()
                    continue
                frame[3] = expand(draft)
                continue
            stack.pop()
            finish(key, timeline[draft.cursor], offset, expanded)
            bar.update(fraction, len(memo))
            if len(memo) > max_states:
                raise BlocGameError(
                    f"the game tree has more than {max_states:,} distinct states; explore one side at a time against "
                    "the historical or lookahead policy, or raise --max-states")
        return root_key

    paths, endings = 0, [0.0] * len(sc.endings)
    arrivals: list[tuple[Key, float]] = []
    for p, start in starts:
        if on_step is not None:
            on_step(None, None, start)
        root_paths, numbers = memo[visit(_Draft.of(start))][:2]
        paths += root_paths
        for i, q in enumerate(numbers[ends_at:ends_at + len(endings)]):
            if q:
                endings[i] += p * q
    bar.done()
    ranges = _ranges(memo, arrivals, timeline, ends_at + len(sc.endings)) if outcomes else {}
    order = {p.id: i for i, p in enumerate(sc.points)}
    choice_outcomes = tuple(
        ChoiceOutcome(point_id, choice_id, low, high)
        for (point_id, choice_id), (low, high) in sorted(ranges.items(), key=lambda item: (order[item[0][0]], item[0][1]))
    )
    return Exploration(
        sides=sides, opponent=opponent, scored_side=scored, states=len(memo), paths=paths,
        seconds=time.perf_counter() - started,
        endings={e.id: endings[ending_index[e.id]] for e in sc.endings},
        choices=choice_outcomes, reached_points=frozenset(reached_points),
        reached_choices=frozenset(reached_choices),
    )


def _ranges(memo: dict, arrivals: list[tuple[Key, float]], timeline: tuple,
            choices_at: int) -> dict[tuple[str, str], tuple[float, float]]:
    """Each (point, choice)'s lowest and highest outcome over every state the walk stands for.

    A merged key's values are stored without its offset, and the states merged into it
    arrived with other offsets, which its descendants inherit (the linear terms move
    alike on every path below). So the lowest and highest offset each key is reached
    with are carried down the graph, parents before children (the reverse of the order
    keys were finished in), and each choice's range is its stored range plus those.
    ``choices_at`` is where the choices' ranges start among a node's numbers.
    """
    reach: dict[Key, list[float]] = {}
    for key, offset in arrivals:
        seen = reach.setdefault(key, [offset, offset])
        seen[0], seen[1] = min(seen[0], offset), max(seen[1], offset)
    ranges: dict[tuple[str, str], tuple[float, float]] = {}
    for key in reversed(memo):
        node = memo[key]
        if len(node) == 2:
            continue  # an ending
        _paths, numbers, ids, kids = node
        own = numbers[2]
        lowest, highest = reach.pop(key, (own, own))  # no child keys kept: every offset is 0
        kids_at = choices_at + 2 * len(ids)
        for j, child in enumerate(kids):
            offset = numbers[kids_at + j]
            low, high = offset - own + lowest, offset - own + highest
            known = reach.get(child)
            if known is None:
                reach[child] = [low, high]
            else:
                known[0], known[1] = min(known[0], low), max(known[1], high)
        point_id = timeline[key[0]].id
        for j, choice_id in enumerate(ids):
            low, high = numbers[choices_at + 2 * j] + lowest, numbers[choices_at + 2 * j + 1] + highest
            seen_range = ranges.get((point_id, choice_id))
            ranges[(point_id, choice_id)] = (low, high) if seen_range is None else (
                min(seen_range[0], low), max(seen_range[1], high))
    return ranges
