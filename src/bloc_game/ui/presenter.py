"""The words of the end report, written once: the terminal, the Markdown export and the desktop format them.

A :class:`Fact` is one line of the score against history, split into the part a front
end emphasises (``value``) and the words around it, so each front end can bold or
colour the figure without rewording the line. No pygame here: ``ui/text.py`` and
``transcript.py`` use it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from ..engine import State
from ..scoring import Report

BETTER, SAME, WORSE = 1, 0, -1


def signed(x: float) -> str:
    """A score difference as a player reads it: +12.5, -3.0, 0."""
    if abs(x) < 0.05:
        return "0"
    return f"{x:+.1f}"


def percent(x: float) -> str:
    return f"{100 * x:.0f}%"


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
