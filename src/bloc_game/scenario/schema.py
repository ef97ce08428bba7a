"""The scenario format as JSON Schema, generated from the loader's own tables.

Which keys each object has, and which are required, come from the loader (so the schema
cannot drift from it); this module adds each key's type and a description. The same
descriptions make the field reference of ``docs/authoring.md``. The generated schema is
shipped as ``scenario.schema.json`` beside this file; editors that speak the YAML
language server pick it up from the comment at the top of a scenario::

    # yaml-language-server: $schema=<path or URL of scenario.schema.json>
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import loader
from .map_regions import EXTRA_BLOCS, REGIONS
from .model import FORMAT_VERSION

SCHEMA_FILE = Path(__file__).with_name("scenario.schema.json")

IDENTIFIER = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$"}
TEXT = {"type": ["string", "number"]}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
EXPRESSION = {"type": ["string", "boolean"]}
#: Text that may follow the path: plain text, or a list of variants tried in order.
PROSE = {"anyOf": [TEXT, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/variant"}}]}
PROSE_NOTE = " Plain text, or a list of variants `{when, text}`: the first whose `when` holds is shown."
TEXTS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _number(low: float, high: float, whole: bool = False) -> dict[str, Any]:
    return {"type": "integer" if whole else "number", "minimum": low, "maximum": high}


# (object, key) -> (schema, description). Objects and keys must match the loader's tables.
FIELDS: dict[str, dict[str, tuple[dict[str, Any], str]]] = {
    "scenario": {
        "format": ({"const": FORMAT_VERSION}, f"The format version; this Bloc Game reads {FORMAT_VERSION}."),
        "id": (IDENTIFIER, "A short name for the scenario: lower-case letters, digits and `_`."),
        "title": (TEXT, "The title players see."),
        "summary": (TEXT, "A paragraph shown when choosing a scenario."),
        "start": (DATE, "The first day of the scenario (YYYY-MM-DD)."),
        "end": (DATE, "The last day; every point and event falls between start and end."),
        "authors": (TEXTS, "Who wrote it: one name or a list."),
        "sides": ({"type": "object", "minProperties": 2, "maxProperties": 2, "propertyNames": IDENTIFIER,
                   "additionalProperties": {"$ref": "#/$defs/side"}},
                  "The two sides, by id (such as `ussr` and `nato`)."),
        "variables": ({"type": "object", "propertyNames": IDENTIFIER, "additionalProperties": {"$ref": "#/$defs/variable"}},
                      "Bounded whole numbers, by id (such as `tension`)."),
        "flags": ({"type": "object", "propertyNames": IDENTIFIER, "additionalProperties": {"$ref": "#/$defs/flag"}},
                  "Facts that become true on a date, by id (such as `frg_in_nato`)."),
        "points": ({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/point"}},
                   "The decision points, in date order."),
        "events": ({"type": "array", "items": {"$ref": "#/$defs/event"}}, "Dated happenings no side chooses, in date order."),
        "endings": ({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/ending"}},
                    "How the game can end; the last one should have no `when`."),
        "map": ({"$ref": "#/$defs/map"}, "Which bloc each region of the 1952-1955 map is shown in."),
    },
    "side": {
        "name": (TEXT, "The side's name as players see it."),
        "colour": ({"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}, "Its colour on the map, like `#c0392b`."),
        "description": (TEXT, "Who decides for this side."),
        "objectives": ({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/objective"}},
                       "What the side wants: the end report scores these against history."),
    },
    "objective": {
        "label": (TEXT, "What the objective is, in a few words."),
        "value": (EXPRESSION, "An expression over the final state; true/false counts as 1/0."),
        "weight": (_number(-1000, 1000), "How many points one unit of the value is worth (default 1)."),
        "source": (TEXT, "Where it is documented that this government sought this."),
    },
    "variable": {
        "label": (TEXT, "The name shown on the meter."),
        "min": (_number(-1_000_000, 1_000_000, whole=True), "The lowest value; effects never go below it."),
        "max": (_number(-1_000_000, 1_000_000, whole=True), "The highest value; effects never go above it."),
        "initial": (_number(-1_000_000, 1_000_000, whole=True), "The value at the start (between min and max)."),
        "description": (TEXT, "What the number means, in one line: the meter's tooltip and the terminal's help show it."),
        "low": (TEXT, "What the lowest value means, in a few words (such as `aligned with Moscow`); shown at the meter's left end."),
        "high": (TEXT, "What the highest value means (such as `aligned with the West`); shown at the meter's right end."),
    },
    "flag": {
        "label": (PROSE, "The fact in words, as the timelines show it." + PROSE_NOTE),
        "description": (TEXT, "A longer explanation."),
        "initial": ({"type": "boolean"}, "True if the fact holds from the start (default false)."),
    },
    "point": {
        "id": (IDENTIFIER, "A unique id for the point."),
        "date": (DATE, "The day the decision is taken."),
        "actor": (IDENTIFIER, "The side that decides (a side id)."),
        "title": (TEXT, "A short title."),
        "briefing": (PROSE, "What the side's adviser tells the player (80-200 words reads well)." + PROSE_NOTE),
        "sources": (TEXTS, "Where the facts come from: URLs or citations."),
        "when": (EXPRESSION, "The point is skipped unless this holds. A point that never happened needs one."),
        "weight": (_number(0, 100), "How much the point counts towards fidelity (default 1)."),
        "debrief": (PROSE, "A discussion question about this moment, for the class debrief and the teacher's page."
                    + PROSE_NOTE + " Its `when` sees the state the point was met in."),
        "choices": ({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/choice"}}, "The responses on offer."),
    },
    "choice": {
        "id": (IDENTIFIER, "An id unique within its point."),
        "label": (TEXT, "The response, as a button or a numbered line."),
        "consequence": (PROSE, "What follows, and why." + PROSE_NOTE + " Its `when` sees the state the choice was made in."),
        "effects": (TEXTS, "Statements such as `tension += 10` or `edc_ratified = true`."),
        "historical": ({"type": "boolean"}, "True for what really happened (at most one per point)."),
        "when": (EXPRESSION, "The choice is offered only while this holds."),
        "hint": (TEXT, "A one-line hint shown as a tooltip."),
        "ai_weight": ({"anyOf": [_number(0, 1000), {"type": "string"}]},
                      "How likely the computer is to pick it where history has no choice (default 1): a number, or "
                      "an expression over the state it finds, such as `max(0, tension - 40)`; a condition counts as 1 or 0, below 0 as 0."),
    },
    "event": {
        "id": (IDENTIFIER, "A unique id (shared with the points' ids)."),
        "date": (DATE, "The day it happens."),
        "title": (TEXT, "A short title."),
        "text": (PROSE, "What happens, in a sentence or two." + PROSE_NOTE + " Its `when` sees the state before the event."),
        "sources": (TEXTS, "Where the facts come from."),
        "when": (EXPRESSION, "It happens only if this holds on its date."),
        "chance": (_number(0, 1), "Its probability when due (default 1); history follows `historical`."),
        "effects": (TEXTS, "Statements applied when it happens."),
        "historical": ({"type": "boolean"}, "True if it really happened."),
    },
    "ending": {
        "id": (IDENTIFIER, "A unique id."),
        "title": (TEXT, "The ending's title."),
        "epilogue": (PROSE, "What became of Europe, written for a student." + PROSE_NOTE + " Its `when` sees the final state."),
        "when": (EXPRESSION, "When this ending applies; tried in order, the first that holds wins."),
        "historical": ({"type": "boolean"}, "True for the ending history reached (exactly one)."),
        "early": ({"type": "boolean"}, "Stop the game as soon as `when` holds, not only at the end."),
        "sources": (TEXTS, "Sources for the epilogue."),
        "debrief": (PROSE, "A discussion question about this ending, for the class debrief and the teacher's page."
                    + PROSE_NOTE + " Its `when` sees the final state."),
    },
    "variant": {
        "text": (TEXT, "The wording shown when this variant is chosen."),
        "when": (EXPRESSION, "Shown only if this holds (and no earlier variant's does); only the last variant may leave it out."),
    },
    "map": {
        "regions": ({"type": "object", "propertyNames": {"enum": list(REGIONS)},
                     "additionalProperties": {"type": "string"}},
                    "Each region's bloc at the start: a side id, `neutral` or `contested`. "
                    f"The regions: {', '.join(f'`{r}`' for r in REGIONS)}."),
        "rules": ({"type": "array", "items": {"$ref": "#/$defs/map_rule"}},
                  "Rules applied in order whenever the state changes; a later rule wins."),
    },
    "map_rule": {
        "regions": ({"anyOf": [{"enum": list(REGIONS)}, {"type": "array", "items": {"enum": list(REGIONS)}}]},
                    "The regions the rule colours."),
        "bloc": ({"type": "string"}, f"A side id, or one of {', '.join(f'`{b}`' for b in EXTRA_BLOCS)}."),
        "when": (EXPRESSION, "The rule applies while this holds."),
    },
}

# The loader's (required, optional) key tables for each object.
KEY_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "scenario": (loader.TOP_REQUIRED, loader.TOP_OPTIONAL),
    "side": loader.SIDE_KEYS,
    "objective": loader.OBJECTIVE_KEYS,
    "variable": loader.VARIABLE_KEYS,
    "flag": loader.FLAG_KEYS,
    "point": loader.POINT_KEYS,
    "choice": loader.CHOICE_KEYS,
    "event": loader.EVENT_KEYS,
    "ending": loader.ENDING_KEYS,
    "variant": loader.VARIANT_KEYS,
    "map": loader.MAP_KEYS,
    "map_rule": loader.MAP_RULE_KEYS,
}


def _object(name: str) -> dict[str, Any]:
    required, optional = KEY_TABLES[name]
    fields = FIELDS[name]
    missing = set(required + optional) ^ set(fields)
    if missing:
        raise AssertionError(f"schema fields of '{name}' differ from the loader's: {sorted(missing)}")
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": {key: {**fields[key][0], "description": fields[key][1]} for key in required + optional},
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    top = _object("scenario")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://bloc-game.invalid/scenario.schema.json",
        "title": "Bloc Game scenario",
        "description": "A scenario for Bloc Game. See docs/authoring.md.",
        **top,
        "$defs": {name: _object(name) for name in KEY_TABLES if name != "scenario"},
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


OBJECT_TITLES = {
    "scenario": "The scenario (top level)", "side": "A side (under `sides`)", "objective": "An objective (under a side's `objectives`)",
    "variable": "A variable (under `variables`)", "flag": "A flag (under `flags`)", "point": "A decision point (in `points`)",
    "choice": "A choice (in a point's `choices`)", "event": "An event (in `events`)", "ending": "An ending (in `endings`)",
    "variant": "A text variant (in a list given for `briefing`, `consequence`, `text`, `epilogue`, `debrief` or a flag's `label`)",
    "map": "The map (`map`)", "map_rule": "A map rule (in the map's `rules`)",
}


def reference_markdown() -> str:
    """The field reference of the authoring guide, generated so that it cannot drift."""
    out = []
    for name, (required, optional) in KEY_TABLES.items():
        out += [f"#### {OBJECT_TITLES[name]}", "", "| key | required | meaning |", "|---|---|---|"]
        for key in required + optional:
            out.append(f"| `{key}` | {'yes' if key in required else 'no'} | {FIELDS[name][key][1]} |")
        out.append("")
    return "\n".join(out)
