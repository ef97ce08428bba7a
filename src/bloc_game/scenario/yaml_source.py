"""Reading untrusted YAML into nodes that remember where they came from.

PyYAML's ``compose`` recurses (the C composer crashes the interpreter on a few
hundred thousand nested brackets) and its constructors would accept Python
tags, so this module builds its own tree from libyaml's event stream instead:
iterative, safe (only the plain YAML types are ever constructed), and bounded
by the limits below, each of which yields a positioned problem rather than a
hang or a crash. Duplicate keys, which PyYAML silently accepts, are reported.
It also settles what a plain scalar means (YAML 1.2, as editors read it; the rules are in
:mod:`.yaml_scalars`) and refuses untrusted control characters, because both must happen
while the event's position is known.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Protocol

import yaml

from ..errors import Position, Problem
from ..untrusted import describe, first_forbidden, visible
from ..userfiles import FileProblem, read_capped
from .yaml_scalars import PLAIN_TAGS as _PLAIN_TAGS
from .yaml_scalars import Scalar, construct_tagged, resolve_plain

try:  # The C parser is ~10x faster; the pure-Python one gives identical events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Largest file read, in bytes.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: Most nodes a file may expand to, counting every use of an alias in full (a scenario
#: of 10,000 decision points has about 250,000; reaching the limit takes under a second).
MAX_NODES = 300_000
#: Deepest nesting of mappings and sequences.
MAX_DEPTH = 40

_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Mark(Protocol):
    """Where an event starts: PyYAML's Python and C parsers give different classes of it."""

    line: int
    column: int


@dataclass(slots=True)
class Node:
    """A located YAML node (line and column count from 1). ``size`` counts the nodes it expands to."""

    path: str
    line: int
    column: int
    size: int = field(default=1, repr=False)

    @property
    def where(self) -> Position:
        return Position(self.path, self.line, self.column)


@dataclass(slots=True)
class ScalarNode(Node):
    value: Scalar = None
    text: str = ""
    style: str | None = None  # None for plain, "'" / '"' quoted, "|" / ">" block
    #: For a plain scalar that YAML 1.1 reads as something else than YAML 1.2 does (``yes``,
    #: ``1:30``, ``010``, an unquoted date): what 1.1 makes of it ("true/false", "a number", "a date").
    dialect: str = ""


@dataclass(slots=True)
class SeqNode(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class MapNode(Node):
    #: key text -> (key node, value node), in file order.
    items: dict[str, tuple[ScalarNode, Node]] = field(default_factory=dict)


@dataclass(slots=True)
class _Open:
    """A collection being read, and for a mapping the key waiting for its value."""

    node: MapNode | SeqNode
    key: ScalarNode | None = None


class YamlFailure(Exception):
    """Reading stopped; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_text(path: Path, display: str) -> str:
    """Read a regular file as UTF-8 (a BOM is dropped), enforcing the size limit (see userfiles)."""
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except FileProblem as err:
        raise YamlFailure(Problem(Position(display), f"cannot read the file: {err}")) from None
    return decode(data, display)


def decode(data: bytes, display: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise YamlFailure(Problem(Position(display), f"file is over the limit of {MAX_FILE_BYTES:,} bytes"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlFailure(
            Problem(
                Position(display, line, column),
                f"byte 0x{data[err.start]:02x} is not UTF-8 text; save the file as UTF-8",
            )
        ) from None


def _pos(display: str, mark: _Mark | None) -> Position:
    if mark is None:
        return Position(display)
    return Position(display, mark.line + 1, mark.column + 1)


def parse(text: str, display: str, problems: list[Problem]) -> Node:
    """Parse one YAML document into located nodes.

    Fatal problems (syntax, limits) raise :class:`YamlFailure`; recoverable
    ones (duplicate keys) are appended to ``problems`` and reading goes on.
    """
    builder = _Builder(display, problems)
    collecting = gc.isenabled()
    gc.disable()  # the tree is acyclic; collecting while it grows made big files quadratic
    loader = _Loader(text)
    try:
        # get_event until it gives None: what yaml.parse does, without a generator in between.
        return builder.build(iter(loader.get_event, None))
    except yaml.MarkedYAMLError as err:
        raise YamlFailure(syntax_problem(text, display, err)) from None
    except yaml.YAMLError as err:
        raise YamlFailure(Problem(Position(display), f"YAML syntax: {err}")) from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()


def syntax_problem(text: str, display: str, err: yaml.MarkedYAMLError) -> Problem:
    """YAML's own complaint, placed and explained for someone who has never read the YAML spec.

    Three mistakes account for most broken files, and YAML words each of them in terms of
    its grammar: a tab in the indentation (reported at the tab), a ': ' inside unquoted
    text, and a quote that is never closed (reported where it opened, not at the end of
    the file where YAML noticed).
    """
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else len(text.splitlines())
    tab = first_indenting_tab(text, line)
    if tab is not None:
        return Problem(Position(display, *tab), "YAML syntax: a tab indents this line; indent with spaces, not tabs")
    problem = err.problem or "malformed YAML"
    if err.context == "while scanning a quoted scalar" and err.context_mark is not None:
        opened = err.context_mark
        quote = text.splitlines()[opened.line][opened.column:opened.column + 1] if opened.line < len(text.splitlines()) else '"'
        return Problem(_pos(display, opened), f"YAML syntax: the text quoted here with {quote} is never closed; "
                                              f"close it with {quote}")
    if problem.startswith("mapping values are not allowed"):
        return Problem(_pos(display, mark), "YAML syntax: ': ' inside unquoted text starts a new key; "
                                            "put the text in quotes, such as title: \"Berlin: the note\"")
    message = problem
    if err.context:
        started = err.context_mark
        at = f" started at line {started.line + 1}, column {started.column + 1}" if started and started is not mark else ""
        message = f"{message} ({err.context}{at})"
    return Problem(_pos(display, mark), f"YAML syntax: {message}")


def first_indenting_tab(text: str, up_to_line: int) -> tuple[int, int] | None:
    """Line and column of the tab in the leading whitespace of the last line up to ``up_to_line`` that has one.

    The last, not the first: a tab inside a block of text is legal, the one that broke
    the parse sits nearest to where YAML gave up.
    """
    found = None
    for number, line in enumerate(text.splitlines()[:up_to_line], 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            found = number, indent.index("\t") + 1
    return found


class _Builder:
    def __init__(self, display: str, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems
        self.anchors: dict[str, Node] = {}
        self.total = 0

    def fail(self, mark: _Mark | None, message: str) -> YamlFailure:
        return YamlFailure(Problem(_pos(self.display, mark), message))

    def build(self, events: Iterator[Any]) -> Node:
        """The tree of located nodes from the parser's events.

        One loop over ~70 events per decision point, so it is written for speed: the
        commonest case, a plain or quoted one-line scalar, is built inline (its meaning
        looked up in a per-file cache), and everything else takes the general path.
        """
        display, anchors = self.display, self.anchors
        resolved: dict[str, tuple[Scalar, str]] = {}  # plain text -> (value, dialect): keys and words repeat
        root: Node | None = None
        documents = 0
        event: Any  # libyaml's event classes: the loop tells them apart by class
        stack: list[_Open] = []
        top: _Open | None = None  # stack[-1]
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        for event in events:
            cls = event.__class__
            node: Node
            if cls is scalar_event:
                self.total += 1
                if self.total > MAX_NODES:
                    self.count(0, event.start_mark)
                text = event.value
                if event.tag is None and not event.anchor and text.isprintable():
                    mark = event.start_mark
                    if event.implicit[0]:  # plain
                        meaning = resolved.get(text)
                        if meaning is None:
                            meaning = resolved[text] = self.plain(text, mark)
                        node = ScalarNode(display, mark.line + 1, mark.column + 1, 1, meaning[0], text, None, meaning[1])
                    else:  # quoted (a block scalar holds a newline, so it is not printable)
                        node = ScalarNode(display, mark.line + 1, mark.column + 1, 1, text, text, event.style or None)
                    if top is None:
                        root = node
                    elif top.key is not None:  # a mapping's value
                        key, top.key = top.key, None
                        parent = top.node
                        parent.size += 1
                        items: dict[str, tuple[ScalarNode, Node]] = parent.items  # type: ignore[assignment]  # a mapping's
                        if key.text in items:
                            self.duplicate(key, items)
                        else:
                            items[key.text] = (key, node)
                    elif top.node.__class__ is SeqNode:
                        top.node.size += 1
                        top.node.items.append(node)
                    else:  # a mapping's key
                        if text == "<<" and node.style is None:
                            raise self.fail(event.start_mark, "merge keys ('<<') are not supported; write the keys out in full")
                        top.node.size += 1
                        top.key = node
                    continue
                node = self.scalar(event)
                if event.anchor:
                    anchors[event.anchor] = node
            elif cls is mapping_start or cls is sequence_start:
                self.check_tag(event)
                self.count(1, event.start_mark)
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
                mark = event.start_mark
                opened = (MapNode if cls is mapping_start else SeqNode)(display, mark.line + 1, mark.column + 1)
                if event.anchor:
                    anchors[event.anchor] = opened
                top = _Open(opened)
                stack.append(top)
                continue
            elif cls in ends:
                node = stack.pop().node
                top = stack[-1] if stack else None
            elif cls is yaml.AliasEvent:
                if event.anchor not in anchors:
                    raise self.fail(event.start_mark, f"alias '*{event.anchor}' names no anchor defined before it")
                node = anchors[event.anchor]
                self.count(node.size, event.start_mark)
            else:
                if cls is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.fail(
                            event.start_mark,
                            "the file holds more than one YAML document ('---'); keep one per file",
                        )
                continue  # the stream's and document's starts and ends
            if top is None:
                root = node
                continue
            self.attach(top, node, event)
        if root is None:
            raise YamlFailure(Problem(Position(display, 1, 1), "the file is empty"))
        return root

    def count(self, n: int, mark: _Mark | None) -> None:
        self.total += n
        if self.total > MAX_NODES:
            raise self.fail(mark, f"the document expands to more than {MAX_NODES:,} nodes (too many or too deep aliases)")

    def attach(self, top: _Open, node: Node, event: yaml.Event) -> None:
        parent = top.node
        parent.size += node.size
        if isinstance(parent, SeqNode):
            parent.items.append(node)
            return
        key = top.key
        if key is None:
            if not isinstance(node, ScalarNode) or isinstance(event, yaml.AliasEvent):
                raise self.fail(event.start_mark, "a mapping key must be plain text")
            if node.text == "<<" and node.style is None:
                raise self.fail(event.start_mark, "merge keys ('<<') are not supported; write the keys out in full")
            top.key = node
            return
        top.key = None
        if key.text in parent.items:
            self.duplicate(key, parent.items)
            return
        parent.items[key.text] = (key, node)

    def duplicate(self, key: ScalarNode, items: dict[str, tuple[ScalarNode, Node]]) -> None:
        first = items[key.text][0].where
        self.problems.append(Problem(key.where, f"duplicate key '{key.text}' (first at line {first.line}); remove one of them"))

    def check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag not in _PLAIN_TAGS | _COLLECTION_TAGS and tag != "!":
            raise self.fail(event.start_mark, f"tag '{tag}' is not allowed; scenario files hold plain data only")

    def scalar(self, event: yaml.ScalarEvent) -> ScalarNode:
        if event.tag:
            self.check_tag(event)
        mark = _at(event.start_mark)
        style = event.style or None
        dialect = ""
        if event.tag and event.tag != "!":
            value = self.construct(event.tag, event)
        elif event.tag == "!" or not event.implicit[0]:
            value = event.value  # quoted or block text
        else:
            value, dialect = self.plain(event.value, mark)
        text = event.value
        bad = first_forbidden(text)
        if bad >= 0:  # see bloc_game.untrusted: refused here, and passed on escaped for later messages
            exact = style is None and "\n" not in text[:bad]
            self.problems.append(Problem(
                Position(self.display, mark.line + 1, mark.column + 1 + (bad if exact else 0)),
                f"the text holds the control character {describe(text[bad])}, which a terminal or window would act "
                "on; remove it"))
            text = visible(text)
            value = text if isinstance(value, str) else value
        return ScalarNode(self.display, mark.line + 1, mark.column + 1, value=value, text=text, style=style,
                          dialect=dialect)

    def plain(self, text: str, mark: _Mark) -> tuple[Scalar, str]:
        try:
            return resolve_plain(text)
        except ValueError:  # Python refuses to convert an integer of thousands of digits
            shown = text if len(text) <= 20 else text[:20] + "..."
            raise self.fail(mark, f"{shown!r} is not a valid number: it has {len(text):,} characters") from None

    def construct(self, tag: str, event: yaml.ScalarEvent) -> Scalar:
        """The value of an explicitly tagged scalar (``!!int 5``)."""
        if tag == "tag:yaml.org,2002:str" or tag not in _PLAIN_TAGS:
            return event.value  # also YAML's merge and value keys: plain text, refused later
        try:
            return construct_tagged(tag, event.value)  # a failure is reported at the event's own mark
        except (ValueError, OverflowError, yaml.YAMLError):
            kind = "date" if tag.endswith("timestamp") else tag.rsplit(":", 1)[-1]
            raise self.fail(event.start_mark, f"{event.value!r} is not a valid {kind}") from None


def _at(mark: _Mark | None) -> _Mark:
    assert mark is not None  # the parser marks every event it produces
    return mark


def expression_position(node: ScalarNode, offset: int) -> Position:
    """Where character ``offset`` of a scalar's text sits in the file.

    Exact for one-line plain and quoted scalars (the usual way to write an
    expression); for block scalars it points at the scalar's start.
    """
    where = node.where
    if "\n" in node.text or node.style in ("|", ">"):
        return where
    shift = 1 if node.style in ("'", '"') else 0
    return Position(where.path, where.line, where.column + shift + offset)
