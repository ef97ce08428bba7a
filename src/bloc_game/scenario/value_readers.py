"""The typed value readers a scenario's loader is built on: text, prose with variants, numbers,
dates, identifiers and expressions, each read from a located YAML node, with a problem recorded
at its position when it is wrong (the loader never stops at the first mistake)."""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime
from typing import Callable, Optional, TypeVar

from ..errors import Position, Problem
from ..expr import (
    CompiledStatement,
    Condition,
    Effects,
    ExprError,
    Quantity,
    Symbols,
    compile_condition,
    compile_effects,
    compile_quantity,
)
from ..untrusted import TEXT_LIMITS
from . import yaml_source
from .fields import IDENTIFIER, OBJECTS, Field
from .model import (
    Text,
    Variant,
)
from .yaml_source import MapNode, Node, ScalarNode, SeqNode

T = TypeVar("T")
#: Written like a date; the calendar then says whether the day exists.
_DATE_LIKE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@functools.cache
def spec(name: str, key: str) -> Field:
    """The table's entry for one field (see :mod:`.fields`)."""
    return OBJECTS[name][key]


@functools.cache
def _keys(name: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """An object's required keys, all its keys in the table's order, and the same as a set."""
    return OBJECTS[name].required, OBJECTS[name].keys, frozenset(OBJECTS[name].keys)


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = close_match(word, tuple(options))
    return f" (did you mean '{close[0]}'?)" if close else ""


def close_match(word: str, options: tuple[str, ...]) -> list[str]:
    """The one option ``word`` is probably a misspelling of, if any (what did_you_mean names)."""
    import difflib  # here: only a file with a mistake needs it

    return difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)


def type_name(node: Node) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    assert isinstance(node, ScalarNode)
    value = node.value
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, date):
        return "a date"
    return "text"

class ValueReader:
    """One pass's problem list and compiled symbols, and the readers of single values."""

    def __init__(self, display: str, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems
        self.symbols = Symbols({}, {})
        #: (compiler, text) -> what it gave for ``self.symbols``: a scenario repeats many
        #: expressions ('tension += 5'), and a compiled one holds no position, so it is shared.
        self.compiled: dict[tuple[object, object], object] = {}
        self.statements: dict[str, CompiledStatement] = {}  # effect statements, likewise (see compile_effects)
        self.side_ids: tuple[str, ...] = ()
        self.variant_labels: dict[str, SeqNode] = {}

    # ----------------------------------------------------------------- primitives

    def problem(self, where: Position, message: str) -> None:
        self.problems.append(Problem(where, message))

    def fields(self, node: Node, what: str, name: str) -> Optional[dict[str, Node]]:
        """Check a mapping's keys against the table's object ``name``; return key -> value node."""
        required, allowed, known = _keys(name)
        if not isinstance(node, MapNode):
            self.problem(node.where, f"{what} should be a mapping of keys, not {type_name(node)}")
            return None
        items = node.items
        if known.issuperset(items):  # the usual case: no unknown key
            for key in required:
                if key not in items:
                    self.problem(node.where, f"{what} is missing the key '{key}'")
            return {key: value for key, (_k, value) in items.items()}
        misspelt = set()
        for key, (key_node, _value) in items.items():
            if key not in known:
                self.problem(key_node.where, f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}")
                misspelt.update(close_match(key, allowed))
        for key in required:
            if key not in items and key not in misspelt:  # a typo is one mistake: said once, at the typo
                self.problem(node.where, f"{what} is missing the key '{key}'")
        return {key: value for key, (_k, value) in items.items() if key in known}

    def text(self, node: Optional[Node], what: str, default: Optional[str] = None, kind: str = "label") -> Optional[str]:
        """Text of at most ``TEXT_LIMITS[kind]`` characters (forbidden characters were refused when read)."""
        if node is None:
            return default
        if isinstance(node, ScalarNode) and node.dialect:
            self.problem(node.where, f"{what}: {node.text} is {node.dialect} in YAML 1.1 but {type_name(node)} in "
                                     f"YAML 1.2, which editors use; quote it: \"{node.text}\"")
            return node.text
        if isinstance(node, ScalarNode) and isinstance(node.value, str):
            if not node.value.strip():
                self.problem(node.where, f"{what} is empty")
                return None
            limit = TEXT_LIMITS[kind]
            if len(node.value) > limit and len(node.value.strip()) > limit:
                self.problem(node.where, f"{what} is {len(node.value.strip()):,} characters long; the limit for a "
                                         f"{kind} is {limit:,}")
                return None
            return node.value.strip() if node.style not in ("|", ">") else node.value.rstrip() + "\n"
        if isinstance(node, ScalarNode) and isinstance(node.value, (int, float, date)) and not isinstance(node.value, bool):
            return node.text  # a bare number or date used as text, e.g. a title "1954"
        self.problem(node.where, f"{what} should be text, not {type_name(node)}")
        return None

    def line(self, node: Optional[Node], what: str, kind: str = "label") -> str:
        """Optional text shown on one line (a tooltip, a meter's end): folded to one line."""
        value = self.text(node, what, default="", kind=kind)
        return " ".join((value or "").split())

    def prose(self, node: Optional[Node], what: str, kind: str = "prose") -> Optional[Text]:
        """Text that may follow the path: a string, or a list of ``{when, text}`` variants (each within the limit)."""
        if not isinstance(node, SeqNode):
            value = self.text(node, what, kind=kind)
            return None if value is None else Text.plain(value)
        if not node.items:
            self.problem(node.where, f"{what} is an empty list; give it text, or variants such as '- {{when: ..., text: ...}}'")
            return None
        variants: list[Variant] = []
        unconditional: Optional[Position] = None
        ok = True
        for i, item in enumerate(node.items, 1):
            f = self.fields(item, f"variant {i} of {what}", "variant")
            if f is None:
                ok = False
                continue
            if unconditional is not None:
                self.problem(item.where, (
                    f"variant {i} of {what} can never be shown: the variant at line {unconditional.line} has no "
                    "'when' and is always chosen first; only the last variant may leave out 'when'"))
                ok = False
            text = self.text(f.get("text"), f"the text of variant {i} of {what}", kind=kind)
            when = self.condition(f.get("when"), f"variant {i} of {what}")
            if "when" not in f and unconditional is None:
                unconditional = item.where
            if text is None or ("when" in f and when is None):
                ok = False
                continue
            variants.append(Variant(text, when, item.where))
        return Text(tuple(variants)) if ok and variants else None

    def weight(self, f: dict[str, Node], what: str) -> Optional[float | Quantity]:
        """``ai_weight``: a number in the table's range, or an expression over the state evaluated when the computer picks."""
        node = f.get("ai_weight")
        if isinstance(node, ScalarNode) and isinstance(node.value, str) and not node.dialect:
            return self.expression(node, what, compile_quantity)
        return self.bounded(f, "choice", "ai_weight", what)

    def identifier(self, node: Optional[Node], what: str) -> Optional[str]:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if not IDENTIFIER.match(value):
            self.problem(
                node.where,
                f"{what} '{value}' is not a valid id: use lower-case letters, digits and '_', starting with a letter",
            )
            return None
        return value

    def number(
        self, node: Optional[Node], what: str, low: float = -math.inf, high: float = math.inf,
        default: Optional[float] = None, whole: bool = False,
    ) -> Optional[float]:
        if node is None:
            return default
        if isinstance(node, ScalarNode) and node.dialect:
            self.problem(node.where, f"{what}: YAML readers disagree about {node.text} ({node.dialect} in YAML 1.1, "
                                     f"{type_name(node)} in YAML 1.2); write plain digits, such as 90 or 0.5")
            return None
        if not isinstance(node, ScalarNode) or isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.problem(node.where, f"{what} should be a number, not {type_name(node)}")
            return None
        value = node.value
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(node.where, f"{what} must be a finite number")
            return None
        if whole and value != int(value):
            self.problem(node.where, f"{what} should be a whole number, not {value}")
            return None
        if not low <= value <= high:
            self.problem(node.where, f"{what} is {value:g}; it must be between {low:g} and {high:g}")
            return None
        return int(value) if whole else float(value)

    def boolean(self, node: Optional[Node], what: str, default: bool = False) -> bool:
        if node is None:
            return default
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            return node.value
        if isinstance(node, ScalarNode) and node.dialect == "true/false":
            meant = node.text.lower() in ("yes", "on", "y")
            self.problem(node.where, f"{what}: write {str(meant).lower()}, not {node.text} (YAML 1.1 reads {node.text} "
                                     "as true/false, YAML 1.2 and editors as text)")
            return meant
        self.problem(node.where, f"{what} should be true or false, not {type_name(node)}")
        return default

    def calendar_date(self, node: Optional[Node], what: str) -> Optional[date]:
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            value = node.value
            if isinstance(value, date):
                return value.date() if isinstance(value, datetime) else value  # YAML reads a time as a datetime
            if isinstance(value, str) and _DATE_LIKE.match(value.strip()):
                try:
                    return date.fromisoformat(value.strip())
                except ValueError:
                    self.problem(node.where, f"{what} {value.strip()} is not a valid date: that day does not exist")
                    return None
        self.problem(node.where, f"{what} should be a full date as YYYY-MM-DD, such as 1954-03-31, not {node_text(node)}")
        return None

    def text_list(self, node: Optional[Node], what: str, kind: str = "label") -> tuple[str, ...]:
        if node is None:
            return ()
        items = node.items if isinstance(node, SeqNode) else [node]
        out = []
        for item in items:
            value = self.text(item, what, kind=kind)
            if value is not None:
                out.append(value)
        return tuple(out)

    def listing(self, node: Optional[Node], what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SeqNode):
            self.problem(node.where, f"{what} should be a list (items starting with '- '), not {type_name(node)}")
            return []
        return node.items

    def expression(self, node: Optional[Node], what: str, compile_: Callable[[str, Symbols], T]) -> Optional[T]:
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.dialect == "true/false":
            self.problem(node.where, f"{what}: write true or false, not {node.text} (YAML 1.1 reads {node.text} "
                                     "as true/false, YAML 1.2 and editors as text)")
            return None
        if not isinstance(node, ScalarNode) or not isinstance(node.value, (str, bool)):
            self.problem(node.where, f"{what} should be an expression written as text, not {type_name(node)}")
            return None
        source = node.text if isinstance(node.value, bool) else str(node.value)
        result = self.compiled.get((compile_, source))
        if result is None:
            try:
                result = compile_(source, self.symbols)
            except ExprError as err:
                result = err
            self.compiled[compile_, source] = result
        if isinstance(result, ExprError):
            self.problem(yaml_source.expression_position(node, result.offset), f"in {what}: {result.message}")
            return None
        return result  # type: ignore[return-value]

    def condition(self, node: Optional[Node], what: str) -> Optional[Condition]:
        return self.expression(node, f"{what} 'when'", compile_condition)

    def effects(self, node: Optional[Node], what: str) -> Optional[Effects]:
        parts = [] if node is None else (node.items if isinstance(node, SeqNode) else [node])
        texts: list[str] = []
        for part in parts:
            if not isinstance(part, ScalarNode) or not isinstance(part.value, str):
                self.problem(part.where, f"each effect of {what} should be text such as 'tension += 5', not {type_name(part)}")
                return None
            texts.append(part.value)
        key = (compile_effects, tuple(texts))
        result = self.compiled.get(key)
        if result is None:
            try:
                result = compile_effects(texts, self.symbols, self.statements)
            except ExprError as err:
                result = err
            self.compiled[key] = result
        if isinstance(result, ExprError):
            part = parts[result.part_index]
            assert isinstance(part, ScalarNode)
            self.problem(yaml_source.expression_position(part, result.offset), f"in the effects of {what}: {result.message}")
            return None
        return result  # type: ignore[return-value]

    def unique(self, seen: dict[str, Position], value: Optional[str], node: Optional[Node], what: str) -> None:
        if value is None or node is None:
            return
        if value in seen:
            self.problem(node.where, f"{what} '{value}' is used twice (first at line {seen[value].line}); ids must be unique")
        else:
            seen[value] = node.where

    def bounded(self, f: dict[str, Node], obj: str, key: str, what: str,
                low: Optional[float] = None, high: Optional[float] = None) -> Optional[float]:
        """A number field checked against the table's range and default (``low``/``high`` narrow the range)."""
        field = spec(obj, key)
        low = (-math.inf if field.low is None else field.low) if low is None else low
        high = (math.inf if field.high is None else field.high) if high is None else high
        return self.number(f.get(key), what, low, high, default=None if field.default is None else float(field.default),
                           whole=field.kind == "integer")


def node_text(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return repr(node.text)
    return type_name(node)
