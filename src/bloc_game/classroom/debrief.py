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
from ..i18n import N_, _, decimal, long_date, ngettext, short_date
from ..transcript import percent, signed
from . import charts
from .analysis import ClassReport, PointSummary
from .page import document, esc, image, paragraphs, table

#: The CSV files' column names: machine keys a spreadsheet or a script reads by name, so they stay the same
#: English in every language (the pages show the translated names, in the same order).
STUDENT_HEADERS = ("#", "Student", "File", "Seat", "Opponent", "Ending", "Fidelity", "First left history",
                   "Outcome against history", "Distance")
CHOICE_HEADERS = ("Date", "Side", "Decision point", "Choice", "History", "Students", "Share", "Random",
                  "Outcome after")
#: The same columns as a teacher reads them on the page (translated where shown).
STUDENT_COLUMNS = ("#", N_("Student"), N_("File"), N_("Seat"), N_("Opponent"), N_("Ending"), N_("Fidelity"),
                   N_("First left history"), N_("Outcome against history"), N_("Distance"))
CHOICE_COLUMNS = (N_("Date"), N_("Side"), N_("Decision point"), N_("Choice"), N_("History"), N_("Students"),
                  N_("Share"), N_("Random"), N_("Outcome after"))


def _shown(columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c if c == "#" else _(c) for c in columns)


@dataclass(frozen=True)
class Written:
    files: tuple[Path, ...]
    charts_note: Optional[str]  # why there are no charts, when there are none


def _pct(x: Optional[float], shown: bool = True) -> str:
    """A share: as the language writes it on a page ("80 %" in German), "80%" in a CSV file."""
    if x is None:
        return "-"
    return percent(x) if shown else f"{100 * x:.0f}%"


def _signed(x: float, shown: bool) -> str:
    """An outcome with its sign: the language's decimal mark on a page, the point in a CSV file."""
    if shown or abs(x) < 0.05:
        return signed(x)
    return f"{x:+.1f}"


def student_rows(report: ClassReport, shown: bool = True) -> list[tuple[str, ...]]:
    """One row per student; ``shown``: for a page (the language's decimals), else for the CSV file."""
    return [(str(r.number), r.name, r.file, r.seat, r.opponent, r.ending, _pct(r.fidelity, shown), r.first_departure,
             "; ".join(f"{side} {_signed(d, shown)}" for side, d in r.outcomes) or "-",
             "-" if r.distance is None else (decimal(r.distance, 2) if shown else f"{r.distance:.2f}"))
            for r in report.rows]


def choice_rows(report: ClassReport, shown: bool = True) -> list[tuple[str, ...]]:
    """One row per choice at each point; ``shown``: for a page (dates and words in the language), else for
    the CSV file (ISO dates, "yes" in the History column, decimal points)."""
    sc = report.scenario
    out: list[tuple[str, ...]] = []
    for s in report.points:
        for c in s.choices:
            history = (_("yes") if shown else "yes") if c.historical else ""
            out.append((short_date(s.point.date) if shown else str(s.point.date), sc.side(s.point.actor).name,
                        s.point.title, c.label, history, str(c.count), _pct(c.share, shown), _pct(c.expected, shown),
                        "-" if c.mean_outcome is None else _signed(c.mean_outcome, shown)))
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
    return _("{date}, {side}: {title}").format(date=long_date(s.point.date), side=report.scenario.side(s.point.actor).name,
                                               title=s.point.title)


#: (chart key, heading, note): marked here, translated where shown.
SECTIONS = (
    ("departures", N_("Where students first left history"),
     N_("Each student's own first choice that history did not make, by decision point (the opponent's and the "
        "dice's departures are not counted).")),
    ("flow", N_("The paths the class took, against history's"),
     N_("At each decision point in date order, the share of the students deciding there on each choice.")),
    ("agreement", N_("Where the class agreed"),
     N_("The most-chosen choice at each point against the probability random play gives it in the same "
        "situations: a bar well past its diamond is a class that agreed.")),
    ("endings", N_("Endings reached"), ""),
    ("outcomes", N_("Each side's outcome against history"),
     N_("Objectives at the end minus what history's own sequence gives; 0 is history.")),
    ("mattered", N_("The decisions that mattered most"),
     N_("Outcome spread: at each point, the deciding side's average outcome after each choice students made; the "
        "wider apart, the more the choice mattered in this class.")),
)


def _title(report: ClassReport) -> str:
    return _("{scenario}: class debrief").format(scenario=report.scenario.title)


def _read(report: ClassReport) -> str:
    """How many games were read, could not be read, and were not finished: one sentence."""
    n = len(report.games)
    text = ngettext("{count} game read", "{count} games read", n).format(count=n)
    if report.failures:
        text += ngettext(", {count} file could not be read (listed at the end)",
                         ", {count} files could not be read (listed at the end)",
                         len(report.failures)).format(count=len(report.failures))
    if report.unfinished:
        text += ngettext("; {count} not finished", "; {count} not finished",
                         report.unfinished).format(count=report.unfinished)
    return text + "."


def _ending_title(title: str, historical: bool) -> str:
    return _("{ending} (history)").format(ending=title) if historical else title


def _failures_note(report: ClassReport) -> str:
    n = len(report.failures)
    return ngettext("{count} file; the terminal listed it with its reason.",
                    "{count} files; the terminal listed each with its reason.", n).format(count=n)


CHOICES_NOTE = N_("Share: of the students who decided at the point. Random: the probability random play gives the "
                  "choice in the same situations. Outcome after: the deciding side's average outcome against history "
                  "in the finished games that took it.")
STUDENTS_NOTE = N_("Fidelity: the share of history's decisions kept (both sides). Distance: how far the game's "
                   "timeline lies from history's (0 is history).")


def html_page(report: ClassReport, pictures: dict[str, bytes], charts_note: Optional[str]) -> str:
    parts = [f"<h1>{esc(_title(report))}</h1>", f'<p class="muted">{esc(_read(report))}</p>']
    if charts_note:
        parts.append(f'<p class="muted">{esc(charts_note)}</p>')
    for key, heading_id, note_id in SECTIONS:
        heading = _(heading_id)
        parts.append(f"<h2>{esc(heading)}</h2>")
        if note_id:
            parts.append(f'<p class="muted">{esc(_(note_id))}</p>')
        if key in pictures:
            parts.append(f"<figure>{image(pictures[key], heading)}</figure>")
        if key == "endings":
            total = sum(count for _e, count in report.endings)
            parts.append(table((_("Ending"), _("Games"), _("Share")), [
                (_ending_title(e.title, e.historical), count, _pct(count / total if total else None))
                for e, count in report.endings], numeric=(1, 2), widths=(70, 15, 15)))
        if key == "mattered":
            parts.append(table((_("Decision point"), _("Choices students made: average outcome after"), _("Spread")), [
                (_point_heading(report, s),
                 "; ".join(f"{c.label} ({c.count}): {signed(c.mean_outcome)}" for c in s.choices
                           if c.count and c.mean_outcome is not None), decimal(s.spread or 0.0))
                for s in report.mattered[:8]], numeric=(2,), widths=(32, 58, 10)))
    parts.append(questions_html(report))
    every, students, unread = _("Every decision point, choice by choice"), _("Students"), _("Files that could not be read")
    parts.append(f"<h2>{esc(every)}</h2>")
    parts.append(f'<p class="muted">{esc(_(CHOICES_NOTE))}</p>')
    parts.append(table(_shown(CHOICE_COLUMNS), choice_rows(report), numeric=(5, 6, 7, 8),
                       widths=(12, 9, 16, 21, 8, 9, 7, 8, 10)))
    parts.append(f"<h2>{esc(students)}</h2>")
    parts.append(f'<p class="muted">{esc(_(STUDENTS_NOTE))}</p>')
    parts.append(table(_shown(STUDENT_COLUMNS), student_rows(report), numeric=(0, 6, 9),
                       widths=(4, 10, 11, 7, 9, 14, 8, 17, 12, 8)))
    if report.failures and report.anonymous:  # file names often carry students' names
        parts.append(f"<h2>{esc(unread)}</h2><p>{esc(_failures_note(report))}</p>")
    elif report.failures:
        parts.append(f"<h2>{esc(unread)}</h2><ul>")
        parts += [f'<li class="failure">{esc(f.path.name)}: {esc(f.reason)}</li>' for f in report.failures]
        parts.append("</ul>")
    history = report.historical_ending
    if history is not None:
        epilogue = history.epilogue.for_state(report.games[0].state.game.history())
        ended = _("How the period really ended: {ending}").format(ending=history.title)
        parts.append(f"<h2>{esc(ended)}</h2>{paragraphs(epilogue)}")
    return document(_title(report), "\n".join(parts))


def _asked(wordings: tuple[tuple[str, int], ...], total: int, games: bool) -> list[tuple[str, str]]:
    """(who, question) pairs: one wording for all, or each wording with the number of students (or games)
    it was put to."""
    if len(wordings) == 1 and wordings[0][1] == total:
        return [("", wordings[0][0])]
    if games:
        return [(ngettext("{count} game: ", "{count} games: ", n).format(count=n), text) for text, n in wordings]
    return [(ngettext("{count} student: ", "{count} students: ", n).format(count=n), text) for text, n in wordings]


def _moment(report: ClassReport, s: PointSummary) -> str:
    history = next((c for c in s.choices if c.historical), None)
    facts = ngettext("{count} student decided here", "{count} students decided here", s.deciders).format(count=s.deciders)
    if history is not None:
        facts += _("; {share} took history's choice ({choice})").format(share=_pct(history.share), choice=history.label)
    if s.first_departures:
        facts += ngettext("; {count} first left history here", "; {count} first left history here",
                          s.first_departures).format(count=s.first_departures)
    return facts


def _ending_heading(title: str) -> str:
    return _("Ending: {title}").format(title=title)


def _ended_here(n: int) -> str:
    return ngettext("{count} game ended here.", "{count} games ended here.", n).format(count=n)


def questions_html(report: ClassReport) -> str:
    """The scenario's discussion questions beside the class's figures for the moment they concern."""
    points = [s for s in report.points if s.questions]
    if not points and not report.ending_questions:
        return ""
    heading = _("Questions for the discussion")
    parts = [f"<h2>{esc(heading)}</h2>"]
    for s in points:
        parts.append(f"<h3>{esc(_point_heading(report, s))}</h3><p class=muted>{esc(_moment(report, s))}.</p>")
        parts += [f'<div class="question">{esc(who)}{paragraphs(text)}</div>'
                  for who, text in _asked(s.questions, s.deciders, games=False)]
    counts = dict((e.id, n) for e, n in report.endings)
    for ending, wordings in report.ending_questions:
        parts.append(f"<h3>{esc(_ending_heading(ending.title))}</h3>"
                     f"<p class=muted>{esc(_ended_here(counts[ending.id]))}</p>")
        parts += [f'<div class="question">{esc(who)}{paragraphs(text)}</div>'
                  for who, text in _asked(wordings, counts[ending.id], games=True)]
    return "\n".join(parts)


def _md(value: object) -> str:
    """Text for the Markdown file: escaped like HTML (Markdown viewers render inline HTML), on one line."""
    return esc(" ".join(str(value).split()), quote=False).replace("|", "\\|")


def _md_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return out + ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]


def markdown(report: ClassReport, pictures: dict[str, bytes]) -> str:
    n = len(report.games)
    lines = [f"# {_md(_title(report))}", "", _md(ngettext("{count} game read.", "{count} games read.", n).format(count=n)), ""]
    for key, heading_id, note_id in SECTIONS:
        heading = _md(_(heading_id))
        lines += [f"## {heading}", ""] + ([_md(_(note_id)), ""] if note_id else [])
        if key in pictures:
            lines += [f"![{heading}]({key}.png)", ""]
        if key == "endings":
            lines += [f"- {_md(_ending_title(e.title, e.historical))}: {count}" for e, count in report.endings]
            lines.append("")
        if key == "mattered":
            lines += [f"- {_md(_point_heading(report, s))}: "
                      + _md(_("spread {spread}").format(spread=decimal(s.spread or 0.0))) for s in report.mattered[:8]]
            lines.append("")
    if any(s.questions for s in report.points) or report.ending_questions:
        lines += ["## " + _md(_("Questions for the discussion")), ""]
        for s in report.points:
            if s.questions:
                lines += [f"### {_md(_point_heading(report, s))}", "", f"*{_md(_moment(report, s))}.*", ""]
                lines += [f"> {_md(who)}{_md(text)}" + "\n" for who, text in _asked(s.questions, s.deciders, games=False)]
        counts = dict((e.id, n) for e, n in report.endings)
        for ending, wordings in report.ending_questions:
            lines += [f"### {_md(_ending_heading(ending.title))}", ""]
            lines += [f"> {_md(who)}{_md(text)}" + "\n" for who, text in _asked(wordings, counts[ending.id], games=True)]
    every, students = _md(_("Every decision point, choice by choice")), _md(_("Students"))
    lines += [f"## {every}", ""] + _md_table(_shown(CHOICE_COLUMNS), choice_rows(report))
    lines += ["", f"## {students}", ""] + _md_table(_shown(STUDENT_COLUMNS), student_rows(report))
    if report.failures:
        lines += ["", "## " + _md(_("Files that could not be read")), ""]
        if report.anonymous:
            lines.append(_md(_failures_note(report)))
        else:
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
                       ("students.csv", _csv(STUDENT_HEADERS, student_rows(report, shown=False))),
                       ("choices.csv", _csv(CHOICE_HEADERS, choice_rows(report, shown=False)))):
        write_text_atomic(out / name, text)
        files.append(out / name)
    return Written(tuple(files), note)
