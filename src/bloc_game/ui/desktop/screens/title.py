"""The title screen: new game, continue (the autosave), load, settings, quit."""

from __future__ import annotations

from typing import Optional

import pygame
from pygame_gui.elements import UIButton, UILabel

from ....engine import Seating
from ....i18n import _, current_language
from ....paths import user_folder
from ....saves import latest_autosave
from ..app import Screen
from ..mapview import MapView
from .common import PAD, bloc_colours, line_height, plain, tip, wrap_lines
from .dialogs import open_load_dialog, open_saved_game, open_settings_dialog

# The last backdrop drawn, by (scenario file, its modification time, window size, palette):
# coming back to the title, or resizing back, does not reload the scenario and redraw the map.
_BACKDROP: dict[tuple[object, ...], pygame.Surface] = {}


class TitleScreen(Screen):
    """New game, continue (the autosave), load, settings, quit."""

    def build(self) -> None:
        w, h = self.app.size
        # The first frame shows the menu on a plain background; the map behind it (which needs
        # the flagship loaded, ~0.3 s) is drawn from the frame after, unless it is cached.
        self.backdrop: Optional[pygame.Surface] = _BACKDROP.get(self._backdrop_key())
        self.frames_shown = 0
        title_h = line_height(self.app, 46, bold=True)
        # The subtitle on as many lines as the language needs at this width (German runs ~30 % longer).
        subtitle = wrap_lines(self.app.font(18), _("Europe 1952-1955: the Cold War as it was, and as it might have been"),
                              w - 8 * PAD)  # measured upright; the theme's italic is about as wide
        subtitle_h = line_height(self.app, 18) * len(subtitle)
        entries = [
            ("New game", _("New game"), "#primary", self.new_game, None),
            ("Continue", _("Continue"), None, self.continue_game, _("Resume the game you played last (the autosave)")),
            ("Load game", _("Load game"), None, lambda: open_load_dialog(self.app), _("Open a saved game")),
            ("Settings", _("Settings"), None, lambda: open_settings_dialog(self.app),
             _("Window size, text size, colours, language")),
            ("Quit", _("Quit"), None, self.quit, None),
        ]
        widest = max(self.app.font(18, bold=True).size(entry[1])[0] for entry in entries)
        col_w = max(340, self.app.font(18, bold=True).size(_("Load game"))[0] * 3, widest + 60)
        btn_h = line_height(self.app, 18, pad=18)
        foot = [_("Press ? or F1 for the keys."), _("Map data: Natural Earth (public domain).")]
        foot_h = line_height(self.app, 13)
        one_line = self.app.font(13).size("   ".join(foot))[0] <= w - 2 * PAD
        foot_lines = ["   ".join(foot)] if one_line else foot
        needed = title_h + subtitle_h + 30 + 5 * (btn_h + 12) + len(foot_lines) * foot_h
        y = max(PAD, min(int(h * 0.16), (h - needed) // 2))
        self.add(UILabel(pygame.Rect(0, y, w, title_h), plain(_("Bloc Game")), self.manager, object_id="#title_label"))
        y += title_h
        for line in subtitle:
            self.add(UILabel(pygame.Rect(0, y, w, line_height(self.app, 18)), plain(line), self.manager,
                             object_id="#subtitle_label"))
            y += line_height(self.app, 18)
        y -= subtitle_h
        x = (w - col_w) // 2
        y += subtitle_h + 30
        autosave = latest_autosave(user_folder("saves"))
        self.buttons: dict[str, UIButton] = {}  # by the English word, whatever the language shown
        for key, label, object_id, command, hint in entries:
            button = UIButton(pygame.Rect(x, y, col_w, btn_h), plain(label), self.manager, tool_tip_text=tip(hint),
                              object_id=object_id, command=command)
            self.buttons[key] = self.add(button)
            y += btn_h + 12
        if autosave is None:
            self.buttons["Continue"].disable()
        y = h - PAD - len(foot_lines) * foot_h
        for text in foot_lines:
            self.add(UILabel(pygame.Rect(PAD, y, w - 2 * PAD, foot_h), plain(text), self.manager, object_id="#small"))
            y += foot_h

    def spoken(self) -> str:
        usable = [button.text for button in self.buttons.values() if button.is_enabled]
        return _("Bloc Game. Europe 1952 to 1955. {buttons}. Press F1 for the keys.").format(buttons=", ".join(usable))

    def _backdrop_key(self) -> tuple[object, ...]:
        path = self.app.scenario_path
        return (str(path), path.stat().st_mtime_ns, self.app.size, self.app.settings.colour_blind,
                self.app.settings.text_size, current_language())

    def _backdrop(self) -> pygame.Surface:
        key = self._backdrop_key()
        if key not in _BACKDROP:
            _BACKDROP.clear()  # one picture is all the title ever needs
            _BACKDROP[key] = self._draw_backdrop()
        return _BACKDROP[key]

    def _draw_backdrop(self) -> pygame.Surface:
        game = self.app.game(self.app.scenario_path)
        view = MapView(self.app.size, self.app.font(13), cover=True, hover=False)
        picture = view.render(game.map_blocs(game.start(Seating.WATCH, autoplay=False)), bloc_colours(self.app, game)).copy()
        shade = pygame.Surface(self.app.size, pygame.SRCALPHA)
        shade.fill((12, 14, 20, 185))
        picture.blit(shade, (0, 0))
        return picture

    def busy(self) -> bool:
        return self.backdrop is None

    def update(self, dt: float) -> None:
        if self.backdrop is None and self.frames_shown > 0:
            self.backdrop = self._backdrop()

    def draw(self, surface: pygame.Surface) -> None:
        self.frames_shown += 1
        if self.backdrop is None:
            super().draw(surface)
        else:
            surface.blit(self.backdrop, (0, 0))

    def new_game(self) -> None:
        self.app.switch(self.app.screens.scenario(self.app))

    def continue_game(self) -> None:
        path = latest_autosave(user_folder("saves"))
        if path is not None:
            open_saved_game(self.app, path)

    def quit(self) -> None:
        self.app.running = False

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN:
            self.new_game()
