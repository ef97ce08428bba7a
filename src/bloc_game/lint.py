"""``bloc-game lint``: what only a look at the whole game reveals.

Beyond ``validate``: decision points, choices and endings no path reaches; flags set but
never read and read but never set; variables that never change; points and events
without sources; choices with no effect; a history that does not reproduce its dated
events. Reachability is decided by abstract interpretation (each variable an interval,
each flag the set of values it may hold), so a warning that something is unreachable is
always true, though not everything unreachable is necessarily found.
"""

from __future__ import annotations

from pathlib import Path

from .engine import Game
from .errors import Problem, ScenarioError
from .expr import BOTH, Interval, abstract_apply, abstract_truths
from .scenario import DecisionPoint, Event, Scenario, load_scenario

WARNING = "warning"


def _join(a: tuple[list[Interval], list[frozenset]], b: tuple[list[Interval], list[frozenset]]) -> tuple[list, list]:
    return ([(min(x[0], y[0]), max(x[1], y[1])) for x, y in zip(a[0], b[0])],
            [x | y for x, y in zip(a[1], b[1])])


def reachability(sc: Scenario) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """Points, (point, choice) pairs and endings that may be reached on some path (an over-approximation)."""
    symbols = sc.symbols
    ranges: list[Interval] = [(float(v.initial), float(v.initial)) for v in sc.variables]
    truths: list[frozenset] = [frozenset((f.initial,)) for f in sc.flags]
    points: set[str] = set()
    choices: set[tuple[str, str]] = set()
    endings: set[str] = set()

    def may(condition, r, t) -> frozenset:  # type: ignore[no-untyped-def]
        return BOTH if condition is None else abstract_truths(condition, symbols, r, t)

    def early(r: list[Interval], t: list[frozenset]) -> None:
        for ending in sc.endings:
            if ending.early and True in may(ending.when, r, t):
                endings.add(ending.id)

    early(ranges, truths)
    for step in sc.timeline:
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


def lint_scenario(game: Game) -> list[Problem]:
    sc = game.scenario
    problems: list[Problem] = list(game.check_history())
    points, choices, endings = reachability(sc)
    for point in sc.points:
        if point.id not in points:
            problems.append(Problem(point.where, f"no path reaches point '{point.id}': its 'when' or its choices' can never hold", WARNING))
            continue
        for choice in point.choices:
            if (point.id, choice.id) not in choices:
                problems.append(Problem(choice.where, f"choice '{choice.id}' of point '{point.id}' is never available", WARNING))
            if not choice.effects.statements:
                problems.append(Problem(choice.where, f"choice '{choice.id}' of point '{point.id}' has no effects", WARNING))
        if not point.sources:
            problems.append(Problem(point.where, f"point '{point.id}' cites no sources", WARNING))
    for ending in sc.endings:
        if ending.id not in endings:
            problems.append(Problem(ending.where, f"no path reaches ending '{ending.id}'", WARNING))
    for event in sc.events:
        if not event.sources:
            problems.append(Problem(event.where, f"event '{event.id}' cites no sources", WARNING))
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
    for effects in [c.effects for p in sc.points for c in p.choices] + [e.effects for e in sc.events]:
        reads |= effects.reads
        writes |= effects.writes
    for flag in sc.flags:
        if flag.id in writes and flag.id not in reads:
            problems.append(Problem(flag.where, f"flag '{flag.id}' is set but nothing reads it (no 'when', objective, map rule or text variant)", WARNING))
        elif flag.id in reads and flag.id not in writes and not flag.initial:
            problems.append(Problem(flag.where, f"flag '{flag.id}' is read but no effect ever sets it", WARNING))
        elif flag.id not in reads and flag.id not in writes:
            problems.append(Problem(flag.where, f"flag '{flag.id}' is never used", WARNING))
    for variable in sc.variables:
        if variable.id not in writes:
            problems.append(Problem(variable.where, f"variable '{variable.id}' never changes (no effect writes it)", WARNING))
    return problems


def lint(path: Path) -> list[Problem]:
    """Every error and warning for a scenario file, sorted by position."""
    try:
        game = Game(load_scenario(path))
    except ScenarioError as err:
        return list(err.problems)
    return sorted(lint_scenario(game), key=lambda p: (p.where, p.message))
