"""Effect statements (``tension += 10; frg_in_nato = true``) compiled into in-place steps.

Each statement becomes one step that mutates the state's values and flags: variables
are rounded to whole numbers and clamped to their bounds after every statement, and a
flag set true keeps the date it first became true.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, MutableSequence, Sequence

from .compiler import BOOL, NUM, AnyFn, Compiler, MutableFlags, StepFn, Symbols, suggest
from .syntax import MAX_LENGTH, ExprError, Node, Number, number_value, parse


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


def round_half_up(x: Number) -> int:
    """Round to a whole number, halves away from zero (not Python's banker's rounding)."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


STATEMENT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\+=|-=|=(?!=))")


#: What one statement's text compiles to; see ``memo`` below.
CompiledStatement = tuple[StepFn, Assignment]


def compile_effects(parts: Sequence[str], symbols: Symbols, memo: dict[str, CompiledStatement] | None = None) -> Effects:
    """Compile effect statements such as ``tension += 10`` or ``frg_in_nato = true``.

    ``parts`` is a list of texts; each may hold several statements joined by
    ``;``. Raises :class:`ExprError` whose ``offset`` counts into the text of
    the failing part, with the part's index in ``part_index``.

    ``memo``, if given, keeps each statement compiled for ``symbols`` by its text: a
    scenario repeats its statements (the flagship's 296 are 86 different texts), and a
    compiled step holds no position. A statement that fails is not kept.
    """
    steps: list[StepFn] = []
    statements: list[Assignment] = []
    for index, text in enumerate(parts):
        try:
            _compile_part(text, symbols, steps, statements, {} if memo is None else memo)
        except ExprError as err:
            err.part_index = index
            raise
    return Effects(tuple(statements), _fused(steps))


def _fused(steps: list[StepFn]) -> StepFn:
    """One function for a list of steps (the engine calls it once per move): runs of constant
    moves (``tension += 5``) become one loop with no call per statement; a single step is itself."""
    merged: list[StepFn] = []
    run: list[tuple[int, int, int, int]] = []
    for step in steps + [None]:
        move = getattr(step, "constant_move", None)
        if move is not None:
            run.append(move)
            continue
        if run:
            merged.append(_moves(tuple(run)))
            run = []
        if step is not None:
            merged.append(step)
    if len(merged) == 1:
        return merged[0]
    frozen_steps = tuple(merged)

    def apply(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
        for step in frozen_steps:
            step(values, flags, today)
    return apply


def _moves(moves: tuple[tuple[int, int, int, int], ...]) -> StepFn:
    """Constant moves ``(index, delta, low, high)`` in order, each clamped to its bounds."""
    if len(moves) == 1:
        i, delta, low, high = moves[0]

        def move(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
            v = values[i] + delta
            values[i] = high if v > high else (low if v < low else v)
        return move

    def apply(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
        for i, delta, low, high in moves:
            v = values[i] + delta
            values[i] = high if v > high else (low if v < low else v)
    return apply


def _compile_part(text: str, symbols: Symbols, steps: list[StepFn], statements: list[Assignment],
                  memo: dict[str, CompiledStatement]) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ExprError("effect is empty", 0)
    if len(text) > MAX_LENGTH:
        raise ExprError(f"effect is {len(text)} characters long; the limit is {MAX_LENGTH}", MAX_LENGTH)
    pieces = text.split(";")
    start = 0
    for k, piece in enumerate(pieces):
        if piece.strip():
            compiled = memo.get(piece)
            if compiled is None:
                compiled = memo[piece] = _compile_statement(piece, start, symbols)
            steps.append(compiled[0])
            statements.append(compiled[1])
        elif k < len(pieces) - 1:  # a trailing ';' is harmless, an empty middle one is a typo
            raise ExprError("empty statement between ';'", start)
        start += len(piece) + 1


def _compile_statement(piece: str, start: int, symbols: Symbols) -> CompiledStatement:
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
        value = Compiler(symbols, reads).compile(node)
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
        raise ExprError(f"unknown name {target!r}{suggest(target, symbols)}", target_offset)
    return step, Assignment(target, op, piece.strip(), frozenset(reads))


def _variable_step(node: Node, op: str, fn: AnyFn, i: int, low: int, high: int) -> StepFn:
    constant = node.value if node.op == "num" else (
        -number_value(node.args[0].value) if node.op == "neg" and node.args[0].op == "num" else None)
    if isinstance(constant, int) and op != "=":
        # The common case, 'tension += 5': no expression to evaluate, no rounding to do.
        delta = constant if op == "+=" else -constant

        def add(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
            v = values[i] + delta
            values[i] = high if v > high else (low if v < low else v)
        add.constant_move = (i, delta, low, high)  # type: ignore[attr-defined]  # what _fused merges
        return add
    if op == "=":
        def assign(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
            values[i] = min(high, max(low, round_half_up(fn(values, flags))))
        return assign
    sign = 1 if op == "+=" else -1

    def update(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
        values[i] = min(high, max(low, round_half_up(values[i] + sign * fn(values, flags))))
    return update


def _flag_step(fn: AnyFn, j: int) -> StepFn:
    def step(values: MutableSequence[int], flags: MutableFlags, today: date) -> None:
        if fn(values, flags):
            if flags[j] is None:
                flags[j] = today
        else:
            flags[j] = None
    return step
