"""The end report: the score against history, the two-lane chart, the epilogue, and what really happened."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pygame
from pygame_gui.elements import UIButton, UIImage, UILabel, UITextEntryLine, UIWindow

from ....classroom.handin import clean_name, hand_in
from ....engine import State
from ....errors import BlocGameError
from ....paths import user_folder
from ....scoring import Report, historical_record, score
from ....transcript import report_markdown
from ...presenter import BETTER, SAME, WORSE, historical_ending_title, score_facts
from .. import charts
from ..app import App, Screen
from ..gui_text import Markup, text_box
from ..settings import save_settings
from .common import PAD, join, markup, paragraphs, plain


class ReportScreen(Screen):
    """The score against history, the two-lane chart, the epilogue, and what really happened."""

    def __init__(self, app: App, state: State) -> None:
        super().__init__(app)
        self.state = state
        self.game = state.game
        self.report: Report = score(state)

    def build(self) -> None:
        w, h = self.app.size
        r, sc = self.report, self.game.scenario
        buttons = [("Hand in…", self.open_hand_in), ("Export PNG", self.export_png),
                   ("Export Markdown", self.export_markdown),
                   ("New game", lambda: self.app.switch(self.app.screens.scenario(self.app))),
                   ("Title", lambda: self.app.switch(self.app.screens.title(self.app)))]
        x = w - PAD
        for label, command in reversed(buttons):
            bw = 150 if "Export" in label else (100 if "Hand" in label else 90)
            x -= bw
            self.add(UIButton(pygame.Rect(x, PAD, bw, 40), plain(label), self.manager, command=command))
            x -= 6
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, x - PAD * 4, 40), plain(f"The end: {r.ending.title}"),
                         self.manager, object_id="#heading"))
        chart_h = max(190, int(h * 0.27))
        top = 62
        body_h = h - top - chart_h - 2 * PAD
        left_w = int(w * 0.46)
        self.score_box = self.add(text_box(self._score_html(), pygame.Rect(PAD * 2, top, left_w, body_h // 2 - 4), self.manager))
        self.epilogue_box = self.add(text_box(
            markup("<b>Epilogue</b><br>{}", paragraphs(r.ending.epilogue.for_state(self.state))),
            pygame.Rect(PAD * 2, top + body_h // 2 + 4, left_w, body_h // 2 - 4), self.manager))
        self.history_box = self.add(text_box(self._history_html(), pygame.Rect(
            PAD * 3 + left_w, top, w - left_w - PAD * 5, body_h), self.manager))
        chart_rect = pygame.Rect(PAD * 2, h - chart_h - PAD, w - PAD * 4, chart_h)
        self.chart = self.add(UIImage(chart_rect, charts.two_lane_chart(chart_rect.size, r, sc, self.app.font(14),
                                                                        self.app.font(12)), self.manager))

    def _score_html(self) -> Markup:
        colours = {BETTER: "#5caa6e", WORSE: "#e0783c", SAME: "#ebe6d8"}
        lines = [markup("<b>Your path against history</b>")]
        for fact in score_facts(self.state, self.report):
            bold = markup("<b>{}</b>", fact.value)
            if fact.tone is not None:
                bold = markup("<font color='{}'>{}</font>", colours[fact.tone], bold)
            lines.append(markup("{} {}{}", f"{fact.label}:", bold, fact.rest))  # Fact.render's layout
        in_history = historical_ending_title(self.report)
        if in_history:
            lines.append(markup("In history the period ended as: <i>{}</i>", in_history))
        return join("<br>", lines)

    def _history_html(self) -> Markup:
        sc = self.game.scenario
        rows = []
        for step in historical_record(sc):
            if step.actor is not None:
                text = markup("<b>{}</b> {}: {}. <i>{}</i>", f"{step.date:%d %b %Y}", sc.side(step.actor).name,
                              step.title, step.choice or "")
            else:
                text = markup("<b>{}</b> {}", f"{step.date:%d %b %Y}", step.title)
            rows.append(markup("{}<br><font color='#b9b4a6' size=2>{}</font>", text, join("; ", step.sources)))
        return markup("<b>What really happened</b><br><br>{}", join("<br>", rows))

    def open_hand_in(self) -> None:
        """Ask for the player's name (kept in the settings) and a folder, then write the game record there."""
        app = self.app
        w, h = app.size
        rect = pygame.Rect(0, 0, min(560, w - 40), min(300, h - 40))
        rect.center = (w // 2, h // 2)
        window = UIWindow(rect, app.manager, window_display_title="Hand in this game", always_on_top=True)
        app.show_dialog(window)
        UILabel(pygame.Rect(12, 8, 500, 28), "Your name:", app.manager, container=window, object_id="#small")
        name = UITextEntryLine(pygame.Rect(12, 36, 500, 36), app.manager, container=window)
        name.set_text(plain(app.settings.player_name))
        UILabel(pygame.Rect(12, 80, 500, 28), "The folder to write it to:", app.manager, container=window,
                object_id="#small")
        folder = UITextEntryLine(pygame.Rect(12, 108, 500, 36), app.manager, container=window)
        folder.set_text(plain(app.settings.hand_in_folder or str(Path.home())))

        def hand() -> None:
            who, where = clean_name(name.get_text()), Path(folder.get_text().strip()).expanduser()
            try:
                path = hand_in(self.state, where, who)
            except BlocGameError as err:
                app.message("Not handed in", str(err))
                return
            app.settings = replace(app.settings, player_name=who, hand_in_folder=str(where))
            save_settings(app.settings)
            app.close_dialog()
            app.message("Handed in", f"The game was handed in as {who}:\n{path}")

        UIButton(pygame.Rect(12, 160, 200, 40), "Hand in", app.manager, container=window, object_id="#primary",
                 command=hand)
        UIButton(pygame.Rect(222, 160, 160, 40), "Cancel", app.manager, container=window, command=app.close_dialog)
        self.hand_in_parts = {"window": window, "name": name, "folder": folder, "hand_in": hand}

    def export_png(self) -> Path:
        path = user_folder("exports") / f"{self.game.scenario.id}-{datetime.now():%Y%m%d-%H%M%S}.png"
        pygame.image.save(self.app.surface, str(path))
        self.app.message("Exported", f"The report picture was saved to\n{path}")
        return path

    def export_markdown(self) -> Path:
        path = user_folder("exports") / f"{self.game.scenario.id}-{datetime.now():%Y%m%d-%H%M%S}.md"
        path.write_text(report_markdown(self.state), encoding="utf-8")
        self.app.message("Exported", f"The report was saved as Markdown to\n{path}")
        return path
