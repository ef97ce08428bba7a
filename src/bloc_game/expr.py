"""The safe expression language of scenario conditions, objectives and effects.

Scenario files are untrusted, so expressions are never handed to Python's
``eval``. A small recursive-descent parser turns the text into a tree once, at
load time; the tree is type-checked against the scenario's variables and flags
and compiled into plain closures. The grammar (see ``docs/expressions.md``)::

    condition  := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := NUMBER | "true" | "false" | NAME
                | ("min" | "max" | "abs") "(" condition ("," condition)* ")"
                | "(" condition ")"
    effects    := statement (";" statement)*
    statement  := NAME ("=" | "+=" | "-=") condition

Names are the scenario's variables (numbers) and flags (true once set).
Division by zero gives 0, so no expression can fail at run time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping, MutableSequence, Sequence, Union

#: Longest expression text accepted, in characters.
MAX_LENGTH = 400
#: Deepest nesting of parentheses, operators and calls accepted.
MAX_DEPTH = 24
#: Largest number literal accepted (absolute value).
MAX_LITERAL = 1_000_000
FUNCTIONS = ("min", "max", "abs")
KEYWORDS = ("and", "or", "not", "true", "false")

Number = Union[int, float]
Values = Sequence[Number]
Flags = Sequence[Union[date, None]]
NumberFn = Callable[[Values, Flags], Number]
BoolFn = Callable[[Values, Flags], bool]
MutableFlags = MutableSequence[Union[date, None]]
#: One compiled effect statement: mutates the values and flags, stamping ``today``.
StepFn = Callable[[MutableSequence[int], MutableFlags, date], None]
#: A compiled subexpression. Its value is a number or a bool according to the
#: ``_Compiled.type`` beside it, which the compiler has checked, hence ``Any``.
_AnyFn = Callable[[Values, Flags], Any]


class ExprError(Exception):
    """An expression is malformed; ``offset`` is where in its text (0-based)."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        #: Which of several effect texts failed (set by :func:`compile_effects`).
        self.part_index = 0


@dataclass(frozen=True)
class Symbols:
    """What names an expression may use: variables with bounds, and flags.

    ``variables`` maps a name to ``(index, low, high)``; ``flags`` maps a name
    to its index in the state's flag tuple.
    """

    variables: Mapping[str, tuple[int, int, int]]
    flags: Mapping[str, int]


# --------------------------------------------------------------------------- lexing

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\+=|-=|<=|>=|==|!=|[-+*/<>=(),;]))"
)
_HOSTILE_HINTS = {
    ".": "attribute access ('.') is not part of the language",
    "[": "indexing ('[') is not part of the language",
    "'": "text strings are not part of the language",
    '"': "text strings are not part of the language",
    "**": "powers ('**') are not part of the language",
    "%": "'%' is not part of the language",
    "&": "write 'and' instead of '&'",
    "|": "write 'or' instead of '|'",
    "!": "write 'not' instead of '!'",
}


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "name", "op", "end", or "bad" (text is then the error message)
    text: str
    offset: int


def _tokenize(text: str) -> list[_Tok]:
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}", MAX_LENGTH)
    tokens: list[_Tok] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            tokens.append(_Tok("end", "", pos))
            return tokens
        m = _TOKEN.match(text, pos)
        if not m or text.startswith("**", pos):
            # Reported only when the parser reaches it, so that an earlier, clearer
            # mistake (such as calling an unknown function) is the one named.
            hint = _HOSTILE_HINTS.get(text[pos : pos + 2]) or _HOSTILE_HINTS.get(text[pos])
            tokens.append(_Tok("bad", hint or f"unexpected character {text[pos]!r}", pos))
            return tokens
        kind = m.lastgroup or "op"
        tokens.append(_Tok(kind, m.group(kind), m.start(kind)))
        pos = m.end()


# --------------------------------------------------------------------------- parsing

@dataclass(frozen=True)
class _Node:
    op: str  # "num", "bool", "name", "call", "neg", "not", "and", "or", binary operator
    offset: int
    args: tuple["_Node", ...] = ()
    value: object = None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Tok:
        tok = self.tokens[self.i]
        if tok.kind == "bad":
            raise ExprError(tok.text, tok.offset)
        return tok

    def take(self, text: str | None = None) -> _Tok | None:
        if self.tok.kind != "end" and (text is None or self.tok.text == text):
            self.i += 1
            return self.tokens[self.i - 1]
        return None

    def expect(self, text: str, what: str) -> _Tok:
        tok = self.take(text)
        if tok is None:
            raise ExprError(f"expected {what}, found {self.describe(self.tok)}", self.tok.offset)
        return tok

    @staticmethod
    def describe(tok: _Tok) -> str:
        return "the end of the expression" if tok.kind == "end" else repr(tok.text)

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression is nested more than {MAX_DEPTH} levels deep", self.tok.offset)

    def finish(self) -> None:
        if self.tok.kind != "end":
            if self.tok.text in ("=", "+=", "-="):
                raise ExprError(f"{self.tok.text!r} assigns; a condition compares with '=='", self.tok.offset)
            raise ExprError(f"unexpected {self.describe(self.tok)}", self.tok.offset)

    def condition(self) -> _Node:
        self.nest()
        node = self.binary_chain(("or",), self.conjunction)
        self.depth -= 1
        return node

    def conjunction(self) -> _Node:
        return self.binary_chain(("and",), self.negation)

    def negation(self) -> _Node:
        tok = self.take("not")
        if tok is not None:
            self.nest()
            node = _Node("not", tok.offset, (self.negation(),))
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> _Node:
        left = self.sum()
        if self.tok.text in ("<", "<=", ">", ">=", "==", "!="):
            op = self.take()
            assert op is not None
            right = self.sum()
            if self.tok.text in ("<", "<=", ">", ">=", "==", "!="):
                raise ExprError("comparisons cannot be chained; join them with 'and'", self.tok.offset)
            return _Node(op.text, op.offset, (left, right))
        return left

    def sum(self) -> _Node:
        return self.binary_chain(("+", "-"), self.product)

    def product(self) -> _Node:
        return self.binary_chain(("*", "/"), self.unary)

    def binary_chain(self, ops: tuple[str, ...], operand: Callable[[], _Node]) -> _Node:
        node = operand()
        while self.tok.kind in ("op", "name") and self.tok.text in ops:
            op = self.take()
            assert op is not None
            node = _Node(op.text, op.offset, (node, operand()))
        return node

    def unary(self) -> _Node:
        tok = self.take("-")
        if tok is not None:
            self.nest()
            node = _Node("neg", tok.offset, (self.unary(),))
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> _Node:
        tok = self.tok
        if tok.kind == "num":
            self.i += 1
            value: Number = float(tok.text) if "." in tok.text else int(tok.text)
            if abs(value) > MAX_LITERAL:
                raise ExprError(f"number {tok.text} is larger than {MAX_LITERAL:,}", tok.offset)
            return _Node("num", tok.offset, value=value)
        if tok.kind == "name":
            self.i += 1
            if tok.text in ("true", "false"):
                return _Node("bool", tok.offset, value=tok.text == "true")
            if tok.text in ("and", "or", "not"):
                raise ExprError(f"expected a value before {tok.text!r}", tok.offset)
            if self.tok.text == "(":
                return self.call(tok)
            return _Node("name", tok.offset, value=tok.text)
        if self.take("("):
            node = self.condition()
            self.expect(")", "')'")
            return node
        raise ExprError(f"expected a value, found {self.describe(tok)}", tok.offset)

    def call(self, name: _Tok) -> _Node:
        if name.text not in FUNCTIONS:
            raise ExprError(
                f"{name.text!r} is not a function; the functions are {', '.join(FUNCTIONS)}", name.offset
            )
        self.expect("(", "'('")
        args = [self.condition()]
        while self.take(","):
            args.append(self.condition())
        self.expect(")", "')' or ','")
        if name.text == "abs" and len(args) != 1:
            raise ExprError("abs() takes exactly one value", name.offset)
        return _Node("call", name.offset, tuple(args), name.text)


# --------------------------------------------------------------------------- checking and compiling

NUM, BOOL = "number", "true/false"


@dataclass(frozen=True)
class _Compiled:
    type: str
    fn: _AnyFn
    low: float  # interval bounds of the value (booleans count as 0..1)
    high: float


def _check(node: _Node, want: str, got: str, what: str) -> None:
    if want != got:
        raise ExprError(f"{what} needs a {want} value, but this is a {got} value", node.offset)


def _div(a: Number, b: Number) -> Number:
    return a / b if b else 0


def _interval(op: str, a: _Compiled, b: _Compiled) -> tuple[float, float]:
    if op == "+":
        return a.low + b.low, a.high + b.high
    if op == "-":
        return a.low - b.high, a.high - b.low
    corners = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high]
    if op == "*":
        corners = [0.0 if math.isnan(c) else c for c in corners]
        return min(corners), max(corners)
    # Division: the divisor may approach zero, so the bound is unlimited unless it cannot.
    if b.low > 0 or b.high < 0:
        quotients = [a.low / b.low, a.low / b.high, a.high / b.low, a.high / b.high]
        return min(quotients + [0.0]), max(quotients + [0.0])
    return -math.inf, math.inf


class _Compiler:
    def __init__(self, symbols: Symbols, reads: set[str]) -> None:
        self.symbols = symbols
        self.reads = reads

    def compile(self, node: _Node) -> _Compiled:  # noqa: C901 - one branch per operator
        op = node.op
        if op == "num":
            v = _number(node.value)
            return _Compiled(NUM, lambda _v, _f: v, v, v)
        if op == "bool":
            truth = bool(node.value)
            return _Compiled(BOOL, lambda _v, _f: truth, float(truth), float(truth))
        if op == "name":
            return self.name(node)
        if op == "neg":
            a = self.compile(node.args[0])
            _check(node, NUM, a.type, "'-'")
            fa = a.fn
            return _Compiled(NUM, lambda v, f: -fa(v, f), -a.high, -a.low)
        if op == "not":
            a = self.compile(node.args[0])
            _check(node, BOOL, a.type, "'not'")
            fa = a.fn
            return _Compiled(BOOL, lambda v, f: not fa(v, f), 0.0, 1.0)
        if op in ("and", "or"):
            a, b = (self.compile(x) for x in node.args)
            _check(node.args[0], BOOL, a.type, f"'{op}'")
            _check(node.args[1], BOOL, b.type, f"'{op}'")
            fa, fb = a.fn, b.fn
            if op == "and":
                return _Compiled(BOOL, lambda v, f: bool(fa(v, f)) and bool(fb(v, f)), 0.0, 1.0)
            return _Compiled(BOOL, lambda v, f: bool(fa(v, f)) or bool(fb(v, f)), 0.0, 1.0)
        if op in ("+", "-", "*", "/"):
            a, b = (self.compile(x) for x in node.args)
            _check(node.args[0], NUM, a.type, f"'{op}'")
            _check(node.args[1], NUM, b.type, f"'{op}'")
            fa, fb = a.fn, b.fn
            low, high = _interval(op, a, b)
            fn: _AnyFn
            if op == "+":
                fn = lambda v, f: fa(v, f) + fb(v, f)  # noqa: E731
            elif op == "-":
                fn = lambda v, f: fa(v, f) - fb(v, f)  # noqa: E731
            elif op == "*":
                fn = lambda v, f: fa(v, f) * fb(v, f)  # noqa: E731
            else:
                fn = lambda v, f: _div(fa(v, f), fb(v, f))  # noqa: E731
            return _Compiled(NUM, fn, low, high)
        if op in ("<", "<=", ">", ">=", "==", "!="):
            return self.comparison(node)
        if op == "call":
            return self.call(node)
        raise AssertionError(op)  # pragma: no cover - the parser makes no other nodes

    def name(self, node: _Node) -> _Compiled:
        name = str(node.value)
        self.reads.add(name)
        if name in self.symbols.variables:
            i, low, high = self.symbols.variables[name]
            return _Compiled(NUM, lambda v, _f: v[i], float(low), float(high))
        if name in self.symbols.flags:
            j = self.symbols.flags[name]
            return _Compiled(BOOL, lambda _v, f: f[j] is not None, 0.0, 1.0)
        raise ExprError(f"unknown name {name!r}{_suggest(name, self.symbols)}", node.offset)

    def comparison(self, node: _Node) -> _Compiled:
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
        return _Compiled(BOOL, lambda v, f: compare(fa(v, f), fb(v, f)), 0.0, 1.0)

    def call(self, node: _Node) -> _Compiled:
        args = [self.compile(x) for x in node.args]
        for arg, sub in zip(args, node.args):
            _check(sub, NUM, arg.type, f"{node.value}()")
        fns = tuple(a.fn for a in args)
        if node.value == "abs":
            fa = fns[0]
            a = args[0]
            low = 0.0 if a.low <= 0 <= a.high else min(abs(a.low), abs(a.high))
            return _Compiled(NUM, lambda v, f: abs(fa(v, f)), low, max(abs(a.low), abs(a.high)))
        pick = min if node.value == "min" else max
        low = pick(a.low for a in args)
        high = pick(a.high for a in args)
        return _Compiled(NUM, lambda v, f: pick(fn(v, f) for fn in fns), low, high)


def _suggest(name: str, symbols: Symbols) -> str:
    import difflib

    close = difflib.get_close_matches(name, [*symbols.variables, *symbols.flags, *FUNCTIONS], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _parse(text: str) -> _Node:
    if not isinstance(text, str) or not text.strip():
        raise ExprError("expression is empty", 0)
    parser = _Parser(text)
    node = parser.condition()
    parser.finish()
    return node


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
    node = _parse(text)
    reads: set[str] = set()
    compiled = _Compiler(symbols, reads).compile(node)
    _check(node, BOOL, compiled.type, "a condition")
    return Condition(text, frozenset(reads), compiled.fn)


def compile_quantity(text: str, symbols: Symbols) -> Quantity:
    """Compile a numeric expression such as ``german_alignment + 20 * frg_in_nato``.

    A true/false expression is accepted and counts as 1 (true) or 0 (false).
    """
    node = _parse(text)
    reads: set[str] = set()
    compiled = _Compiler(symbols, reads).compile(node)
    fn = compiled.fn
    if compiled.type == BOOL:
        return Quantity(text, frozenset(reads), lambda v, f: 1 if fn(v, f) else 0, 0.0, 1.0)
    return Quantity(text, frozenset(reads), fn, compiled.low, compiled.high)


def round_half_up(x: Number) -> int:
    """Round to a whole number, halves away from zero (not Python's banker's rounding)."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


_STATEMENT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\+=|-=|=(?!=))")


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
    m = _STATEMENT.match(piece)
    if not m:
        lead = len(piece) - len(piece.lstrip())
        raise ExprError("an effect looks like 'name = value', 'name += value' or 'name -= value'", start + lead)
    target, op = m.group(1), m.group(2)
    rhs_text = piece[m.end():]
    rhs_offset = start + m.end()
    try:
        node = _parse(rhs_text)
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


def _variable_step(node: _Node, op: str, fn: _AnyFn, i: int, low: int, high: int) -> StepFn:
    constant = node.value if node.op == "num" else (
        -_number(node.args[0].value) if node.op == "neg" and node.args[0].op == "num" else None)
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


def _number(value: object) -> float:
    """A number literal's value (the parser stores ints and floats as they were written)."""
    assert isinstance(value, (int, float))
    return value


# --------------------------------------------------------------------------- abstract evaluation (for lint)
#
# Each variable is an interval of the values it may have, each flag the set of truth
# values it may have; an expression then evaluates to an interval or to a set of truth
# values. The result over-approximates every concrete run, so "cannot be true" is sure.

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


def _abstract(node: _Node, symbols: Symbols, ranges: Sequence[Interval], truths: Sequence[Truths]) -> Abstract:
    op = node.op
    if op == "num":
        v = float(_number(node.value))
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
        a, b = (_Compiled(NUM, _no_fn, *_iv(x)) for x in args)
        return _interval(op, a, b)
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


def _no_fn(_v: Values, _f: Flags) -> int:  # pragma: no cover - abstract values have no function
    return 0


def abstract_truths(condition: Condition, symbols: Symbols, ranges: Sequence[Interval],
                    truths: Sequence[Truths]) -> Truths:
    """The truth values a compiled condition may take over the given ranges and flag sets."""
    result = _abstract(_parse(condition.source), symbols, ranges, truths)
    return result if isinstance(result, frozenset) else BOTH


def abstract_apply(effects: Effects, symbols: Symbols, ranges: list[Interval], truths: list[Truths]) -> None:
    """Apply effect statements to the abstract state in place (rounded and clamped like the real ones)."""
    for statement in effects.statements:
        m = _STATEMENT.match(statement.source)
        assert m is not None
        value = _abstract(_parse(statement.source[m.end():]), symbols, ranges, truths)
        if statement.target in symbols.variables:
            i, low, high = symbols.variables[statement.target]
            lo, hi = _iv(value)
            if statement.op == "+=":
                lo, hi = ranges[i][0] + lo, ranges[i][1] + hi
            elif statement.op == "-=":
                lo, hi = ranges[i][0] - hi, ranges[i][1] - lo
            ranges[i] = (min(high, max(low, math.floor(lo))), min(high, max(low, math.ceil(hi))))
        else:
            truths[symbols.flags[statement.target]] = _tv(value)
