"""Write a class debrief: one self-contained HTML page, the charts as PNG, Markdown and CSV.

The figures come from :mod:`.analysis`; this module only lays them out, once per format.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..atomic import write_text_atomic
from ..transcript import signed
from . import charts
from .analysis import ClassReport, PointSummary
from .page import document, esc, image, paragraphs, table

STUDENT_HEADERS = ("#", "Student", "File", "Seat", "Opponent", "Ending", "Fidelity", "First left history",
                   "Outcome against history", "Distance")
CHOICE_HEADERS = ("Date", "Side", "Decision point", "Choice", "History", "Students", "Share", "Random",
                  "Outcome after")


@dataclass(frozen=True)
class Written:
    files: tuple[Path, ...]
    charts_note: Optional[str]  # why there are no charts, when there are none


def _pct(x: Optional[float]) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def student_rows(report: ClassReport) -> list[tuple[str, ...]]:
    return [(str(r.number), r.name, r.file, r.seat, r.opponent, r.ending, _pct(r.fidelity), r.first_departure,
             "; ".join(f"{side} {signed(d)}" for side, d in r.outcomes) or "-",
             "-" if r.distance is None else f"{r.distance:.2f}") for r in report.rows]


def choice_rows(report: ClassReport) -> list[tuple[str, ...]]:
    sc = report.scenario
    out: list[tuple[str, ...]] = []
    for s in report.points:
        for c in s.choices:
            out.append((str(s.point.date), sc.side(s.point.actor).name, s.point.title, c.label,
                        "yes" if c.historical else "", str(c.count), _pct(c.share), _pct(c.expected),
                        "-" if c.mean_outcome is None else signed(c.mean_outcome)))
    return out


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading quote."""
    if value[:1] in ("=", "+", "@", "\t", "\r") or (value[:1] == "-" and not value[1:2].isdigit()):
        return "'" + value
    return value


def _csv(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _point_heading(report: ClassReport, s: PointSummary) -> str:
    return f"{s.point.date:%d %B %Y}, {report.scenario.side(s.point.actor).name}: {s.point.title}"


SECTIONS = (
    ("departures", "Where students first left history",
     "Each student's own first choice that history did not make, by decision point (the opponent's and the "
     "dice's departures are not counted)."),
    ("flow", "The paths the class took, against history's",
     "At each decision point in date order, the share of the students deciding there on each choice."),
    ("agreement", "Where the class agreed",
     "The most-chosen choice at each point against the probability random play gives it in the same "
     "situations: a bar well past its diamond is a class that agreed."),
    ("endings", "Endings reached", ""),
    ("outcomes", "Each side's outcome against history",
     "Objectives at the end minus what history's own sequence gives; 0 is history."),
    ("mattered", "The decisions that mattered most",
     "Outcome spread: at each point, the deciding side's average outcome after each choice students made; the "
     "wider apart, the more the choice mattered in this class."),
)


def html_page(report: ClassReport, pictures: dict[str, bytes], charts_note: Optional[str]) -> str:
    sc = report.scenario
    n = len(report.games)
    parts = [f"<h1>{esc(sc.title)}: class debrief</h1>",
             f'<p class="muted">{n} game(s) read'
             + (f", {len(report.failures)} file(s) could not be read (listed at the end)" if report.failures else "")
             + (f"; {report.unfinished} not finished" if report.unfinished else "") + ".</p>"]
    if charts_note:
        parts.append(f'<p class="muted">{esc(charts_note)}</p>')
    for key, heading, note in SECTIONS:
        parts.append(f"<h2>{esc(heading)}</h2>")
        if note:
            parts.append(f'<p class="muted">{esc(note)}</p>')
        if key in pictures:
            parts.append(f"<figure>{image(pictures[key], heading)}</figure>")
        if key == "endings":
            total = sum(count for _e, count in report.endings)
            parts.append(table(("Ending", "Games", "Share"), [
                (e.title + (" (history)" if e.historical else ""), count, _pct(count / total if total else None))
                for e, count in report.endings], numeric=(1, 2), widths=(70, 15, 15)))
        if key == "mattered":
            parts.append(table(("Decision point", "Choices students made: average outcome after", "Spread"), [
                (_point_heading(report, s),
                 "; ".join(f"{c.label} ({c.count}): {signed(c.mean_outcome)}" for c in s.choices
                           if c.count and c.mean_outcome is not None), f"{s.spread:.1f}")
                for s in report.mattered[:8]], numeric=(2,), widths=(32, 58, 10)))
    parts.append(questions_html(report))
    parts.append("<h2>Every decision point, choice by choice</h2>")
    parts.append('<p class="muted">Share: of the students who decided at the point. Random: the probability random play '
                 "gives the choice in the same situations. Outcome after: the deciding side's average outcome against "
                 "history in the finished games that took it.</p>")
    parts.append(table(CHOICE_HEADERS, choice_rows(report), numeric=(5, 6, 7, 8), widths=(12, 9, 16, 21, 8, 9, 7, 8, 10)))
    parts.append("<h2>Students</h2>")
    parts.append('<p class="muted">Fidelity: the share of history\'s decisions kept (both sides). Distance: how far the '
                 "game's timeline lies from history's (0 is history).</p>")
    parts.append(table(STUDENT_HEADERS, student_rows(report), numeric=(0, 6, 9), widths=(4, 10, 11, 7, 9, 14, 8, 17, 12, 8)))
    if report.failures and report.anonymous:  # file names often carry students' names
        parts.append(f"<h2>Files that could not be read</h2><p>{len(report.failures)} file(s); the terminal "
                     "listed each with its reason.</p>")
    elif report.failures:
        parts.append("<h2>Files that could not be read</h2><ul>")
        parts += [f'<li class="failure">{esc(f.path.name)}: {esc(f.reason)}</li>' for f in report.failures]
        parts.append("</ul>")
    history = report.historical_ending
    if history is not None:
        epilogue = history.epilogue.for_state(report.games[0].state.game.history())
        parts.append(f"<h2>How the period really ended: {esc(history.title)}</h2>{paragraphs(epilogue)}")
    return document(f"{sc.title}: class debrief", "\n".join(parts))


def _asked(wordings: tuple[tuple[str, int], ...], total: int, unit: str) -> list[tuple[str, str]]:
    """(who, question) pairs: one wording for all, or each wording with the number it was put to."""
    if len(wordings) == 1 and wordings[0][1] == total:
        return [("", wordings[0][0])]
    return [(f"{n} {unit}{'s' if n != 1 else ''}: ", text) for text, n in wordings]


def _moment(report: ClassReport, s: PointSummary) -> str:
    history = next((c for c in s.choices if c.historical), None)
    facts = f"{s.deciders} student(s) decided here"
    if history is not None:
        facts += f"; {_pct(history.share)} took history's choice ({history.label})"
    if s.first_departures:
        facts += f"; {s.first_departures} first left history here"
    return facts


def questions_html(report: ClassReport) -> str:
    """The scenario's discussion questions beside the class's figures for the moment they concern."""
    points = [s for s in report.points if s.questions]
    if not points and not report.ending_questions:
        return ""
    parts = ["<h2>Questions for the discussion</h2>"]
    for s in points:
        parts.append(f"<h3>{esc(_point_heading(report, s))}</h3><p class=muted>{esc(_moment(report, s))}.</p>")
        parts += [f'<div class="question">{esc(who)}{paragraphs(text)}</div>'
                  for who, text in _asked(s.questions, s.deciders, "student")]
    counts = dict((e.id, n) for e, n in report.endings)
    for ending, wordings in report.ending_questions:
        parts.append(f"<h3>Ending: {esc(ending.title)}</h3><p class=muted>{counts[ending.id]} game(s) ended here.</p>")
        parts += [f'<div class="question">{esc(who)}{paragraphs(text)}</div>'
                  for who, text in _asked(wordings, counts[ending.id], "game")]
    return "\n".join(parts)


def _md(value: object) -> str:
    """Text for the Markdown file: escaped like HTML (Markdown viewers render inline HTML), on one line."""
    return esc(" ".join(str(value).split()), quote=False).replace("|", "\\|")


def _md_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return out + ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]


def markdown(report: ClassReport, pictures: dict[str, bytes]) -> str:
    sc = report.scenario
    lines = [f"# {_md(sc.title)}: class debrief", "", f"{len(report.games)} game(s) read.", ""]
    for key, heading, note in SECTIONS:
        lines += [f"## {heading}", ""] + ([note, ""] if note else [])
        if key in pictures:
            lines += [f"![{heading}]({key}.png)", ""]
        if key == "endings":
            lines += [f"- {_md(e.title)}{' (history)' if e.historical else ''}: {count}" for e, count in report.endings]
            lines.append("")
        if key == "mattered":
            lines += [f"- {_md(_point_heading(report, s))}: spread {s.spread:.1f}" for s in report.mattered[:8]] + [""]
    if any(s.questions for s in report.points) or report.ending_questions:
        lines += ["## Questions for the discussion", ""]
        for s in report.points:
            if s.questions:
                lines += [f"### {_md(_point_heading(report, s))}", "", f"*{_md(_moment(report, s))}.*", ""]
                lines += [f"> {_md(who)}{_md(text)}" + "\n" for who, text in _asked(s.questions, s.deciders, "student")]
        counts = dict((e.id, n) for e, n in report.endings)
        for ending, wordings in report.ending_questions:
            lines += [f"### Ending: {_md(ending.title)}", ""]
            lines += [f"> {_md(who)}{_md(text)}" + "\n" for who, text in _asked(wordings, counts[ending.id], "game")]
    lines += ["## Every decision point, choice by choice", ""] + _md_table(CHOICE_HEADERS, choice_rows(report))
    lines += ["", "## Students", ""] + _md_table(STUDENT_HEADERS, student_rows(report))
    if report.failures and report.anonymous:
        lines += ["", "## Files that could not be read", "", f"{len(report.failures)} file(s); the terminal listed each."]
    elif report.failures:
        lines += ["", "## Files that could not be read", ""]
        lines += [f"- {_md(f.path.name)}: {_md(f.reason)}" for f in report.failures]
    return "\n".join(lines) + "\n"


def write_debrief(report: ClassReport, out: Path) -> Written:
    """Write debrief.html, debrief.md, students.csv, choices.csv and one PNG per chart into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    note = charts.available()
    pictures = {} if note else {key: draw(report) for key, draw in charts.CHARTS}
    files = []
    for key, png in pictures.items():
        path = out / f"{key}.png"
        path.write_bytes(png)
        files.append(path)
    for name, text in (("debrief.html", html_page(report, pictures, note)), ("debrief.md", markdown(report, pictures)),
                       ("students.csv", _csv(STUDENT_HEADERS, student_rows(report))),
                       ("choices.csv", _csv(CHOICE_HEADERS, choice_rows(report)))):
        write_text_atomic(out / name, text)
        files.append(out / name)
    return Written(tuple(files), note)
