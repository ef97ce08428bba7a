"""Which game states have the same future value for a side: the merge keys of the exact solver.

Two reductions, both exact (the review's Monte Carlo test checks the values they give):

* **Liveness.** A variable or flag that nothing at or after a place in the timeline
  reads (no condition, effect, ending, or objective of the scored side; for the
  look-ahead opponent, its own objectives too) cannot change the future, so it is
  left out of the key there.
* **Linear terms.** A variable that the scored side's objectives count linearly
  (``value: x`` or ``value: -x``), that no condition or effect reads from here on,
  and that every later effect only moves by a constant (``x += 5``) adds exactly
  ``weight * x`` to every outcome below, *as long as no clamp to its bounds can
  happen*: when the variable is far enough from both bounds for every remaining
  move to fit, it is left out of the key and its ``weight * x`` is carried as an
  offset instead. States then merge whatever that variable's value, and a merged
  value is stored without the offset (:meth:`Keyer.__call__` returns both). The
  look-ahead opponent's linear terms leave the key on the same terms (with no
  offset): a constant added to every line it weighs does not change its choice.
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import is_not, itemgetter
from typing import Callable, Collection, Optional, Sequence

from .expr import Quantity
from .scenario.model import DecisionPoint, Event, Scenario, Text

Key = tuple
_NONES = repeat(None)  # what is_not compares each flag's date with

_TERM = re.compile(r"^\s*(-)?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
_CONSTANT_MOVE = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*\s*(\+=|-=)\s*(\d+)\s*$")


def _text_reads(text: Text) -> set[str]:
    """The names the conditions of a text's variants read (which wording is shown)."""
    return set().union(*(v.when.reads for v in text.variants if v.when is not None))


def _step_reads(step: object, texts: bool = False, weighed_by: Optional[Collection[str]] = None) -> set[str]:
    """The names a timeline step's conditions and effects read (a constant move reads nothing), and
    the ``ai_weight`` expressions of a point whose side a policy that weighs them decides (``weighed_by``:
    those sides; None: any side); with ``texts``, also its texts' variants."""
    reads: set[str] = set()
    if step.when is not None:  # type: ignore[attr-defined]
        reads |= step.when.reads  # type: ignore[attr-defined]
    if isinstance(step, DecisionPoint):
        effects = []
        for choice in step.choices:
            if choice.when is not None:
                reads |= choice.when.reads
            if isinstance(choice.ai_weight, Quantity) and (weighed_by is None or step.actor in weighed_by):
                # the historical policy's pick when history is not on offer
                reads |= choice.ai_weight.reads
            if texts:
                reads |= _text_reads(choice.consequence)
            effects.append(choice.effects)
        if texts:
            reads |= _text_reads(step.briefing)
    else:
        assert isinstance(step, Event)
        effects = [step.effects]
        if texts:
            reads |= _text_reads(step.text)
    for effect in effects:
        for statement in effect.statements:
            if _CONSTANT_MOVE.match(statement.source) is None:
                reads |= statement.reads
    return reads


def _moves(step: object, name: str) -> tuple[int, int, bool]:
    """The largest rise and fall one step can give ``name``, and whether every move of it is a constant."""
    alternatives = [c.effects for c in step.choices] if isinstance(step, DecisionPoint) else [step.effects]  # type: ignore[attr-defined]
    rise = fall = 0
    for effects in alternatives:
        up = down = 0
        for statement in effects.statements:
            if statement.target != name:
                continue
            match = _CONSTANT_MOVE.match(statement.source)
            if match is None:
                return 0, 0, False
            amount = int(match.group(2))
            if match.group(1) == "+=":
                up += amount
            else:
                down += amount
        rise, fall = max(rise, up), max(fall, down)
    return rise, fall, True


class Keyer:
    """Turns ``(cursor, values, flags)`` into ``(key, offset)`` for one scenario, scored side and opponent."""

    def __init__(self, scenario: Scenario, side: Optional[str], opponent_objectives: Sequence[str] = (), texts: bool = False,
                 linear_terms: bool = True, weighed_by: Optional[Collection[str]] = None) -> None:
        """``texts``: also keep what decides which variant of a text is shown (the lint's walk
        reads every text it passes: briefings, consequences, event texts, epilogues, and the
        labels of the flags that are set, at any moment). ``weighed_by``: the sides whose picks a
        policy weighing ``ai_weight`` makes (the historical one); None: assume every side's."""
        sc = scenario
        names = [v.id for v in sc.variables]
        var_index = {n: i for i, n in enumerate(names)}
        flag_index = {f.id: i for i, f in enumerate(sc.flags)}
        condition_reads: set[str] = set()  # read by conditions or effects, or by non-linear objectives
        for ending in sc.endings:
            if ending.when is not None:
                condition_reads |= ending.when.reads
            if texts:
                condition_reads |= _text_reads(ending.epilogue)
        if texts:
            for flag in sc.flags:
                if not flag.label.is_plain:  # shown while the flag is set
                    condition_reads |= _text_reads(flag.label) | {flag.id}
        linear: dict[str, float] = {}
        objective_reads: set[str] = set()
        for objective in sc.side(side).objectives if side is not None else ():  # None: no side is scored
            objective_reads |= objective.value.reads
            term = _TERM.match(objective.value.source)
            if term is not None and term.group(2) in var_index:
                sign = -1.0 if term.group(1) else 1.0
                linear[term.group(2)] = linear.get(term.group(2), 0.0) + sign * objective.weight
            else:
                condition_reads |= objective.value.reads
        for other in opponent_objectives:  # a look-ahead opponent decides by these
            for objective in sc.side(other).objectives:
                term = _TERM.match(objective.value.source)
                if term is not None and term.group(2) in var_index:
                    # A linear term adds the same to every line the opponent weighs while no clamp can
                    # come, so it cannot change its choice: it may leave the key like the side's own.
                    linear.setdefault(term.group(2), 0.0)
                    objective_reads.add(term.group(2))
                else:
                    condition_reads |= objective.value.reads
        linear = {n: w for n, w in linear.items() if n not in condition_reads} if linear_terms else {}
        steps = sc.timeline
        constant = {n for n in linear if all(_moves(step, n)[2] for step in steps)}
        step_reads: set[str] = set()
        self._getters: list[tuple[Callable, Callable, tuple]] = [None] * (len(steps) + 1)  # type: ignore[list-item]
        rise = dict.fromkeys(constant, 0)
        fall = dict.fromkeys(constant, 0)
        bounds = {v.id: (v.low, v.high) for v in sc.variables}
        self._truths: dict[tuple[bool, ...], tuple[bool, ...]] = {}
        for i in range(len(steps), -1, -1):
            if i < len(steps):
                step = steps[i]
                step_reads |= _step_reads(step, texts, weighed_by)
                for n in constant:
                    up, down, _ok = _moves(step, n)
                    rise[n] += up
                    fall[n] += down
            reads = condition_reads | objective_reads | step_reads
            factored = tuple(
                (var_index[n], linear[n], bounds[n][0] + fall[n], bounds[n][1] - rise[n])
                for n in sorted(constant)
                if n not in step_reads and bounds[n][0] + fall[n] <= bounds[n][1] - rise[n])
            factored_ids = {f[0] for f in factored}
            live_vars = tuple(sorted(var_index[n] for n in reads if n in var_index and var_index[n] not in factored_ids))
            live_flags = tuple(sorted(flag_index[n] for n in reads if n in flag_index))
            self._getters[i] = (_getter(live_vars), _getter(live_flags), factored)
        #: Whether any key leaves a linear term out (else every offset is 0).
        self.factors = any(factored for _v, _f, factored in self._getters)

    def __call__(self, cursor: int, values: Sequence[int], flags: Sequence[object]) -> tuple[Key, float]:
        getv, getf, factored = self._getters[cursor]
        # Which live flags are set, as a tuple of bools; the same few combinations recur in
        # thousands of keys, so each is kept once (a big walk's keys share them).
        truths = tuple(map(is_not, getf(flags), _NONES))
        truths = self._truths.setdefault(truths, truths)
        if not factored:  # one flat tuple: a big walk holds millions of keys
            return (cursor, truths) + getv(values), 0.0
        offset = 0.0
        loose: list[int | None] = []
        for index, weight, low, high in factored:
            x = values[index]
            if low <= x <= high:
                offset += weight * x
                loose.append(None)
            else:
                loose.append(x)  # near a bound a clamp may come: keep the exact value
        return (cursor, truths) + getv(values) + tuple(loose), offset


def _getter(indices: tuple[int, ...]) -> Callable[[Sequence], tuple]:
    if len(indices) > 1:
        return itemgetter(*indices)
    if indices:
        i = indices[0]
        return lambda seq: (seq[i],)
    return lambda seq: ()
