"""The scenario format, declared once: every object, its fields, their kinds, ranges and meanings.

This table is the only place the format is written down. The loader checks keys, ranges
and defaults against it; :mod:`.schema` turns it into the JSON Schema editors use; the
field reference of ``docs/authoring.md`` is printed from it. Adding a key means adding
one :class:`Field` here (and reading it in the loader, which a test insists on).

A field's ``kind`` says what its value is written as:

=============  ======================================================================
``format``     the whole number :data:`~.model.FORMAT_VERSION`
``id``         an identifier: lower-case letters, digits and ``_``, starting with a letter
``text``       text (a bare number is taken as its text)
``texts``      one text, or a list of texts
``prose``      text, or a list of ``variant`` objects: the first whose ``when`` holds is shown
``date``       a full date, ``YYYY-MM-DD``
``number``     a number between ``low`` and ``high``
``integer``    a whole number between ``low`` and ``high``
``boolean``    ``true`` or ``false``
``colour``     ``#rrggbb``
``side``       the id of one of the scenario's two sides
``bloc``       a side id or one of :data:`~.map_regions.EXTRA_BLOCS`
``regions``    a map region, or a list of them
``region_map`` a mapping from map regions to blocs
``condition``  an expression that is true or false (see ``docs/expressions.md``)
``quantity``   an expression giving a number
``weight``     a number between ``low`` and ``high``, or a ``quantity`` evaluated when used
``effects``    one statement or a list of statements such as ``tension += 5``
``list``       a list of ``of`` objects; ``low``/``high`` bound how many
``map``        a mapping from ids to ``of`` objects; ``low``/``high`` bound how many
``object``     one ``of`` object
=============  ======================================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from .model import FORMAT_VERSION

#: Identifiers: scenario, side, variable, flag, point, choice, event and ending ids.
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: The shape of a date; whether the day exists is checked by the calendar, not the pattern.
DATE_SHAPE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: Bounds of variables (and so of their min, max and initial values).
VALUE_LIMIT = 1_000_000

KINDS = frozenset({
    "format", "id", "text", "texts", "prose", "date", "number", "integer", "boolean", "colour", "side", "bloc",
    "regions", "region_map", "condition", "quantity", "weight", "effects", "list", "map", "object",
})
#: Kinds whose ``of`` names an object: the items of a list or mapping, one object, or text variants.
_WITH_OBJECTS = frozenset({"list", "map", "object", "prose"})
_COUNTED = frozenset({"list", "map"})


@dataclass(frozen=True)
class Field:
    """One key of an object: what its value is written as, whether it must be there, what it means.

    ``low``/``high`` bound a number's value, or a list's or mapping's number of items.
    ``default`` is the value the game uses when the key is left out (``None``: no default).
    ``translatable`` marks the text a player or teacher reads; the scenario translations
    (:mod:`bloc_game.translation`) export, check and apply exactly these fields.
    """

    key: str
    kind: str
    description: str
    required: bool = False
    low: Optional[float] = None
    high: Optional[float] = None
    default: Any = None
    of: str = ""
    #: Players or teachers read it: ``bloc-game strings export`` offers it to translators (docs/authoring.md).
    translatable: bool = False
    #: The model's attribute holding the value, where it is not named like the key.
    attribute: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise AssertionError(f"field '{self.key}': unknown kind '{self.kind}'")
        if (self.kind in _WITH_OBJECTS) != bool(self.of):
            raise AssertionError(f"field '{self.key}': 'of' names the objects of a list, map, object or prose only")

    @property
    def range_text(self) -> str:
        """The range as the reference shows it: ``0 to 100``, ``at least 1``, ``exactly 2``."""
        if self.low is None and self.high is None:
            return ""
        if self.kind in _COUNTED:
            if self.low == self.high:
                return f"exactly {self.low:g}"
            if self.high is None:
                return f"at least {self.low:g}"
            return f"{self.low or 0:g} to {self.high:g}"
        return f"{self.low:g} to {self.high:g}"


@dataclass(frozen=True)
class ObjectSpec:
    """A kind of mapping in a scenario file (a side, a point, ...) and its fields in file order."""

    name: str
    title: str
    where: str
    description: str
    fields: tuple[Field, ...]

    def __getitem__(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(f"{self.name} has no field '{key}'")

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if not f.required)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


def _object(name: str, title: str, where: str, description: str, *fields: Field) -> ObjectSpec:
    return ObjectSpec(name, title, where, description, fields)


F = Field
SOURCES = "Where the facts come from: URLs or citations."
PROSE = " Plain text, or a list of variants `{when, text}`: the first whose `when` holds is shown."

OBJECTS: dict[str, ObjectSpec] = {o.name: o for o in (
    _object(
        "scenario", "Bloc Game scenario", "the top level",
        "A scenario for Bloc Game: two sides, their decision points, events and endings. See docs/authoring.md.",
        F("format", "format", f"The format version; this Bloc Game reads {FORMAT_VERSION}.", required=True),
        F("id", "id", "A short name for the scenario: lower-case letters, digits and `_`.", required=True),
        F("title", "text", "The title players see.", required=True, translatable=True),
        F("start", "date", "The first day of the scenario (YYYY-MM-DD).", required=True),
        F("end", "date", "The last day; every point and event falls between start and end.", required=True),
        F("sides", "map", "The two sides, by id (such as `ussr` and `nato`).", required=True, low=2, high=2, of="side"),
        F("variables", "map", "Bounded whole numbers, by id (such as `tension`).", required=True, of="variable"),
        F("points", "list", "The decision points, in date order.", required=True, low=1, of="point"),
        F("endings", "list", "How the game can end; the last one should have no `when`.", required=True, low=1,
          of="ending"),
        F("summary", "text", "A paragraph shown when choosing a scenario.", default="", translatable=True),
        F("authors", "texts", "Who wrote it: one name or a list."),
        F("flags", "map", "Facts that become true on a date, by id (such as `frg_in_nato`).", of="flag"),
        F("events", "list", "Dated happenings no side chooses, in date order.", of="event"),
        F("map", "object", "Which bloc each region of the 1952-1955 map is shown in.", of="map"),
    ),
    _object(
        "side", "A side", "under `sides`", "One of the two sides: who decides, and what they want.",
        F("name", "text", "The side's name as players see it.", required=True, translatable=True),
        F("objectives", "list", "What the side wants: the end report scores these against history.", required=True,
          low=1, of="objective"),
        F("colour", "colour", "Its colour on the map, like `#c0392b`.", default="#888888"),
        F("description", "text", "Who decides for this side.", default="", translatable=True),
    ),
    _object(
        "objective", "An objective", "under a side's `objectives`",
        "Something a side wants at the end: the weight times the value, scored on the final state.",
        F("label", "text", "What the objective is, in a few words.", required=True, translatable=True),
        F("value", "quantity", "An expression over the final state; true/false counts as 1/0.", required=True),
        F("weight", "number", "How many points one unit of the value is worth.", low=-1000, high=1000, default=1),
        F("source", "text", "Where it is documented that this government sought this.", default="", translatable=True),
    ),
    _object(
        "variable", "A variable", "under `variables`", "A whole number kept between its min and max.",
        F("label", "text", "The name shown on the meter.", required=True, translatable=True),
        F("min", "integer", "The lowest value; effects never go below it.", required=True,
          low=-VALUE_LIMIT, high=VALUE_LIMIT),
        F("max", "integer", "The highest value; effects never go above it.", required=True,
          low=-VALUE_LIMIT, high=VALUE_LIMIT),
        F("initial", "integer", "The value at the start (between min and max).", required=True,
          low=-VALUE_LIMIT, high=VALUE_LIMIT),
        F("description", "text", "What the number means, in one line: the meter's tooltip and the terminal's help show it.",
          default="", translatable=True),
        F("low", "text", "What the lowest value means, in a few words (such as `aligned with Moscow`); shown at the "
          "meter's left end.", default="", translatable=True, attribute="low_label"),
        F("high", "text", "What the highest value means (such as `aligned with the West`); shown at the meter's right end.",
          default="", translatable=True, attribute="high_label"),
    ),
    _object(
        "flag", "A flag", "under `flags`", "A fact that becomes true on a date.",
        F("label", "prose", "The fact in words, as the timelines show it." + PROSE, required=True, of="variant",
          translatable=True),
        F("description", "text", "A longer explanation.", default="", translatable=True),
        F("initial", "boolean", "True if the fact holds from the start.", default=False),
    ),
    _object(
        "point", "A decision point", "in `points`", "A dated moment at which one side must choose.",
        F("id", "id", "A unique id for the point.", required=True),
        F("date", "date", "The day the decision is taken.", required=True),
        F("actor", "side", "The side that decides (a side id).", required=True),
        F("title", "text", "A short title.", required=True, translatable=True),
        F("briefing", "prose", "What the side's adviser tells the player (80-200 words reads well)." + PROSE,
          required=True, of="variant", translatable=True),
        F("choices", "list", "The responses on offer.", required=True, low=1, of="choice"),
        F("sources", "texts", SOURCES, translatable=True),
        F("when", "condition", "The point is skipped unless this holds. A point that never happened needs one."),
        F("weight", "number", "How much the point counts towards fidelity.", low=0, high=100, default=1),
        F("debrief", "prose", "A discussion question about this moment, for the class debrief and the teacher's page."
          + PROSE + " Its `when` sees the state the point was met in.", of="variant", translatable=True),
    ),
    _object(
        "choice", "A choice", "in a point's `choices`", "One response a side can make at a decision point.",
        F("id", "id", "An id unique within its point.", required=True),
        F("label", "text", "The response, as a button or a numbered line.", required=True, translatable=True),
        F("consequence", "prose", "What follows, and why." + PROSE + " Its `when` sees the state the choice was made in.",
          required=True, of="variant", translatable=True),
        F("effects", "effects", "Statements such as `tension += 10` or `edc_ratified = true`."),
        F("historical", "boolean", "True for what really happened (at most one per point).", default=False),
        F("when", "condition", "The choice is offered only while this holds."),
        F("hint", "text", "A one-line hint shown as a tooltip.", default="", translatable=True),
        F("ai_weight", "weight", "How likely the computer is to pick it where history has no choice: a number, or an "
          "expression over the state it finds, such as `max(0, tension - 40)`; a condition counts as 1 or 0, below 0 as 0.",
          low=0, high=1000, default=1),
    ),
    _object(
        "event", "An event", "in `events`", "A dated happening no side chooses.",
        F("id", "id", "A unique id (shared with the points' ids).", required=True),
        F("date", "date", "The day it happens.", required=True),
        F("title", "text", "A short title.", required=True, translatable=True),
        F("text", "prose", "What happens, in a sentence or two." + PROSE + " Its `when` sees the state before the event.",
          required=True, of="variant", translatable=True),
        F("sources", "texts", SOURCES, translatable=True),
        F("when", "condition", "It happens only if this holds on its date."),
        F("chance", "number", "Its probability when due; history follows `historical`.", low=0, high=1, default=1),
        F("effects", "effects", "Statements applied when it happens."),
        F("historical", "boolean", "True if it really happened.", default=False),
    ),
    _object(
        "ending", "An ending", "in `endings`", "How a game can close; the first whose `when` holds wins.",
        F("id", "id", "A unique id.", required=True),
        F("title", "text", "The ending's title.", required=True, translatable=True),
        F("epilogue", "prose", "What became of Europe, written for a student." + PROSE + " Its `when` sees the final state.",
          required=True, of="variant", translatable=True),
        F("when", "condition", "When this ending applies; tried in order, the first that holds wins."),
        F("historical", "boolean", "True for the ending history reached (exactly one).", default=False),
        F("early", "boolean", "Stop the game as soon as `when` holds, not only at the end.", default=False),
        F("sources", "texts", "Sources for the epilogue.", translatable=True),
        F("debrief", "prose", "A discussion question about this ending, for the class debrief and the teacher's page."
          + PROSE + " Its `when` sees the final state.", of="variant", translatable=True),
    ),
    _object(
        "variant", "A text variant",
        "in a list given for `briefing`, `consequence`, `text`, `epilogue` or a flag's `label`",
        "One wording of a text that follows the path; the first variant whose `when` holds is shown.",
        F("text", "text", "The wording shown when this variant is chosen.", required=True, translatable=True),
        F("when", "condition", "Shown only if this holds (and no earlier variant's does); only the last variant may "
          "leave it out."),
    ),
    _object(
        "map", "The map", "`map`", "Which bloc each region of the 1952-1955 map is shown in.",
        F("regions", "region_map", "Each region's bloc at the start: a side id, `neutral` or `contested`.",
          required=True),
        F("rules", "list", "Rules applied in order whenever the state changes; a later rule wins.", of="map_rule"),
    ),
    _object(
        "map_rule", "A map rule", "in the map's `rules`", "Colours some regions as one bloc while a condition holds.",
        F("regions", "regions", "The regions the rule colours.", required=True),
        F("bloc", "bloc", "A side id, `neutral` or `contested`.", required=True),
        F("when", "condition", "The rule applies while this holds."),
    ),
)}


def _check_table() -> None:
    for spec in OBJECTS.values():
        for f in spec.fields:
            if f.of and f.of not in OBJECTS:
                raise AssertionError(f"{spec.name}.{f.key} names an unknown object '{f.of}'")


_check_table()
