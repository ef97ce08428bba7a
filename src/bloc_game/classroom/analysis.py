"""The class's games summed up: pure computation, no files, no drawing.

Every figure the debrief shows is computed here once, from the students' final states;
the HTML, Markdown, CSV and charts only format it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import mean
from typing import Optional

from ..engine import RandomPolicy, State
from ..i18n import _, short_date
from ..scenario.model import DecisionPoint, Ending, Scenario
from ..scoring import Report, score
from .gather import Failure, StudentGame


@dataclass(frozen=True)
class ChoiceShare:
    """One choice at one point: how many students took it, and what random play would give."""

    id: str
    label: str
    historical: bool
    count: int
    share: float  # of the students who decided at this point
    expected: float  # the random policy's probability, averaged over the situations the students were in
    mean_outcome: Optional[float]  # the deciding side's average outcome against history after it (finished games)


@dataclass(frozen=True)
class PointSummary:
    point: DecisionPoint
    deciders: int  # students who chose at this point
    choices: tuple[ChoiceShare, ...]
    first_departures: int  # students whose own first departure from history was here
    questions: tuple[tuple[str, int], ...] = ()  # the point's debrief question as each student met it, with how many

    @property
    def spread(self) -> Optional[float]:
        """How far apart the outcomes of different choices here lay (None if fewer than two were taken)."""
        means = [c.mean_outcome for c in self.choices if c.count and c.mean_outcome is not None]
        return max(means) - min(means) if len(means) >= 2 else None


@dataclass(frozen=True)
class StudentRow:
    number: int
    name: str
    file: str
    seat: str
    opponent: str
    ending: str  # the ending's title, or "(not finished)"
    fidelity: Optional[float]
    first_departure: str  # "date title" of the student's own first departure, or "none"
    outcomes: tuple[tuple[str, float], ...]  # (side name, outcome against history) for the student's sides
    distance: Optional[float]


@dataclass(frozen=True)
class ClassReport:
    scenario: Scenario
    games: tuple[StudentGame, ...]
    failures: tuple[Failure, ...]
    points: tuple[PointSummary, ...]  # every decision point some student decided at, in date order
    stayed: int  # students who never themselves left history
    endings: tuple[tuple[Ending, int], ...]  # every ending of the scenario with how many games reached it
    unfinished: int
    outcomes: tuple[tuple[str, tuple[float, ...]], ...]  # side name -> outcomes against history of finished games
    rows: tuple[StudentRow, ...]
    #: Each ending's debrief question as the games that reached it read it: (ending, ((wording, games), ...)).
    ending_questions: tuple[tuple[Ending, tuple[tuple[str, int], ...]], ...] = ()
    anonymous: bool = False  # names and file names left out

    @property
    def mattered(self) -> tuple[PointSummary, ...]:
        """Points where choosing differently led furthest apart, widest first (outcome spread)."""
        ranked = [p for p in self.points if p.spread is not None]
        return tuple(sorted(ranked, key=lambda p: (-(p.spread or 0.0), p.point.date)))

    @property
    def historical_ending(self) -> Optional[Ending]:
        return next((e for e, _n in self.endings if e.historical), None)


def human_decisions(state: State) -> list[tuple[State, str]]:
    """The states at which the player chose, oldest first, each with the choice made there."""
    before: list[State] = []
    node = state.previous
    while node is not None:
        before.append(node)
        node = node.previous
    before.reverse()
    chosen = {r.id: r.choice for r in state.path if r.by == "human"}
    out = []
    for s in before:
        point = s.current
        if point is not None and point.id in chosen:
            out.append((s, chosen[point.id] or ""))
    return out


def first_departure(state: State) -> Optional[DecisionPoint]:
    """The first point where the player's own choice was not history's (counterfactual points do not count)."""
    sc = state.scenario
    for record in state.path:
        if record.by != "human":
            continue
        point = sc.point(record.id)
        hist = point.historical_choice
        if hist is not None and record.choice != hist.id:
            return point
    return None


def _outcome(report: Optional[Report], side: str) -> Optional[float]:
    return None if report is None else report.outcome(side).delta


def summarise(games: list[StudentGame], failures: list[Failure], anonymous: bool = False) -> ClassReport:
    """The class report of ``games`` (all of one scenario; at least one)."""
    sc = games[0].state.scenario
    reports = [score(g.state) if g.state.is_over else None for g in games]
    random = RandomPolicy()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    expected: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    after: dict[tuple[str, str], list[float]] = defaultdict(list)
    departures: Counter[str] = Counter()
    asked: dict[str, Counter[str]] = defaultdict(Counter)
    rows = []
    for number, (game, report) in enumerate(zip(games, reports), start=1):
        for before, choice_id in human_decisions(game.state):
            point = before.current
            assert point is not None
            counts[point.id][choice_id] += 1
            for option, p in random.distribution(before):
                expected[point.id][option] += p
            if point.debrief is not None:
                asked[point.id][point.debrief.for_state(before)] += 1
            delta = _outcome(report, point.actor)
            if delta is not None:
                after[(point.id, choice_id)].append(delta)
        left = first_departure(game.state)
        if left is not None:
            departures[left.id] += 1
        rows.append(StudentRow(
            number, _("Student {number}").format(number=number) if anonymous else game.name, "" if anonymous else game.path.name,
            game.seat, game.opponent if game.seat not in ("hotseat",) else "-",
            report.ending.title if report else _("(not finished)"),
            report.fidelity if report else None,
            f"{short_date(left.date)} {left.title}" if left else _("none"),
            tuple((sc.side(s).name, report.outcome(s).delta) for s in game.state.human_sides) if report else (),
            report.distance if report else None))
    points = []
    for point in sc.points:
        deciders = sum(counts[point.id].values())
        if not deciders:
            continue
        shares = tuple(ChoiceShare(
            c.id, c.label, c.historical, counts[point.id][c.id], counts[point.id][c.id] / deciders,
            expected[point.id].get(c.id, 0.0) / deciders,
            mean(after[(point.id, c.id)]) if after[(point.id, c.id)] else None) for c in point.choices)
        points.append(PointSummary(point, deciders, shares, departures[point.id], _worded(asked[point.id])))
    points.sort(key=lambda p: p.point.date)
    ending_counts = Counter(r.ending.id for r in reports if r is not None)
    ending_asked: dict[str, Counter[str]] = defaultdict(Counter)
    for game, report in zip(games, reports):
        if report is not None and report.ending.debrief is not None:
            ending_asked[report.ending.id][report.ending.debrief.for_state(game.state)] += 1
    finished = [r for r in reports if r is not None]
    return ClassReport(
        scenario=sc, games=tuple(games), failures=tuple(failures), points=tuple(points),
        stayed=sum(1 for g in games if g.state.human_sides and first_departure(g.state) is None),
        endings=tuple((e, ending_counts[e.id]) for e in sc.endings),
        unfinished=len(reports) - len(finished),
        outcomes=tuple((side.name, tuple(r.outcome(side.id).delta for r in finished)) for side in sc.sides),
        rows=tuple(rows),
        ending_questions=tuple((e, _worded(ending_asked[e.id])) for e in sc.endings if ending_asked[e.id]),
        anonymous=anonymous,
    )


def _worded(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Each wording met (an empty one, where no variant applied, left out), most students first."""
    return tuple((text, n) for text, n in counts.most_common() if text.strip())
