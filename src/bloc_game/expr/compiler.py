"""Checking an expression tree against a scenario's names and compiling it into closures.

Each subexpression becomes a plain Python closure over the state's values and flags, with
its type (number or true/false) checked and its interval of possible values worked out
(what bounds objective scores). Effect statements are built on this in :mod:`.effects`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping, MutableSequence, NamedTuple, Sequence, Union

from .syntax import FUNCTIONS, MAX_VALUE, ExprError, Node, Number, number_value, parse

Values = Sequence[Number]
Flags = Sequence[Union[date, None]]
NumberFn = Callable[[Values, Flags], Number]
BoolFn = Callable[[Values, Flags], bool]
MutableFlags = MutableSequence[Union[date, None]]
#: One compiled effect statement: mutates the values and flags, stamping ``today``.
StepFn = Callable[[MutableSequence[int], MutableFlags, date], None]
#: A compiled subexpression. Its value is a number or a bool according to the
#: ``Compiled.type`` beside it, which the compiler has checked, hence ``Any``.
AnyFn = Callable[[Values, Flags], Any]


@dataclass(frozen=True)
class Symbols:
    """What names an expression may use: variables with bounds, and flags.

    ``variables`` maps a name to ``(index, low, high)``; ``flags`` maps a name
    to its index in the state's flag tuple.
    """

    variables: Mapping[str, tuple[int, int, int]]
    flags: Mapping[str, int]


# --------------------------------------------------------------------------- checking and compiling

NUM, BOOL = "number", "true/false"


class Compiled(NamedTuple):
    """A checked and compiled subexpression (a tuple: one is made per node at load)."""

    type: str
    fn: AnyFn
    low: float  # interval bounds of the value (booleans count as 0..1)
    high: float
    integral: bool = False  # always a whole number (variables, integer literals and +, -, *, min, max, abs of them)


def _check(node: Node, want: str, got: str, what: str) -> None:
    if want != got:
        raise ExprError(f"{what} needs a {want} value, but this is a {got} value", node.offset)


def _div(a: Number, b: Number) -> Number:
    return a / b if b else 0


def interval(op: str, a: tuple[float, float], b: tuple[float, float], b_integral: bool) -> tuple[float, float]:
    """Bounds of ``a op b`` for values within the intervals ``a`` and ``b`` (sound, not always tight)."""
    (alo, ahi), (blo, bhi) = a, b
    if op == "+":
        return alo + blo, ahi + bhi
    if op == "-":
        return alo - bhi, ahi - blo
    if op == "*":
        corners = [alo * blo, alo * bhi, ahi * blo, ahi * bhi]
        return min(corners), max(corners)
    if blo > 0 or bhi < 0:
        pieces = [(blo, bhi)]
    elif b_integral:
        # A whole-number divisor other than 0 is at most -1 or at least 1; 0 gives 0.
        pieces = [p for p in ((max(blo, 1.0), bhi), (blo, min(bhi, -1.0))) if p[0] <= p[1]]
    else:
        return -math.inf, math.inf  # a fractional divisor can come as close to 0 as it likes
    quotients = [0.0] + [x / y for lo, hi in pieces for x in (alo, ahi) for y in (lo, hi)]
    return min(quotients), max(quotients)


_OPERATION = {"+": "sum", "-": "difference", "*": "product", "/": "quotient"}


def _bounded(node: Node, low: float, high: float) -> None:
    """Refuse an operation whose worst case is unbounded or beyond ±MAX_VALUE (the run-time rule's half)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ExprError(
            "this division has no bound: its divisor is a fraction that can come arbitrarily close to 0; "
            "divide by a whole number, or by an expression that cannot reach 0", node.offset)
    worst = max(abs(low), abs(high))
    if worst > MAX_VALUE:
        raise ExprError(
            f"this {_OPERATION[node.op]} can reach {worst:.3g} over the variables' ranges, beyond the limit of "
            f"±{MAX_VALUE:,} for any value in an expression; narrow the ranges or simplify", node.offset)


def integral(node: Node, symbols: Symbols) -> bool:
    """Whether ``node`` always evaluates to a whole number."""
    if node.op == "num":
        return isinstance(node.value, int)
    if node.op == "name":
        return str(node.value) in symbols.variables
    if node.op in ("neg", "+", "-", "*") or (node.op == "call"):
        return all(integral(a, symbols) for a in node.args)
    return False


class Compiler:
    def __init__(self, symbols: Symbols, reads: set[str]) -> None:
        self.symbols = symbols
        self.reads = reads

    def compile(self, node: Node) -> Compiled:  # noqa: C901 - one branch per operator
        op = node.op
        if op == "num":
            v = number_value(node.value)
            return Compiled(NUM, lambda _v, _f: v, v, v, isinstance(v, int))
        if op == "bool":
            truth = bool(node.value)
            return Compiled(BOOL, lambda _v, _f: truth, float(truth), float(truth))
        if op == "name":
            return self.name(node)
        if op == "neg":
            a = self.compile(node.args[0])
            _check(node, NUM, a.type, "'-'")
            fa = a.fn
            return Compiled(NUM, lambda v, f: -fa(v, f), -a.high, -a.low, a.integral)
        if op == "not":
            a = self.compile(node.args[0])
            _check(node, BOOL, a.type, "'not'")
            arg = node.args[0]
            if arg.op == "name" and str(arg.value) in self.symbols.flags:  # 'not edc_ratified', in one function
                j = self.symbols.flags[str(arg.value)]
                return Compiled(BOOL, lambda _v, f: f[j] is None, 0.0, 1.0)
            fa = a.fn
            return Compiled(BOOL, lambda v, f: not fa(v, f), 0.0, 1.0)
        if op in ("and", "or"):
            a, b = (self.compile(x) for x in node.args)
            _check(node.args[0], BOOL, a.type, f"'{op}'")
            _check(node.args[1], BOOL, b.type, f"'{op}'")
            fa, fb = a.fn, b.fn
            # Every true/false function returns a bool already (flags test 'is not None', comparisons
            # and 'not' give bools), so no bool() is needed around the operands.
            if op == "and":
                return Compiled(BOOL, lambda v, f: fa(v, f) and fb(v, f), 0.0, 1.0)
            return Compiled(BOOL, lambda v, f: fa(v, f) or fb(v, f), 0.0, 1.0)
        if op in ("+", "-", "*", "/"):
            a, b = (self.compile(x) for x in node.args)
            _check(node.args[0], NUM, a.type, f"'{op}'")
            _check(node.args[1], NUM, b.type, f"'{op}'")
            fa, fb = a.fn, b.fn
            low, high = interval(op, (a.low, a.high), (b.low, b.high), b.integral)
            _bounded(node, low, high)
            fn: AnyFn
            if op == "+":
                fn = lambda v, f: fa(v, f) + fb(v, f)  # noqa: E731
            elif op == "-":
                fn = lambda v, f: fa(v, f) - fb(v, f)  # noqa: E731
            elif op == "*":
                fn = lambda v, f: fa(v, f) * fb(v, f)  # noqa: E731
            else:
                fn = lambda v, f: _div(fa(v, f), fb(v, f))  # noqa: E731
            return Compiled(NUM, fn, low, high, op != "/" and a.integral and b.integral)
        if op in ("<", "<=", ">", ">=", "==", "!="):
            return self.comparison(node)
        if op == "call":
            return self.call(node)
        raise AssertionError(op)  # pragma: no cover - the parser makes no other nodes

    def name(self, node: Node) -> Compiled:
        name = str(node.value)
        self.reads.add(name)
        if name in self.symbols.variables:
            i, low, high = self.symbols.variables[name]
            return Compiled(NUM, lambda v, _f: v[i], float(low), float(high), True)
        if name in self.symbols.flags:
            j = self.symbols.flags[name]
            return Compiled(BOOL, lambda _v, f: f[j] is not None, 0.0, 1.0)
        raise ExprError(f"unknown name {name!r}{suggest(name, self.symbols)}", node.offset)

    def comparison(self, node: Node) -> Compiled:
        a, b = (self.compile(x) for x in node.args)
        fast = self._variable_against_constant(node, a, b)
        if fast is not None:
            return fast
        if node.op in ("==", "!="):
            if a.type != b.type:
                raise ExprError(f"'{node.op}' compares a {a.type} value with a {b.type} value", node.offset)
        else:
            _check(node.args[0], NUM, a.type, f"'{node.op}'")
            _check(node.args[1], NUM, b.type, f"'{node.op}'")
        fa, fb = a.fn, b.fn
        compare: Callable[[Any, Any], bool] = {
            "<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y,
            ">=": lambda x, y: x >= y, "==": lambda x, y: x == y, "!=": lambda x, y: x != y,
        }[node.op]
        return Compiled(BOOL, lambda v, f: compare(fa(v, f), fb(v, f)), 0.0, 1.0)

    def _variable_against_constant(self, node: Node, a: Compiled, b: Compiled) -> Compiled | None:
        """``tension < 90``, the commonest condition, as one function (no call per operand)."""
        left, right = node.args
        if not (left.op == "name" and str(left.value) in self.symbols.variables and right.op == "num"
                and b.type == NUM):
            return None
        i = self.symbols.variables[str(left.value)][0]
        c = number_value(right.value)
        fn: Callable[[Values, Flags], bool] = {
            "<": lambda v, _f: v[i] < c, "<=": lambda v, _f: v[i] <= c, ">": lambda v, _f: v[i] > c,
            ">=": lambda v, _f: v[i] >= c, "==": lambda v, _f: v[i] == c, "!=": lambda v, _f: v[i] != c,
        }[node.op]
        return Compiled(BOOL, fn, 0.0, 1.0)

    def call(self, node: Node) -> Compiled:
        args = [self.compile(x) for x in node.args]
        for arg, sub in zip(args, node.args):
            _check(sub, NUM, arg.type, f"{node.value}()")
        fns = tuple(a.fn for a in args)
        if node.value == "abs":
            fa = fns[0]
            a = args[0]
            low = 0.0 if a.low <= 0 <= a.high else min(abs(a.low), abs(a.high))
            return Compiled(NUM, lambda v, f: abs(fa(v, f)), low, max(abs(a.low), abs(a.high)), a.integral)
        pick = min if node.value == "min" else max
        low = pick(a.low for a in args)
        high = pick(a.high for a in args)
        return Compiled(NUM, lambda v, f: pick(fn(v, f) for fn in fns), low, high, all(a.integral for a in args))


def suggest(name: str, symbols: Symbols) -> str:
    import difflib

    close = difflib.get_close_matches(name, [*symbols.variables, *symbols.flags, *FUNCTIONS], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --------------------------------------------------------------------------- public compiled forms

@dataclass(frozen=True)
class Condition:
    """A compiled true/false expression. Call it with a state's values and flags."""

    source: str
    reads: frozenset[str]
    fn: BoolFn = field(repr=False, compare=False)

    def __call__(self, values: Values, flags: Flags) -> bool:
        return bool(self.fn(values, flags))


@dataclass(frozen=True)
class Quantity:
    """A compiled numeric expression (a true/false one counts as 1 or 0).

    ``low`` and ``high`` bound every value it can take over the variables'
    ranges (interval arithmetic), which is what bounds objective scores.
    """

    source: str
    reads: frozenset[str]
    fn: NumberFn = field(repr=False, compare=False)
    low: float = 0.0
    high: float = 0.0

    def __call__(self, values: Values, flags: Flags) -> float:
        return float(self.fn(values, flags))


def compile_condition(text: str, symbols: Symbols) -> Condition:
    """Compile a condition such as ``tension > 60 and not edc_ratified``.

    Raises :class:`ExprError` with the offset of the first problem.
    """
    node = parse(text)
    reads: set[str] = set()
    compiled = Compiler(symbols, reads).compile(node)
    _check(node, BOOL, compiled.type, "a condition")
    return Condition(text, frozenset(reads), compiled.fn)


def compile_quantity(text: str, symbols: Symbols) -> Quantity:
    """Compile a numeric expression such as ``german_alignment + 20 * frg_in_nato``.

    A true/false expression is accepted and counts as 1 (true) or 0 (false).
    """
    node = parse(text)
    reads: set[str] = set()
    compiled = Compiler(symbols, reads).compile(node)
    fn = compiled.fn
    if compiled.type == BOOL:
        return Quantity(text, frozenset(reads), lambda v, f: 1 if fn(v, f) else 0, 0.0, 1.0)
    return Quantity(text, frozenset(reads), fn, compiled.low, compiled.high)
