"""Checking an expression tree against a scenario's names and compiling it into closures.

Each subexpression becomes a plain Python closure over the state's values and flags, with
its type (number or true/false) checked and its interval of possible values worked out
(what bounds objective scores). Effects compile to in-place steps that round and clamp.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping, MutableSequence, Sequence, Union

from .syntax import FUNCTIONS, MAX_LENGTH, MAX_VALUE, ExprError, Node, Number, number_value, parse

Values = Sequence[Number]
Flags = Sequence[Union[date, None]]
NumberFn = Callable[[Values, Flags], Number]
BoolFn = Callable[[Values, Flags], bool]
MutableFlags = MutableSequence[Union[date, None]]
#: One compiled effect statement: mutates the values and flags, stamping ``today``.
StepFn = Callable[[MutableSequence[int], MutableFlags, date], None]
#: A compiled subexpression. Its value is a number or a bool according to the
#: ``Compiled.type`` beside it, which the compiler has checked, hence ``Any``.
_AnyFn = Callable[[Values, Flags], Any]


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


@dataclass(frozen=True)
class Compiled:
    type: str
    fn: _AnyFn
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


class _Compiler:
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
            fa = a.fn
            return Compiled(BOOL, lambda v, f: not fa(v, f), 0.0, 1.0)
        if op in ("and", "or"):
            a, b = (self.compile(x) for x in node.args)
            _check(node.args[0], BOOL, a.type, f"'{op}'")
            _check(node.args[1], BOOL, b.type, f"'{op}'")
            fa, fb = a.fn, b.fn
            if op == "and":
                return Compiled(BOOL, lambda v, f: bool(fa(v, f)) and bool(fb(v, f)), 0.0, 1.0)
            return Compiled(BOOL, lambda v, f: bool(fa(v, f)) or bool(fb(v, f)), 0.0, 1.0)
        if op in ("+", "-", "*", "/"):
            a, b = (self.compile(x) for x in node.args)
            _check(node.args[0], NUM, a.type, f"'{op}'")
            _check(node.args[1], NUM, b.type, f"'{op}'")
            fa, fb = a.fn, b.fn
            low, high = interval(op, (a.low, a.high), (b.low, b.high), b.integral)
            _bounded(node, low, high)
            fn: _AnyFn
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
        raise ExprError(f"unknown name {name!r}{_suggest(name, self.symbols)}", node.offset)

    def comparison(self, node: Node) -> Compiled:
        a, b = (self.compile(x) for x in node.args)
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


def _suggest(name: str, symbols: Symbols) -> str:
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


@dataclass(frozen=True)
class Assignment:
    """One compiled effect statement: ``name op value``."""

    target: str
    op: str  # "=", "+=", "-="
    source: str
    reads: frozenset[str]


@dataclass(frozen=True)
class Effects:
    """A compiled list of effect statements, applied in order.

    ``apply(values, flags, today)`` mutates the two lists in place: variables
    are rounded to whole numbers and clamped to their bounds after every
    statement; a flag set true records ``today`` (only the first time).
    """

    statements: tuple[Assignment, ...]
    fn: Callable[[MutableSequence[int], MutableFlags, date], None] = field(repr=False, compare=False)

    @property
    def writes(self) -> frozenset[str]:
        return frozenset(s.target for s in self.statements)

    @property
    def reads(self) -> frozenset[str]:
        return frozenset[str]().union(*(s.reads for s in self.statements))

    def apply(self, values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
        self.fn(values, flags, today)


def compile_condition(text: str, symbols: Symbols) -> Condition:
    """Compile a condition such as ``tension > 60 and not edc_ratified``.

    Raises :class:`ExprError` with the offset of the first problem.
    """
    node = parse(text)
    reads: set[str] = set()
    compiled = _Compiler(symbols, reads).compile(node)
    _check(node, BOOL, compiled.type, "a condition")
    return Condition(text, frozenset(reads), compiled.fn)


def compile_quantity(text: str, symbols: Symbols) -> Quantity:
    """Compile a numeric expression such as ``german_alignment + 20 * frg_in_nato``.

    A true/false expression is accepted and counts as 1 (true) or 0 (false).
    """
    node = parse(text)
    reads: set[str] = set()
    compiled = _Compiler(symbols, reads).compile(node)
    fn = compiled.fn
    if compiled.type == BOOL:
        return Quantity(text, frozenset(reads), lambda v, f: 1 if fn(v, f) else 0, 0.0, 1.0)
    return Quantity(text, frozenset(reads), fn, compiled.low, compiled.high)


def round_half_up(x: Number) -> int:
    """Round to a whole number, halves away from zero (not Python's banker's rounding)."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


STATEMENT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\+=|-=|=(?!=))")


def compile_effects(parts: Sequence[str], symbols: Symbols) -> Effects:
    """Compile effect statements such as ``tension += 10`` or ``frg_in_nato = true``.

    ``parts`` is a list of texts; each may hold several statements joined by
    ``;``. Raises :class:`ExprError` whose ``offset`` counts into the text of
    the failing part, with the part's index in ``part_index``.
    """
    steps: list[StepFn] = []
    statements: list[Assignment] = []
    for index, text in enumerate(parts):
        try:
            _compile_part(text, symbols, steps, statements)
        except ExprError as err:
            err.part_index = index
            raise
    frozen_steps = tuple(steps)

    def apply(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
        for step in frozen_steps:
            step(values, flags, today)

    return Effects(tuple(statements), apply)


def _compile_part(text: str, symbols: Symbols, steps: list[StepFn], statements: list[Assignment]) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ExprError("effect is empty", 0)
    if len(text) > MAX_LENGTH:
        raise ExprError(f"effect is {len(text)} characters long; the limit is {MAX_LENGTH}", MAX_LENGTH)
    pieces = text.split(";")
    start = 0
    for k, piece in enumerate(pieces):
        if piece.strip():
            _compile_statement(piece, start, symbols, steps, statements)
        elif k < len(pieces) - 1:  # a trailing ';' is harmless, an empty middle one is a typo
            raise ExprError("empty statement between ';'", start)
        start += len(piece) + 1


def _compile_statement(piece: str, start: int, symbols: Symbols, steps: list[StepFn], statements: list[Assignment]) -> None:
    m = STATEMENT.match(piece)
    if not m:
        lead = len(piece) - len(piece.lstrip())
        raise ExprError("an effect looks like 'name = value', 'name += value' or 'name -= value'", start + lead)
    target, op = m.group(1), m.group(2)
    rhs_text = piece[m.end():]
    rhs_offset = start + m.end()
    try:
        node = parse(rhs_text)
        reads: set[str] = set()
        value = _Compiler(symbols, reads).compile(node)
    except ExprError as err:
        raise ExprError(err.message, rhs_offset + err.offset) from None
    target_offset = start + m.start(1)
    if target in symbols.variables:
        if value.type != NUM:
            raise ExprError(f"{target!r} is a number; it cannot be set to a true/false value", rhs_offset)
        i, low, high = symbols.variables[target]
        step = _variable_step(node, op, value.fn, i, low, high)
    elif target in symbols.flags:
        if op != "=":
            raise ExprError(f"{target!r} is a flag; set it with '= true' or '= false', not {op!r}", start + m.start(2))
        if value.type != BOOL:
            raise ExprError(f"{target!r} is a flag; it can only be set to true or false", rhs_offset)
        step = _flag_step(value.fn, symbols.flags[target])
    else:
        raise ExprError(f"unknown name {target!r}{_suggest(target, symbols)}", target_offset)
    steps.append(step)
    statements.append(Assignment(target, op, piece.strip(), frozenset(reads)))


def _variable_step(node: Node, op: str, fn: _AnyFn, i: int, low: int, high: int) -> StepFn:
    constant = node.value if node.op == "num" else (
        -number_value(node.args[0].value) if node.op == "neg" and node.args[0].op == "num" else None)
    if isinstance(constant, int) and op != "=":
        # The common case, 'tension += 5': no expression to evaluate, no rounding to do.
        delta = constant if op == "+=" else -constant

        def add(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
            v = values[i] + delta
            values[i] = high if v > high else (low if v < low else v)
        return add
    if op == "=":
        def assign(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
            values[i] = min(high, max(low, round_half_up(fn(values, flags))))
        return assign
    sign = 1 if op == "+=" else -1

    def update(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
        values[i] = min(high, max(low, round_half_up(values[i] + sign * fn(values, flags))))
    return update


def _flag_step(fn: _AnyFn, j: int) -> StepFn:
    def step(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
        if fn(values, flags):
            if flags[j] is None:
                flags[j] = today
        else:
            flags[j] = None
    return step
