"""Walk a scenario's whole game tree: every path, each ending's probability, each choice's range.

The explored sides try every available choice, each equally likely (so the ending
probabilities are those of a player choosing at random); the other side follows its
policy's distribution (``historical``: history's choice where it has one, otherwise the
scenario's ``ai_weight``; ``random``: uniform; ``lookahead``: its one choice); chance
events split into both outcomes with their probabilities. States that are the same
(same place in the timeline, same variables, same flags set) are merged,
so the walk is over a graph, not a tree, and counts paths without enumerating them.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Optional

from .engine import Game, LookaheadPolicy, State
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

    def update(self, fraction: float, states: int) -> None:
        now = time.perf_counter()
        if not self.enabled or now - self.started < 1.0 or now - self.shown < 0.2:
            return
        self.shown = now
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


def explore(game: Game, sides: tuple[str, ...], opponent: str = "historical", scored_side: Optional[str] = None,
            progress: bool = True, max_states: int = MAX_STATES) -> Exploration:
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
    lookahead = LookaheadPolicy()
    frame: list[tuple[int, int]] = []  # (index, count) of the first levels, for the progress bar

    def fraction() -> float:
        total, scale = 0.0, 1.0
        for index, count in frame[:4]:
            total += scale * index / count
            scale /= count
        return total

    def options(state: State) -> list[tuple[float, str]]:
        point = state.current
        assert point is not None
        choices = state.choices
        if point.actor in sides:
            return [(1 / len(choices), c.id) for c in choices]
        if opponent == "random":
            return [(1 / len(choices), c.id) for c in choices]
        if opponent == "lookahead":
            return [(1.0, lookahead.choose(state))]
        historical = next((c for c in choices if c.historical), None)
        if historical is not None:
            return [(1.0, historical.id)]
        weights = [c.weight_in(state) for c in choices]
        total = sum(weights)
        if total <= 0:
            return [(1 / len(choices), c.id) for c in choices]
        return [(w / total, c.id) for w, c in zip(weights, choices) if w > 0]

    def visit(state: State) -> _Node:
        key = _key(state)
        node = memo.get(key)
        if node is not None:
            return node
        if state.is_over:
            assert state.ending is not None
            delta = state.objective_score(scored) - history_score
            node = _Node(1, {state.ending.id: 1.0}, delta, delta)
        else:
            point = state.current
            assert point is not None
            reached_points.add(point.id)
            node = _Node(0, {}, float("inf"), float("-inf"))
            choice_list = options(state)
            for i, (weight, choice_id) in enumerate(choice_list):
                frame.append((i, len(choice_list)))
                low, high = float("inf"), float("-inf")
                for p, child in game.branches(state, choice_id):
                    if p <= 0:
                        continue
                    result = visit(child)
                    node.paths += result.paths
                    for ending, q in result.endings.items():
                        node.endings[ending] = node.endings.get(ending, 0.0) + weight * p * q
                    low, high = min(low, result.low), max(high, result.high)
                frame.pop()
                node.low, node.high = min(node.low, low), max(node.high, high)
                seen = ranges.get((point.id, choice_id))
                ranges[(point.id, choice_id)] = (low, high) if seen is None else (min(seen[0], low), max(seen[1], high))
            bar.update(fraction(), len(memo))
        memo[key] = node
        if len(memo) > max_states:
            raise BlocGameError(
                f"the game tree has more than {max_states:,} distinct states; explore one side at a time against the "
                "historical or lookahead policy, or raise --max-states")
        return node

    total = _Node(0, {}, float("inf"), float("-inf"))
    for p, start in game.start_branches():
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
