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
from ....paths import shipped_scenarios, user_folder
from ....speech import plain as for_ear
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
            return f"{self.path.name} (cannot be played)"
        return self.game.scenario.title + (" (has problems)" if self.problems else "")


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
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, w - 4 * PAD, head_h), "Choose a scenario", self.manager,
                         object_id="#heading"))
        list_w = int(w * 0.36)
        body = pygame.Rect(PAD * 2, head_h + 2 * PAD, w - 4 * PAD, h - head_h - foot_h - 5 * PAD)
        self.list = self.add(UISelectionList(pygame.Rect(body.left, body.top, list_w, body.height),
                                             [plain(e.title) for e in self.entries], self.manager,
                                             default_selection=plain(self.selected.title) if self.selected else None))
        self.details = self.add(text_box("", pygame.Rect(body.left + list_w + PAD * 2, body.top,
                                                          body.width - list_w - PAD * 2, body.height), self.manager))
        back_w = max(160, self.app.font(14).size("Back")[0] + 40)
        next_w = max(220, self.app.font(18, bold=True).size("Choose a side")[0] + 40)
        self.add(UIButton(pygame.Rect(PAD * 2, h - foot_h - PAD, back_w, foot_h), "Back", self.manager,
                          command=self.back))
        self.next_button = self.add(UIButton(pygame.Rect(w - PAD * 2 - next_w, h - foot_h - PAD, next_w, foot_h),
                                             "Choose a side", self.manager, object_id="#primary", command=self.next))
        self.show(self.selected)

    def show(self, entry: Optional[ScenarioEntry]) -> None:
        self.selected = entry
        if entry is None or entry.game is None:
            self.next_button.disable()
            problems = entry.problem_lines() if entry else []
            set_html(self.details, markup("<b>This scenario cannot be played.</b><br><br>{}",
                                          join("<br>", problems[:SHOWN_PROBLEMS])))
            return
        self.next_button.enable()
        sc = entry.game.scenario
        historical = sum(not p.is_counterfactual for p in sc.points)
        text = markup(
            "<font pixel_size={}><b>{}</b></font><br><i>{} to {}</i><br><br>{}<br><br>"
            "<b>Sides:</b> {}<br>"
            "<b>Length:</b> {} historical decision points, {} that only a divergence opens, {} events, {} endings<br>"
            "<b>Author:</b> {}<br><b>File:</b> {}, {}",
            self.app.px(22), sc.title, long_date(sc.start), long_date(sc.end), paragraphs(sc.summary),
            " and ".join(s.name for s in sc.sides), historical, len(sc.points) - historical, len(sc.events),
            len(sc.endings), ", ".join(sc.authors) or "not given", entry.path.name, self._origin(entry.path))
        if entry.problems:
            text = markup("{}<br><br><b>Problems found when its history was replayed:</b><br>{}", text,
                          join("<br>", entry.problem_lines()[:SHOWN_PROBLEMS]))
        set_html(self.details, text)

    def spoken(self) -> str:
        return "Choose a scenario.\n" + for_ear(self.details.html_text)

    @staticmethod
    def _origin(path: Path) -> str:
        """Where a scenario comes from, in words (a full path means nothing to a student)."""
        if path.parent.resolve() == user_folder("scenarios").resolve():
            return "in your own scenarios folder"
        return "shipped with the game"

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            entry = next((e for e in self.entries if plain(e.title) == event.text), None)
            self.show(entry)
            if entry is not None and entry.game is None:
                self.app.message("This scenario has problems",
                                 "bloc-game validate reports:\n\n" + "\n".join(entry.problem_lines()))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN:
            self.next()

    def back(self) -> None:
        self.app.switch(self.app.screens.title(self.app))

    def next(self) -> None:
        if self.selected is not None and self.selected.game is not None:
            self.app.scenario_path = self.selected.path
            self.app.switch(self.app.screens.side(self.app, self.selected.path, self.selected.game))
