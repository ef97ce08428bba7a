"""The title screen: new game, continue (the autosave), load, settings, quit."""

from __future__ import annotations

from typing import Optional

import pygame
from pygame_gui.elements import UIButton, UILabel

from ....engine import Seating
from ....i18n import _, current_language
from ....paths import latest_autosave, user_folder
from ..app import Screen
from ..mapview import MapView
from ..titleframe import title_layout
from .common import bloc_colours, plain, tip
from .dialogs import open_load_dialog, open_saved_game, open_settings_dialog

# The last backdrop drawn, by (scenario file, its modification time, window size, palette):
# coming back to the title, or resizing back, does not reload the scenario and redraw the map.
_BACKDROP: dict[tuple[object, ...], pygame.Surface] = {}


class TitleScreen(Screen):
    """New game, continue (the autosave), load, settings, quit."""

    def build(self) -> None:
        # The first frame shows the menu on a plain background; the map behind it (which needs
        # the flagship loaded, ~0.3 s) is drawn from the frame after, unless it is cached.
        self.backdrop: Optional[pygame.Surface] = _BACKDROP.get(self._backdrop_key())
        self.frames_shown = 0
        layout = title_layout(self.app.size, self.app.font)
        for text, rect, label_id in layout.labels:
            self.add(UILabel(rect, plain(text), self.manager, object_id=label_id))
        commands = {"New game": (self.new_game, None),
                    "Continue": (self.continue_game, _("Resume the game you played last (the autosave)")),
                    "Load game": (lambda: open_load_dialog(self.app), _("Open a saved game")),
                    "Settings": (lambda: open_settings_dialog(self.app), _("Window size, text size, colours, language")),
                    "Quit": (self.quit, None)}
        self.buttons: dict[str, UIButton] = {}  # by the English word, whatever the language shown
        for key, label, object_id, rect in layout.buttons:
            command, hint = commands[key]
            self.buttons[key] = self.add(UIButton(rect, plain(label), self.manager, tool_tip_text=tip(hint),
                                                  object_id=object_id, command=command))
        if latest_autosave(user_folder("saves")) is None:
            self.buttons["Continue"].disable()

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
