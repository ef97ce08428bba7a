"""Exact values of every choice for one side: backward induction over the memoised game tree.

The reviewed side is assumed to play its best from every later decision on (so a
choice's value is what it leads to with good play after it, as a chess engine's
review assumes); the other side plays its policy's distribution; chance events are
weighed by their probabilities. A value is the reviewed side's objective score at
the end minus the score history reaches (so 0 is "as well as in history").

Why it is fast enough to run at the end of every game (benchmarks/README.md):

* The walk is iterative (an explicit stack, then one backward pass in timeline
  order), so no scenario is too deep for Python's recursion limit.
* States are merged by what can still matter: the place in the timeline and the
  variables and flags that something at or after that place reads (a condition,
  an effect, an ending, the reviewed side's objectives; for the look-ahead
  opponent its own objectives too). A tension level nothing later looks at does
  not split the tree.
* It works on the engine's mutable drafts (:meth:`Game.take` and
  :meth:`Game.expand`, the same rules the game plays by) and builds a State only
  where a policy needs one to answer.
* Solutions are kept per (scenario content hash, side, policy): in memory, so
  the end report, ``replay --json`` and ``bloc-game review`` in one process solve
  once, and on disk in the user's ``cache`` folder (the choice values only, as a
  pickle of plain tuples read back by an unpickler that can name no class, so a
  cache file cannot run code), so only the first review of a scenario, side and
  opponent pays for the solve. A cache file that does not read back is ignored and
  rewritten.
"""

from __future__ import annotations

import json
import os
import pickle
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

from .engine import Game, Policy, State
from .engine.state import _Draft
from .errors import BlocGameError
from .scenario.model import Choice, DecisionPoint, Scenario
from .statekeys import Key, Keyer

if TYPE_CHECKING:
    from collections.abc import Hashable
    from pathlib import Path

#: How many distinct decision states a solve may visit before it stops and says so.
MAX_STATES = 2_000_000


@dataclass
class Solution:
    """The solved game for one side against one policy: a value per decision state."""

    game: Game
    side: str
    policy_name: str
    values: dict[Key, float]
    #: For the reviewed side's decision states: each available choice's value, in the point's order.
    choice_values: dict[Key, tuple[tuple[str, float], ...]]
    seconds: float
    #: How many decision states the solve visited (also for a solution read from the cache).
    states: int = 0
    from_cache: bool = False
    keyer: Optional[Keyer] = None

    def key(self, state: State) -> tuple[Key, float]:
        """The state's merge key, and the offset its merged values are stored without."""
        keyer = self.keyer or _keyer(self.game, self.side, self.policy_name)
        return keyer(state.cursor, state.values, state.flags)

    def choices_at(self, state: State) -> tuple[tuple[str, float], ...]:
        """Each choice's value at one of the reviewed side's decisions (``state`` waits there)."""
        point = state.current
        if point is None or point.actor != self.side:
            raise BlocGameError("the review has values only at the reviewed side's own decisions")
        key, offset = self.key(state)
        found = self.choice_values.get(key)
        if found is None:  # pragma: no cover - every reachable decision is solved
            raise BlocGameError(f"no solved values at '{point.id}' ({point.date}); the game left the solved tree")
        return tuple((c, v + offset) for c, v in found)

    def solved(self, state: State) -> bool:
        """Whether ``state`` (at one of the reviewed side's decisions) is in this solution."""
        return self.key(state)[0] in self.choice_values

    def value(self, state: State) -> float:
        """The reviewed side's expected outcome against history from ``state`` on (best play after it)."""
        if state.is_over:
            return state.objective_score(self.side) - self.game.history().objective_score(self.side)
        point = state.current
        if point is not None and point.actor == self.side:
            return max(v for _c, v in self.choices_at(state))
        key, offset = self.key(state)
        return self.values[key] + offset


# Held by the game itself (weakly), not by id(game): a freed game's id can be handed to the next
# game loaded, which would then be solved with another scenario's keys.
_KEYERS: "weakref.WeakKeyDictionary[Game, dict[tuple[str, str], Keyer]]" = weakref.WeakKeyDictionary()


def _keyer(game: Game, side: str, policy_name: str) -> Keyer:
    """The merge keys for one game, scored side and opponent policy (see :mod:`.statekeys`)."""
    keyers = _KEYERS.setdefault(game, {})
    cache_key = (side, policy_name)
    found = keyers.get(cache_key)
    if found is None:
        sc = game.scenario
        from .engine import make_policy

        opponents = [s for s in sc.side_ids if s != side]
        others = opponents if policy_name == "lookahead" else []
        weighed_by = opponents if make_policy(policy_name, game).weighs else []
        found = keyers[cache_key] = Keyer(sc, side, others, weighed_by=weighed_by)
    return found


_SOLVED: dict[tuple, Solution] = {}


def solve(game: Game, side: str, policy: Policy, max_states: int = MAX_STATES, root: Optional[State] = None) -> Solution:
    """Backward induction for ``side`` against ``policy``; cached by scenario content and policy.

    From the start of the game, or from ``root`` (a game that left the policy's
    support, such as a hot-seat game whose other player made a choice the policy never
    would, is solved again from where it left).

    Raises :class:`~bloc_game.errors.BlocGameError` past ``max_states`` distinct states.
    """
    import time

    sc = game.scenario
    if side not in sc.side_ids:
        raise BlocGameError(f"unknown side '{side}'; choose one of {', '.join(sc.side_ids)}")
    root_key = None if root is None else _keyer(game, side, policy.name)(root.cursor, root.values, root.flags)[0]
    cache_key = (sc.content_hash or str(id(sc)), side, _policy_id(policy), id(game) if not sc.content_hash else 0, root_key)
    found = _SOLVED.get(cache_key)
    if found is not None:
        return found
    started = time.perf_counter()
    key_of = _keyer(game, side, policy.name)
    disk = _cache_file(sc, side, policy) if root is None else None
    if disk is not None:
        cached = _read_cache(disk)
        if cached is not None:
            solution = Solution(game, side, policy.name, {}, cached[0], time.perf_counter() - started, cached[1], True,
                                key_of)
            _SOLVED[cache_key] = solution
            return solution
    history_score = game.history().objective_score(side)
    scored = sc.side(side)
    template = game.start_branches()[0][1]
    timeline = sc.timeline
    available = game.available
    objective = game.objective_score

    def choice_of(point: DecisionPoint, choice_id: str) -> Choice:
        choice = point.choice(choice_id)
        assert choice is not None
        return choice

    def final(draft: _Draft) -> float:
        return objective(scored, draft.values, draft.flags) - history_score

    def children(draft: _Draft, point: DecisionPoint,
                 choice: Choice) -> list[tuple[float, Union[Key, float], float, Optional[_Draft]]]:
        # (probability, key or final value, offset, the child's draft if it is to be solved)
        start = draft.copy()
        game.take(start, point, choice, "review")
        out: list[tuple[float, Union[Key, float], float, Optional[_Draft]]] = []
        for p, child in game.expand(start):
            if p <= 0:
                continue
            if child.ending is not None:
                out.append((p, final(child), 0.0, None))
            else:
                k, offset = key_of(child.cursor, child.values, child.flags)
                out.append((p, k, offset, child))
        return out

    values: dict[Key, float] = {}
    choice_values: dict[Key, tuple[tuple[str, float], ...]] = {}
    # An explicit depth-first stack: a frame is [key, draft, options, offset]; options are filled on
    # the first visit (and the unsolved children pushed above it), the value on the second. Values
    # are stored without the state's offset (statekeys: linear terms), so merged states share them.
    stack: list[list] = []
    starts = game.start_branches() if root is None else [(1.0, root)]
    for _p, start in starts:
        draft = _Draft.of(start)
        if draft.ending is None:  # a game over before its first decision has nothing to review
            k, offset = key_of(draft.cursor, draft.values, draft.flags)
            stack.append([k, draft, None, offset])
    while stack:
        frame = stack[-1]
        k, draft, options, own_offset = frame
        if options is None:
            if k in values:
                stack.pop()
                continue
            point = timeline[draft.cursor]
            assert isinstance(point, DecisionPoint)
            if point.actor == side:
                picks = [(c, 1.0) for c in available(point, draft.values, draft.flags)]
            else:
                picks = [(choice_of(point, c), w) for c, w in policy.distribution(draft.freeze(template, None)) if w > 0]
            options = [(c.id, w, children(draft, point, c)) for c, w in picks]
            frame[2] = options
            frame[1] = None  # the draft is no longer needed; let it go
            for _c, _w, kids in options:
                for _p, child, child_offset, child_draft in kids:
                    if child_draft is not None and child not in values:
                        stack.append([child, child_draft, None, child_offset])
            continue
        stack.pop()
        qs = []
        for choice_id, weight, kids in options:
            q = 0.0
            for p, child, child_offset, _d in kids:
                q += p * (child if type(child) is float else values[child] + child_offset)
            qs.append((choice_id, weight, q - own_offset))
        if timeline[k[0]].actor == side:
            values[k] = max(q for _c, _w, q in qs)
            choice_values[k] = tuple((c, q) for c, _w, q in qs)
        else:
            values[k] = sum(w * q for _c, w, q in qs)
        if len(values) > max_states:
            raise BlocGameError(f"the game tree has more than {max_states:,} distinct states for the review")
    solution = Solution(game, side, policy.name, values, choice_values, time.perf_counter() - started, len(values),
                        keyer=key_of)
    _SOLVED[cache_key] = solution
    if disk is not None:
        _write_cache(disk, solution)
    return solution


#: Bump when the solver's values or keys change meaning, so old cache files are not read.
CACHE_VERSION = 5  # 4: ai_weight expressions count as reads in the merge keys; 5: only where a weighing policy decides


def _cache_file(scenario: Scenario, side: str, policy: Policy) -> Optional["Path"]:
    if not scenario.content_hash:
        return None
    import hashlib

    from .paths import user_folder

    name = json.dumps([CACHE_VERSION, scenario.content_hash, side, _policy_id(policy)], sort_keys=True)
    try:
        return user_folder("cache") / f"review-{hashlib.sha256(name.encode()).hexdigest()[:24]}.pickle"
    except OSError:
        return None


class _PlainUnpickler(pickle.Unpickler):
    """Reads back only plain data (tuples, dicts, strings, numbers): a cache file can name no class or function."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"a review cache holds plain data only, not {module}.{name}")


def _read_cache(path: "Path") -> Optional[tuple[dict[Key, tuple[tuple[str, float], ...]], int]]:
    try:
        with path.open("rb") as handle:
            data = _PlainUnpickler(handle).load()
        if not (isinstance(data, dict) and data.get("version") == CACHE_VERSION and isinstance(data.get("choices"), dict)):
            return None
        return data["choices"], int(data["states"])
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # missing or damaged: solve again


def _write_cache(path: "Path", solution: Solution) -> None:
    data = {"version": CACHE_VERSION, "states": solution.states, "choices": solution.choice_values}
    try:
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _policy_id(policy: Policy) -> "Hashable":
    script = getattr(policy, "script", None)
    return (policy.name, tuple(sorted(script.items())) if script else ())
