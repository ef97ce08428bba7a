"""Choosing a scenario: the shipped ones and the player's own folder, broken ones with their messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UISelectionList

from ....engine import Game
from ....errors import Problem, ScenarioError
from ....i18n import _, ngettext
from ....paths import shipped_scenarios, user_folder
from ....speech import plain as for_ear
from ....translation import language_line
from ...presenter import long_date
from ..app import App, Screen
from ..gui_text import set_html, text_box
from .common import PAD, join, line_height, markup, paragraphs, plain

#: Problems of a broken scenario listed on the screen (the rest: bloc-game validate).
SHOWN_PROBLEMS = 40


@dataclass
class ScenarioEntry:
    path: Path
    game: Optional[Game]
    problems: list[Problem]

    def problem_lines(self) -> list[str]:
        """The problems as validate words them, naming the file but not its folder (a student's
        screen, maybe a projector: the line and column are what matter)."""
        full = {str(self.path), str(self.path.resolve())}
        out = []
        for problem in self.problems:
            text = str(problem)
            for path in sorted(full, key=len, reverse=True):
                text = text.replace(path, self.path.name)
            out.append(text)
        return out

    @property
    def title(self) -> str:
        if self.game is None:
            return _("{file} (cannot be played)").format(file=self.path.name)
        return _("{title} (has problems)").format(title=self.game.scenario.title) if self.problems else self.game.scenario.title


class ScenarioScreen(Screen):
    """The shipped scenarios and the player's own folder, with details; broken ones show their messages."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.entries = [self._entry(app, p) for p in shipped_scenarios() + sorted(user_folder("scenarios").glob("*.yaml"))]
        self.selected: Optional[ScenarioEntry] = next(
            (e for e in self.entries if e.path.resolve() == app.scenario_path.resolve()),
            self.entries[0] if self.entries else None)

    @staticmethod
    def _entry(app: App, path: Path) -> ScenarioEntry:
        try:
            game = app.game(path)  # loaded once while the file is unchanged
        except ScenarioError as err:
            return ScenarioEntry(path, None, list(err.problems))
        return ScenarioEntry(path, game, game.check_history())

    def build(self) -> None:
        w, h = self.app.size
        head_h, foot_h = line_height(self.app, 20, bold=True), line_height(self.app, 18, bold=True, pad=18)
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, w - 4 * PAD, head_h), plain(_("Choose a scenario")), self.manager,
                         object_id="#heading"))
        list_w = int(w * 0.36)
        body = pygame.Rect(PAD * 2, head_h + 2 * PAD, w - 4 * PAD, h - head_h - foot_h - 5 * PAD)
        self.list = self.add(UISelectionList(pygame.Rect(body.left, body.top, list_w, body.height),
                                             [plain(e.title) for e in self.entries], self.manager,
                                             default_selection=plain(self.selected.title) if self.selected else None))
        self.details = self.add(text_box("", pygame.Rect(body.left + list_w + PAD * 2, body.top,
                                                          body.width - list_w - PAD * 2, body.height), self.manager))
        back, forward = _("Back"), _("Choose a side")
        back_w = max(160, self.app.font(14).size(back)[0] + 40)
        next_w = max(220, self.app.font(18, bold=True).size(forward)[0] + 40)
        self.add(UIButton(pygame.Rect(PAD * 2, h - foot_h - PAD, back_w, foot_h), plain(back), self.manager,
                          command=self.back))
        self.next_button = self.add(UIButton(pygame.Rect(w - PAD * 2 - next_w, h - foot_h - PAD, next_w, foot_h),
                                             plain(forward), self.manager, object_id="#primary", command=self.next))
        self.show(self.selected)

    def show(self, entry: Optional[ScenarioEntry]) -> None:
        self.selected = entry
        if entry is None or entry.game is None:
            self.next_button.disable()
            problems = entry.problem_lines() if entry else []
            set_html(self.details, markup("<b>{}</b><br><br>{}", _("This scenario cannot be played."),
                                          join("<br>", problems[:SHOWN_PROBLEMS])))
            return
        self.next_button.enable()
        sc = entry.game.scenario
        historical = sum(not p.is_counterfactual for p in sc.points)
        length = ", ".join((
            ngettext("{n} historical decision point", "{n} historical decision points", historical).format(n=historical),
            ngettext("{n} that only a divergence opens", "{n} that only a divergence opens",
                     len(sc.points) - historical).format(n=len(sc.points) - historical),
            ngettext("{n} event", "{n} events", len(sc.events)).format(n=len(sc.events)),
            ngettext("{n} ending", "{n} endings", len(sc.endings)).format(n=len(sc.endings))))
        text = markup(
            "<font pixel_size={}><b>{}</b></font><br><i>{}</i><br>{}<br><br>{}<br><br>"
            "<b>{}</b> {}<br><b>{}</b> {}<br><b>{}</b> {}<br><b>{}</b> {}",
            self.app.px(22), sc.title, _("{start} to {end}").format(start=long_date(sc.start), end=long_date(sc.end)),
            language_line(entry.path), paragraphs(sc.summary),
            # Translators: joins the two sides' names, spaces included ("Soviet Union and Western Allies").
            _("Sides:"), _(" and ").join(s.name for s in sc.sides), _("Length:"), length,
            _("Author:"), ", ".join(sc.authors) or _("not given"),
            _("File:"), _("{file}, {where}").format(file=entry.path.name, where=self._origin(entry.path)))
        if entry.problems:
            text = markup("{}<br><br><b>{}</b><br>{}", text, _("Problems found when its history was replayed:"),
                          join("<br>", entry.problem_lines()[:SHOWN_PROBLEMS]))
        set_html(self.details, text)

    def spoken(self) -> str:
        return _("Choose a scenario.") + "\n" + for_ear(self.details.html_text)

    @staticmethod
    def _origin(path: Path) -> str:
        """Where a scenario comes from, in words (a full path means nothing to a student)."""
        if path.parent.resolve() == user_folder("scenarios").resolve():
            return _("in your own scenarios folder")
        return _("shipped with the game")

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            entry = next((e for e in self.entries if plain(e.title) == event.text), None)
            self.show(entry)
            if entry is not None and entry.game is None:
                self.app.message(_("This scenario has problems"),
                                 _("bloc-game validate reports:") + "\n\n" + "\n".join(entry.problem_lines()))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN:
            self.next()

    def back(self) -> None:
        self.app.switch(self.app.screens.title(self.app))

    def next(self) -> None:
        if self.selected is not None and self.selected.game is not None:
            self.app.scenario_path = self.selected.path
            self.app.switch(self.app.screens.side(self.app, self.selected.path, self.selected.game))
