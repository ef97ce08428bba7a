"""The syntax of the expression language: limits, tokens and the recursive-descent parser.

Turns an expression's text into a tree of :class:`Node` once, at load time (see the
grammar in :mod:`bloc_game.expr`). Nothing here knows a scenario's names; checking and
compiling them is :mod:`.compiler`'s job.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Union

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

#: One token after optional whitespace: a number, a name, '**' (refused), an operator, or any
#: other character (refused). Every expression of every scenario is scanned with it at load.
_SCAN = re.compile(
    r"\s*(?:([0-9]+(?:\.[0-9]+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*)"
    r"|(\+=|-=|<=|>=|==|!=|[-+*/<>=(),;])|(\S))"
)
_KINDS = (None, "num", "name", "bad", "op", "bad")
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

#: A token: kind ("num", "name", "op", "end", or "bad", whose text is then the error
#: message), text, and offset in the expression. Plain tuples: they are made by the thousand.
_Tok = tuple[str, str, int]
_END = "end"


def _tokenize(text: str) -> list[_Tok]:
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}", MAX_LENGTH)
    tokens: list[_Tok] = []
    for m in _SCAN.finditer(text):
        group = m.lastindex or 0
        kind = _KINDS[group]
        pos = m.start(group)
        if kind == "bad":
            # Reported only when the parser reaches it, so that an earlier, clearer
            # mistake (such as calling an unknown function) is the one named.
            hint = _HOSTILE_HINTS.get(text[pos : pos + 2]) or _HOSTILE_HINTS.get(text[pos])
            tokens.append(("bad", hint or f"unexpected character {text[pos]!r}", pos))
            return tokens
        tokens.append((kind, m.group(group), pos))  # type: ignore[arg-type]
    tokens.append((_END, "", len(text)))
    return tokens


# --------------------------------------------------------------------------- parsing

class Node(NamedTuple):
    """A node of the parsed tree (an immutable tuple: made by the thousand at load)."""

    op: str  # "num", "bool", "name", "call", "neg", "not", "and", "or", binary operator
    offset: int
    args: tuple["Node", ...] = ()
    value: object = None


_COMPARISONS = frozenset(("<", "<=", ">", ">=", "==", "!="))
#: Binding strength of the binary operators; 'not' (3) sits between 'and' and the comparisons.
_BINARY = {"or": 1, "and": 2, **dict.fromkeys(_COMPARISONS, 4), "+": 5, "-": 5, "*": 6, "/": 6}
_NOT, _COMPARISON, _SUM = 3, 4, 5


class _Parser:
    """Precedence climbing over the grammar in :mod:`bloc_game.expr`.

    Every token is looked at (``peek``) before it is used, and a refused character raises its
    message when it is first looked at, so the first mistake reading left to right is the
    one reported; the nesting limit counts each parenthesis, call argument, 'not' and '-'.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok:
        tok = self.tokens[self.i]
        if tok[0] == "bad":
            raise ExprError(tok[1], tok[2])
        return tok

    def expect(self, text: str, what: str) -> _Tok:
        tok = self.peek()
        if tok[0] == _END or tok[1] != text:
            raise ExprError(f"expected {what}, found {self.describe(tok)}", tok[2])
        self.i += 1
        return tok

    @staticmethod
    def describe(tok: _Tok) -> str:
        return "the end of the expression" if tok[0] == _END else repr(tok[1])

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression is nested more than {MAX_DEPTH} levels deep", self.peek()[2])

    def finish(self) -> None:
        tok = self.peek()
        if tok[0] != _END:
            if tok[1] in ("=", "+=", "-="):
                raise ExprError(f"{tok[1]!r} assigns; a condition compares with '=='", tok[2])
            raise ExprError(f"unexpected {self.describe(tok)}", tok[2])

    def condition(self) -> Node:
        self.nest()
        node = self.binary(1)
        self.depth -= 1
        return node

    def binary(self, level: int) -> Node:
        """Operators binding at least as tightly as ``level``, left to right."""
        tok = self.peek()
        if level <= _NOT and tok[1] == "not" and tok[0] == "name":
            self.i += 1
            self.nest()
            node = Node("not", tok[2], (self.binary(_NOT),))
            self.depth -= 1
        else:
            node = self.unary()
        while True:
            tok = self.peek()
            strength = _BINARY.get(tok[1], 0) if tok[0] == "op" or tok[0] == "name" else 0
            if strength < level or strength == 0:
                return node
            if strength == _COMPARISON:
                if level > _COMPARISON:
                    return node
                self.i += 1
                node = Node(tok[1], tok[2], (node, self.binary(_SUM)))
                after = self.peek()
                if after[1] in _COMPARISONS and after[0] == "op":
                    raise ExprError("comparisons cannot be chained; join them with 'and'", after[2])
                if level > _NOT:
                    return node
                continue
            self.i += 1
            node = Node(tok[1], tok[2], (node, self.binary(strength + 1)))

    def unary(self) -> Node:
        tok = self.peek()
        if tok[1] == "-" and tok[0] == "op":
            self.i += 1
            self.nest()
            node = Node("neg", tok[2], (self.unary(),))
            self.depth -= 1
            return node
        return self.atom(tok)

    def atom(self, tok: _Tok) -> Node:
        kind, text, offset = tok
        if kind == "num":
            self.i += 1
            value: Number = float(text) if "." in text else int(text)
            if abs(value) > MAX_LITERAL:
                raise ExprError(f"number {text} is larger than {MAX_LITERAL:,}", offset)
            return Node("num", offset, value=value)
        if kind == "name":
            self.i += 1
            if text in ("true", "false"):
                return Node("bool", offset, value=text == "true")
            if text in ("and", "or", "not"):
                raise ExprError(f"expected a value before {text!r}", offset)
            if self.peek()[1] == "(":
                return self.call(tok)
            return Node("name", offset, value=text)
        if kind == "op" and text == "(":
            self.i += 1
            node = self.condition()
            self.expect(")", "')'")
            return node
        raise ExprError(f"expected a value, found {self.describe(tok)}", offset)

    def call(self, name: _Tok) -> Node:
        if name[1] not in FUNCTIONS:
            raise ExprError(f"{name[1]!r} is not a function; the functions are {', '.join(FUNCTIONS)}", name[2])
        self.expect("(", "'('")
        args = [self.condition()]
        while self.peek()[1] == "," and self.tokens[self.i][0] == "op":
            self.i += 1
            args.append(self.condition())
        self.expect(")", "')' or ','")
        if name[1] == "abs" and len(args) != 1:
            raise ExprError("abs() takes exactly one value", name[2])
        return Node("call", name[2], tuple(args), name[1])


#: The commonest expressions, a whole number (``5``, most effects' values), a name, or a name
#: compared with a whole number (``tension < 90``): read in one match, giving the same tree the
#: parser would. Anything else, or anything the parser would refuse, takes the parser.
_SIMPLE = re.compile(
    r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:(?P<cmp><=|>=|==|!=|<|>)\s*(?P<right>[0-9]+)\s*)?"
    r"|(?P<num>[0-9]+)\s*)"
)
_NOT_NAMES = frozenset(("and", "or", "not", "true", "false", *FUNCTIONS))


def _simple(text: str) -> Node | None:
    m = _SIMPLE.fullmatch(text)
    if m is None or len(text) > MAX_LENGTH:
        return None
    name, number = m["name"], m["num"] or m["right"]
    if number is not None and len(number) > 6 and int(number) > MAX_LITERAL:
        return None
    if name is None:
        return Node("num", m.start("num"), value=int(number))
    if name in _NOT_NAMES:
        return None
    left = Node("name", m.start("name"), value=name)
    if m["cmp"] is None:
        return left
    return Node(m["cmp"], m.start("cmp"), (left, Node("num", m.start("right"), value=int(number))))


def parse(text: str) -> Node:
    if not isinstance(text, str) or not text.strip():
        raise ExprError("expression is empty", 0)
    simple = _simple(text)
    if simple is not None:
        return simple
    parser = _Parser(text)
    node = parser.condition()
    parser.finish()
    return node


def number_value(value: object) -> float:
    """A number literal's value (the parser stores ints and floats as they were written)."""
    assert isinstance(value, (int, float))
    return value
