"""Choosing a scenario: the shipped ones and the player's own folder, broken ones with their messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UISelectionList

from .... import load
from ....engine import Game
from ....errors import Problem, ScenarioError
from ....paths import shipped_scenarios, user_folder
from ..app import App, Screen
from ..gui_text import set_html, text_box
from .common import PAD, join, markup, paragraphs, plain

#: Problems of a broken scenario listed on the screen (the rest: bloc-game validate).
SHOWN_PROBLEMS = 40


@dataclass
class ScenarioEntry:
    path: Path
    game: Optional[Game]
    problems: list[Problem]

    @property
    def title(self) -> str:
        if self.game is None:
            return f"{self.path.name} (cannot be played)"
        return self.game.scenario.title + (" (has problems)" if self.problems else "")


class ScenarioScreen(Screen):
    """The shipped scenarios and the player's own folder, with details; broken ones show their messages."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.entries = [self._entry(p) for p in shipped_scenarios() + sorted(user_folder("scenarios").glob("*.yaml"))]
        self.selected: Optional[ScenarioEntry] = next(
            (e for e in self.entries if e.path.resolve() == app.scenario_path.resolve()), self.entries[0] if self.entries else None)

    @staticmethod
    def _entry(path: Path) -> ScenarioEntry:
        try:
            game = load(path)
        except ScenarioError as err:
            return ScenarioEntry(path, None, list(err.problems))
        return ScenarioEntry(path, game, game.check_history())

    def build(self) -> None:
        w, h = self.app.size
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, w - 4 * PAD, 40), "Choose a scenario", self.manager,
                         object_id="#heading"))
        list_w = int(w * 0.36)
        body = pygame.Rect(PAD * 2, 60, w - 4 * PAD, h - 60 - 80)
        titles = [plain(e.title) for e in self.entries]
        self.list = self.add(UISelectionList(pygame.Rect(body.left, body.top, list_w, body.height), titles, self.manager,
                                             default_selection=plain(self.selected.title) if self.selected else None))
        self.details = self.add(text_box("", pygame.Rect(body.left + list_w + PAD * 2, body.top,
                                                          body.width - list_w - PAD * 2, body.height), self.manager))
        self.add(UIButton(pygame.Rect(PAD * 2, h - 66, 160, 48), "Back", self.manager,
                          command=lambda: self.app.switch(self.app.screens.title(self.app))))
        self.next_button = self.add(UIButton(pygame.Rect(w - PAD * 2 - 220, h - 66, 220, 48), "Choose a side",
                                             self.manager, object_id="#primary", command=self.next))
        self.show(self.selected)

    def show(self, entry: Optional[ScenarioEntry]) -> None:
        self.selected = entry
        if entry is None or entry.game is None:
            self.next_button.disable()
            problems = entry.problems if entry else []
            set_html(self.details, markup("<b>This scenario cannot be played.</b><br><br>{}",
                                          join("<br>", problems[:SHOWN_PROBLEMS])))
            return
        self.next_button.enable()
        sc = entry.game.scenario
        historical = sum(not p.is_counterfactual for p in sc.points)
        text = markup(
            "<font size=5><b>{}</b></font><br><i>{} to {}</i><br><br>{}<br><br><b>Sides:</b> {}<br>"
            "<b>Length:</b> {} historical decision points, {} that only a divergence opens, {} events, {} endings<br>"
            "<b>Author:</b> {}<br><b>File:</b> {}",
            sc.title, f"{sc.start:%d %B %Y}", f"{sc.end:%d %B %Y}", paragraphs(sc.summary),
            " and ".join(s.name for s in sc.sides), historical, len(sc.points) - historical, len(sc.events),
            len(sc.endings), ", ".join(sc.authors) or "not given", entry.path)
        if entry.problems:
            text = markup("{}<br><br><b>Problems found when its history was replayed:</b><br>{}", text,
                          join("<br>", entry.problems[:SHOWN_PROBLEMS]))
        set_html(self.details, text)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            entry = next((e for e in self.entries if plain(e.title) == event.text), None)
            self.show(entry)
            if entry is not None and entry.game is None:
                self.app.message("This scenario has problems",
                                 "bloc-game validate reports:\n\n" + "\n".join(str(p) for p in entry.problems))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN:
            self.next()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.switch(self.app.screens.title(self.app))

    def next(self) -> None:
        if self.selected is not None and self.selected.game is not None:
            self.app.scenario_path = self.selected.path
            self.app.switch(self.app.screens.side(self.app, self.selected.path, self.selected.game))
