"""The dialogs: save, load (and a damaged save's backup), settings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pygame
import pygame_gui
from pygame_gui.core.utility import translate
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextEntryLine

from ....errors import BlocGameError
from ....i18n import N_, _, available_languages, current_language, language_name
from ....paths import user_folder
from ....saves import SaveInfo, list_saves, load_game, save_game, slot_path
from ...presenter import long_date
from ..app import App
from ..gui_text import confirmation_dialog
from ..settings import TEXT_SIZES, WINDOW_SIZES
from .common import items, line_height, markup, plain, tip

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
    line = app.font(15).get_linesize()
    window = _window(app, _("Save the game"), (460, 2 * line + 90 + line_height(app, 18, bold=True, pad=14)))
    UILabel(pygame.Rect(12, 10, 410, line + 8), plain(_("Name of the save:")), app.manager, container=window,
            object_id="#small")
    entry = UITextEntryLine(pygame.Rect(12, line + 22, 410, line + 16), app.manager, container=window)
    entry.set_text(plain(f"{screen.game.scenario.id}-{screen.state.date:%Y-%m-%d}"))
    top = 2 * line + 50

    def save() -> None:
        name = entry.get_text().strip()
        try:
            save_game(screen.state, slot_path(user_folder("saves"), name))
        except BlocGameError as err:
            app.message(_("Not saved"), str(err))
            return
        app.close_dialog()
        app.notice(_("Saved as '{name}'.").format(name=name))

    ok, cancel = _buttons(app, window, top, (_("Save"), save), (_("Cancel"), app.close_dialog))
    app.keys.focus(entry)  # type at once; Enter saves
    return app.remember(Dialog(window, {"name": entry, "save": ok, "cancel": cancel, "default": save}))


def open_load_dialog(app: App) -> Dialog:
    saves = list_saves(user_folder("saves"))
    if not saves:
        message, word = _("There are no saved games yet."), _("Close")
        font = app.font(15)
        width = max(420, font.size(message)[0] + 60)
        window = _window(app, _("Load a saved game"), (width, 190))
        UILabel(pygame.Rect(12, 20, width - 40, 30), plain(message), app.manager, container=window)
        close = UIButton(pygame.Rect(12, 70, max(160, font.size(word)[0] + 40), 40), plain(word), app.manager,
                         container=window, command=app.close_dialog)
        app.keys.focus(close)
        return app.remember(Dialog(window, {"close": close, "default": app.close_dialog}))
    labels = [plain(save_label(s)) for s in saves]
    font, line = app.font(15), app.font(15).get_linesize() + 10
    # As wide as the longest entry needs (the window permitting), as tall as the list (up to eight rows).
    list_w = min(max(420, max(font.size(label)[0] for label in labels) + 60), app.size[0] - 100)
    list_h = min(len(labels), 8) * line + 8
    window = _window(app, _("Load a saved game"), (list_w + 60, list_h + 80 + line_height(app, 18, bold=True, pad=14)))
    # Written out in the call: pygame_gui types the items as list[str | tuple[str, str]], and the
    # gui_text test looks for [plain(...) for ...] here.
    listing = UISelectionList(pygame.Rect(12, 10, list_w, list_h), [plain(save_label(s)) for s in saves], app.manager,
                              container=window, default_selection=labels[0])

    def load_selected() -> None:
        chosen = listing.get_single_selection()
        save = next((s for s, label in zip(saves, labels) if label == chosen), None)
        if save is not None:
            open_saved_game(app, save.path)

    ok, cancel = _buttons(app, window, list_h + 22, (_("Load"), load_selected), (_("Cancel"), app.close_dialog))
    app.keys.focus(listing)  # the arrows pick a save; Enter loads it
    return app.remember(Dialog(window, {"list": listing, "labels": labels, "load": ok, "cancel": cancel,
                                        "default": load_selected}))


def save_label(save: SaveInfo) -> str:
    """One line of the load list: the save's name, the scenario, the game's date and who plays."""
    if not save.game_date:  # damaged: the title carries the problem
        return f"{save.slot}: {save.scenario_title}"
    try:
        when = long_date(date.fromisoformat(save.game_date))
    except ValueError:
        when = save.game_date
    who = save.side_label or {"hotseat": _("hot-seat"), "watch": _("watching")}.get(save.side, save.side)
    return f"{save.slot}: {save.scenario_title}, {when}, {who}"


def open_saved_game(app: App, path: Path) -> None:
    try:
        state = load_game(path, loader=app.game)  # in the player's language, as a new game would be
    except BlocGameError as err:
        backup = path.with_suffix(".bak")
        if backup.exists() and path.suffix != ".bak":
            offer_backup(app, str(err), backup)
        else:
            app.message(_("This save cannot be opened"), str(err))
        return
    app.scenario_path = Path(state.scenario.path)
    loaded = markup("<font color='#5caa6e'>{}</font>", _("Loaded '{name}'.").format(name=path.stem))
    screen = app.screens.game(app, state, news=[loaded])
    app.switch(screen)


def offer_backup(app: App, problem: str, backup: Path) -> Dialog:
    """A damaged save: say why, and offer the previous save kept beside it."""
    w, h = app.size
    rect = pygame.Rect(0, 0, min(620, w - 80), min(340, h - 80))
    rect.center = (w // 2, h // 2)
    dialog = confirmation_dialog(
        rect, markup("{}<br><br>{}", problem,
                     _("The save before it ({name}) is intact. Open it instead?").format(name=backup.name)),
        app.manager, _("This save cannot be opened"), action_short_name=plain(_("Open the backup")), always_on_top=True)
    # pygame_gui makes these buttons 30 px high whatever the text size: fit them to their words.
    height = line_height(app, 14, pad=12)
    cancel, confirm = dialog.cancel_button, dialog.confirm_button
    widths = [app.font(14).size(translate(b.text))[0] + 30 for b in (cancel, confirm)]
    cancel.set_dimensions((widths[0], height))
    cancel.set_relative_position((-10 - widths[0], -10 - height))
    confirm.set_dimensions((widths[1], height))
    confirm.set_position((cancel.rect.left - 10 - widths[1], cancel.rect.top))
    inner = dialog.get_container().get_size()
    dialog.confirmation_text.set_dimensions((inner[0] - 10, inner[1] - height - 30))
    app.show_dialog(dialog)
    return app.remember(Dialog(dialog, {"confirm": dialog.confirm_button, "cancel": dialog.cancel_button,
                                        "on_confirm": lambda: open_saved_game(app, backup)}))


def open_settings_dialog(app: App) -> Dialog:
    s = app.settings
    font = app.font(14)
    row_h, box = line_height(app, 14, pad=14), font.get_linesize() + 2
    sizes = [f"{w} x {h}" for w, h in WINDOW_SIZES]
    current = "{} x {}".format(*app.size)  # the window as it is, resized by hand or not
    if current not in sizes:
        sizes.insert(0, current)
    text_sizes = {_(TEXT_SIZE_WORDS[t]): t for t in TEXT_SIZES}  # shown word -> setting
    languages = {language_name(lang): lang for lang in available_languages()}
    row_labels = (_("Window size"), _("Text size"), _("Language"))
    label_w = max(font.size(t)[0] for t in row_labels) + 20
    menu_w = max(font.size(t)[0] for t in (*sizes, *text_sizes, *languages)) + 70
    speech = _("Read aloud (R reads the screen)")
    checks = (_("Fullscreen"), _("Colour-blind-safe palette"), speech)
    width = max(label_w + menu_w + 40, max(font.size(t)[0] for t in checks) + box + 60, 420)
    top = 3 * row_h + 4 * 12 + 3 * (box + 12)
    window = _window(app, _("Settings"), (width, top + 60 + line_height(app, 18, bold=True, pad=14) + 30))
    UILabel(pygame.Rect(12, 12, label_w, row_h), plain(row_labels[0]), app.manager, container=window)
    size_menu = UIDropDownMenu(items(sizes), current, pygame.Rect(label_w + 20, 12, menu_w, row_h), app.manager,
                               container=window)
    y = 12 + row_h + 12
    UILabel(pygame.Rect(12, y, label_w, row_h), plain(row_labels[1]), app.manager, container=window)
    text_menu = UIDropDownMenu([plain(t) for t in text_sizes], plain(_(TEXT_SIZE_WORDS[s.text_size])),
                               pygame.Rect(label_w + 20, y, menu_w, row_h), app.manager, container=window)
    y += row_h + 12
    UILabel(pygame.Rect(12, y, label_w, row_h), plain(row_labels[2]), app.manager, container=window)
    language_menu = UIDropDownMenu([plain(t) for t in languages], plain(language_name(current_language())),
                                   pygame.Rect(label_w + 20, y, menu_w, row_h), app.manager, container=window)
    y += row_h + 16
    full = pygame_gui.elements.UICheckBox(pygame.Rect(16, y, box, box), plain(checks[0]), app.manager, container=window,
                                          initial_state=s.fullscreen)
    y += box + 12
    blind = pygame_gui.elements.UICheckBox(
        pygame.Rect(16, y, box, box), plain(checks[1]), app.manager, container=window, initial_state=s.colour_blind,
        tool_tip_text=tip(_("Okabe-Ito colours for the blocs; contested regions stay hatched")))
    y += box + 12
    aloud = pygame_gui.elements.UICheckBox(
        pygame.Rect(16, y, box, box), plain(speech), app.manager, container=window, initial_state=s.read_aloud,
        tool_tip_text=tip(_("Each new screen and decision is spoken by the computer's voice") if app.speaker.available
                          else _("Each new screen and decision is spoken by the computer's voice "
                                 "(this computer has none: install espeak-ng)")))

    def apply() -> None:
        width, height = (int(v) for v in size_menu.selected_option[0].split(" x "))
        # The language shown already stays as it was chosen ("" follows the system's); another is kept by name.
        language = languages.get(language_menu.selected_option[0], current_language())
        language = s.language if language == current_language() else language
        app.apply_settings(replace(s, width=width, height=height,
                                   text_size=text_sizes.get(text_menu.selected_option[0], s.text_size),
                                   fullscreen=bool(full.get_state()), colour_blind=bool(blind.get_state()),
                                   read_aloud=bool(aloud.get_state()),
                                   language=language))

    ok, cancel = _buttons(app, window, y + box + 24, (_("Apply"), apply), (_("Cancel"), app.close_dialog))
    app.keys.focus(size_menu)
    return app.remember(Dialog(window, {"size": size_menu, "text": text_menu, "language": language_menu,
                                        "fullscreen": full, "colour_blind": blind, "read_aloud": aloud, "apply": ok,
                                        "cancel": cancel, "default": apply}))


#: The text sizes' words (settings keep the English key).
TEXT_SIZE_WORDS = {"small": N_("small"), "normal": N_("normal"), "large": N_("large"), "largest": N_("largest")}


def _buttons(app: App, window: pygame_gui.elements.UIWindow, y: int,
             *specs: tuple[str, Callable[[], None]]) -> list[UIButton]:
    """A dialog's buttons in a row at ``y``, the first the primary one, each as wide as its word."""
    height = line_height(app, 18, bold=True, pad=14)
    x, out = 12, []
    for i, (label, command) in enumerate(specs):
        font = app.font(18, bold=True) if i == 0 else app.font(14)
        width = max(160, font.size(label)[0] + 40)
        out.append(UIButton(pygame.Rect(x, y, width, height), plain(label), app.manager, container=window,
                            object_id="#primary" if i == 0 else None, command=command))
        x += width + 10
    return out
