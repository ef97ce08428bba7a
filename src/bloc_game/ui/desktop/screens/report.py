"""The end report: the score against history, the decision review, the two-lane chart, the epilogue,
and what really happened.

The decision review is solved on a background thread (a first review of a scenario can
take seconds; later ones read the cache), so the screen is drawn at once and the review
box fills in when the values are ready.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Optional

import pygame
from pygame_gui.elements import UIButton, UIImage, UILabel, UITextEntryLine, UIWindow

from ....classroom.handin import clean_name, hand_in
from ....engine import State
from ....errors import BlocGameError
from ....i18n import _, prose_date
from ....paths import user_folder
from ....review import Review
from ....scoring import Report, historical_record, score
from ....transcript import report_markdown
from ...presenter import (
    BETTER,
    SAME,
    WORSE,
    decision_line,
    historical_ending_title,
    horizon_note,
    mattered_most,
    report_reviews,
    review_intro,
    score_facts,
    short_date,
)
from .. import charts
from ..app import App, Screen
from ..gui_text import Markup, set_html, text_box
from ..settings import save_settings
from .common import PAD, fit, join, line_height, markup, paragraphs, plain


class ReportScreen(Screen):
    """The score against history, the two-lane chart, the epilogue, and what really happened."""

    def __init__(self, app: App, state: State) -> None:
        super().__init__(app)
        self.state = state
        self.game = state.game
        self.report: Report = score(state)
        self.reviews: tuple[Review, ...] = ()
        self.review_problem: Optional[str] = None
        self._review_done = threading.Event()
        self._review_shown = False
        threading.Thread(target=self._solve_review, name="decision-review", daemon=True).start()

    def _solve_review(self) -> None:
        try:
            self.reviews, self.review_problem = report_reviews(self.state)
        except Exception as err:  # noqa: BLE001 - a failed review must not take the report down with it
            self.review_problem = _("The decision review could not be computed: {problem}").format(problem=err)
        finally:
            self._review_done.set()

    def wait_for_review(self, timeout: float = 120.0) -> bool:
        """Block until the review is ready (tests and screenshots); True when it is shown."""
        if self._review_done.wait(timeout):
            self.update(0.0)
        return self._review_shown

    def update(self, dt: float) -> None:
        super().update(dt)
        if not self._review_shown and self._review_done.is_set() and hasattr(self, "review_box"):
            self._review_shown = True
            set_html(self.review_box, self._review_html())

    def build(self) -> None:
        w, h = self.app.size
        r, sc = self.report, self.game.scenario
        buttons = [(_("Hand in…"), self.open_hand_in), (_("Export PNG"), self.export_png),
                   (_("Export Markdown"), self.export_markdown),
                   (_("New game"), lambda: self.app.switch(self.app.screens.scenario(self.app))),
                   (_("Title"), lambda: self.app.switch(self.app.screens.title(self.app)))]
        x = w - PAD
        button_h = line_height(self.app, 14, pad=14)
        head_h = max(button_h, line_height(self.app, 20, bold=True))
        for label, command in reversed(buttons):
            bw = max(110, self.app.font(14).size(label)[0] + 30)
            x -= bw
            self.add(UIButton(pygame.Rect(x, PAD + (head_h - button_h) // 2, bw, button_h), plain(label), self.manager,
                              command=command))
            x -= 6
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, x - PAD * 4, head_h),
                         plain(fit(self.app, _("The end: {title}").format(title=r.ending.title), 20, x - PAD * 4, bold=True)),
                         self.manager,
                         object_id="#heading"))
        chart_h = max(190, int(h * 0.27))
        top = head_h + 2 * PAD
        body_h = h - top - chart_h - 2 * PAD
        left_w = int(w * 0.46)
        self.score_box = self.add(text_box(self._score_html(), pygame.Rect(PAD * 2, top, left_w, body_h // 2 - 4), self.manager))
        self.epilogue_box = self.add(text_box(
            markup("<b>{}</b><br>{}", _("Epilogue"), paragraphs(r.ending.epilogue.for_state(self.state))),
            pygame.Rect(PAD * 2, top + body_h // 2 + 4, left_w, body_h // 2 - 4), self.manager))
        right_w = w - left_w - PAD * 5
        review_h = int(body_h * 0.55)
        self.review_box = self.add(text_box(self._review_html(), pygame.Rect(
            PAD * 3 + left_w, top, right_w, review_h - 4), self.manager))
        self.history_box = self.add(text_box(self._history_html(), pygame.Rect(
            PAD * 3 + left_w, top + review_h + 4, right_w, body_h - review_h - 4), self.manager))
        self._review_shown = self._review_done.is_set()
        chart_rect = pygame.Rect(PAD * 2, h - chart_h - PAD, w - PAD * 4, chart_h)
        self.chart = self.add(UIImage(chart_rect, charts.two_lane_chart(chart_rect.size, r, sc, self.app.font(14),
                                                                        self.app.font(12)), self.manager))

    def _score_html(self) -> Markup:
        colours = {BETTER: "#5caa6e", WORSE: "#e0783c", SAME: "#ebe6d8"}
        lines = [markup("<b>{}</b>", _("Your path against history"))]
        for fact in score_facts(self.state, self.report):
            bold = markup("<b>{}</b>", fact.value)
            if fact.tone is not None:
                bold = markup("<font color='{}'>{}</font>", colours[fact.tone], bold)
            lines.append(markup("{} {}{}", _("{label}:").format(label=fact.label), bold, fact.rest))  # Fact.render's layout
        in_history = historical_ending_title(self.report)
        if in_history:
            lines.append(markup("{} <i>{}</i>", _("In history the period ended as:"), in_history))
        note = horizon_note(self.report)
        if note:
            lines.append(markup("<i>{}</i>", note))
        return join("<br>", lines)

    def _review_html(self) -> Markup:
        head = markup("<b>{}</b>", _("Decision review"))
        if not self._review_done.is_set():
            return markup("{}<br><i>{}</i>", head, _("Weighing every choice you made against the best and history's..."))
        if not self.reviews:
            return markup("{}<br>{}", head, self.review_problem or "")
        rows = [head]
        for rv in self.reviews:
            if len(self.reviews) > 1:
                rows.append(markup("<b>{}</b>", rv.side_name))
            rows += [markup("<font color='#e8c35a'><b>{}</b></font>", mattered_most(rv)),
                     markup("<font color='#b9b4a6' size=2>{}</font>", review_intro(rv))]
            rows += [markup("<b>{}</b> {}<br>&nbsp;&nbsp;{}", prose_date(d.date), d.title, decision_line(d))
                     for d in rv.decisions]
        return join("<br>", rows)

    def _history_html(self) -> Markup:
        sc = self.game.scenario
        rows = []
        for step in historical_record(sc):
            if step.actor is not None:
                text = markup("<b>{}</b> {}: {}. <i>{}</i>", short_date(step.date), sc.side(step.actor).name,
                              step.title, step.choice or "")
            else:
                text = markup("<b>{}</b> {}", short_date(step.date), step.title)
            rows.append(markup("{}<br><font color='#b9b4a6' pixel_size={}>{}</font>", text, self.app.px(11),
                               join("; ", step.sources)))
        return markup("<b>{}</b><br><br>{}", _("What really happened"), join("<br>", rows))

    def open_hand_in(self) -> None:
        """Ask for the player's name (kept in the settings) and a folder, then write the game record there."""
        app = self.app
        w, h = app.size
        rect = pygame.Rect(0, 0, min(560, w - 40), min(300, h - 40))
        rect.center = (w // 2, h // 2)
        window = UIWindow(rect, app.manager, window_display_title=plain(_("Hand in this game")), always_on_top=True)
        app.show_dialog(window)
        UILabel(pygame.Rect(12, 8, 500, 28), plain(_("Your name:")), app.manager, container=window, object_id="#small")
        name = UITextEntryLine(pygame.Rect(12, 36, 500, 36), app.manager, container=window)
        name.set_text(plain(app.settings.player_name))
        UILabel(pygame.Rect(12, 80, 500, 28), plain(_("The folder to write it to:")), app.manager, container=window,
                object_id="#small")
        folder = UITextEntryLine(pygame.Rect(12, 108, 500, 36), app.manager, container=window)
        folder.set_text(plain(app.settings.hand_in_folder or str(Path.home())))

        def hand() -> None:
            who, where = clean_name(name.get_text()), Path(folder.get_text().strip()).expanduser()
            try:
                path = hand_in(self.state, where, who)
            except BlocGameError as err:
                app.message(_("Not handed in"), str(err))
                return
            app.settings = replace(app.settings, player_name=who, hand_in_folder=str(where))
            save_settings(app.settings)
            app.close_dialog()
            app.message(_("Handed in"), _("The game was handed in as {name}:").format(name=who) + f"\n{path}")

        hand_word, cancel_word = _("Hand in"), _("Cancel")
        hand_w = max(200, app.font(18, bold=True).size(hand_word)[0] + 40)
        UIButton(pygame.Rect(12, 160, hand_w, 40), plain(hand_word), app.manager, container=window, object_id="#primary",
                 command=hand)
        UIButton(pygame.Rect(22 + hand_w, 160, max(160, app.font(14).size(cancel_word)[0] + 40), 40), plain(cancel_word),
                 app.manager, container=window, command=app.close_dialog)
        self.hand_in_parts = {"window": window, "name": name, "folder": folder, "hand_in": hand}

    def spoken(self) -> str:
        r = self.report
        facts = "\n".join(f.plain() for f in score_facts(self.state, r))
        return (_("The end: {title}.").format(title=r.ending.title) + f"\n{facts}\n" + _("Epilogue.")
                + f"\n{r.ending.epilogue.for_state(self.state)}")

    def back(self) -> None:
        self.app.switch(self.app.screens.title(self.app))

    def export_png(self) -> Path:
        if self.wait_for_review():  # the picture shows the review, not the note that it is on its way
            self.app.frame((), 0.0)
        path = user_folder("exports") / f"{self.game.scenario.id}-{datetime.now():%Y%m%d-%H%M%S}.png"
        pygame.image.save(self.app.surface, str(path))
        self.app.notice(_("Exported the picture to") + f"\n{path}")
        return path

    def export_markdown(self) -> Path:
        self.wait_for_review()
        path = user_folder("exports") / f"{self.game.scenario.id}-{datetime.now():%Y%m%d-%H%M%S}.md"
        path.write_text(report_markdown(self.state, self.reviews, self.review_problem), encoding="utf-8")
        self.app.notice(_("Exported the report (Markdown) to") + f"\n{path}")
        return path
