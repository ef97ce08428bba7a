"""The dialogs: save, load (and a damaged save's backup), settings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextEntryLine

from ....errors import BlocGameError
from ....paths import user_folder
from ....saves import list_saves, load_game, save_game, slot_path
from ..app import App
from ..settings import TEXT_SIZES, WINDOW_SIZES
from ..gui_text import confirmation_dialog
from .common import markup, plain

if TYPE_CHECKING:
    from .game import GameScreen


@dataclass
class Dialog:
    """An open dialog and its named widgets (what tests and keyboard handlers reach for)."""

    window: pygame_gui.elements.UIWindow
    parts: dict


def _window(app: App, title: str, size: tuple[int, int]) -> pygame_gui.elements.UIWindow:
    w, h = app.size
    rect = pygame.Rect(0, 0, min(size[0], w - 40), min(size[1], h - 40))
    rect.center = (w // 2, h // 2)
    window = pygame_gui.elements.UIWindow(rect, app.manager, window_display_title=plain(title), always_on_top=True)
    app.show_dialog(window)
    return window


def open_save_dialog(app: App, screen: GameScreen) -> Dialog:
    window = _window(app, "Save the game", (460, 200))
    UILabel(pygame.Rect(12, 10, 400, 28), "Name of the save:", app.manager, container=window, object_id="#small")
    entry = UITextEntryLine(pygame.Rect(12, 40, 410, 38), app.manager, container=window)
    entry.set_text(plain(f"{screen.game.scenario.id}-{screen.state.date:%Y-%m-%d}"))

    def save() -> None:
        name = entry.get_text().strip()
        try:
            save_game(screen.state, slot_path(user_folder("saves"), name))
        except BlocGameError as err:
            app.message("Not saved", str(err))
            return
        app.close_dialog()
        screen.news.insert(0, markup("<font color='#5caa6e'>Saved as '{}'.</font>", name))
        screen.rebuild()

    ok = UIButton(pygame.Rect(12, 90, 200, 40), "Save", app.manager, container=window, object_id="#primary", command=save)
    cancel = UIButton(pygame.Rect(222, 90, 200, 40), "Cancel", app.manager, container=window, command=app.close_dialog)
    return app.remember(Dialog(window, {"name": entry, "save": ok, "cancel": cancel}))


def open_load_dialog(app: App) -> Dialog:
    saves = list_saves(user_folder("saves"))
    window = _window(app, "Load a saved game", (620, 440))
    if not saves:
        UILabel(pygame.Rect(12, 20, 560, 30), "There are no saved games yet.", app.manager, container=window)
        close = UIButton(pygame.Rect(12, 70, 160, 40), "Close", app.manager, container=window, command=app.close_dialog)
        return app.remember(Dialog(window, {"close": close}))
    labels = [plain(f"{s.slot}  -  {s.scenario_title}, {s.game_date} ({s.side})") for s in saves]
    listing = UISelectionList(pygame.Rect(12, 10, 580, 300), labels, app.manager, container=window,
                              default_selection=labels[0])

    def load_selected() -> None:
        chosen = listing.get_single_selection()
        save = next((s for s, label in zip(saves, labels) if label == chosen), None)
        if save is not None:
            open_saved_game(app, save.path)

    ok = UIButton(pygame.Rect(12, 322, 200, 40), "Load", app.manager, container=window, object_id="#primary",
                  command=load_selected)
    cancel = UIButton(pygame.Rect(222, 322, 160, 40), "Cancel", app.manager, container=window, command=app.close_dialog)
    return app.remember(Dialog(window, {"list": listing, "labels": labels, "load": ok, "cancel": cancel}))


def open_saved_game(app: App, path: Path) -> None:
    try:
        state = load_game(path)
    except BlocGameError as err:
        backup = path.with_suffix(".bak")
        if backup.exists() and path.suffix != ".bak":
            offer_backup(app, str(err), backup)
        else:
            app.message("This save cannot be opened", str(err))
        return
    app.scenario_path = Path(state.scenario.path)
    screen = app.screens.game(app, state, news=[markup("<font color='#5caa6e'>Loaded '{}'.</font>", path.stem)])
    app.switch(screen)


def offer_backup(app: App, problem: str, backup: Path) -> Dialog:
    """A damaged save: say why, and offer the previous save kept beside it."""
    w, h = app.size
    rect = pygame.Rect(0, 0, min(620, w - 80), min(340, h - 80))
    rect.center = (w // 2, h // 2)
    dialog = confirmation_dialog(
        rect, markup("{}<br><br>The save before it ({}) is intact. Open it instead?", problem, backup.name),
        app.manager, "This save cannot be opened", action_short_name="Open the backup", always_on_top=True)
    app.show_dialog(dialog)
    return app.remember(Dialog(dialog, {"confirm": dialog.confirm_button,
                                        "on_confirm": lambda: open_saved_game(app, backup)}))


def open_settings_dialog(app: App) -> Dialog:
    s = app.settings
    window = _window(app, "Settings", (480, 330))
    sizes = [f"{w} x {h}" for w, h in WINDOW_SIZES]
    current = f"{s.width} x {s.height}"
    if current not in sizes:
        sizes.insert(0, current)
    UILabel(pygame.Rect(12, 12, 170, 36), "Window size", app.manager, container=window)
    size_menu = UIDropDownMenu(sizes, current, pygame.Rect(190, 12, 250, 36), app.manager, container=window)
    UILabel(pygame.Rect(12, 58, 170, 36), "Text size", app.manager, container=window)
    text_menu = UIDropDownMenu(list(TEXT_SIZES), s.text_size, pygame.Rect(190, 58, 250, 36), app.manager, container=window)
    full = pygame_gui.elements.UICheckBox(pygame.Rect(16, 110, 22, 22), "Fullscreen", app.manager, container=window,
                                          initial_state=s.fullscreen)
    blind = pygame_gui.elements.UICheckBox(pygame.Rect(16, 146, 22, 22), "Colour-blind-safe palette", app.manager,
                                           container=window, initial_state=s.colour_blind,
                                           tool_tip_text="Okabe-Ito colours for the blocs; contested regions stay hatched")

    def apply() -> None:
        width, height = (int(v) for v in size_menu.selected_option[0].split(" x "))
        app.apply_settings(replace(s, width=width, height=height, text_size=text_menu.selected_option[0],
                                   fullscreen=bool(full.get_state()), colour_blind=bool(blind.get_state())))

    ok = UIButton(pygame.Rect(12, 200, 200, 40), "Apply", app.manager, container=window, object_id="#primary", command=apply)
    cancel = UIButton(pygame.Rect(222, 200, 160, 40), "Cancel", app.manager, container=window, command=app.close_dialog)
    return app.remember(Dialog(window, {"size": size_menu, "text": text_menu, "fullscreen": full,
                                        "colour_blind": blind, "apply": ok, "cancel": cancel}))
