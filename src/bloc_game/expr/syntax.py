"""The syntax of the expression language: limits, tokens and the recursive-descent parser.

Turns an expression's text into a tree of :class:`Node` once, at load time (see the
grammar in :mod:`bloc_game.expr`). Nothing here knows a scenario's names; checking and
compiling them is :mod:`.compiler`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Union

#: Longest expression text accepted, in characters.
MAX_LENGTH = 400
#: Deepest nesting of parentheses, operators and calls accepted.
MAX_DEPTH = 24
#: Largest number literal accepted (absolute value).
MAX_LITERAL = 1_000_000
#: Largest magnitude any intermediate value of an expression may reach over the variables'
#: ranges; beyond it the expression is refused at load (10^12: a product of two variables
#: at the ±1,000,000 variable limit still fits, a product of three does not).
MAX_VALUE = 10**12
FUNCTIONS = ("min", "max", "abs")
KEYWORDS = ("and", "or", "not", "true", "false")

Number = Union[int, float]


class ExprError(Exception):
    """An expression is malformed; ``offset`` is where in its text (0-based)."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        #: Which of several effect texts failed (set by :func:`compile_effects`).
        self.part_index = 0


# --------------------------------------------------------------------------- lexing

_TOKEN = re.compile(
    r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
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
class Node:
    op: str  # "num", "bool", "name", "call", "neg", "not", "and", "or", binary operator
    offset: int
    args: tuple["Node", ...] = ()
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

    def condition(self) -> Node:
        self.nest()
        node = self.binary_chain(("or",), self.conjunction)
        self.depth -= 1
        return node

    def conjunction(self) -> Node:
        return self.binary_chain(("and",), self.negation)

    def negation(self) -> Node:
        tok = self.take("not")
        if tok is not None:
            self.nest()
            node = Node("not", tok.offset, (self.negation(),))
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.sum()
        if self.tok.text in ("<", "<=", ">", ">=", "==", "!="):
            op = self.take()
            assert op is not None
            right = self.sum()
            if self.tok.text in ("<", "<=", ">", ">=", "==", "!="):
                raise ExprError("comparisons cannot be chained; join them with 'and'", self.tok.offset)
            return Node(op.text, op.offset, (left, right))
        return left

    def sum(self) -> Node:
        return self.binary_chain(("+", "-"), self.product)

    def product(self) -> Node:
        return self.binary_chain(("*", "/"), self.unary)

    def binary_chain(self, ops: tuple[str, ...], operand: Callable[[], Node]) -> Node:
        node = operand()
        while self.tok.kind in ("op", "name") and self.tok.text in ops:
            op = self.take()
            assert op is not None
            node = Node(op.text, op.offset, (node, operand()))
        return node

    def unary(self) -> Node:
        tok = self.take("-")
        if tok is not None:
            self.nest()
            node = Node("neg", tok.offset, (self.unary(),))
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.i += 1
            value: Number = float(tok.text) if "." in tok.text else int(tok.text)
            if abs(value) > MAX_LITERAL:
                raise ExprError(f"number {tok.text} is larger than {MAX_LITERAL:,}", tok.offset)
            return Node("num", tok.offset, value=value)
        if tok.kind == "name":
            self.i += 1
            if tok.text in ("true", "false"):
                return Node("bool", tok.offset, value=tok.text == "true")
            if tok.text in ("and", "or", "not"):
                raise ExprError(f"expected a value before {tok.text!r}", tok.offset)
            if self.tok.text == "(":
                return self.call(tok)
            return Node("name", tok.offset, value=tok.text)
        if self.take("("):
            node = self.condition()
            self.expect(")", "')'")
            return node
        raise ExprError(f"expected a value, found {self.describe(tok)}", tok.offset)

    def call(self, name: _Tok) -> Node:
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
        return Node("call", name.offset, tuple(args), name.text)


def parse(text: str) -> Node:
    if not isinstance(text, str) or not text.strip():
        raise ExprError("expression is empty", 0)
    parser = _Parser(text)
    node = parser.condition()
    parser.finish()
    return node


def number_value(value: object) -> float:
    """A number literal's value (the parser stores ints and floats as they were written)."""
    assert isinstance(value, (int, float))
    return value
