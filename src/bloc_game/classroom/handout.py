"""Printable handouts for a paper play in class: a pack per side and a teacher's page.

Each side's pack holds the role brief and objectives, the situation and the calendar of
the period at the start, one sheet per decision point of that side (briefing, choices,
sources), and the sources. The teacher's page holds the endings, the historical path
and the discussion questions. Plain HTML through :mod:`.page`, printable on A4 and Letter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..atomic import write_text_atomic
from ..engine import Game, Snapshot
from ..i18n import _, long_date, month_year, short_date
from ..scenario.model import DecisionPoint, Scenario, Text
from ..scoring import historical_record
from .page import document, esc, paragraphs, table


def historical_situations(game: Game) -> dict[str, Snapshot]:
    """The situation at each point history decided, as text variants read it there."""
    return {t.record.id: t.before for t in game.history().told() if t.record.kind == "choice"}


def start_situation(sc: Scenario) -> Snapshot:
    return Snapshot(sc.start, tuple(v.initial for v in sc.variables),
                    tuple(sc.start if f.initial else None for f in sc.flags))


def shown(text: Text, situation: Optional[Snapshot]) -> str:
    """A path-dependent text for a printed sheet: as history's path reads it, else its last (fallback) wording."""
    return text.for_state(situation) if situation is not None else text.variants[-1].text


def all_sources(sc: Scenario) -> list[str]:
    """Every source the scenario cites, once each, in the order first cited."""
    seen: dict[str, None] = {}
    for side in sc.sides:
        for o in side.objectives:
            if o.source:
                seen.setdefault(o.source, None)
    for step in sc.timeline:
        for s in step.sources:
            seen.setdefault(s, None)
    for ending in sc.endings:
        for s in ending.sources:
            seen.setdefault(s, None)
    return list(seen)


def _start(sc: Scenario) -> str:
    facts = [shown(f.label, start_situation(sc)) for f in sc.flags if f.initial]
    rows = [(v.label, v.initial, _("{low} to {high}").format(low=v.low, high=v.high)) for v in sc.variables]
    heading, already = _("The situation on {date}").format(date=long_date(sc.start)), _("Already established:")
    html = [f"<h2>{esc(heading)}</h2>", paragraphs(sc.summary),
            table((_("Measure"), _("At the start"), _("Range")), rows, numeric=(1,), widths=(50, 20, 30))]
    if facts:
        html.append(f"<p>{esc(already)} " + "; ".join(esc(f) for f in facts) + ".</p>")
    return "".join(html)


def _calendar(sc: Scenario) -> str:
    """The dated calendar of the period the game covers (dates and titles only: no outcomes)."""
    rows = [(short_date(p.date), sc.side(p.actor).name,
             _("{title} (only if history has changed)").format(title=p.title) if p.is_counterfactual else p.title)
            for p in sc.points]
    heading = _("The period: {start} to {end}").format(start=month_year(sc.start), end=month_year(sc.end))
    note = _("The moments of decision, in date order. Events may come between them.")
    return (f"<h2>{esc(heading)}</h2><p class=muted>{esc(note)}</p>"
            + table((_("Date"), _("Who decides"), _("Decision")), rows, widths=(16, 20, 64)))


def _sheet(sc: Scenario, point: DecisionPoint, number: int, situation: Optional[Snapshot]) -> str:
    choices = "".join(f"<li><b>{esc(c.label)}</b>" + (f"<br><span class=muted>{esc(c.hint)}</span>" if c.hint else "")
                      + "</li>" for c in point.choices)
    sources = "".join(f"<li>{esc(s)}</li>" for s in point.sources)
    only_if = _("This moment only comes if history has already changed.")
    counterfactual = f"<p class=muted>{esc(only_if)}</p>" if point.is_counterfactual else ""
    heading = _("Decision {number}: {title}").format(number=number, title=point.title)
    your_choices, why, sources_word = _("Your choices"), _("Your decision and why:"), _("Sources")
    return (f'<section class="sheet"><h2>{esc(heading)}</h2>'
            f"<p><b>{long_date(point.date)}</b>, {esc(sc.side(point.actor).name)}</p>{counterfactual}"
            f"{paragraphs(shown(point.briefing, situation))}<h3>{esc(your_choices)}</h3><ol>{choices}</ol>"
            f"<p>{esc(why)} ____________________________________________</p>"
            + (f"<h3>{esc(sources_word)}</h3><ul class=muted>{sources}</ul>" if sources else "") + "</section>")


def side_pack(game: Game, side_id: str) -> str:
    sc = game.scenario
    side = sc.side(side_id)
    situations = historical_situations(game)
    objectives = table((_("Objective"), _("Weight"), _("Why (source)")), [(o.label, f"{o.weight:g}", o.source)
                                                               for o in side.objectives], numeric=(1,), widths=(34, 9, 57))
    sheets = [_sheet(sc, p, i, situations.get(p.id))
              for i, p in enumerate((p for p in sc.points if p.actor == side_id), start=1)]
    sources = "".join(f"<li>{esc(s)}</li>" for s in all_sources(sc))
    you_are = _("Handout: you are the {side}").format(side=side.name)
    role, aims, sources_word = _("Your role: {side}").format(side=side.name), _("Your objectives"), _("Sources")
    body = (f"<h1>{esc(sc.title)}</h1><p class=muted>{esc(you_are)}</p>"
            f"<h2>{esc(role)}</h2>{paragraphs(side.description)}"
            f"<h3>{esc(aims)}</h3>{objectives}{_start(sc)}{_calendar(sc)}"
            + "".join(sheets)
            + f'<section class="sheet"><h2>{esc(sources_word)}</h2><ul class=muted>{sources}</ul></section>')
    return document(f"{sc.title}: {side.name}", body)


def _wordings(text: Text) -> str:
    """Every wording of a question, each with the condition it is shown under (the last one: otherwise)."""
    if len(text.variants) == 1:
        return paragraphs(text.variants[0].text)
    when, otherwise = _("When {condition}:"), _("Otherwise:")
    return "".join(f"<p class=muted>{esc(when.format(condition=v.when.source) if v.when else otherwise)}</p>"
                   f"{paragraphs(v.text)}" for v in text.variants)


def _questions(sc: Scenario) -> str:
    items = [(f"{long_date(p.date)}, {sc.side(p.actor).name}: {p.title}", p.debrief) for p in sc.points if p.debrief]
    items += [(_("Ending: {title}").format(title=e.title), e.debrief) for e in sc.endings if e.debrief]
    if not items:
        return ""
    heading = _("Questions for the discussion")
    return f"<h2>{esc(heading)}</h2>" + "".join(
        f'<h3>{esc(where)}</h3><div class="question">{_wordings(text)}</div>' for where, text in items)


def teacher_page(game: Game) -> str:
    sc = game.scenario
    really = _("{title} (how it really ended)")
    endings = "".join(f"<h3>{esc(really.format(title=e.title) if e.historical else e.title)}</h3>"
                      + _wordings(e.epilogue) for e in sc.endings)
    path = [(short_date(s.date), sc.side(s.actor).name if s.actor else _("Event"), s.title, s.choice or "",
             "; ".join(s.sources)) for s in historical_record(sc)]
    title = _("{title}: teacher's page").format(title=sc.title)
    path_heading, endings_heading = _("The historical path"), _("The endings")
    body = (f"<h1>{esc(title)}</h1>{paragraphs(sc.summary)}"
            f"<h2>{esc(path_heading)}</h2>"
            + table((_("Date"), _("Who"), _("Moment"), _("History's choice"), _("Sources")), path, widths=(12, 12, 22, 22, 32))
            + _questions(sc) + f"<h2>{esc(endings_heading)}</h2>{endings}")
    return document(title, body)


def write_handouts(game: Game, out: Path) -> list[Path]:
    """Write handout-<side>.html for each side and teacher.html into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    sc = game.scenario
    written = []
    for side in sc.sides:
        path = out / f"handout-{side.id}.html"
        write_text_atomic(path, side_pack(game, side.id))
        written.append(path)
    path = out / "teacher.html"
    write_text_atomic(path, teacher_page(game))
    written.append(path)
    return written
