"""Choosing how to play: one side, hot-seat or watch; opponent policy and seed under 'Advanced'."""

from __future__ import annotations

from datetime import datetime
from functools import partial  # pygame_gui passes event data to a command that takes a parameter
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextEntryLine

from ....engine import POLICY_NAMES, Game, Seating, SeatingMode
from ....i18n import _, decimal
from ....speech import plain as for_ear
from ...presenter import policy_word
from ..app import App, Screen
from ..gui_text import set_html, text_box
from .common import PAD, fit, join, line_height, markup, plain, tip


class SideScreen(Screen):
    """Play one side, hot-seat or watch; opponent policy and seed under 'Advanced'."""

    def __init__(self, app: App, path: Path, game: Game) -> None:
        super().__init__(app)
        self.path, self.game = path, game
        self.options = self._options()
        self.choice = self.options[0][0]
        self.opponent = "historical"
        self.seed_text = str(datetime.now().microsecond % 100000)
        self.advanced = False

    def _options(self) -> list[tuple[str, str, str]]:
        """(key, title, description) of each way to play, in the interface's language (built with the screen)."""
        return [
            (s.id, _("Play the {side}").format(side=s.name),
             s.description or _("You decide for the {side}; a policy plays the other side.").format(side=s.name))
            for s in self.game.scenario.sides
        ] + [
            (str(Seating.HOTSEAT), _("Hot-seat: two players"),
             _("Two players share this screen, each deciding for one side in turn.")),
            (str(Seating.WATCH), _("Watch two policies play"),
             _("Both sides are played by the computer; step through the decisions.")),
        ]

    def build(self) -> None:
        w, h = self.app.size
        sc = self.game.scenario
        app = self.app
        self.options = self._options()
        head_h, row_h = line_height(app, 20, bold=True), line_height(app, 14, pad=16)
        foot_h = line_height(app, 18, bold=True, pad=18)
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, w - 4 * PAD, head_h),
                         plain(fit(app, _("{title}: how will you play?").format(title=sc.title), 20, w - 4 * PAD, bold=True)),
                         self.manager, object_id="#heading"))
        grid_w = min(max(900, int(w * 0.6)), w - 80)
        x0 = (w - grid_w) // 2
        cell_w, cell_h = (grid_w - 20) // 2, max(84, 2 * line_height(app, 14))
        top = head_h + 3 * PAD
        self.option_buttons: dict[str, UIButton] = {}
        for i, (key, title, text) in enumerate(self.options):
            rect = pygame.Rect(x0 + (i % 2) * (cell_w + 20), top + (i // 2) * (cell_h + 12), cell_w, cell_h)
            button = UIButton(rect, plain(title), self.manager, tool_tip_text=tip(text), command=partial(self.pick, key))
            self.option_buttons[key] = self.add(button)
        rows = -(-len(self.options) // 2)
        y = top + rows * (cell_h + 12)
        # Advanced: each widget as wide as its words, in one row when it fits, else under the button.
        font = app.font(14)
        advanced, policy_label, seed_word = _("Advanced options"), _("Opponent policy:"), _("Seed:")
        advanced_w = font.size(advanced)[0] + 40
        self.policy_words = {policy_word(p): p for p in POLICY_NAMES if p != "scripted"}  # shown -> id
        widths = [font.size(policy_label)[0] + 12, max(font.size(p)[0] for p in self.policy_words) + 70,
                  font.size(seed_word)[0] + 12, font.size("00000000")[0] + 30]
        one_row = x0 + advanced_w + 20 + sum(widths) + 10 * len(widths) <= x0 + grid_w
        box_h = h - y - row_h * (1 if one_row else 2) - foot_h - (5 if one_row else 6) * PAD
        self.description = self.add(text_box("", pygame.Rect(x0, y, grid_w, box_h), self.manager))
        y += box_h + PAD
        self.add(UIButton(pygame.Rect(x0, y, advanced_w, row_h), plain(advanced), self.manager,
                          tool_tip_text=tip(_("The opponent's policy and the random seed")), command=self.toggle_advanced))
        x = x0 + advanced_w + 20
        if not one_row:
            x, y = x0, y + row_h + PAD
        rects = []
        for width in widths:
            rects.append(pygame.Rect(x, y, width, row_h))
            x += width + 10
        shown_policy = next(word for word, p in self.policy_words.items() if p == self.opponent)
        self.advanced_elements = [
            self.add(UILabel(rects[0], plain(policy_label), self.manager)),
            self.add(UIDropDownMenu([plain(word) for word in self.policy_words], plain(shown_policy), rects[1],
                                    self.manager)),
            self.add(UILabel(rects[2], plain(seed_word), self.manager)),
        ]
        self.seed_entry = self.add(UITextEntryLine(rects[3], self.manager))
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text(plain(self.seed_text))
        self.advanced_elements.append(self.seed_entry)
        self.policy_menu = self.advanced_elements[1]
        for element in self.advanced_elements:
            element.show() if self.advanced else element.hide()
        back, start = _("Back"), _("Start")
        back_w = max(160, font.size(back)[0] + 40)
        start_w = max(220, app.font(18, bold=True).size(start)[0] + 40)
        self.add(UIButton(pygame.Rect(PAD * 2, h - foot_h - PAD, back_w, foot_h), plain(back), self.manager,
                          command=self.back))
        self.add(UIButton(pygame.Rect(w - PAD * 2 - start_w, h - foot_h - PAD, start_w, foot_h), plain(start), self.manager,
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
            markup("<br><br><b>{}</b> {}{}", _("What the {side} wants").format(side=s.name),
                   _("(scored at the end against what history gave it):"),
                   join("", (markup("<br>- {}", _("{objective} ({weight} per unit)").format(
                       objective=o.label, weight=decimal(o.weight, None, sign=True))) if o.value.high - o.value.low > 1
                             else markup("<br>- {} ({})", o.label, decimal(o.weight, None, sign=True)) for o in s.objectives)))
            for s in sides))
        policy_note = "" if seating.mode is SeatingMode.HOTSEAT else markup(
            "<br><br><i>{}</i>", _("The computer plays with the '{policy}' policy: {how}").format(
                policy=policy_word(self.opponent), how=
            {"historical": _("what really happened where it can, otherwise the scenario's weights."),
             "random": _("any available choice, at random."),
             "lookahead": _("it looks a few decisions ahead and plays for its own objectives.")}[self.opponent]))
        set_html(self.description, join("", (text, objectives, policy_note)))

    def toggle_advanced(self) -> None:
        self.advanced = not self.advanced
        for element in self.advanced_elements:
            element.show() if self.advanced else element.hide()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            self.opponent = self.policy_words.get(event.text, self.opponent)
            self.pick(self.choice)
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            self.seed_text = self.seed_entry.get_text()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.start()

    def spoken(self) -> str:
        title = next(t for k, t, _text in self.options if k == self.choice)
        return _("How will you play? {choice}.").format(choice=title) + "\n" + for_ear(self.description.html_text)

    def back(self) -> None:
        self.app.switch(self.app.screens.scenario(self.app))

    def start(self) -> None:
        seed = int(self.seed_entry.get_text() or 0)
        seating = Seating.parse(self.choice, self.game.scenario.side_ids)
        state = self.game.start(seating, seed=seed, opponent=self.opponent, autoplay=not seating.watching)
        self.app.switch(self.app.screens.game(self.app, state))
