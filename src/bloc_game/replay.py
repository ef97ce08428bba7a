"""Replay files: scripted games with expectations, run by ``bloc-game replay`` and by pytest.

A replay file is a game record (:mod:`bloc_game.record_data`) in YAML, with expectations::

    scenario: tutorial_stalin_note   # a shipped or user-folder scenario's id, or a path relative to this file
    name: Ada Lovelace    # optional: who played it (a game handed in for a class debrief)
    side: ussr            # ussr | nato | hotseat | watch
    seed: 7
    opponent: historical  # historical | random | lookahead | scripted
    script: []            # for the scripted opponent: "- point_id: choice_id" pairs
    choices:              # the human's choices, in order, each named by its point (the policies
      - first_note: offer_free_elections   # play the points between them)
    expect:               # all optional
      ending: two_germanys
      flags: {edc_signed: true, talks_open: false}
      variables: {tension: 60, world_opinion: {min: -20, max: 0}}
      score: {fidelity: 0.5, divergence: first_note, distance: 40, outcome: {ussr: 3.5}}

Numbers match to within 0.01; a ``{min, max}`` mapping matches a range.

``bloc-game play --record`` writes ``format: 2`` files: ``scenario_hash`` and ``moves``
(every move, the policies' and the chance steps' too, so a watched game stopped part-way
replays to where it stopped) in place of ``choices``. Either kind replays by the one
mismatch rule of :mod:`bloc_game.engine.record`; a mismatch is reported at its line.

A little over the ~400 lines a module should be, for a reason: it is the whole of one
file format (reading it with positions, running it, checking its expectations, writing
it), and the checks report at the positions the reader kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Union

import yaml

from . import load
from .atomic import write_text_atomic
from .engine import HUMAN, POLICY_NAMES, Game, GameRecord, Move, Seating, State
from .errors import BlocGameError, Position, Problem, RecordMismatchError, ReplayError, UnknownSideError
from .record_data import RECORD_FORMAT, find_record_scenario, human_choices, move_from_data, record_to_data
from .scenario import yaml_source
from .scenario.value_readers import did_you_mean, type_name
from .scenario.yaml_source import MapNode, Node, ScalarNode, SeqNode, YamlFailure
from .scoring import Report, score

REPLAY_KEYS = ("format", "scenario", "scenario_hash", "name", "side", "seed", "opponent", "script", "choices", "moves",
               "expect")
EXPECT_KEYS = ("ending", "flags", "variables", "score", "shown")
SCORE_KEYS = ("fidelity", "divergence", "distance", "outcome")
TOLERANCE = 0.01

Expected = Union[float, bool, str, None, tuple[float, float], "ShownText"]


@dataclass(frozen=True)
class ShownText:
    """What a game must have shown for one point, event, ending or flag: ``contains`` must
    appear in it and ``lacks`` must not; ``never`` says it must not have been shown at all."""

    contains: Optional[str] = None
    lacks: Optional[str] = None
    never: bool = False


@dataclass(frozen=True)
class Expectation:
    """One checked fact: ``what`` names it (``score.fidelity``), ``wanted`` is the value or range."""

    what: str
    wanted: Expected
    where: Position


@dataclass(frozen=True)
class ReplayScript:
    """A replay file read: its game record (less the seating, checked against the scenario) and expectations."""

    path: str
    scenario: Path
    side: str
    seed: int
    opponent: str
    script: tuple[tuple[str, str], ...]
    moves: tuple[Move, ...]
    #: Where each move is written, for reporting a mismatch at its line.
    positions: tuple[Position, ...]
    complete: bool = False
    scenario_hash: str = ""
    expectations: tuple[Expectation, ...] = field(default=())

    @property
    def choices(self) -> tuple[tuple[str, str, Position], ...]:
        """The human choices with their positions."""
        return tuple((m.point or "", m.choice or "", w) for m, w in zip(self.moves, self.positions) if m.by == HUMAN)


@dataclass(frozen=True)
class ReplayResult:
    state: State
    report: Optional[Report]
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def _flat(node: Node) -> Any:
    """A mapping of scalars as a dict (anything else as ``None``, which a move rejects)."""
    if not isinstance(node, MapNode):
        return None
    return {k: (v.value if isinstance(v, ScalarNode) else None) for k, (_key, v) in node.items.items()}


def load_replay(path: Union[str, Path]) -> ReplayScript:
    """Read and check a replay file. Raises :class:`ReplayError` listing every problem."""
    path = Path(path)
    display = str(path)
    problems: list[Problem] = []
    try:
        root = yaml_source.parse(yaml_source.read_text(path, display), display, problems)
    except YamlFailure as failure:
        raise ReplayError(problems + [failure.problem]) from None
    reader = _Reader(problems)
    script = reader.replay(root, path)
    if problems or script is None:
        raise ReplayError(problems or [Problem(Position(display), "the replay could not be read")])
    return script


class _Reader:
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def problem(self, where: Position, message: str) -> None:
        self.problems.append(Problem(where, message))

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...]) -> dict[str, tuple[ScalarNode, Node]]:
        if not isinstance(node, MapNode):
            self.problem(node.where, f"{what} should be a mapping, not {type_name(node)}")
            return {}
        for key, (key_node, _v) in node.items.items():
            if allowed and key not in allowed:
                self.problem(key_node.where, f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}")
        return node.items

    def scalar(self, node: Optional[Node], what: str, kinds: tuple[type, ...]) -> Any:
        if node is None:
            return None
        if isinstance(node, ScalarNode) and isinstance(node.value, kinds) and not (
            isinstance(node.value, bool) and bool not in kinds
        ):
            return node.value
        self.problem(node.where, f"{what} has the wrong type ({type_name(node)})")
        return None

    def pairs(self, node: Optional[Node], what: str) -> list[tuple[str, str, Position]]:
        if node is None:
            return []
        if not isinstance(node, SeqNode):
            self.problem(node.where, f"{what} should be a list of 'point_id: choice_id' items")
            return []
        out = []
        for item in node.items:
            if isinstance(item, MapNode) and len(item.items) == 1:
                (point, (key, value)), = item.items.items()
                if isinstance(value, ScalarNode) and isinstance(value.value, str):
                    out.append((point, value.value, key.where))
                    continue
            self.problem(item.where, f"each item of {what} should look like 'point_id: choice_id'")
        return out

    def moves(self, node: Optional[Node]) -> list[tuple[Move, Position]]:
        if node is None:
            return []
        if not isinstance(node, SeqNode):
            self.problem(node.where, "moves should be a list of {point, choice, by} and {event, fired} items")
            return []
        out = []
        for item in node.items:
            try:
                out.append((move_from_data(_flat(item)), item.where))
            except ValueError as err:
                self.problem(item.where, f"{err}")
        return out

    def replay(self, root: Node, path: Path) -> Optional[ReplayScript]:
        items = self.mapping(root, "the replay file", REPLAY_KEYS)
        if not isinstance(root, MapNode):
            return None
        for key in ("scenario", "side"):
            if key not in items:
                self.problem(root.where, f"the replay file is missing the key '{key}'")
        if "choices" not in items and "moves" not in items:
            self.problem(root.where, "the replay file is missing the key 'choices' (or 'moves')")
        get = {k: v for k, (_key, v) in items.items()}
        version = self.scalar(get.get("format"), "format", (int,))
        if version is not None and not 1 <= version <= RECORD_FORMAT:
            self.problem(get["format"].where, f"format {version} is newer than this Bloc Game reads "
                                              f"(up to {RECORD_FORMAT}); update the game")
        scenario = self.scalar(get.get("scenario"), "scenario", (str,))
        content_hash = self.scalar(get.get("scenario_hash"), "scenario_hash", (str,)) or ""
        side = self.scalar(get.get("side"), "side", (str,))
        seed = self.scalar(get.get("seed"), "seed", (int,))
        opponent = self.scalar(get.get("opponent"), "opponent", (str,)) or "historical"
        if opponent not in POLICY_NAMES and "opponent" in get:
            self.problem(get["opponent"].where, f"unknown opponent '{opponent}'{did_you_mean(opponent, POLICY_NAMES)}")
        script = [(p, c) for p, c, _w in self.pairs(get.get("script"), "script")]
        if "moves" in get:
            listed = self.moves(get["moves"])
            complete = True
        else:
            pairs = self.pairs(get.get("choices"), "choices")
            listed = list(zip(human_choices([(p, c) for p, c, _w in pairs]), [w for _p, _c, w in pairs]))
            complete = False
        expectations = self.expect(get.get("expect"))
        scenario_path = None
        if scenario is not None:
            try:
                scenario_path = find_record_scenario(scenario, path, content_hash)
            except BlocGameError as err:
                self.problem(get["scenario"].where, str(err))
        if self.problems or scenario_path is None or side is None:
            return None
        return ReplayScript(str(path), scenario_path, side, int(seed or 0), opponent, tuple(script),
                            tuple(m for m, _w in listed), tuple(w for _m, w in listed), complete, content_hash,
                            tuple(expectations))

    def expect(self, node: Optional[Node]) -> list[Expectation]:
        if node is None:
            return []
        out: list[Expectation] = []
        items = self.mapping(node, "expect", EXPECT_KEYS)
        if "ending" in items:
            key, value = items["ending"]
            out.append(Expectation("ending", self.scalar(value, "expect.ending", (str,)), value.where))
        for group in ("flags", "variables"):
            if group in items:
                for name, (_k, value) in self.mapping(items[group][1], f"expect.{group}", ()).items():
                    out.append(Expectation(f"{group}.{name}", self.wanted(value, f"expect.{group}.{name}"), value.where))
        if "shown" in items:
            for name, (_k, value) in self.mapping(items["shown"][1], "expect.shown", ()).items():
                out.append(Expectation(f"shown.{name}", self.shown(value, f"expect.shown.{name}"), value.where))
        if "score" in items:
            for name, (_k, value) in self.mapping(items["score"][1], "expect.score", SCORE_KEYS).items():
                if name == "outcome":
                    for side, (_s, v) in self.mapping(value, "expect.score.outcome", ()).items():
                        out.append(Expectation(f"score.outcome.{side}", self.wanted(v, f"outcome of {side}"), v.where))
                else:
                    out.append(Expectation(f"score.{name}", self.wanted(value, f"expect.score.{name}"), value.where))
        return out

    def shown(self, node: Node, what: str) -> ShownText:
        """``"a phrase"`` (must appear), ``null`` (never shown) or ``{contains: ..., lacks: ...}``."""
        if isinstance(node, MapNode):
            parts = self.mapping(node, what, ("contains", "lacks"))
            contains = self.scalar(parts.get("contains", (None, None))[1], f"{what}.contains", (str,))
            lacks = self.scalar(parts.get("lacks", (None, None))[1], f"{what}.lacks", (str,))
            return ShownText(contains, lacks)
        value = self.scalar(node, what, (str, type(None)))
        return ShownText(never=True) if value is None else ShownText(contains=value)

    def wanted(self, node: Node, what: str) -> Expected:
        if isinstance(node, MapNode):
            bounds = self.mapping(node, what, ("min", "max"))
            low = self.scalar(bounds.get("min", (None, None))[1], f"{what}.min", (int, float))
            high = self.scalar(bounds.get("max", (None, None))[1], f"{what}.max", (int, float))
            return (float("-inf") if low is None else float(low), float("inf") if high is None else float(high))
        if isinstance(node, ScalarNode) and node.dialect:  # yes/no, 1:30, ...: one YAML dialect, as in scenarios
            fix = "write true or false" if node.dialect == "true/false" else f'quote it: "{node.text}"'
            self.problem(node.where, f"{what}: {node.text} is {node.dialect} in YAML 1.1 but {type_name(node)} in "
                                     f"YAML 1.2, which editors use; {fix}")
            return None
        value = self.scalar(node, what, (int, float, bool, str, type(None)))
        return value


def game_record(script: ReplayScript, game: Game) -> GameRecord:
    """The game record a replay file holds, its seating checked against the scenario."""
    try:
        seating = Seating.parse(script.side, game.scenario.side_ids)
    except UnknownSideError as err:
        raise ReplayError([Problem(Position(script.path), str(err))]) from None
    return GameRecord(game.scenario.id, script.scenario_hash, seating, script.seed, script.opponent, script.script,
                      script.moves, script.complete, str(script.scenario))


def run_replay(script: ReplayScript, loader: Callable[[Path], Game] = load) -> ReplayResult:
    """Play the replay's record and check its expectations (``loader`` loads the scenario).

    A move that does not fit the game (another point is waiting, the choice is not
    offered, the game is over, a chance step came out otherwise) raises
    :class:`ReplayError` at its line.
    """
    game = loader(script.scenario)
    try:
        state = game.replay(game_record(script, game))
    except RecordMismatchError as err:
        where = script.positions[err.index] if err.index < len(script.positions) else Position(script.path)
        raise ReplayError([Problem(where, err.reason)]) from None
    except BlocGameError as err:
        raise ReplayError([Problem(Position(script.path), str(err))]) from None
    report = score(state) if state.is_over else None
    failures = tuple(f for e in script.expectations if (f := check(e, state, report)))
    return ReplayResult(state, report, failures)


#: The kinds of thing ``expect.shown`` can name; ``flag:nato_note`` picks one where a point and a flag share an id.
SHOWN_KINDS = ("point", "event", "ending", "flag")


def shown_text(state: State, item: str) -> Optional[str]:
    """What the game showed for ``item``, resolved for the path (``None`` if never shown):
    a point's briefing and the consequence of the choice made there, an event's text, the
    ending's epilogue, or a flag's label once it holds. ``item`` is an id, or ``kind:id``
    with a kind from :data:`SHOWN_KINDS`; a bare id is looked up in that order."""
    kind, _, item_id = item.rpartition(":")
    sc = state.scenario
    if kind in ("", "point", "event"):
        for told in state.told():
            if told.record.id != item_id or told.record.kind not in ("choice", "event"):
                continue
            if told.record.kind == "choice" and kind != "event":
                return sc.point(item_id).briefing.for_state(told.before) + "\n" + told.text
            if told.record.kind == "event" and kind != "point":
                return told.text
    if kind in ("", "ending") and state.ending is not None and state.ending.id == item_id:
        return state.ending.epilogue.for_state(state)
    flag = next((f for f in sc.flags if f.id == item_id), None) if kind in ("", "flag") else None
    if flag is not None and state.flag(item_id):
        return flag.label.for_state(state)
    return None


def _check_shown(what: str, wanted: ShownText, state: State) -> Optional[str]:
    item = what.partition(".")[2]
    kind, _, item_id = item.rpartition(":")
    sc = state.scenario
    if kind not in ("",) + SHOWN_KINDS:
        return f"'{kind}' is not a kind of text; write one of {', '.join(SHOWN_KINDS)} before the ':'"
    known = [s.id for s in sc.timeline] + [e.id for e in sc.endings] + [f.id for f in sc.flags]
    if item_id not in known:
        return f"the scenario has no point, event, ending or flag '{item_id}'{did_you_mean(item_id, known)}"
    text = shown_text(state, item)
    if wanted.never:
        return None if text is None else f"wanted it never shown, but it was: {_excerpt(text)}"
    if text is None:
        return "it was never shown"
    flat = " ".join(text.split())
    if wanted.contains is not None and " ".join(wanted.contains.split()) not in flat:
        return f"wanted a text containing {wanted.contains!r}, got {_excerpt(text)}"
    if wanted.lacks is not None and " ".join(wanted.lacks.split()) in flat:
        return f"wanted a text without {wanted.lacks!r}, got {_excerpt(text)}"
    return None


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[:limit - 3] + "...")


def _actual(what: str, state: State, report: Optional[Report]) -> Any:
    group, _, name = what.partition(".")
    sc = state.scenario
    if group == "ending":
        return None if state.ending is None else state.ending.id
    if group == "flags":
        if name not in [f.id for f in sc.flags]:
            raise KeyError(f"the scenario has no flag '{name}'{did_you_mean(name, [f.id for f in sc.flags])}")
        return state.flag(name)
    if group == "variables":
        if name not in [v.id for v in sc.variables]:
            raise KeyError(f"the scenario has no variable '{name}'{did_you_mean(name, [v.id for v in sc.variables])}")
        return state.value(name)
    if report is None:
        raise KeyError("the game is not over, so it has no score yet")
    if name == "fidelity":
        return report.fidelity
    if name == "divergence":
        return None if report.divergence is None else report.divergence.id
    if name == "distance":
        return report.distance
    side = name.partition(".")[2]
    if side not in sc.side_ids:
        raise KeyError(f"the scenario has no side '{side}'")
    return report.outcome(side).delta


def check(expectation: Expectation, state: State, report: Optional[Report]) -> Optional[str]:
    """A readable difference if the expectation fails, else ``None``."""
    where = expectation.where
    if isinstance(expectation.wanted, ShownText):
        problem = _check_shown(expectation.what, expectation.wanted, state)
        return None if problem is None else f"{where}: expect.{expectation.what}: {problem}"
    try:
        actual = _actual(expectation.what, state, report)
    except KeyError as err:
        return f"{where}: expect.{expectation.what}: {err.args[0]}"
    wanted = expectation.wanted
    if isinstance(wanted, tuple):
        ok = isinstance(actual, (int, float)) and wanted[0] - TOLERANCE <= actual <= wanted[1] + TOLERANCE
        shown = f"between {wanted[0]:g} and {wanted[1]:g}"
    elif isinstance(wanted, bool) or isinstance(actual, bool):
        ok = actual is wanted
        shown = str(wanted).lower()
    elif isinstance(wanted, (int, float)) and isinstance(actual, (int, float)):
        ok = abs(actual - wanted) <= TOLERANCE
        shown = f"{wanted:g}"
    else:
        ok = actual == wanted
        shown = repr(wanted)
    if ok:
        return None
    got = f"{actual:.4g}" if isinstance(actual, float) and not isinstance(actual, bool) else (
        str(actual).lower() if isinstance(actual, bool) else repr(actual))
    return f"{where}: expect.{expectation.what}: wanted {shown}, got {got}"


def record(state: State, path: Union[str, Path], name: Optional[str] = None) -> None:
    """Write a replay file for a game played: its game record, with expectations for what it reached.

    With ``name`` (a game handed in for a class debrief), the player's name is written too.

    Written atomically (temporary file, then rename) so an interrupted write
    never leaves half a file behind.
    """
    path = Path(path)
    data: dict[str, Any] = record_to_data(state.record(), path)
    if name is not None:
        data = {**{k: v for k, v in data.items() if k in ("format", "scenario", "scenario_hash")}, "name": name,
                **{k: v for k, v in data.items() if k not in ("format", "scenario", "scenario_hash")}}
    if state.is_over:
        report = score(state)
        data["expect"] = {
            "ending": report.ending.id,
            "flags": {f.id: state.flag(f.id) for f in state.scenario.flags},
            "variables": state.variables,
            "score": {
                "fidelity": round(report.fidelity, 4),
                "divergence": None if report.divergence is None else report.divergence.id,
                "distance": round(report.distance, 4),
                "outcome": {o.side: round(o.delta, 4) for o in report.outcomes},
            },
        }
    text = "# Recorded by bloc-game play --record\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
    write_text_atomic(path, text)
