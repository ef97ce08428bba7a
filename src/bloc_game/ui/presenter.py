"""The words of the end report and of the log, written once: the terminal, the transcript, the Markdown
export and the desktop lay them out.

A :class:`Fact` is one line of the score against history, split into the part a front
end emphasises (``value``) and the words around it, so each front end can bold or
colour the figure without rewording the line. No pygame here: ``ui/text.py`` and
``transcript.py`` use it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional, Union

from ..engine import HUMAN, ChoiceMade, EndingReached, EventResolved, Happening, PointSkipped, State
from ..scoring import Report

BETTER, SAME, WORSE = 1, 0, -1


def signed(x: float) -> str:
    """A score difference as a player reads it: +12.5, -3.0, 0."""
    if abs(x) < 0.05:
        return "0"
    return f"{x:+.1f}"


def percent(x: float) -> str:
    return f"{100 * x:.0f}%"


def long_date(day: date) -> str:
    """A date as a reader writes it: 1 March 1952 (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """1 Mar 1952."""
    return f"{day.day} {day:%b %Y}"


def side_name(state: State, side_id: Optional[str]) -> str:
    if side_id is None:
        return ""
    return state.scenario.side(side_id).name


@dataclass(frozen=True)
class Fact:
    """``label: value rest``, e.g. "Fidelity: 80% of historical decisions kept (...)"."""

    label: str
    value: str
    rest: str  # starts with its own separator (" of ...", ", history was followed")
    tone: Optional[int] = None  # for a side's outcome: BETTER, SAME or WORSE than history (front ends colour it)

    def render(self, label: Callable[[str], str] = str, value: Callable[[str], str] = str,
               text: Callable[[str], str] = str) -> str:
        """The line, with ``label`` and ``value`` applied to the two parts and ``text`` to the words."""
        return label(f"{self.label}:") + " " + value(self.value) + text(self.rest)

    def plain(self) -> str:
        return self.render()


def score_facts(state: State, report: Report) -> list[Fact]:
    """The score against history, line by line: fidelity, divergence, distance, each side's outcome."""
    by_side = ", ".join(f"{side_name(state, s)} {percent(f)}" for s, f in report.fidelity_by_side)
    year = state.scenario.end.year
    divergence = report.divergence
    facts = [
        Fact("Fidelity", percent(report.fidelity), f" of historical decisions kept ({by_side})"),
        Fact("Divergence point", divergence.describe() if divergence else "none",
             "" if divergence else ", history was followed"),
        Fact("Timeline distance", f"{report.distance:.2f}", f" (0 is history; at most {report.max_distance})"),
    ]
    for o in report.outcomes:
        tone = BETTER if o.delta > 0.05 else (WORSE if o.delta < -0.05 else SAME)
        facts.append(Fact(o.name, signed(o.delta), f" against {year} (objectives {o.score:.1f} here, "
                                                   f"{o.history_score:.1f} in history)", tone))
    return facts


def historical_ending_title(report: Report) -> Optional[str]:
    """How the period really ended, when this game ended otherwise (else None)."""
    if report.historical_ending and report.historical_ending.id != report.ending.id:
        return report.historical_ending.title
    return None


# ----------------------------------------------------------------------------- the log

#: How every log marks a happening history did not have (issue 11: an invented event must never pass for a real one).
COUNTERFACTUAL = "[counterfactual]"


@dataclass(frozen=True)
class LogLine:
    """The words for one happening of :meth:`State.since`, which the terminal, the transcript and the
    desktop news lay out each in their own way (without rewording)."""

    happening: Happening
    #: "Soviet Union: The first note", "Event: ...", "History's '...' did not arise", "The end: ...".
    headline: str
    #: The point's, event's or ending's title.
    title: str
    #: The deciding side's name ("" unless a choice).
    actor: str
    #: "You" when the one human player chose, else the deciding side's name ("" unless a choice).
    who: str
    #: The choice's label ("" unless a choice).
    label: str
    #: How a choice stands to history: "as in history", "diverges from history" or "counterfactual point".
    stands: str
    #: The text chosen for the path: consequence, event text, epilogue ("" when none).
    text: str

    @property
    def counterfactual(self) -> bool:
        return self.happening.counterfactual

    @property
    def note(self) -> str:
        """Who chose and how it stands to history: "human; diverges from history" ("" unless a choice)."""
        return f"{self.happening.by}; {self.stands}" if isinstance(self.happening, ChoiceMade) else ""

    @property
    def is_choice(self) -> bool:
        return isinstance(self.happening, ChoiceMade)

    @property
    def by_human(self) -> bool:
        return isinstance(self.happening, ChoiceMade) and self.happening.by == HUMAN

    @property
    def is_event(self) -> bool:
        return isinstance(self.happening, EventResolved) and self.happening.fired

    def mark(self, style: Callable[[str], str] = str) -> str:
        """`` [counterfactual]`` (styled) when history went otherwise, else ""."""
        return " " + style(COUNTERFACTUAL) if self.counterfactual else ""


def log_lines(state: State, earlier: Union[State, int, None] = None, ending: bool = False) -> list[LogLine]:
    """The one log formatter: the newsworthy happenings since ``earlier`` in words (the ending only if asked)."""
    sc = state.scenario
    solo = len(state.human_sides) == 1
    out = []
    for h in state.since(earlier):
        if not h.newsworthy or (isinstance(h, EndingReached) and not ending):
            continue
        actor = who = label = stands = ""
        if isinstance(h, ChoiceMade):
            title, actor, label = h.point.title, sc.side(h.side).name, h.choice.label
            who = "You" if h.by == HUMAN and solo else actor
            headline = f"{actor}: {title}"
            stands = "counterfactual point" if h.point.is_counterfactual else (
                "as in history" if h.choice.historical else "diverges from history")
        elif isinstance(h, EventResolved):
            title = h.event.title
            headline = f"Event: {title}" if h.fired else f"History's '{title}' did not happen"
        elif isinstance(h, PointSkipped):
            title = h.point.title
            headline = f"History's '{title}' did not arise"
        else:
            assert isinstance(h, EndingReached)
            title = h.ending.title
            headline = f"The end: {title}"
        out.append(LogLine(h, headline, title, actor, who, label, stands, h.text))
    return out
