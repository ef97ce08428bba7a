"""The scenario format as JSON Schema and as the guide's field reference, both from :mod:`.fields`.

The schema is written for editors that speak the YAML language server (VS Code's YAML
extension, Neovim, Helix, ...): every definition has a title and a description for hover,
every field with a default declares it (completion inserts it), fixed sets are enums, and
patterns carry a readable ``patternErrorMessage``. It is shipped as
``scenario.schema.json`` beside this file and copied into a scenario folder's
``.bloc-game/`` (see :mod:`bloc_game.authoring`); a scenario names it in its first line::

    # yaml-language-server: $schema=.bloc-game/scenario.schema.json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fields import COLOUR, DATE_SHAPE, IDENTIFIER, OBJECTS, Field, ObjectSpec
from .map_regions import EXTRA_BLOCS, REGIONS

SCHEMA_FILE = Path(__file__).with_name("scenario.schema.json")

_ID = {"type": "string", "pattern": IDENTIFIER.pattern,
       "patternErrorMessage": "an id is lower-case letters, digits and _, starting with a letter (such as edc_signed)"}
_TEXTS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_REGION = {"enum": list(REGIONS)}
_BLOC = {"anyOf": [{"enum": list(EXTRA_BLOCS)}, _ID]}

#: Each kind of field as JSON Schema (``list``, ``map`` and ``object`` are built from ``of``).
KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "id": _ID,
    "side": _ID,
    "text": {"type": ["string", "number"]},
    "texts": _TEXTS,
    "effects": _TEXTS,
    "date": {"type": "string", "format": "date", "pattern": DATE_SHAPE,
             "patternErrorMessage": "write a full date as YYYY-MM-DD, such as 1954-03-31"},
    "boolean": {"type": "boolean"},
    "colour": {"type": "string", "pattern": COLOUR.pattern,
               "patternErrorMessage": "write a colour as # and six hex digits, such as #c0392b"},
    "bloc": _BLOC,
    "regions": {"anyOf": [_REGION, {"type": "array", "items": _REGION}]},
    "region_map": {"type": "object", "additionalProperties": False,
                   "properties": {r: {**_BLOC, "description": f"The bloc {name} is shown in at the start."}
                                  for r, name in REGIONS.items()}},
    "condition": {"type": ["string", "boolean"]},
    "quantity": {"type": ["string", "boolean"]},
}

#: Each kind in words, for the reference table.
KIND_WORDS = {
    "format": "whole number", "id": "id", "side": "side id", "text": "text", "texts": "text or list of texts",
    "effects": "effects", "date": "date", "number": "number", "integer": "whole number", "boolean": "true/false",
    "colour": "colour", "bloc": "bloc", "regions": "region or list of regions", "region_map": "region: bloc, ...",
    "condition": "condition", "quantity": "expression", "prose": "text or variants", "weight": "number or expression",
}


def field_schema(f: Field) -> dict[str, Any]:
    """One field's JSON Schema, without its description."""
    if f.kind == "format":
        from .model import FORMAT_VERSION
        return {"type": "integer", "const": FORMAT_VERSION}
    if f.kind in ("number", "integer", "weight"):
        out: dict[str, Any] = {"type": "integer" if f.kind == "integer" else "number"}
        if f.low is not None:
            out["minimum"] = f.low
        if f.high is not None:
            out["maximum"] = f.high
        return {"anyOf": [out, {"type": "string"}]} if f.kind == "weight" else out
    ref = {"$ref": f"#/$defs/{f.of}"}
    if f.kind == "prose":
        return {"anyOf": [KIND_SCHEMAS["text"], {"type": "array", "minItems": 1, "items": ref}]}
    if f.kind == "object":
        return ref
    if f.kind == "list":
        out = {"type": "array", "items": ref}
        if f.low:
            out["minItems"] = int(f.low)
        if f.high is not None:
            out["maxItems"] = int(f.high)
        return out
    if f.kind == "map":
        out = {"type": "object", "propertyNames": _ID, "additionalProperties": ref}
        if f.low:
            out["minProperties"] = int(f.low)
        if f.high is not None:
            out["maxProperties"] = int(f.high)
        return out
    return dict(KIND_SCHEMAS[f.kind])


def _shown(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else (f"{value:g}" if isinstance(value, (int, float)) else f"`{value}`")


def full_description(f: Field) -> str:
    """The field's description with its default, as hover text shows it."""
    default = "" if f.default is None or f.default == "" else f" Default: {_shown(f.default)}."
    return f.description + default


def _object(spec: ObjectSpec) -> dict[str, Any]:
    properties = {}
    for f in spec.fields:
        prop = {**field_schema(f), "title": f"{f.key} ({spec.title.lower()})", "description": full_description(f)}
        if f.default is not None:
            prop["default"] = f.default
        properties[f.key] = prop
    return {
        "title": spec.title,
        "description": spec.description,
        "type": "object",
        "additionalProperties": False,
        "required": list(spec.required),
        "properties": properties,
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://bloc-game.invalid/scenario.schema.json",
        **_object(OBJECTS["scenario"]),
        "$defs": {name: _object(spec) for name, spec in OBJECTS.items() if name != "scenario"},
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def _kind_words(f: Field) -> str:
    if f.kind == "list":
        return f"list of {OBJECTS[f.of].title.lower().removeprefix('a ').removeprefix('an ')}s"
    if f.kind == "map":
        return f"{OBJECTS[f.of].title.lower().removeprefix('a ').removeprefix('an ')}s by id"
    if f.kind == "object":
        return "mapping"
    return KIND_WORDS[f.kind]


def reference_markdown() -> str:
    """The field reference of the authoring guide, printed from the table so that it cannot drift."""
    out = []
    for spec in OBJECTS.values():
        heading = "The scenario (the top level)" if spec.name == "scenario" else f"{spec.title} ({spec.where})"
        out += [f"#### {heading}", "", spec.description, "",
                "| key | kind | range | required | meaning |", "|---|---|---|---|---|"]
        for f in spec.fields:
            out.append(f"| `{f.key}` | {_kind_words(f)} | {f.range_text} | {'yes' if f.required else 'no'} "
                       f"| {full_description(f)} |")
        out.append("")
    regions = ", ".join(f"`{r}`" for r in REGIONS)
    out += [f"The map's regions: {regions}.", ""]
    return "\n".join(out)
