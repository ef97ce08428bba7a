"""Abstract evaluation of compiled expressions, for the scenario lint (:mod:`bloc_game.lint`).

Each variable is an interval of the values it may have, each flag the set of truth
values it may have; an expression then evaluates to an interval or to a set of truth
values. The result over-approximates every concrete run, so "cannot be true" is sure.
"""

from __future__ import annotations

import math
from typing import Sequence, Union

from .compiler import Condition, Symbols, integral, interval
from .effects import STATEMENT, Effects
from .syntax import Node, number_value, parse

Interval = tuple[float, float]
Truths = frozenset[bool]
Abstract = Union[Interval, Truths]
BOTH: Truths = frozenset((True, False))


def _iv(value: Abstract) -> Interval:
    assert isinstance(value, tuple)  # the compiler has type-checked the expression
    return value


def _tv(value: Abstract) -> Truths:
    assert isinstance(value, frozenset)
    return value


def _abstract(node: Node, symbols: Symbols, ranges: Sequence[Interval], truths: Sequence[Truths]) -> Abstract:
    op = node.op
    if op == "num":
        v = float(number_value(node.value))
        return (v, v)
    if op == "bool":
        return frozenset((bool(node.value),))
    if op == "name":
        name = str(node.value)
        if name in symbols.variables:
            return ranges[symbols.variables[name][0]]
        return truths[symbols.flags[name]]
    args = [_abstract(a, symbols, ranges, truths) for a in node.args]
    if op == "neg":
        lo, hi = _iv(args[0])
        return (-hi, -lo)
    if op == "not":
        return frozenset(not t for t in _tv(args[0]))
    if op in ("and", "or"):
        ta, tb = _tv(args[0]), _tv(args[1])
        if op == "and":
            return frozenset(x and y for x in ta for y in tb)
        return frozenset(x or y for x in ta for y in tb)
    if op in ("+", "-", "*", "/"):
        # Within the declared ranges, which load-time checking bounded, so never infinite.
        return interval(op, _iv(args[0]), _iv(args[1]), integral(node.args[1], symbols))
    if op in ("==", "!=") and isinstance(args[0], frozenset):
        equal = frozenset(x == y for x in _tv(args[0]) for y in _tv(args[1]))
        return equal if op == "==" else frozenset(not e for e in equal)
    if op in ("<", "<=", ">", ">=", "==", "!="):
        (alo, ahi), (blo, bhi) = _iv(args[0]), _iv(args[1])
        possible = {
            "<": (alo < bhi, ahi >= blo), "<=": (alo <= bhi, ahi > blo),
            ">": (ahi > blo, alo <= bhi), ">=": (ahi >= blo, alo < bhi),
            "==": (alo <= bhi and blo <= ahi, not (alo == ahi == blo == bhi)),
            "!=": (not (alo == ahi == blo == bhi), alo <= bhi and blo <= ahi),
        }[op]
        return frozenset(t for t, ok in zip((True, False), possible) if ok)
    # min, max, abs
    if node.value == "abs":
        lo, hi = _iv(args[0])
        return (0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi)), max(abs(lo), abs(hi)))
    intervals = [_iv(a) for a in args]
    pick = min if node.value == "min" else max
    return (pick(a[0] for a in intervals), pick(a[1] for a in intervals))


def abstract_truths(condition: Condition, symbols: Symbols, ranges: Sequence[Interval],
                    truths: Sequence[Truths]) -> Truths:
    """The truth values a compiled condition may take over the given ranges and flag sets."""
    result = _abstract(parse(condition.source), symbols, ranges, truths)
    return result if isinstance(result, frozenset) else BOTH


def abstract_apply(effects: Effects, symbols: Symbols, ranges: list[Interval], truths: list[Truths]) -> None:
    """Apply effect statements to the abstract state in place (rounded and clamped like the real ones)."""
    for statement in effects.statements:
        m = STATEMENT.match(statement.source)
        assert m is not None
        value = _abstract(parse(statement.source[m.end():]), symbols, ranges, truths)
        if statement.target in symbols.variables:
            i, low, high = symbols.variables[statement.target]
            lo, hi = _iv(value)
            if statement.op == "+=":
                lo, hi = ranges[i][0] + lo, ranges[i][1] + hi
            elif statement.op == "-=":
                lo, hi = ranges[i][0] - hi, ranges[i][1] - lo
            # Clamped before rounding: a bound beyond the range (or, defensively, infinite) just pins it.
            lo, hi = min(high, max(low, lo)), min(high, max(low, hi))
            ranges[i] = (math.floor(lo), math.ceil(hi))
        else:
            truths[symbols.flags[statement.target]] = _tv(value)
