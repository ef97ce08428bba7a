"""Readable and machine-readable accounts of a game: the log, the end report, the two timelines.

Shared by ``bloc-game replay`` and the text front end. Output depends only on
the game (no clocks, no set or hash ordering), so the same replay always gives
a byte-identical transcript.
"""

from __future__ import annotations

import textwrap
from typing import Any, Optional

from .engine import State
from .i18n import N_, _, ngettext
from .review import Review
from .scoring import (
    AFTER,
    ENDING_TITLE,
    MOVED,
    NEVER,
    ONLY_HERE,
    OTHER_CHOICE,
    SAME,
    Report,
    TimelineEntry,
    historical_record,
    score,
)
from .ui.presenter import (
    decision_line,
    historical_ending_title,
    horizon_note,
    log_lines,
    mattered_most,
    percent,
    policy_word,
    report_reviews,
    review_intro,
    score_facts,
    side_name,
    signed,
)

__all__ = ["WIDTH", "format_log", "format_report", "format_state", "format_timelines", "percent",
           "format_review", "report_markdown", "review_json", "seat_summary", "side_name", "signed", "status_label",
           "to_json", "transcript", "wrap"]

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
        who = _("player") if seat.is_human else _("{policy} policy").format(policy=policy_word(seat.label))
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
    flags = "; ".join(f"{f.label.for_state(state)} ({d})" for f, d in zip(sc.flags, state.flags) if d is not None) or _("none")
    return "\n".join(
        textwrap.fill(text, WIDTH, subsequent_indent="  ", break_on_hyphens=False)
        for text in (_("Final state: {values}").format(values=values), _("Facts established: {facts}").format(facts=flags))
    )


ENDING_WORDS = N_("The period ends")  # scoring.ENDING_TITLE, marked for translation
#: The comparison words of :mod:`bloc_game.scoring`, for translation where they are shown.
STATUS_WORDS = {SAME: N_("as in history"), MOVED: N_("another date"), NEVER: N_("never happened"),
                ONLY_HERE: N_("only in this game"), OTHER_CHOICE: N_("another choice"), AFTER: N_("after this game ended")}


def status_label(entry: TimelineEntry) -> str:
    if entry.status == MOVED and entry.history_date and entry.game_date:
        days = (entry.game_date - entry.history_date).days
        return ngettext("moved {days} day", "moved {days} days", abs(days)).format(days=f"{days:+d}")
    return _(STATUS_WORDS.get(entry.status, entry.status))


def happening(entry: TimelineEntry, side: str) -> str:
    """What a timeline entry says on one side: a decision's "side: choice", else the happening's name."""
    detail = entry.history_detail if side == "history" else entry.game_detail
    title = entry_title(entry)
    return f"{title}: {detail}" if detail else title


def entry_title(entry: TimelineEntry) -> str:
    """A timeline entry's name; the ending's is the game's own words (translated), the others the scenario's."""
    return _(ENDING_WORDS) if entry.key == "ending" and entry.title == ENDING_TITLE else entry.title


def _rows(entries: tuple[TimelineEntry, ...], title_width: int) -> list[str]:
    out = []
    for e in entries:
        text = happening(e, "history" if e.history_date else "game")
        if e.history_date and e.game_date and e.game_detail and e.game_detail != e.history_detail:
            text += " / " + _("this game: {detail}").format(detail=e.game_detail)
        lines = textwrap.wrap(text, title_width) or [""]
        left = str(e.history_date) if e.history_date else "-"
        right = str(e.game_date) if e.game_date else "-"
        out.append(f"  {left:<12}{right:<12}{lines[0]:<{title_width}}  {status_label(e)}")
        out.extend(f"  {'':<24}{line}" for line in lines[1:])
    return out


def format_timelines(report: Report) -> str:
    """The two timelines side by side; what history did after an early ending, apart."""
    title_width = WIDTH - 2 - 12 - 12 - 21
    history, game, happened, compared = _("History"), _("This game"), _("Happening"), _("Compared")  # not in the f-string:
    out = [f"  {history:<12}{game:<12}{happened:<{title_width}}  {compared}"]  # pybabel does not look there
    out += _rows(report.within_horizon, title_width)
    if report.after_horizon:
        out += ["", "  " + _("After this game ended ({date}), history went on:").format(date=report.horizon)]
        out += _rows(report.after_horizon, title_width)
    return "\n".join(out)


def format_review(rv: Review) -> str:
    """The decision review: the decision that mattered most, then every decision valued."""
    lines = [textwrap.fill(mattered_most(rv), WIDTH, initial_indent="  ", subsequent_indent="  "), "",
             textwrap.fill(review_intro(rv), WIDTH, initial_indent="  ", subsequent_indent="  ")]
    for d in rv.decisions:
        lines.append(f"  {d.date}  {d.title}")
        lines.append(textwrap.fill(decision_line(d), WIDTH, initial_indent=" " * 14, subsequent_indent=" " * 14))
    return "\n".join(lines)


def format_report(state: State, report: Optional[Report] = None, review: bool = False) -> str:
    """The end report: ending, epilogue, score against history, the decision review (if asked), the timelines."""
    report = report or score(state)
    lines = [_("ENDING: {title}").format(title=report.ending.title), "",
             wrap(report.ending.epilogue.for_state(state), "  "), ""]
    in_history = historical_ending_title(report)
    if in_history:
        lines += [_("In history: {title}").format(title=in_history), ""]
    lines.append(_("SCORE AGAINST HISTORY"))
    lines += [textwrap.fill(f.plain(), WIDTH, initial_indent="  ", subsequent_indent="    ")
              for f in score_facts(state, report)]
    if review:
        reviews, why_not = report_reviews(state)
        if not reviews:
            lines += ["", _("DECISION REVIEW"),
                      textwrap.fill(why_not or "", WIDTH, initial_indent="  ", subsequent_indent="  ")]
        for rv in reviews:
            lines += ["", _("DECISION REVIEW") + (f": {rv.side_name.upper()}" if len(reviews) > 1 else ""), format_review(rv)]
    lines += ["", _("TIMELINES"), format_timelines(report)]
    differ = [e for e in report.entries if e.cost > 0]
    if differ:
        lines.append("  " + ngettext("{n} happening differs from the record.", "{n} happenings differ from the record.",
                                     len(differ)).format(n=len(differ)))
    note = horizon_note(report)
    if note:
        lines.append(textwrap.fill(note, WIDTH, initial_indent="  ", subsequent_indent="  "))
    return "\n".join(lines)


def transcript(state: State) -> str:
    """The whole game as text: header, log, final state and end report."""
    sc = state.scenario
    head = [
        _("Bloc Game transcript: {title} ({id})").format(title=sc.title, id=sc.id),
        _("Seats: {seats}; seed {seed}").format(seats=seat_summary(state), seed=state.seed),
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
        head.append(_("The game is not over: next is '{title}' ({date}).").format(title=point.title, date=point.date))
    return "\n".join(head) + "\n"


def review_json(rv: Review) -> dict[str, Any]:
    """The decision review as plain data: ids for machines beside labels for people."""
    top = rv.mattered_most
    return {
        "side": rv.side, "side_name": rv.side_name, "opponent": rv.opponent, "states": rv.states,
        "mattered_most": None if top is None else {"point": top.point_id, "title": top.title,
                                                   "verdict": top.verdict, "summary": mattered_most(rv)},
        "decisions": [
            {"point": d.point_id, "date": d.date, "title": d.title,
             "taken": d.taken, "taken_label": d.taken_label, "value_taken": round(d.value_taken, 4),
             "best": list(d.best), "best_label": d.best_label, "value_best": round(d.value_best, 4),
             "historical": d.historical, "historical_label": d.historical_label,
             "value_historical": None if d.value_historical is None else round(d.value_historical, 4),
             "verdict": d.verdict}
            for d in rv.decisions
        ],
    }


def to_json(state: State, review: bool = False) -> dict[str, Any]:
    """The game and its score as plain data (dates as ISO text), for ``--json``; ids beside labels."""
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
        data["ending_title"] = report.ending.title
        data["score"] = {
            "fidelity": round(report.fidelity, 4),
            "fidelity_by_side": {s: round(f, 4) for s, f in report.fidelity_by_side},
            "divergence": None if report.divergence is None else {
                "kind": report.divergence.kind, "id": report.divergence.id,
                "date": report.divergence.date.isoformat(), "title": report.divergence.title,
                "description": report.divergence.describe(),
            },
            "distance": round(report.distance, 4),
            "max_distance": report.max_distance,
            "horizon": report.horizon.isoformat(),
            "outcome": {o.side: round(o.delta, 4) for o in report.outcomes},
            "timeline": [
                {"key": e.key, "title": e.title, "status": e.status, "cost": round(e.cost, 4),
                 "history": e.history_date.isoformat() if e.history_date else None,
                 "game": e.game_date.isoformat() if e.game_date else None,
                 "history_detail": e.history_detail, "game_detail": e.game_detail}
                for e in report.entries
            ],
        }
        if review:
            reviews, why_not = report_reviews(state)
            # "review": the (first) player's; "reviews": every human side's (two in a hot-seat game).
            data["review"] = review_json(reviews[0]) if reviews else {"unavailable": why_not}
            data["reviews"] = [review_json(rv) for rv in reviews]
    return data


def report_markdown(state: State, reviews: Optional[tuple[Review, ...]] = None, why_not: Optional[str] = None) -> str:
    """The end report as Markdown, for export: score, epilogue, both timelines, sources."""
    report = score(state)
    sc = state.scenario
    lines = [
        f"# {sc.title}: {report.ending.title}",
        "",
        _("Seats: {seats}; seed {seed}.").format(seats=seat_summary(state), seed=state.seed),
        "",
        "## " + _("Score against history"),
        "",
    ]
    lines += ["- " + f.render(label=lambda t: f"**{t}**") for f in score_facts(state, report)]
    if reviews is None:  # not reviewed yet (a front end that has reviewed passes its reviews, or why there are none)
        reviews, why_not = report_reviews(state)
    if not reviews:
        lines += ["", "## " + _("Decision review"), "", why_not or _("No decisions to review.")]
    for rv in reviews:
        lines += ["", "## " + _("Decision review") + (f": {rv.side_name}" if len(reviews) > 1 else ""), ""]
        lines += [f"**{mattered_most(rv)}**", "", review_intro(rv), ""]
        lines += [f"- {d.date} *{d.title}*: {decision_line(d)}" for d in rv.decisions]
    history, game, happened, compared = _("History"), _("This game"), _("Happening"), _("Compared")
    lines += ["", "## " + _("Epilogue"), "", " ".join(report.ending.epilogue.for_state(state).split()), "",
              "## " + _("The two timelines"), "",
              f"| {history} | {game} | {happened} | {compared} |", "|---|---|---|---|"]
    for e in report.within_horizon:
        lines.append(f"| {e.history_date or '-'} | {e.game_date or '-'} | {_md_happening(e)} | {status_label(e)} |")
    if report.after_horizon:
        lines += ["", "### " + _("After this game ended ({date})").format(date=report.horizon), "",
                  f"| {history} | {happened} |", "|---|---|"]
        lines += [f"| {e.history_date} | {_md_happening(e)} |" for e in report.after_horizon]
    note = horizon_note(report)
    if note:
        lines += ["", note]
    lines += ["", "## " + _("Your decisions"), ""]
    for line in log_lines(state):
        if line.is_choice:
            lines.append(f"- {line.happening.date} {line.actor}, *{line.title}*: {line.label} ({line.stands})"
                         f"{line.mark()}")
    lines += ["", "## " + _("What really happened"), ""]
    for step in historical_record(sc):
        text = f"{step.title}: {step.choice}" if step.choice else step.title
        sources = " (" + _("sources: {sources}").format(sources="; ".join(step.sources)) + ")" if step.sources else ""
        lines.append(f"- {step.date} {text}{sources}")
    return "\n".join(lines) + "\n"


def _md_happening(entry: TimelineEntry) -> str:
    text = happening(entry, "history" if entry.history_date else "game")
    if entry.history_date and entry.game_date and entry.game_detail and entry.game_detail != entry.history_detail:
        text += " / " + _("this game: {detail}").format(detail=entry.game_detail)
    return text.replace("|", "\\|")
