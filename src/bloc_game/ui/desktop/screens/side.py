"""Choosing how to play: one side, hot-seat or watch; opponent policy and seed under 'Advanced'."""

from __future__ import annotations

from datetime import datetime
from functools import partial  # pygame_gui passes event data to a command that takes a parameter
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextEntryLine

from ....engine import POLICY_NAMES, Game, Seating, SeatingMode
from ..app import App, Screen
from ..gui_text import set_html, text_box
from .common import PAD, join, markup, plain, tip


class SideScreen(Screen):
    """Play one side, hot-seat or watch; opponent policy and seed under 'Advanced'."""

    def __init__(self, app: App, path: Path, game: Game) -> None:
        super().__init__(app)
        self.path, self.game = path, game
        sides = game.scenario.sides
        self.options = [
            (s.id, f"Play the {s.name}", s.description or f"You decide for the {s.name}; a policy plays the other side.")
            for s in sides
        ] + [
            (str(Seating.HOTSEAT), "Hot-seat: two players", "Two players share this screen, each deciding for one side in turn."),
            (str(Seating.WATCH), "Watch two policies play", "Both sides are played by the computer; step through the decisions."),
        ]
        self.choice = self.options[0][0]
        self.opponent = "historical"
        self.seed_text = str(datetime.now().microsecond % 100000)
        self.advanced = False

    def build(self) -> None:
        w, h = self.app.size
        sc = self.game.scenario
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, w - 4 * PAD, 40), plain(f"{sc.title}: how will you play?"),
                         self.manager, object_id="#heading"))
        grid_w = min(900, w - 80)
        x0 = (w - grid_w) // 2
        cell_w, cell_h = (grid_w - 20) // 2, 84
        self.option_buttons: dict[str, UIButton] = {}
        for i, (key, title, text) in enumerate(self.options):
            rect = pygame.Rect(x0 + (i % 2) * (cell_w + 20), 80 + (i // 2) * (cell_h + 16), cell_w, cell_h)
            button = UIButton(rect, plain(title), self.manager, tool_tip_text=tip(text), command=partial(self.pick, key))
            self.option_buttons[key] = self.add(button)  # type: ignore[assignment]
        rows = -(-len(self.options) // 2)
        y = 80 + rows * (cell_h + 16)
        self.description = self.add(text_box("", pygame.Rect(x0, y, grid_w, max(150, h - y - 170)), self.manager))
        y += max(150, h - y - 170) + 14
        self.add(UIButton(pygame.Rect(x0, y, 200, 40), "Advanced options", self.manager,
                          tool_tip_text="The opponent's policy and the random seed", command=self.toggle_advanced))
        self.advanced_elements = [
            self.add(UILabel(pygame.Rect(x0 + 220, y, 160, 40), "Opponent policy:", self.manager)),
            self.add(UIDropDownMenu([p for p in POLICY_NAMES if p != "scripted"], self.opponent,
                                    pygame.Rect(x0 + 380, y, 170, 40), self.manager)),
            self.add(UILabel(pygame.Rect(x0 + 570, y, 70, 40), "Seed:", self.manager)),
        ]
        self.seed_entry = self.add(UITextEntryLine(pygame.Rect(x0 + 640, y, 140, 40), self.manager))
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text(plain(self.seed_text))
        self.advanced_elements.append(self.seed_entry)
        self.policy_menu = self.advanced_elements[1]
        for element in self.advanced_elements:
            element.show() if self.advanced else element.hide()
        self.add(UIButton(pygame.Rect(PAD * 2, h - 66, 160, 48), "Back", self.manager,
                          command=lambda: self.app.switch(self.app.screens.scenario(self.app))))
        self.add(UIButton(pygame.Rect(w - PAD * 2 - 220, h - 66, 220, 48), "Start", self.manager,
                          object_id="#primary", command=self.start))
        self.pick(self.choice)

    def pick(self, key: str) -> None:
        self.choice = key
        for k, button in self.option_buttons.items():
            button.select() if k == key else button.unselect()
        text = next(t for k, _title, t in self.options if k == key)
        seating = Seating.parse(key, self.game.scenario.side_ids)
        sides = [s for s in self.game.scenario.sides if seating.mode is not SeatingMode.SIDE or s.id == key]
        objectives = join("", (
            markup("<br><br><b>What the {} wants</b> (scored at the end against what history gave it):{}", s.name,
                   join("", (markup("<br>- {} ({} per unit)", o.label, f"{o.weight:+g}") if o.value.high - o.value.low > 1
                             else markup("<br>- {} ({})", o.label, f"{o.weight:+g}") for o in s.objectives)))
            for s in sides))
        policy_note = "" if seating.mode is SeatingMode.HOTSEAT else markup(
            "<br><br><i>The computer plays with the '{}' policy: {}</i>", self.opponent,
            {"historical": "what really happened where it can, otherwise the scenario's weights.",
             "random": "any available choice, at random.",
             "lookahead": "it looks a few decisions ahead and plays for its own objectives."}[self.opponent])
        set_html(self.description, join("", (text, objectives, policy_note)))

    def toggle_advanced(self) -> None:
        self.advanced = not self.advanced
        for element in self.advanced_elements:
            element.show() if self.advanced else element.hide()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            self.opponent = event.text
            self.pick(self.choice)
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            self.seed_text = self.seed_entry.get_text()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.switch(self.app.screens.scenario(self.app))

    def start(self) -> None:
        seed = int(self.seed_entry.get_text() or 0)
        seating = Seating.parse(self.choice, self.game.scenario.side_ids)
        state = self.game.start(seating, seed=seed, opponent=self.opponent, autoplay=not seating.watching)
        self.app.switch(self.app.screens.game(self.app, state))
