"""The words of the end report and of the log, written once: the terminal, the transcript, the Markdown
export and the desktop lay them out.

A :class:`Fact` is one line of the score against history, split into the part a front
end emphasises (``value``) and the words around it, so each front end can bold or
colour the figure without rewording the line. No pygame here: ``ui/text.py`` and
``transcript.py`` use it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Union

from ..engine import HUMAN, ChoiceMade, EndingReached, EventResolved, Happening, PointSkipped, State
from ..errors import BlocGameError
from ..i18n import N_, _, decimal, ngettext, prose_date
from ..i18n import long_date as long_date
from ..i18n import short_date as short_date
from ..review import BEAT, FELL_SHORT, MATCHED, DecisionReview, Review, review
from ..scoring import Divergence, Report

BETTER, SAME, WORSE = 1, 0, -1


def signed(x: float) -> str:
    """A score difference as a player reads it: +12.5, -3.0, 0."""
    if abs(x) < 0.05:
        return "0"
    return decimal(x, sign=True)


def percent(x: float) -> str:
    # Translators: a percentage; German and Russian put a space before the sign ("80 %").
    return _("{percent}%").format(percent=f"{100 * x:.0f}")


#: The policies' names as a player reads them (the engine's ids are the keys).
POLICY_WORDS = {"historical": N_("historical"), "random": N_("random"), "lookahead": N_("lookahead"),
                "scripted": N_("scripted"), "human": N_("human")}


def policy_word(policy: str) -> str:
    """A policy's name in the interface's language ("historical" -> "historisch")."""
    return _(POLICY_WORDS[policy]) if policy in POLICY_WORDS else policy


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
        # Translators: a label before its value ("Fidelity: 80%").
        return label(_("{label}:").format(label=self.label)) + " " + value(self.value) + text(self.rest)

    def plain(self) -> str:
        return self.render()


def score_facts(state: State, report: Report) -> list[Fact]:
    """The score against history, line by line: fidelity, divergence, distance, each side's outcome."""
    by_side = ", ".join(f"{side_name(state, s)} {percent(f)}" for s, f in report.fidelity_by_side)
    year = state.scenario.end.year
    divergence = report.divergence
    facts = [
        Fact(_("Fidelity"), percent(report.fidelity), _(" of historical decisions kept ({by_side})").format(by_side=by_side)),
        Fact(_("Divergence point"), describe_divergence(divergence) if divergence else _("none"),
             "" if divergence else _(", history was followed")),
        Fact(_("Timeline distance"), decimal(report.distance),
             _(" of {maximum} (0 is history; the same scale for every game of this scenario)").format(
                 maximum=report.max_distance)),
    ]
    for o in report.outcomes:
        tone = BETTER if o.delta > 0.05 else (WORSE if o.delta < -0.05 else SAME)
        facts.append(Fact(o.name, signed(o.delta), _(" against {year} (objectives {score} here, {history} in history)").format(
            year=year, score=decimal(o.score), history=decimal(o.history_score)), tone))
    return facts


def describe_divergence(d: Divergence) -> str:
    """Where the path left history, in words (``Divergence.describe``, translated)."""
    if d.kind == "choice":
        text = _("{date} {title}: '{taken}' instead of '{historical}'")
    elif d.kind == "skipped":
        text = _("{date} {title}: never reached (history chose '{historical}')")
    else:
        text = _("{date} {title}: the event went otherwise than in history")
    return text.format(date=prose_date(d.date), title=d.title, taken=d.taken_label, historical=d.historical_label)


def historical_ending_title(report: Report) -> Optional[str]:
    """How the period really ended, when this game ended otherwise (else None)."""
    if report.historical_ending and report.historical_ending.id != report.ending.id:
        return report.historical_ending.title
    return None


# ----------------------------------------------------------------------------- the log

#: How every log marks a happening history did not have (issue 11: an invented event must never pass for a real one).
COUNTERFACTUAL = N_("[counterfactual]")


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
        if not isinstance(self.happening, ChoiceMade):
            return ""
        return _("{by}; {stands}").format(by=self.happening.by, stands=self.stands)

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
        return " " + style(_(COUNTERFACTUAL)) if self.counterfactual else ""


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
            who = _("You") if h.by == HUMAN and solo else actor
            headline = _("{side}: {title}").format(side=actor, title=title)
            stands = _("counterfactual point") if h.point.is_counterfactual else (
                _("as in history") if h.choice.historical else _("diverges from history"))
        elif isinstance(h, EventResolved):
            title = h.event.title
            headline = (_("Event: {title}") if h.fired else _("History's '{title}' did not happen")).format(title=title)
        elif isinstance(h, PointSkipped):
            title = h.point.title
            headline = _("History's '{title}' did not arise").format(title=title)
        else:
            assert isinstance(h, EndingReached)
            title = h.ending.title
            headline = _("The end: {title}").format(title=title)
        out.append(LogLine(h, headline, title, actor, who, label, stands, h.text))
    return out


def horizon_note(report: Report) -> Optional[str]:
    """For a game that ended early: what its timeline says nothing about (else None)."""
    later = report.after_horizon
    if not later:
        return None
    return ngettext("This game ended on {date}. What history did after that date ({n} happening) "
                    "is shown apart as \"after this game ended\" and is not counted in the distance.",
                    "This game ended on {date}. What history did after that date ({n} happenings) "
                    "is shown apart as \"after this game ended\" and is not counted in the distance.",
                    len(later)).format(date=report.horizon, n=len(later))


#: Review a game in the end report only when its tree is at most this big (about a minute on a slow machine);
#: ``bloc-game review`` goes on to :data:`~bloc_game.solve.MAX_STATES`.
REPORT_REVIEW_STATES = 1_000_000


def report_reviews(state: State) -> tuple[tuple[Review, ...], Optional[str]]:
    """The decision review of every human side (two in a hot-seat game), or why there is none."""
    if not state.human_sides:
        return (), _("No decisions to review: both sides were played by policies.")
    try:
        return tuple(review(state, side, max_states=REPORT_REVIEW_STATES) for side in state.human_sides), None
    except BlocGameError as err:
        return (), _("The decision review was not computed: {problem}. Run 'bloc-game review' on a saved replay for it.").format(
            problem=err)


def choice_value(label: str, value: Optional[float]) -> str:
    return f"{label} ({signed(value or 0.0)})"


def mattered_most(rv: Review) -> str:
    """One sentence naming the decision that mattered most and how the player did there against history."""
    d = rv.mattered_most
    if d is None:
        return _("The {side} made no decisions in this game.").format(side=rv.side_name)
    text = _("The decision that mattered most: {date}, {title}. You chose \"{choice}\" ({value})").format(
        date=prose_date(d.date), title=d.title, choice=d.taken_label, value=signed(d.value_taken))
    if d.historical_label is not None and d.verdict is not None:
        if d.historical != d.taken:
            text += _("; history chose \"{choice}\" ({value})").format(
                choice=d.historical_label, value=signed(d.value_historical or 0.0))
        by = decimal(abs(d.against_history or 0.0))
        text += {BEAT: _(": you beat history there by {amount}"), MATCHED: _(": you matched history there"),
                 FELL_SHORT: _(": you fell short of history there by {amount}")}[d.verdict].format(amount=by)
    else:
        text += _("; this point never arose in history")
    if d.loss > 0.05:
        text += _(". The best choice was \"{choice}\" ({value})").format(choice=d.best_label, value=signed(d.value_best))
    return text + "."


def review_intro(rv: Review) -> str:
    other = (_("the {policy} policy standing in for the other player") if rv.opponent_human
             else _("the other side by its {policy} policy")).format(policy=policy_word(rv.opponent))
    return _("Each decision of the {side}, valued as the expected outcome against history if you "
             "play your best afterwards ({other}; chance by its odds).").format(side=rv.side_name, other=other)


def decision_line(d: DecisionReview) -> str:
    """One decision: what was chosen and what the best and history's choices were worth."""
    parts = [_("you: {choice}").format(choice=choice_value(d.taken_label, d.value_taken))]
    if d.taken not in d.best:
        parts.append(_("best: {choice}").format(choice=choice_value(d.best_label, d.value_best)))
    else:
        parts.append(_("the best choice") if len(d.best) == 1 else _("one of the best"))
    if d.historical is None:
        parts.append(_("history never faced this"))
    elif d.historical != d.taken:
        parts.append(_("history: {choice}").format(choice=choice_value(d.historical_label or "", d.value_historical)))
    else:
        parts.append(_("as history chose"))
    return "; ".join(parts)
