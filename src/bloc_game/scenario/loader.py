"""From located YAML nodes to a validated :class:`Scenario`, reporting every problem at once.

The loader never stops at the first mistake: it records a positioned
:class:`~bloc_game.errors.Problem` and carries on with what it can still check,
so an author fixes a file in one round. Only if nothing is wrong is a model
built; otherwise :class:`~bloc_game.errors.ScenarioError` lists them all.

Somewhat longer than the ~400 lines a module should be, for a reason: it is one pass over
one file, and every section's reader shares the pass's problem list, the ids seen so far (for
duplicates and did-you-mean) and the symbols compiled from the variables and flags. Split by
section it would pass that state between modules for no gain in clarity. The typed value
readers it is built on stand alone in :mod:`.value_readers`.
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Optional

from ..errors import Position, Problem, ScenarioError
from ..expr import (
    FUNCTIONS,
    KEYWORDS,
    Quantity,
    compile_quantity,
)
from . import yaml_source
from .fields import COLOUR, IDENTIFIER, VALUE_LIMIT
from .map_regions import EXTRA_BLOCS, REGIONS
from .model import (
    FORMAT_VERSION,
    Choice,
    DecisionPoint,
    Ending,
    Event,
    Flag,
    MapRule,
    MapSpec,
    Objective,
    Scenario,
    Side,
    Step,
    Text,
    Variable,
    symbols_of,
)
from .value_readers import ValueReader, did_you_mean, spec, type_name
from .yaml_source import MapNode, Node, ScalarNode, SeqNode, YamlFailure


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file. Raises :class:`ScenarioError`."""
    path = Path(path)
    display = str(path)
    try:
        text = yaml_source.read_text(path, display)
    except YamlFailure as failure:
        raise ScenarioError([failure.problem]) from None
    return load_scenario_text(text, display)


def load_scenario_text(text: str, display: str = "<scenario>") -> Scenario:
    """Load and validate scenario YAML given as text; ``display`` names it in messages."""
    problems: list[Problem] = []
    collecting = gc.isenabled()
    # Reading and building allocate many small acyclic objects (see yaml_source.parse); the
    # collector stays off until the node tree is gone, so that the one collection owed when
    # it comes back on scans only the model, not the ~30 nodes per model object left behind.
    gc.disable()
    try:
        try:
            root = yaml_source.parse(text, display, problems)
        except YamlFailure as failure:
            raise ScenarioError(problems + [failure.problem]) from None
        scenario = _Loader(display, problems).scenario(root)
        del root
    finally:
        if collecting:
            gc.enable()
    if problems or scenario is None:
        raise ScenarioError(problems or [Problem(Position(display), "the scenario could not be read")])
    return with_timeline(scenario, display, hashlib.sha256(text.encode("utf-8")).hexdigest())


def with_timeline(scenario: Scenario, display: str, digest: str) -> Scenario:
    """Add the play order: by date, and on one date the decision points before the events."""
    steps: list[tuple[date, int, int, Step]] = [(p.date, 0, i, p) for i, p in enumerate(scenario.points)]
    steps += [(e.date, 1, i, e) for i, e in enumerate(scenario.events)]
    timeline = tuple(step for *_, step in sorted(steps, key=lambda s: s[:3]))
    return replace(scenario, path=display, content_hash=digest, timeline=timeline)


class _Loader(ValueReader):
    """The document's sections, read with the value readers, in one pass."""

    # ----------------------------------------------------------------- the document

    def scenario(self, root: Node) -> Optional[Scenario]:
        if not isinstance(root, MapNode):
            self.problem(root.where, f"a scenario file should be a mapping of keys at the top level, not {type_name(root)}")
            return None
        f = self.fields(root, "the scenario", "scenario")
        assert f is not None
        fmt = self.number(f.get("format"), "format", whole=True)
        if fmt is not None and fmt != FORMAT_VERSION:
            node = f["format"]
            if fmt > FORMAT_VERSION:
                self.problem(node.where, f"format {fmt} is newer than this Bloc Game reads ({FORMAT_VERSION}); update Bloc Game")
            else:
                self.problem(node.where, f"format {fmt} is not supported; this Bloc Game reads format {FORMAT_VERSION}")
        scenario_id = self.identifier(f.get("id"), "the scenario id")
        title = self.text(f.get("title"), "title", kind="title")
        summary = self.text(f.get("summary"), "summary", default=spec("scenario", "summary").default, kind="prose")
        start = self.calendar_date(f.get("start"), "start")
        end = self.calendar_date(f.get("end"), "end")
        if start and end and end < start:
            self.problem(f["end"].where, f"end ({end}) is before start ({start})")
        authors = self.text_list(f.get("authors"), "an author", kind="author")

        variables = self.variables(f.get("variables"))
        flags = self.flags(f.get("flags"), {v.id for v in variables})
        self.symbols = symbols_of(variables, flags)
        self.compiled.clear()  # compiled for the symbols before
        self.statements.clear()
        flags = self.compile_variant_labels(flags)
        sides = self.sides(f.get("sides"))
        self.side_ids = tuple(s.id for s in sides)
        seen_steps: dict[str, Position] = {}
        points = self.points(f.get("points"), seen_steps, start, end)
        events = self.events(f.get("events"), seen_steps, start, end)
        endings = self.endings(f.get("endings"))
        map_spec = self.map(f.get("map"))
        if self.problems:
            return None
        assert scenario_id and title and start and end and fmt is not None
        return Scenario(
            format=int(fmt), id=scenario_id, title=title, summary=summary or "", start=start, end=end,
            authors=authors, sides=sides, variables=variables, flags=flags, points=points,
            events=events, endings=endings, map=map_spec,
        )

    def variables(self, node: Optional[Node]) -> tuple[Variable, ...]:
        out = []
        if node is None:
            return ()
        if not isinstance(node, MapNode):
            self.problem(node.where,
                         f"variables should be a mapping from each variable's id to its details, not {type_name(node)}")
            return ()
        for name, (key, value) in node.items.items():
            vid = self.declared_name(key, "variable")
            f = self.fields(value, f"variable '{name}'", "variable")
            if vid is None:
                continue
            f = f or {}
            label = self.text(f.get("label"), f"the label of variable '{name}'", kind="label")
            low = self.bounded(f, "variable", "min", f"min of variable '{name}'")
            high = self.bounded(f, "variable", "max", f"max of variable '{name}'")
            initial = None
            if low is not None and high is not None and low >= high:
                self.problem(f["max"].where, f"max of variable '{name}' ({high:g}) must be greater than its min ({low:g})")
            elif low is not None and high is not None:
                initial = self.bounded(f, "variable", "initial", f"initial value of variable '{name}'", low, high)
            description = self.line(f.get("description"), f"the description of variable '{name}'", kind="prose")
            low_label = self.line(f.get("low"), f"the low end label of variable '{name}'")
            high_label = self.line(f.get("high"), f"the high end label of variable '{name}'")
            # A variable whose details are wrong stays declared, so the expressions that use it
            # are still checked and do not each report it as unknown (one mistake, one message).
            low, high = (low, high) if low is not None and high is not None and low < high else (-VALUE_LIMIT, VALUE_LIMIT)
            initial = low if initial is None else initial
            out.append(Variable(vid, label or name, int(low), int(high), int(initial), description, low_label, high_label,
                                key.where))
        return tuple(out)

    def flag_field(self, f: dict[str, Node], obj: str, key: str, what: str) -> bool:
        """A true/false field, with the table's default."""
        return self.boolean(f.get(key), what, default=spec(obj, key).default)

    def declared_name(self, key: ScalarNode, kind: str) -> Optional[str]:
        name = key.text
        if not IDENTIFIER.match(name):
            self.problem(key.where,
                         f"{kind} id '{name}' is not valid: use lower-case letters, digits and '_', starting with a letter")
            return None
        if name in KEYWORDS or name in FUNCTIONS:
            self.problem(key.where, f"'{name}' is a word of the expression language and cannot name a {kind}")
            return None
        return name

    def flags(self, node: Optional[Node], variable_ids: set[str]) -> tuple[Flag, ...]:
        if node is None:
            return ()
        if not isinstance(node, MapNode):
            self.problem(node.where, f"flags should be a mapping from each flag's id to its details, not {type_name(node)}")
            return ()
        out = []
        for name, (key, value) in node.items.items():
            fid = self.declared_name(key, "flag")
            if fid in variable_ids:
                self.problem(key.where, f"'{name}' is already a variable; a flag needs a name of its own")
                continue
            f = self.fields(value, f"flag '{name}'", "flag")
            if fid is None:
                continue
            f = f or {}
            label_node = f.get("label")
            if isinstance(label_node, SeqNode):  # variants name flags and variables: compiled once all are known
                self.variant_labels[name] = label_node
                label: Optional[Text] = Text.plain(name)
            else:
                label = self.prose(label_node, f"the label of flag '{name}'", kind="label")
            description = self.text(f.get("description"), "description", default=spec("flag", "description").default,
                                    kind="prose")
            initial = self.flag_field(f, "flag", "initial", f"initial value of flag '{name}'")
            # Declared even if its details are wrong, so expressions using it are checked as usual.
            out.append(Flag(fid, label or Text.plain(name), description or "", initial, key.where))
        return tuple(out)

    def compile_variant_labels(self, flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
        out = []
        for flag in flags:
            node = self.variant_labels.get(flag.id)
            label = flag.label if node is None else self.prose(node, f"the label of flag '{flag.id}'", kind="label")
            out.append(flag if label is None else replace(flag, label=label))  # a wrong label leaves the flag declared
        return tuple(out)

    def sides(self, node: Optional[Node]) -> tuple[Side, ...]:
        if node is None:
            return ()
        if not isinstance(node, MapNode):
            self.problem(node.where, f"sides should be a mapping from each side's id to its details, not {type_name(node)}")
            return ()
        count = spec("scenario", "sides")
        if not count.low <= len(node.items) <= count.high:  # type: ignore[operator]
            self.problem(node.where, f"a scenario has exactly two sides; this one has {len(node.items)}")
        out = []
        for name, (key, value) in node.items.items():
            sid = self.declared_name(key, "side")
            f = self.fields(value, f"side '{name}'", "side")
            if sid is None:
                continue
            f = f or {}
            display_name = self.text(f.get("name"), f"the name of side '{name}'", kind="name")
            colour = self.text(f.get("colour"), f"the colour of side '{name}'", default=spec("side", "colour").default)
            if colour and not COLOUR.match(colour):
                self.problem(f["colour"].where, f"colour '{colour}' should be written like #c0392b")
            description = self.text(f.get("description"), "description", default=spec("side", "description").default,
                                    kind="prose")
            objectives = []
            items = self.listing(f.get("objectives"), f"objectives of side '{name}'")
            if isinstance(f.get("objectives"), SeqNode) and len(items) < (spec("side", "objectives").low or 0):
                self.problem(f["objectives"].where, f"side '{name}' needs at least one objective")
            for item in items:
                of = self.fields(item, f"an objective of side '{name}'", "objective")
                if of is None:
                    continue
                label = self.text(of.get("label"), "the objective's label", kind="label")
                value_expr = self.expression(of.get("value"), "the objective's value", compile_quantity)
                weight = self.bounded(of, "objective", "weight", "the objective's weight")
                source = self.text(of.get("source"), "the objective's source", default=spec("objective", "source").default,
                                   kind="source")
                if label and isinstance(value_expr, Quantity) and weight is not None:
                    objectives.append(Objective(label, value_expr, weight, source or "", item.where))
            # Declared even if its details are wrong, so points naming it as actor do not fail too.
            out.append(Side(sid, display_name or name, colour or spec("side", "colour").default, tuple(objectives),
                            description or "", key.where))
        return tuple(out)

    def actor(self, node: Optional[Node], what: str) -> Optional[str]:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if self.side_ids and value not in self.side_ids:
            self.problem(node.where, f"unknown side '{value}'{did_you_mean(value, self.side_ids)}; "
                                     f"the sides are {', '.join(self.side_ids)}")
            return None
        return value

    def in_period(self, when: Optional[date], node: Optional[Node], start: Optional[date], end: Optional[date],
                  what: str) -> None:
        if when is None or node is None or start is None or end is None:
            return
        if not start <= when <= end:
            self.problem(node.where, f"{what} date {when} is outside the scenario's period ({start} to {end})")

    def in_order(self, when: Optional[date], last: Optional[date], node: Optional[Node], what: str) -> None:
        if when and last and node and when < last:
            self.problem(node.where,
                         f"{what} date {when} is earlier than the one before it ({last}); keep the list in date order")

    def dated_item(
        self, f: dict[str, Node], kind: str, seen: dict[str, Position], start: Optional[date], end: Optional[date],
        last: Optional[date],
    ) -> tuple[Optional[str], str, Optional[date]]:
        """The id, a description for messages, and the date of a point or event, checked in order."""
        item_id = self.identifier(f.get("id"), f"the {kind} id")
        self.unique(seen, item_id, f.get("id"), "id")
        what = f"{kind} '{item_id}'" if item_id else f"a {kind}"
        when_date = self.calendar_date(f.get("date"), f"the date of {what}")
        self.in_period(when_date, f.get("date"), start, end, what)
        self.in_order(when_date, last, f.get("date"), what)
        return item_id, what, when_date

    def historical_mark(self, f: dict[str, Node], first: Optional[Position], clash: str) -> tuple[bool, Optional[Position]]:
        """Read 'historical'; report a second historical item (``clash`` names the first one's line)."""
        historical = self.boolean(f.get("historical"), "historical")
        if historical:
            if first is not None:
                self.problem(f["historical"].where, clash.format(line=first.line))
            else:
                first = f["historical"].where
        return historical, first

    def points(self, node: Optional[Node], seen: dict[str, Position], start: Optional[date],
               end: Optional[date]) -> tuple[DecisionPoint, ...]:
        items = self.listing(node, "points")
        if isinstance(node, SeqNode) and len(items) < (spec("scenario", "points").low or 0):
            self.problem(node.where, "points is empty; a scenario needs at least one decision point")
        out = []
        last: Optional[date] = None
        for item in items:
            f = self.fields(item, "a decision point", "point")
            if f is None:
                continue
            pid, what, when_date = self.dated_item(f, "point", seen, start, end, last)
            last = when_date or last
            actor = self.actor(f.get("actor"), f"the actor of {what}")
            title = self.text(f.get("title"), f"the title of {what}", kind="title")
            briefing = self.prose(f.get("briefing"), f"the briefing of {what}")
            sources = self.text_list(f.get("sources"), "a source", kind="source")
            when = self.condition(f.get("when"), what)
            weight = self.bounded(f, "point", "weight", f"the weight of {what}")
            choices = self.choices(f.get("choices"), what)
            if pid and when_date and actor and title and briefing and choices and weight is not None:
                debrief = self.prose(f.get("debrief"), f"the debrief question of {what}")
                out.append(DecisionPoint(pid, when_date, actor, title, briefing, sources, choices, when, weight, item.where,
                                         debrief=debrief))
        return tuple(out)

    def choices(self, node: Optional[Node], what: str) -> tuple[Choice, ...]:
        items = self.listing(node, f"the choices of {what}")
        if isinstance(node, SeqNode) and len(items) < (spec("point", "choices").low or 0):
            self.problem(node.where, f"{what} has no choices; give it at least one")
        out = []
        seen: dict[str, Position] = {}
        historical_at: Optional[Position] = None
        for item in items:
            f = self.fields(item, f"a choice of {what}", "choice")
            if f is None:
                continue
            cid = self.identifier(f.get("id"), "the choice id")
            self.unique(seen, cid, f.get("id"), f"choice id in {what}:")
            label = self.text(f.get("label"), "the choice's label", kind="label")
            consequence = self.prose(f.get("consequence"),
                                     f"the consequence of choice '{cid}'" if cid else "the choice's consequence")
            historical, historical_at = self.historical_mark(
                f, historical_at,
                f"{what} already has a historical choice (line {{line}}); at most one choice per point is historical")
            choice_what = f"choice '{cid}' of {what}"
            when = self.condition(f.get("when"), choice_what)
            effects = self.effects(f.get("effects"), choice_what)
            hint = self.text(f.get("hint"), "the choice's hint", default=spec("choice", "hint").default, kind="hint")
            ai_weight = self.weight(f, f"the ai_weight of {choice_what}")
            if cid and label and consequence and effects is not None and ai_weight is not None:
                out.append(Choice(cid, label, effects, consequence, historical, when, hint or "", ai_weight, item.where))
        return tuple(out)

    def events(self, node: Optional[Node], seen: dict[str, Position], start: Optional[date],
               end: Optional[date]) -> tuple[Event, ...]:
        out = []
        last: Optional[date] = None
        for item in self.listing(node, "events"):
            f = self.fields(item, "an event", "event")
            if f is None:
                continue
            eid, what, when_date = self.dated_item(f, "event", seen, start, end, last)
            last = when_date or last
            title = self.text(f.get("title"), f"the title of {what}", kind="title")
            text = self.prose(f.get("text"), f"the text of {what}")
            sources = self.text_list(f.get("sources"), "a source", kind="source")
            when = self.condition(f.get("when"), what)
            chance = self.bounded(f, "event", "chance", f"the chance of {what}")
            effects = self.effects(f.get("effects"), what)
            historical = self.flag_field(f, "event", "historical", "historical")
            if eid and when_date and title and text and chance is not None and effects is not None:
                out.append(Event(eid, when_date, title, text, sources, effects, when, chance, historical, item.where))
        return tuple(out)

    def endings(self, node: Optional[Node]) -> tuple[Ending, ...]:
        items = self.listing(node, "endings")
        out = []
        seen: dict[str, Position] = {}
        historical_at: Optional[Position] = None
        for item in items:
            f = self.fields(item, "an ending", "ending")
            if f is None:
                continue
            eid = self.identifier(f.get("id"), "the ending id")
            self.unique(seen, eid, f.get("id"), "ending id")
            what = f"ending '{eid}'" if eid else "an ending"
            title = self.text(f.get("title"), f"the title of {what}", kind="title")
            epilogue = self.prose(f.get("epilogue"), f"the epilogue of {what}")
            when = self.condition(f.get("when"), what)
            historical, historical_at = self.historical_mark(
                f, historical_at, "another ending is already historical (line {line}); only one can be")
            early = self.flag_field(f, "ending", "early", "early")
            if early and when is None and "when" not in f:
                self.problem(item.where, f"{what} is early but has no 'when'; an early ending needs a condition")
            sources = self.text_list(f.get("sources"), "a source", kind="source")
            if eid and title and epilogue:
                debrief = self.prose(f.get("debrief"), f"the debrief question of {what}")
                out.append(Ending(eid, title, epilogue, when, historical, early, sources, item.where, debrief=debrief))
        if node is not None and not self.problems and not any(e.when is None and not e.early for e in out):
            self.problem(
                node.where,
                "no ending is left without a 'when'; add a last ending with no condition so every game ends somewhere",
            )
        return tuple(out)

    # ----------------------------------------------------------------- the map

    def bloc(self, node: Optional[Node], what: str) -> Optional[str]:
        value = self.text(node, what)
        allowed = (*self.side_ids, *EXTRA_BLOCS)
        if value is not None and node is not None and value not in allowed:
            self.problem(node.where, f"unknown bloc '{value}'{did_you_mean(value, allowed)}; the blocs are {', '.join(allowed)}")
            return None
        return value

    def region(self, node: Node) -> Optional[str]:
        value = self.text(node, "a region")
        if value is not None and value not in REGIONS:
            self.problem(node.where, f"unknown map region '{value}'{did_you_mean(value, tuple(REGIONS))}")
            return None
        return value

    def map(self, node: Optional[Node]) -> Optional[MapSpec]:
        if node is None:
            return None
        f = self.fields(node, "the map", "map")
        if f is None:
            return None
        defaults: list[tuple[str, str]] = []
        regions = f.get("regions")
        if regions is not None and not isinstance(regions, MapNode):
            self.problem(regions.where, f"map regions should map each region to its bloc, not {type_name(regions)}")
        elif regions is not None:
            for name, (key, value) in regions.items.items():
                region = self.region(key)
                bloc = self.bloc(value, f"the bloc of region '{name}'")
                if region and bloc:
                    defaults.append((region, bloc))
        rules = []
        for item in self.listing(f.get("rules"), "map rules"):
            rf = self.fields(item, "a map rule", "map_rule")
            if rf is None:
                continue
            region_nodes = rf.get("regions")
            names = [] if region_nodes is None else (
                region_nodes.items if isinstance(region_nodes, SeqNode) else [region_nodes])
            rule_regions = tuple(r for r in (self.region(n) for n in names) if r)
            bloc = self.bloc(rf.get("bloc"), "the rule's bloc")
            when = self.condition(rf.get("when"), "a map rule")
            if rule_regions and bloc and len(rule_regions) == len(names):
                rules.append(MapRule(rule_regions, bloc, when, item.where))
        return MapSpec(tuple(defaults), tuple(rules))
