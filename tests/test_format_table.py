"""The format declared once: the field table drives the loader, the schema and the guide; one YAML dialect."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

import bloc_game
from bloc_game.scenario import load_scenario_text
from bloc_game.scenario.fields import OBJECTS
from bloc_game.scenario.schema import build_schema
from bloc_game.scenario.yaml_source import MapNode, Node, ScalarNode, SeqNode, parse, resolve_plain

from conftest import BROKEN, FLAGSHIP

BASE = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8")
VALIDATOR = jsonschema.Draft202012Validator(build_schema(), format_checker=jsonschema.FormatChecker())

# Where a key of each object can be added to the base scenario (the line it goes after).
ANCHORS = {"objective": "        value: -tension\n", "point": "    briefing: Send a note?\n",
           "choice": "        label: Send it\n", "event": "    text: Something.\n"}
NUMBERS = [(obj, f) for obj in ANCHORS for f in OBJECTS[obj].fields if f.kind in ("number", "integer", "weight")]


def with_field(obj: str, key: str, value: str) -> str:
    text = BASE.replace("    chance: 0.5\n", "") if (obj, key) == ("event", "chance") else BASE
    return text.replace(ANCHORS[obj], f"{ANCHORS[obj]}{ANCHORS[obj][:len(ANCHORS[obj]) - len(ANCHORS[obj].lstrip())]}"
                                      f"{key}: {value}\n", 1)


def problems(text: str) -> list[str]:
    try:
        load_scenario_text(text, "s.yaml")
    except bloc_game.ScenarioError as err:
        return [p.message for p in err.problems]
    return []


def as_editor_reads(node: Node) -> object:
    """The data of a YAML file as YAML 1.2 (an editor) reads it."""
    if isinstance(node, MapNode):
        return {key: as_editor_reads(value) for key, (_k, value) in node.items.items()}
    if isinstance(node, SeqNode):
        return [as_editor_reads(item) for item in node.items]
    assert isinstance(node, ScalarNode)
    return node.value


def schema_errors(text: str) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(as_editor_reads(parse(text, "s.yaml", [])))]


@pytest.mark.parametrize("obj,field", NUMBERS, ids=[f"{o}.{f.key}" for o, f in NUMBERS])
def test_each_range_in_the_table_is_what_loader_and_schema_enforce(obj: str, field) -> None:  # type: ignore[no-untyped-def]
    assert field.low is not None and field.high is not None
    for inside in (field.low, field.high):
        text = with_field(obj, field.key, f"{inside:g}")
        assert problems(text) == [] and schema_errors(text) == [], (obj, field.key, inside)
    for outside in (field.low - 1, field.high + 1):
        text = with_field(obj, field.key, f"{outside:g}")
        assert any(f"between {field.low:g} and {field.high:g}" in p for p in problems(text)), (obj, field.key, outside)
        assert schema_errors(text), (obj, field.key, outside)


def test_each_default_in_the_table_is_what_the_game_uses() -> None:
    scenario = load_scenario_text(BASE, "base.yaml")
    point = scenario.points[0]
    defaults = {
        ("scenario", "summary"): scenario.summary, ("side", "colour"): scenario.sides[1].colour,
        ("side", "description"): scenario.sides[0].description, ("objective", "weight"): scenario.sides[0].objectives[0].weight,
        ("objective", "source"): scenario.sides[0].objectives[0].source,
        ("variable", "description"): scenario.variables[0].description,
        ("flag", "description"): scenario.flags[0].description, ("flag", "initial"): scenario.flags[0].initial,
        ("point", "weight"): point.weight, ("choice", "hint"): point.choices[0].hint,
        ("choice", "ai_weight"): point.choices[0].ai_weight, ("choice", "historical"): point.choices[1].historical,
        ("ending", "early"): scenario.endings[0].early, ("ending", "historical"): scenario.endings[1].historical,
    }
    for (obj, key), used in defaults.items():
        assert used == OBJECTS[obj][key].default, (obj, key)
    schema = build_schema()
    assert schema["$defs"]["choice"]["properties"]["ai_weight"]["default"] == 1  # completion inserts 1, not 0


def test_every_schema_definition_has_a_title_and_a_description() -> None:
    schema = build_schema()
    for name, definition in [("scenario", schema), *schema["$defs"].items()]:
        assert definition["title"] and definition["description"], name
        for key, prop in definition["properties"].items():
            assert prop["title"] and prop["description"], (name, key)


def test_impossible_dates_fail_the_schema_with_a_readable_message() -> None:
    date = build_schema()["$defs"]["point"]["properties"]["date"]
    assert date["format"] == "date" and "YYYY-MM-DD" in date["patternErrorMessage"]
    assert schema_errors(BASE.replace("date: 1952-03-25", "date: 1952-13-45"))
    assert schema_errors(BASE.replace("date: 1952-03-25", "date: 1952-02-30"))  # the format checker knows the calendar


# ------------------------------------------------------------------------------ one YAML dialect

@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"])
def test_yaml_1_1_booleans_are_refused_with_the_spelling_to_use(word: str) -> None:
    meant = "true" if word.lower() in ("yes", "on", "y") else "false"
    text = BASE.replace("        historical: true\n        effects: [tension",
                        f"        historical: {word}\n        effects: [tension")
    assert problems(text) == [f"historical: write {meant}, not {word} (YAML 1.1 reads {word} as true/false, "
                              "YAML 1.2 and editors as text)"]
    assert problems(text.replace(f"historical: {word}", f"historical: {meant}")) == []


@pytest.mark.parametrize("text,value,reading", [
    ("yes", "yes", "true/false"), ("1:30", "1:30", "a number"), ("010", 10, "a number"), ("1_000", "1_000", "a number"),
    ("0b11", "0b11", "a number"), ("1e3", 1000.0, "text"), ("1954-03-31", "1954-03-31", "a date"),
    ("true", True, ""), ("12", 12, ""), ("0.5", 0.5, ""), ("~", None, ""), ("tension > 5", "tension > 5", ""),
    ("0o17", 15, "text"), ("0x1F", 31, ""), ("-.inf", float("-inf"), ""), (".5", 0.5, ""),
])
def test_plain_scalars_take_their_yaml_1_2_value_and_note_the_1_1_reading(text: str, value: object, reading: str) -> None:
    assert resolve_plain(text) == (value, reading)


def test_nan_is_the_same_in_both_dialects() -> None:
    value, reading = resolve_plain(".nan")
    assert value != value and reading == ""


@pytest.mark.parametrize("tagged,message", [
    ("weight: !!int 5", ""), ("label: !!str yes", ""), ("weight: !!float many", "'many' is not a valid float"),
    ("label: !custom x", "tag '!custom' is not allowed"),
])
def test_explicit_tags_are_honoured_or_refused_at_their_place(tagged: str, message: str) -> None:
    key, value = tagged.split(": ", 1)
    anchor = "        weight: 1\n" if key == "weight" else "        label: Wait\n"
    text = BASE.replace("        value: -tension\n", "        value: -tension\n" + anchor, 1) if key == "weight" else BASE
    text = text.replace(anchor, anchor.replace(anchor.strip().split(": ")[1], value), 1)
    assert value in text
    found = problems(text)
    assert (found == []) if not message else any(message in p for p in found), found


def test_text_that_older_yaml_reads_otherwise_must_be_quoted() -> None:
    for plain in ("No", "1955-05-15", "1:30"):
        text = BASE.replace("label: Wait", f"label: {plain}")
        assert problems(text) == [f"the choice's label: {plain} is "
                                  f"{resolve_plain(plain)[1]} in YAML 1.1 but text in YAML 1.2, which editors use; "
                                  f'quote it: "{plain}"'], plain
        assert problems(text.replace(f"label: {plain}", f'label: "{plain}"')) == []


# ------------------------------------------------------------------------------ no cascades

def test_one_wrong_value_in_the_flagship_gives_one_message(tmp_path: Path) -> None:
    text = FLAGSHIP.read_text(encoding="utf-8")
    start = text.index("\nvariables:")
    line_start = text.index("initial:", start)
    value_end = min(text.index("}", line_start), text.index("\n", line_start))
    broken = text[:line_start] + "initial: fifty" + text[value_end:]
    path = tmp_path / "molotov.yaml"
    path.write_text(broken, encoding="utf-8")
    found = bloc_game.validate(path)
    assert len(found) == 1 and "should be a number" in found[0].message, [str(p) for p in found]


@pytest.mark.parametrize("find,replace", [
    ("    name: Western Allies\n", "    name: [Western, Allies]\n"),  # a side with a wrong name is still a side
    ("  treaty: {label: Treaty signed}", "  treaty: {label: [Treaty]}"),  # a flag with a wrong label is still a flag
    ("  cohesion: {label: Cohesion, min: 0, max: 100, initial: 50}", "  cohesion: {label: Cohesion, min: 0, max: 100}"),
])
def test_a_declaration_with_a_wrong_value_stays_declared(find: str, replace: str) -> None:
    assert find in BASE
    assert len(problems(BASE.replace(find, replace))) == 1


# ------------------------------------------------------------------------------ every field is read

FULL = BASE + "map:\n  regions: {frg: nato}\n  rules:\n    - regions: [gdr]\n      bloc: ussr\n"
# Each object: a line that opens one instance in FULL, and the indentation of its keys
# (None: a flow mapping, written {key: value, ...} on the anchor line).
INSTANCES = {
    "scenario": ("title: Base scenario\n", ""), "side": ("  nato:\n", "    "),
    "objective": ("      - label: Cohesion\n", "        "),
    "variable": ("  tension: {", None), "flag": ("  treaty: {", None), "point": ("  - id: reply\n", "    "),
    "choice": ("      - id: wait\n", "        "), "event": ("  - id: scare\n", "    "), "ending": ("  - id: other\n", "    "),
    "map": ("map:\n", "  "), "map_rule": ("    - regions: [gdr]\n", "      "),
}


def instance_keys(obj: str) -> set[str]:
    """The keys the chosen instance of ``obj`` already has in FULL."""
    anchor, indent = INSTANCES[obj]
    start = FULL.index(anchor)
    if indent is None:
        body = FULL[start + len(anchor): FULL.index("}", start)]
        return {part.split(":")[0].strip() for part in body.split(",")}
    keys = {anchor.strip().lstrip("- ").split(":")[0]}
    for line in FULL[start + len(anchor):].splitlines():
        if line.strip() and not line.startswith(indent):
            break
        if line.startswith(indent) and not line.startswith(indent + " ") and ":" in line:
            keys.add(line.strip().split(":")[0])
    return keys


OPTIONAL_ABSENT = [(obj, f.key) for obj in INSTANCES for f in OBJECTS[obj].fields
                   if not f.required and f.key not in instance_keys(obj)]


@pytest.mark.parametrize("obj,key", OPTIONAL_ABSENT, ids=[f"{o}.{k}" for o, k in OPTIONAL_ABSENT])
def test_every_optional_field_in_the_table_is_checked_by_the_loader(obj: str, key: str) -> None:
    anchor, indent = INSTANCES[obj]
    assert problems(FULL) == []
    wrong = "{wrong: 1}" if OBJECTS[obj][key].kind not in ("list", "map", "region_map") else "5"
    added = f"{anchor}{key}: {wrong}, " if indent is None else f"{anchor}{indent}{key}: {wrong}\n"
    text = FULL.replace(anchor, added, 1)
    line = text[: text.index(f"{key}: {wrong}", text.index(anchor))].count("\n") + 1
    found = []
    try:
        load_scenario_text(text, "s.yaml")
    except bloc_game.ScenarioError as err:
        found = [p for p in err.problems if p.where.line == line]
    assert found and not any("unknown key" in p.message for p in found), (obj, key, [str(p) for p in found])


REQUIRED = [(obj, key) for obj in INSTANCES for key in OBJECTS[obj].required]


@pytest.mark.parametrize("obj,key", REQUIRED, ids=[f"{o}.{k}" for o, k in REQUIRED])
def test_every_required_field_in_the_table_is_required_by_the_loader(obj: str, key: str) -> None:
    anchor, indent = INSTANCES[obj]
    start = 0 if obj == "scenario" else FULL.index(anchor)
    if FULL.startswith(f"{key}:", start) or indent is None or anchor.lstrip(" -").startswith(f"{key}:"):
        pos = FULL.index(f"{key}:", start)
    else:
        pos = FULL.index(f"\n{indent}{key}:", start) + 1 + len(indent)
    text = FULL[:pos] + "qqqq" + FULL[pos + len(key):]  # the key renamed to nothing like it
    assert any(f"missing the key '{key}'" in p for p in problems(text)), (obj, key, problems(text))


def test_a_mistake_in_the_table_itself_is_caught_when_the_module_loads() -> None:
    from bloc_game.scenario.fields import Field

    with pytest.raises(AssertionError, match="unknown kind"):
        Field("x", "nonsense", "A field of no kind.")
    with pytest.raises(AssertionError, match="'of' names"):
        Field("x", "list", "A list of nothing.")
    with pytest.raises(KeyError, match="point has no field 'nope'"):
        OBJECTS["point"]["nope"]
    assert Field("n", "number", "", low=0, high=1).range_text == "0 to 1"
    assert Field("c", "list", "", low=0, high=3, of="choice").range_text == "0 to 3"
