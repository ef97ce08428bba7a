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

No expression can fail at run time, by this rule (docs/expressions.md, "Limits"): at
load, interval arithmetic over the variables' ranges bounds every intermediate value,
and an expression is refused, at the operator, if any bound is infinite or beyond
±``MAX_VALUE``; at run time division by zero gives 0. Variables are whole numbers, so a
whole-number divisor that is not 0 is at least 1 in size and the quotient stays bounded;
a fractional divisor that can reach 0 has no bound and is refused. With every value
within 10^12 no float overflows, and with no infinity no NaN can arise.

The package is split by job: :mod:`.syntax` (limits, tokens, parser), :mod:`.compiler`
(names and types checked, closures built), :mod:`.effects` (effect statements as in-place
steps) and :mod:`.abstract` (interval evaluation for the lint). Everything a caller needs is imported from here.
"""

from .abstract import BOTH, Interval, Truths, abstract_apply, abstract_truths
from .compiler import (
    BoolFn,
    Condition,
    Flags,
    MutableFlags,
    NumberFn,
    Quantity,
    Symbols,
    Values,
    compile_condition,
    compile_quantity,
)
from .effects import Assignment, CompiledStatement, Effects, compile_effects, round_half_up
from .syntax import FUNCTIONS, KEYWORDS, MAX_DEPTH, MAX_LENGTH, MAX_LITERAL, MAX_VALUE, ExprError, Number

__all__ = [
    "BOTH", "FUNCTIONS", "KEYWORDS", "MAX_DEPTH", "MAX_LENGTH", "MAX_LITERAL", "MAX_VALUE",
    "Assignment", "BoolFn", "CompiledStatement", "Condition",
    "Effects", "ExprError", "Flags", "Interval", "MutableFlags", "Number", "NumberFn", "Quantity", "Symbols", "Truths",
    "Values", "abstract_apply", "abstract_truths", "compile_condition", "compile_effects", "compile_quantity",
    "round_half_up",
]
