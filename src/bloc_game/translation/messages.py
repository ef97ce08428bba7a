"""A scenario's translatable texts as keyed messages, and a scenario with translations applied.

Which fields are translatable is said once, in the format table (``translatable=True`` in
:mod:`bloc_game.scenario.fields`); both walks here follow the table, so a new text field
marked there is exported, checked and applied with no change to this module.

The message keys are the published, frozen scheme translators' files are keyed by
(docs/authoring.md, "Translating a scenario")::

    OBJECT/ID.../FIELD[/N]

- ``OBJECT`` is the table's object name: ``scenario``, ``side``, ``objective``, ``variable``,
  ``flag``, ``point``, ``choice``, ``event``, ``ending``.
- ``ID...`` are the ids leading to it: ``point/first_note``, ``choice/first_note/send_note``
  (a choice id is unique within its point only), ``side/ussr``; an object without an id (an
  objective) is numbered from 1 within its parent: ``objective/ussr/2``. The scenario itself
  has none: ``scenario/title``.
- ``FIELD`` is the key as written in the scenario file (``briefing``, ``low``, ``sources``).
- ``N`` (from 1) numbers the variants of a text that follows the path (``briefing``,
  ``consequence``, ``text``, ``epilogue``, ``debrief``, a flag's ``label``) and the items of
  a list (``sources``); a plain text is variant 1. Other fields have no ``N``.

Applying a translation (:func:`translated`) replaces texts only, through
:func:`dataclasses.replace`: ids, dates, conditions, effects, the file's content hash and
so every record, replay and score are those of the source scenario.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Callable, Mapping, Optional

from ..errors import Position
from ..scenario.fields import OBJECTS, Field
from ..scenario.model import Scenario, Text
from ..scenario.yaml_source import MapNode, Node, ScalarNode, SeqNode

_URL_ONLY = re.compile(r"^https?://\S+$")
#: Fields holding a list of ``of`` objects that may contain translatable text.
_CONTAINERS = ("list", "map")


@dataclass(frozen=True)
class Message:
    """One translatable text: its key, its text in the scenario, and what a translator should know."""

    key: str
    source: str
    #: Where the text's element is in the scenario file (the exporter refines it to the text's line).
    where: Position
    #: A few words for the translator: what the text is and, for a variant, when it is shown.
    note: str = ""


@lru_cache(maxsize=None)
def _reaches_text(name: str) -> bool:
    """True if object ``name`` has a translatable field, directly or in the objects it holds."""
    return any(f.translatable or (f.kind in _CONTAINERS and _reaches_text(f.of)) for f in OBJECTS[name].fields)


@lru_cache(maxsize=None)
def _walked(kind: str) -> tuple[Field, ...]:
    """The fields of object ``kind`` that are texts to translate or hold objects with some."""
    return tuple(f for f in OBJECTS[kind].fields if f.translatable or (f.kind in _CONTAINERS and _reaches_text(f.of)))


def _path(kind: str, ids: tuple[str, ...]) -> str:
    return "/".join((kind, *ids))


def _child_ids(ids: tuple[str, ...], child: Any, index: int, parent: str) -> tuple[str, ...]:
    """The ids naming a child: its parent's (none for the scenario's own children), then its own id or number."""
    own = getattr(child, "id", None) or str(index)
    return ((*ids, own) if parent != "scenario" else (own,))


def _what(kind: str, ids: tuple[str, ...], f: Field) -> str:
    name = "the scenario" if kind == "scenario" else f"{kind} {'/'.join(ids)}"
    return f"{name}: {f.key}"


def messages(scenario: Scenario) -> list[Message]:
    """Every translatable text of ``scenario``, object by object as the format table lists its fields
    (empty optional texts and bare web addresses are left out)."""
    out: list[Message] = []
    _collect(scenario, "scenario", (), scenario.path, out)
    return out


def _collect(value: Any, kind: str, ids: tuple[str, ...], path: str, out: list[Message]) -> None:
    where = getattr(value, "where", None) or Position(path)
    for f in _walked(kind):
        attr = getattr(value, f.attribute or f.key)
        key = f"{_path(kind, ids)}/{f.key}"
        if f.translatable and f.kind == "prose":
            if attr is None:
                continue
            count = len(attr.variants)
            for i, variant in enumerate(attr.variants, 1):
                shown = "" if count == 1 else (f" (variant {i} of {count}, shown when: {variant.when.source})"
                                               if variant.when else f" (variant {i} of {count}, shown otherwise)")
                out.append(Message(f"{key}/{i}", variant.text, variant.where if variant.where.path else where,
                                   _what(kind, ids, f) + shown))
        elif f.translatable and f.kind == "texts":
            note = _what(kind, ids, f) + " (a citation: keep names, titles, numbers and URLs as written)"
            out.extend(Message(f"{key}/{i}", text, where, note) for i, text in enumerate(attr, 1) if _words(text))
        elif f.translatable:
            if attr and _words(attr):
                note = _what(kind, ids, f) + (" (a citation: keep names, titles, numbers and URLs as written)"
                                              if f.key == "source" else "")
                out.append(Message(key, attr, where, note))
        elif f.kind in _CONTAINERS and _reaches_text(f.of):
            for i, child in enumerate(attr, 1):
                _collect(child, f.of, _child_ids(ids, child, i, kind), path, out)


def _words(text: str) -> bool:
    """False for a text that is only a web address: nothing in it to translate (a citation may be one)."""
    return not _URL_ONLY.match(text.strip())


def translated(scenario: Scenario, translate: Callable[[str, str], Optional[str]]) -> Scenario:
    """``scenario`` with each text replaced by ``translate(key, source)`` where that gives one.

    Returns ``scenario`` itself when nothing is translated. The result keeps the source's
    path and content hash (records name the source scenario, whatever language it was read in).
    """
    changed = _rebuild(scenario, "scenario", (), translate)
    if changed is scenario:
        return scenario
    from ..scenario.loader import with_timeline

    return with_timeline(changed, scenario.path, scenario.content_hash)


def _rebuild(value: Any, kind: str, ids: tuple[str, ...], translate: Callable[[str, str], Optional[str]]) -> Any:
    changes: dict[str, Any] = {}
    for f in _walked(kind):
        name = f.attribute or f.key
        attr = getattr(value, name)
        key = f"{_path(kind, ids)}/{f.key}"
        new: Any = attr
        if f.translatable and f.kind == "prose" and attr is not None:
            variants = tuple(_swap(v, "text", translate(f"{key}/{i}", v.text)) for i, v in enumerate(attr.variants, 1))
            if any(a is not b for a, b in zip(variants, attr.variants)):
                new = Text(variants)
        elif f.translatable and f.kind == "texts":
            texts = tuple(translate(f"{key}/{i}", t) or t for i, t in enumerate(attr, 1))
            if texts != attr:
                new = texts
        elif f.translatable and attr:
            new = translate(key, attr) or attr
        elif f.kind in _CONTAINERS and _reaches_text(f.of):
            children = tuple(_rebuild(c, f.of, _child_ids(ids, c, i, kind), translate) for i, c in enumerate(attr, 1))
            if any(a is not b for a, b in zip(children, attr)):
                new = children
        if new is not attr and new != attr:
            changes[name] = new
    return replace(value, **changes) if changes else value


def _swap(obj: Any, name: str, text: Optional[str]) -> Any:
    return obj if text is None or text == getattr(obj, name) else replace(obj, **{name: text})


def locations(root: Node) -> Mapping[str, int]:
    """The line of every translatable text in a scenario file's node tree, by message key.

    The same walk as :func:`messages` over the file rather than the model (the model keeps
    the line of each element, not of each of its texts).
    """
    out: dict[str, int] = {}
    if isinstance(root, MapNode):
        _locate(root, "scenario", (), out)
    return out


def _locate(node: MapNode, kind: str, ids: tuple[str, ...], out: dict[str, int]) -> None:
    for f in OBJECTS[kind].fields:
        pair = node.items.get(f.key)
        if pair is None:
            continue
        value = pair[1]
        key = f"{_path(kind, ids)}/{f.key}"
        if f.translatable and f.kind in ("prose", "texts") and isinstance(value, SeqNode):
            for i, item in enumerate(value.items, 1):
                text = item.items.get("text") if isinstance(item, MapNode) else None
                out[f"{key}/{i}"] = (text[1] if text else item).line
        elif f.translatable:
            out[f"{key}/1" if f.kind in ("prose", "texts") else key] = value.line
        elif f.kind == "map" and _reaches_text(f.of) and isinstance(value, MapNode):
            for name, (_key_node, child) in value.items.items():
                if isinstance(child, MapNode):
                    _locate(child, f.of, (*ids, name) if kind != "scenario" else (name,), out)
        elif f.kind == "list" and _reaches_text(f.of) and isinstance(value, SeqNode):
            for i, child in enumerate(value.items, 1):
                if isinstance(child, MapNode):
                    id_node = child.items.get("id")
                    own = id_node[1].text if id_node and isinstance(id_node[1], ScalarNode) else str(i)
                    _locate(child, f.of, (*ids, own) if kind != "scenario" else (own,), out)
