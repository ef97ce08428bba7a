"""Walk a scenario's whole game tree: every path, each ending's probability, each choice's range.

The explored sides try every available choice, each equally likely (the ``random``
policy's distribution, so the ending probabilities are those of a player choosing at
random); the other side follows its policy's :meth:`~bloc_game.engine.Policy.distribution`,
the same one that decides in play; chance events split into both outcomes with their
probabilities. States that are the same
(same place in the timeline, same variables, same flags set) are merged,
so the walk is over a graph, not a tree, and counts paths without enumerating them.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from .engine import Game, RandomPolicy, State, make_policy
from .errors import BlocGameError

Key = tuple


@dataclass(frozen=True)
class ChoiceOutcome:
    """The range of the explored side's final outcome (objectives minus history's) after a choice."""

    point_id: str
    choice_id: str
    low: float
    high: float


@dataclass
class _Node:
    paths: int
    endings: dict[str, float]
    low: float
    high: float


@dataclass(frozen=True)
class Exploration:
    sides: tuple[str, ...]
    opponent: str
    scored_side: str
    states: int
    paths: int
    seconds: float
    endings: dict[str, float]
    choices: tuple[ChoiceOutcome, ...] = field(default=())
    reached_points: frozenset[str] = frozenset()
    reached_choices: frozenset[tuple[str, str]] = frozenset()


def _key(state: State) -> Key:
    # Conditions, objectives and endings see whether a flag is set, never its date, so
    # states that differ only in when a flag became true have the same future and merge.
    return (state.cursor, state.values, tuple(d is not None for d in state.flags),
            state.ending.id if state.ending else None)


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
            on_step: Optional[StepHook] = None) -> Exploration:
    """Explore the game with ``sides`` trying every choice and the others following ``opponent``.

    Raises :class:`~bloc_game.errors.BlocGameError` past ``max_states`` distinct states
    (exploring both sides of the flagship at once, for instance, is far beyond it).
    """
    started = time.perf_counter()
    scored = scored_side or sides[0]
    history_score = game.history().objective_score(scored)
    memo: dict[Key, _Node] = {}
    ranges: dict[tuple[str, str], tuple[float, float]] = {}
    reached_points: set[str] = set()
    bar = _Progress(progress)
    explorer, policy = RandomPolicy(), make_policy(opponent, game)
    # The walk is iterative (an explicit stack; a frame is [state, key, expanded]), so a scenario
    # of any length is no danger to Python's recursion limit. A frame's children are expanded on
    # its first visit and pushed above it; on the second visit they are all in ``memo``.
    Expanded = list[tuple[float, str, list[tuple[float, Key, State]]]]
    stack: list[list] = []

    def fraction() -> float:
        total, scale = 0.0, 1.0
        for frame in stack[:4]:
            expanded: Optional[Expanded] = frame[2]
            if not expanded:
                break
            kids = [k for _w, _c, children in expanded for _p, k, _s in children]
            total += scale * sum(1 for k in kids if k in memo) / len(kids)
            scale /= len(kids)
        return total

    def options(state: State) -> list[tuple[float, str]]:
        point = state.current
        assert point is not None
        decider = explorer if point.actor in sides else policy
        return [(p, choice_id) for choice_id, p in decider.distribution(state)]

    def finish(state: State, expanded: Expanded) -> _Node:
        point = state.current
        assert point is not None
        node = _Node(0, {}, float("inf"), float("-inf"))
        for weight, choice_id, children in expanded:
            low, high = float("inf"), float("-inf")
            for p, child_key, _child in children:
                result = memo[child_key]
                node.paths += result.paths
                for ending, q in result.endings.items():
                    node.endings[ending] = node.endings.get(ending, 0.0) + weight * p * q
                low, high = min(low, result.low), max(high, result.high)
            node.low, node.high = min(node.low, low), max(node.high, high)
            seen = ranges.get((point.id, choice_id))
            ranges[(point.id, choice_id)] = (low, high) if seen is None else (min(seen[0], low), max(seen[1], high))
        return node

    def visit(root: State) -> _Node:
        stack.append([root, _key(root), None])
        while stack:
            frame = stack[-1]
            state, key, expanded = frame
            if expanded is None:
                if key in memo:
                    stack.pop()
                    continue
                if on_state is not None:
                    on_state(state)
                if state.is_over:
                    assert state.ending is not None
                    delta = state.objective_score(scored) - history_score
                    memo[key] = _Node(1, {state.ending.id: 1.0}, delta, delta)
                    stack.pop()
                    continue
                point = state.current
                assert point is not None
                reached_points.add(point.id)
                expanded = []
                for weight, choice_id in options(state):
                    children = []
                    for p, child in game.branches(state, choice_id):
                        if p <= 0:
                            continue
                        if on_step is not None:
                            on_step(state, choice_id, child)
                        children.append((p, _key(child), child))
                    expanded.append((weight, choice_id, children))
                frame[2] = expanded
                for _w, _c, children in reversed(expanded):
                    for _p, child_key, child in reversed(children):
                        if child_key not in memo:
                            stack.append([child, child_key, None])
                continue
            stack.pop()
            memo[key] = finish(state, expanded)
            bar.update(fraction, len(memo))
            if len(memo) > max_states:
                raise BlocGameError(
                    f"the game tree has more than {max_states:,} distinct states; explore one side at a time against "
                    "the historical or lookahead policy, or raise --max-states")
        return memo[_key(root)]

    total = _Node(0, {}, float("inf"), float("-inf"))
    for p, start in game.start_branches():
        if on_step is not None:
            on_step(None, None, start)
        result = visit(start)
        total.paths += result.paths
        for ending, q in result.endings.items():
            total.endings[ending] = total.endings.get(ending, 0.0) + p * q
    bar.done()
    order = {p.id: i for i, p in enumerate(game.scenario.points)}
    outcomes = tuple(
        ChoiceOutcome(point_id, choice_id, low, high)
        for (point_id, choice_id), (low, high) in sorted(ranges.items(), key=lambda item: (order[item[0][0]], item[0][1]))
    )
    return Exploration(
        sides=sides, opponent=opponent, scored_side=scored, states=len(memo), paths=total.paths,
        seconds=time.perf_counter() - started,
        endings={e.id: total.endings.get(e.id, 0.0) for e in game.scenario.endings},
        choices=outcomes, reached_points=frozenset(reached_points),
        reached_choices=frozenset((c.point_id, c.choice_id) for c in outcomes),
    )
