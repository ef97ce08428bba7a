"""Readable and machine-readable accounts of a game: the log, the end report, the two timelines.

Shared by ``bloc-game replay`` and the text front end. Output depends only on
the game (no clocks, no set or hash ordering), so the same replay always gives
a byte-identical transcript.
"""

from __future__ import annotations

import textwrap
from typing import Any, Optional

from .engine import State
from .scoring import MOVED, NEVER, ONLY_HERE, Report, TimelineEntry, historical_record, score
from .ui.presenter import historical_ending_title, log_lines, percent, score_facts, side_name, signed

__all__ = ["WIDTH", "format_log", "format_report", "format_state", "format_timelines", "percent",
           "report_markdown", "seat_summary", "side_name", "signed", "status_label", "to_json", "transcript", "wrap"]

WIDTH = 78


def wrap(text: str, indent: str = "", width: int = WIDTH) -> str:
    """Wrap prose paragraph by paragraph (blank lines in the source separate paragraphs)."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(
        textwrap.fill(p, width=width, initial_indent=indent, subsequent_indent=indent,
                      break_long_words=False, break_on_hyphens=False)  # a URL must survive copy and paste
        for p in paragraphs if p
    )


def seat_summary(state: State) -> str:
    parts = []
    for seat in state.seats:
        who = "player" if seat.is_human else f"{seat.label} policy"
        parts.append(f"{side_name(state, seat.side)}: {who}")
    return "; ".join(parts)


def format_log(state: State) -> str:
    """Every choice, event and passed-over point of the game, dated; what history did not have is marked."""
    lines = []
    for line in log_lines(state):
        lines.append(f"{line.happening.date}  {line.headline}{line.mark()}")
        if line.is_choice:
            lines.append(textwrap.fill(f"> {line.label}", WIDTH, initial_indent=" " * 12, subsequent_indent=" " * 14))
            lines.append(f"{'':14}({line.note})")
    return "\n".join(lines)


def format_state(state: State) -> str:
    sc = state.scenario
    values = ", ".join(f"{v.label} {x}" for v, x in zip(sc.variables, state.values))
    flags = "; ".join(f"{f.label.for_state(state)} ({d})" for f, d in zip(sc.flags, state.flags) if d is not None) or "none"
    return "\n".join(
        textwrap.fill(text, WIDTH, subsequent_indent="  ", break_on_hyphens=False)
        for text in (f"Final state: {values}", f"Facts established: {flags}")
    )


def status_label(entry: TimelineEntry) -> str:
    if entry.status == MOVED and entry.history_date and entry.game_date:
        days = (entry.game_date - entry.history_date).days
        return f"moved {days:+d} days"
    return entry.status


def format_timelines(report: Report) -> str:
    """The two timelines side by side: the date in history, the date in this game, what happened."""
    title_width = WIDTH - 2 - 12 - 12 - 20
    out = [f"  {'History':<12}{'This game':<12}{'Happening':<{title_width}}  Compared"]
    for e in report.entries:
        lines = textwrap.wrap(e.title, title_width) or [""]
        left = str(e.history_date) if e.history_date else "-"
        right = str(e.game_date) if e.game_date else "-"
        out.append(f"  {left:<12}{right:<12}{lines[0]:<{title_width}}  {status_label(e)}")
        out.extend(f"  {'':<24}{line}" for line in lines[1:])
    return "\n".join(out)


def format_report(state: State, report: Optional[Report] = None) -> str:
    """The end report: ending, epilogue, score against history and the two timelines."""
    report = report or score(state)
    lines = [f"ENDING: {report.ending.title}", "", wrap(report.ending.epilogue.for_state(state), "  "), ""]
    in_history = historical_ending_title(report)
    if in_history:
        lines += [f"In history: {in_history}", ""]
    lines.append("SCORE AGAINST HISTORY")
    lines += [textwrap.fill(f.plain(), WIDTH, initial_indent="  ", subsequent_indent="    ")
              for f in score_facts(state, report)]
    lines += ["", "TIMELINES", format_timelines(report)]
    missed = [e for e in report.entries if e.status in (NEVER, ONLY_HERE)]
    if missed:
        lines.append(f"  {len(missed)} happening(s) differ from the record.")
    return "\n".join(lines)


def transcript(state: State) -> str:
    """The whole game as text: header, log, final state and end report."""
    sc = state.scenario
    head = [
        f"Bloc Game transcript: {sc.title} ({sc.id})",
        f"Seats: {seat_summary(state)}; seed {state.seed}",
        "",
        format_log(state),
        "",
        format_state(state),
        "",
    ]
    if state.is_over:
        head.append(format_report(state))
    else:
        point = state.current
        assert point is not None
        head.append(f"The game is not over: next is '{point.id}' ({point.date}).")
    return "\n".join(head) + "\n"


def to_json(state: State) -> dict[str, Any]:
    """The game and its score as plain data (dates as ISO text), for ``--json``."""
    sc = state.scenario
    data: dict[str, Any] = {
        "scenario": sc.id,
        "seed": state.seed,
        "seats": {s.side: s.label for s in state.seats},
        "log": [
            {k: v for k, v in (("kind", r.kind), ("date", r.date.isoformat()), ("id", r.id),
                                ("actor", r.actor), ("choice", r.choice), ("by", r.by)) if v is not None}
            for r in state.log
        ],
        "variables": state.variables,
        "flags": {k: v.isoformat() for k, v in state.flags_set.items()},
        "over": state.is_over,
    }
    if state.is_over:
        report = score(state)
        data["ending"] = report.ending.id
        data["score"] = {
            "fidelity": round(report.fidelity, 4),
            "fidelity_by_side": {s: round(f, 4) for s, f in report.fidelity_by_side},
            "divergence": None if report.divergence is None else {
                "kind": report.divergence.kind, "id": report.divergence.id,
                "date": report.divergence.date.isoformat(),
            },
            "distance": round(report.distance, 4),
            "max_distance": report.max_distance,
            "outcome": {o.side: round(o.delta, 4) for o in report.outcomes},
            "timeline": [
                {"key": e.key, "title": e.title, "status": e.status,
                 "history": e.history_date.isoformat() if e.history_date else None,
                 "game": e.game_date.isoformat() if e.game_date else None}
                for e in report.entries
            ],
        }
    return data


def report_markdown(state: State) -> str:
    """The end report as Markdown, for export: score, epilogue, both timelines, sources."""
    report = score(state)
    sc = state.scenario
    lines = [
        f"# {sc.title}: {report.ending.title}",
        "",
        f"Seats: {seat_summary(state)}; seed {state.seed}.",
        "",
        "## Score against history",
        "",
    ]
    lines += ["- " + f.render(label=lambda t: f"**{t}**") for f in score_facts(state, report)]
    lines += ["", "## Epilogue", "", " ".join(report.ending.epilogue.for_state(state).split()), "",
              "## The two timelines", "", "| History | This game | Happening | Compared |", "|---|---|---|---|"]
    for e in report.entries:
        lines.append(f"| {e.history_date or '-'} | {e.game_date or '-'} | {e.title} | {status_label(e)} |")
    lines += ["", "## Your decisions", ""]
    for line in log_lines(state):
        if line.is_choice:
            lines.append(f"- {line.happening.date} {line.actor}, *{line.title}*: {line.label} ({line.stands})"
                         f"{line.mark()}")
    lines += ["", "## What really happened", ""]
    for step in historical_record(sc):
        text = f"{step.title}: {step.choice}" if step.choice else step.title
        lines.append(f"- {step.date} {text}" + (f" (sources: {'; '.join(step.sources)})" if step.sources else ""))
    return "\n".join(lines) + "\n"
