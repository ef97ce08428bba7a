"""``bloc-game lint``: what only a look at the whole game reveals.

Beyond ``validate``: decision points, choices and endings no path reaches; endings placed
after the catch-all ending; text variants never shown, and texts that leave a reachable
state with nothing to show; flags set but never read and read but never set; variables
that never change; points and events without sources; choices with no effect; a history
that does not reproduce its dated events. And each translation file beside the scenario
(``NAME.de.po``): texts not translated yet (notes), translations out of date or of texts the
scenario no longer has (warnings), and broken ones (errors); see :mod:`bloc_game.translation.check`.

Reachability is exact: each side is explored in turn (:func:`~bloc_game.explore.explore`),
trying every choice it has while the other side follows the scenario's default opponent
(the historical policy), so "no path reaches" means no game of either side against that
opponent gets there, and each warning says which side it concerns. If a side's game tree
is too large to walk, that side falls back to abstract interpretation (each variable an
interval, each flag the set of values it may hold), whose "unreachable" is always true
though it finds less. A text variant neither walk shows is a warning only if that abstract
check says its ``when`` cannot hold there; otherwise a hot-seat game (both sides off
history) may show it, and it is a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .engine import Game, State
from .errors import BlocGameError, Problem, ScenarioError
from .explore import MAX_STATES, explore
from .expr import BOTH, Condition, Interval, Truths, abstract_apply, abstract_truths
from .scenario import DecisionPoint, Event, Scenario, Situation, Text, load_scenario

WARNING = "warning"
#: Worth knowing, not a mistake: ``lint --strict`` does not fail on notes.
NOTE = "note"
#: The opponent every side is explored against: what ``bloc-game play`` uses by default.
DEFAULT_OPPONENT = "historical"

TextKey = tuple[str, ...]


def _join(a: tuple[list[Interval], list[frozenset]], b: tuple[list[Interval], list[frozenset]]) -> tuple[list, list]:
    return ([(min(x[0], y[0]), max(x[1], y[1])) for x, y in zip(a[0], b[0])],
            [x | y for x, y in zip(a[1], b[1])])


AbstractState = tuple[list[Interval], list[frozenset]]


def reachability(sc: Scenario, before: Optional[dict[str, AbstractState]] = None) -> tuple[
        set[str], set[tuple[str, str]], set[str]]:
    """Points, (point, choice) pairs and endings that may be reached on some path (an over-approximation).

    With ``before``, also record the abstract state just before each point and event (by
    id) and, under ``""``, the join of every state met (what any moment may look like).
    """
    symbols = sc.symbols
    ranges: list[Interval] = [(float(v.initial), float(v.initial)) for v in sc.variables]
    truths: list[frozenset] = [frozenset((f.initial,)) for f in sc.flags]
    points: set[str] = set()
    choices: set[tuple[str, str]] = set()
    endings: set[str] = set()

    def may(condition: Condition | None, r: list[Interval], t: list[Truths]) -> Truths:
        return BOTH if condition is None else abstract_truths(condition, symbols, r, t)

    def early(r: list[Interval], t: list[frozenset]) -> None:
        for ending in sc.endings:
            if ending.early and True in may(ending.when, r, t):
                endings.add(ending.id)

    early(ranges, truths)
    for step in sc.timeline:
        if before is not None:
            before[step.id] = (ranges, truths)
            seen = before.get("")
            before[""] = (ranges, truths) if seen is None else _join(seen, (ranges, truths))
        outcomes: list[tuple[list[Interval], list[frozenset]]] = []
        holds = may(step.when, ranges, truths)
        if isinstance(step, DecisionPoint):
            if True in holds:
                for choice in step.choices:
                    if True in may(choice.when, ranges, truths):
                        points.add(step.id)
                        choices.add((step.id, choice.id))
                        r, t = list(ranges), list(truths)
                        abstract_apply(choice.effects, symbols, r, t)
                        outcomes.append((r, t))
            outcomes.append((ranges, truths))  # the point may be passed by (its when false, or no choice offered)
        else:
            assert isinstance(step, Event)
            if True in holds:
                r, t = list(ranges), list(truths)
                abstract_apply(step.effects, symbols, r, t)
                outcomes.append((r, t))
            if False in holds or step.chance < 1:
                outcomes.append((ranges, truths))
        ranges, truths = outcomes[0]
        for other in outcomes[1:]:
            ranges, truths = _join((ranges, truths), other)
        early(ranges, truths)
    if before is not None:
        seen = before.get("")
        before[""] = (ranges, truths) if seen is None else _join(seen, (ranges, truths))
    blocked = False
    for ending in sc.endings:
        if ending.early or blocked:
            continue
        result = may(ending.when, ranges, truths)
        if True in result:
            endings.add(ending.id)
        if result == frozenset((True,)):
            blocked = True  # it always holds at the end: no later ending can be reached
    return points, choices, endings


# ----------------------------------------------------------------------------- exact, per side

@dataclass
class Sighting:
    """What the games of one side against the default opponent reach and show."""

    side: str
    exact: bool = True
    states: int = 0
    seconds: float = 0.0
    points: set[str] = field(default_factory=set)
    offered: set[tuple[str, str]] = field(default_factory=set)  # choices available at a reached point
    endings: set[str] = field(default_factory=set)
    shown: set[tuple[TextKey, int]] = field(default_factory=set)  # (text, variant index)
    empty: dict[TextKey, tuple[tuple, tuple]] = field(default_factory=dict)  # text -> a situation showing nothing


def varied_texts(sc: Scenario) -> dict[TextKey, tuple[Text, str]]:
    """Every text with conditional variants, by key, with how a message names it."""
    out: dict[TextKey, tuple[Text, str]] = {}
    for point in sc.points:
        out[("briefing", point.id)] = (point.briefing, f"the briefing of point '{point.id}'")
        for choice in point.choices:
            out[("consequence", point.id, choice.id)] = (
                choice.consequence, f"the consequence of choice '{choice.id}' of point '{point.id}'")
    for event in sc.events:
        out[("event", event.id)] = (event.text, f"the text of event '{event.id}'")
    for ending in sc.endings:
        out[("epilogue", ending.id)] = (ending.epilogue, f"the epilogue of ending '{ending.id}'")
    for flag in sc.flags:
        out[("label", flag.id)] = (flag.label, f"the label of flag '{flag.id}'")
    return {key: value for key, value in out.items() if not value[0].is_plain}


def sight(game: Game, side: str, max_states: int = MAX_STATES) -> Sighting:
    """Walk every game of ``side`` against the default opponent, noting what is reached and shown.

    Raises :class:`~bloc_game.errors.BlocGameError` if the tree has more than ``max_states`` states.
    """
    sc = game.scenario
    seen = Sighting(side)
    texts = varied_texts(sc)
    labels = [(i, ("label", f.id)) for i, f in enumerate(sc.flags) if ("label", f.id) in texts]
    events = any(key[0] == "event" for key in texts)

    def see(key: TextKey, situation: Situation) -> None:
        text = texts.get(key)
        if text is None:
            return
        index = text[0].index_for(situation)
        if index is None:
            seen.empty.setdefault(key, (tuple(situation.values), tuple(situation.flags)))
        else:
            seen.shown.add((key, index))

    def on_state(state: State) -> None:
        for i, key in labels:
            if state.flags[i] is not None:
                see(key, state)
        if state.ending is not None:
            seen.endings.add(state.ending.id)
            see(("epilogue", state.ending.id), state)
            return
        point = state.current
        assert point is not None
        seen.points.add(point.id)
        seen.offered.update((point.id, c.id) for c in state.choices)
        see(("briefing", point.id), state)

    def on_step(before: Optional[State], choice_id: Optional[str], after: State) -> None:
        if before is not None and before.current is not None and choice_id is not None:
            see(("consequence", before.current.id, choice_id), before)
        if events:
            for told in (after.told() if before is None else after.told_after(before)):
                if told.record.kind == "event":
                    see(("event", told.record.id), told.before)

    result = explore(game, (side,), DEFAULT_OPPONENT, progress=False, max_states=max_states,
                     on_state=on_state, on_step=on_step, texts=True, outcomes=False)
    seen.states, seen.seconds = result.states, result.seconds
    return seen


def _approximate(game: Game, side: str) -> Sighting:
    """What abstract interpretation says may be reached (texts are not followed)."""
    points, choices, endings = reachability(game.scenario)
    return Sighting(side, exact=False, points=points, offered=choices, endings=endings)


# ----------------------------------------------------------------------------- the checks

def _names(game: Game, sides: list[str]) -> str:
    names = [game.scenario.side(s).name for s in sides]
    return names[0] if len(names) == 1 else " or the ".join(names)


def _situation(game: Game, text: Text, values: tuple, flags: tuple) -> str:
    """The part of a situation a text's conditions read, in words."""
    sc = game.scenario
    reads = set().union(*(v.when.reads for v in text.variants if v.when is not None))
    parts = [f"{v.id} {x}" for v, x in zip(sc.variables, values) if v.id in reads]
    parts += [f"{f.id} {'true' if d is not None else 'false'}" for f, d in zip(sc.flags, flags) if f.id in reads]
    return ", ".join(parts) or "any state"


def _after_catch_all(sc: Scenario) -> list[Problem]:
    """Endings listed after the first final ending with no 'when': it is always chosen first."""
    problems = []
    catch_all = None
    for ending in sc.endings:
        if ending.early:
            continue
        if catch_all is not None:
            problems.append(Problem(ending.where, (
                f"ending '{ending.id}' can never be chosen: it comes after ending '{catch_all.id}' "
                f"(line {catch_all.where.line}), which has no 'when' and is always chosen first; move it above"), WARNING))
        elif ending.when is None:
            catch_all = ending
    return problems


def reach_problems(game: Game, sightings: list[Sighting]) -> list[Problem]:
    """Points, choices and endings no game reaches, endings after the catch-all, variants never shown."""
    sc = game.scenario
    problems = _after_catch_all(sc)
    never_chosen = {p.where for p in problems}
    against = f"against the {DEFAULT_OPPONENT} policy"
    everyone = f"playing either the {_names(game, [s.side for s in sightings])} {against}"
    for sighting in sightings:
        if not sighting.exact:
            problems.append(Problem(sc.points[0].where, (
                f"the games of the {_names(game, [sighting.side])} have more than {MAX_STATES:,} states; "
                "their reachability was estimated and their texts were not followed"), NOTE))
    reached = set().union(*(s.points for s in sightings))
    offered = set().union(*(s.offered for s in sightings))
    for point in sc.points:
        if point.id not in reached:
            problems.append(Problem(point.where, (
                f"no path reaches point '{point.id}' {everyone}: its 'when' or its choices' never hold"), WARNING))
            continue
        mine = [s for s in sightings if s.side == point.actor]
        if mine and all(point.id not in s.points for s in mine):
            mine = []
            problems.append(Problem(point.where, (
                f"point '{point.id}' never comes to a player of the {_names(game, [point.actor])} {against}: "
                "it arises only when the other side leaves history"), NOTE))
        for choice in point.choices:
            if (point.id, choice.id) not in offered:
                problems.append(Problem(choice.where, (
                    f"choice '{choice.id}' of point '{point.id}' is never available, {everyone}"), WARNING))
            elif mine and all((point.id, choice.id) not in s.offered for s in mine):
                problems.append(Problem(choice.where, (
                    f"choice '{choice.id}' of point '{point.id}' is never offered to a player of the "
                    f"{_names(game, [point.actor])} {against}, only when the other side leaves history"), NOTE))
    for ending in sc.endings:
        if ending.where in never_chosen:
            continue
        missed = [s.side for s in sightings if ending.id not in s.endings]
        if len(missed) == len(sightings):
            problems.append(Problem(ending.where, f"no path reaches ending '{ending.id}', {everyone}", WARNING))
        elif missed:
            problems.append(Problem(ending.where, (
                f"no path reaches ending '{ending.id}' playing the {_names(game, missed)} {against}"), NOTE))
    problems += _text_problems(game, sightings, everyone)
    return problems


def _text_problems(game: Game, sightings: list[Sighting], everyone: str) -> list[Problem]:
    problems: list[Problem] = []
    followed = [s for s in sightings if s.exact]
    if not followed:
        return problems
    shown = set().union(*(s.shown for s in followed))
    sc = game.scenario
    before: dict[str, AbstractState] = {}
    reachability(sc, before)  # what any game, both sides free, may look like where each text is shown
    for key, (text, name) in varied_texts(sc).items():
        met = any((key, i) in shown for i in range(len(text.variants))) or any(key in s.empty for s in followed)
        if not met:
            continue  # its point, choice, event, ending or flag is never reached: reported above
        ranges, truths = before.get(key[1], before[""]) if key[0] in ("briefing", "consequence", "event") else before[""]
        for i, variant in enumerate(text.variants):
            if (key, i) in shown:
                continue
            if variant.when is not None and True not in abstract_truths(variant.when, sc.symbols, ranges, truths):
                problems.append(Problem(variant.where, (
                    f"variant {i + 1} of {name} is never shown: its 'when' cannot hold there in any game"), WARNING))
            else:  # a hot-seat game, both sides off history, may still reach it
                problems.append(Problem(variant.where, (
                    f"variant {i + 1} of {name} is never shown {everyone.replace('playing', 'when playing', 1)}; "
                    "only a game where both sides leave history (hot seat) can show it"), NOTE))
        for s in followed:
            if key in s.empty:
                values, flags = s.empty[key]
                problems.append(Problem(text.variants[0].where, (
                    f"{name} has nothing to show in a game of the {_names(game, [s.side])} against the "
                    f"{DEFAULT_OPPONENT} policy (for instance with {_situation(game, text, values, flags)}): "
                    "no variant's 'when' holds; leave the last variant without 'when'"), WARNING))
    return problems


def sightings(game: Game, max_states: int = MAX_STATES) -> list[Sighting]:
    """Each side's exact sighting (or the approximate one where its tree is too large)."""
    out = []
    for side in game.scenario.side_ids:
        try:
            out.append(sight(game, side, max_states))
        except BlocGameError:
            out.append(_approximate(game, side))
    return out


_CACHE: dict[tuple[str, str], list[Sighting]] = {}


def lint_scenario(game: Game) -> list[Problem]:
    sc = game.scenario
    problems: list[Problem] = list(game.check_history())
    key = (sc.content_hash, sc.path)
    if key not in _CACHE or not sc.content_hash:
        _CACHE[key] = sightings(game)  # the walks take seconds on a large scenario: once per content
    problems += reach_problems(game, _CACHE[key])
    for point in sc.points:
        for choice in point.choices:
            if not choice.effects.statements:
                problems.append(Problem(choice.where, f"choice '{choice.id}' of point '{point.id}' has no effects", WARNING))
        if not point.sources:
            problems.append(Problem(point.where, f"point '{point.id}' cites no sources", WARNING))
    for event in sc.events:
        if not event.sources:
            problems.append(Problem(event.where, f"event '{event.id}' cites no sources", WARNING))
    problems += _usage_problems(sc)
    return problems


def _usage_problems(sc: Scenario) -> list[Problem]:
    """Flags set but never read, read but never set, never used; variables that never change."""
    problems = []
    reads: set[str] = set()
    writes: set[str] = set()
    conditions = [p.when for p in sc.points] + [c.when for p in sc.points for c in p.choices] + \
        [e.when for e in sc.events] + [e.when for e in sc.endings] + \
        ([r.when for r in sc.map.rules] if sc.map else [])
    # A flag that only chooses which wording a text shows is still read.
    texts = [p.briefing for p in sc.points] + [c.consequence for p in sc.points for c in p.choices] + \
        [e.text for e in sc.events] + [e.epilogue for e in sc.endings] + [f.label for f in sc.flags]
    conditions += [v.when for text in texts for v in text.variants]
    for condition in conditions:
        if condition is not None:
            reads |= condition.reads
    for side in sc.sides:
        for objective in side.objectives:
            reads |= objective.value.reads
    for point in sc.points:
        for choice in point.choices:
            if not isinstance(choice.ai_weight, (int, float)):
                reads |= choice.ai_weight.reads
    for effects in [c.effects for p in sc.points for c in p.choices] + [e.effects for e in sc.events]:
        reads |= effects.reads
        writes |= effects.writes
    for flag in sc.flags:
        if flag.id in writes and flag.id not in reads:
            problems.append(Problem(flag.where, f"flag '{flag.id}' is set but nothing reads it "
                                                "(no 'when', objective, map rule or text variant)", WARNING))
        elif flag.id in reads and flag.id not in writes and not flag.initial:
            problems.append(Problem(flag.where, f"flag '{flag.id}' is read but no effect ever sets it", WARNING))
        elif flag.id not in reads and flag.id not in writes:
            problems.append(Problem(flag.where, f"flag '{flag.id}' is never used", WARNING))
    for variable in sc.variables:
        if variable.id not in writes:
            problems.append(Problem(variable.where, f"variable '{variable.id}' never changes (no effect writes it)", WARNING))
    return problems


def lint(path: Path, translations_only: bool = False) -> list[Problem]:
    """Every error, warning and note for a scenario file and the translation files beside it, sorted by position.

    With ``translations_only``, only the translation files are checked (what a translator needs, at once).
    """
    from .translation import lint_translations

    try:
        game = Game(load_scenario(path))
    except ScenarioError as err:
        return list(err.problems)
    problems = lint_translations(game.scenario)
    if not translations_only:
        problems += lint_scenario(game)
    return sorted(problems, key=lambda p: (p.where, p.message))
