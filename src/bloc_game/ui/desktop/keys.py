"""Keyboard everywhere: a focus ring, Tab order, Enter, Esc, arrows in lists, and the keyboard map.

The app hands every key press here before pygame_gui sees it. Focus moves over the
widgets that can be used (buttons, lists, text fields, drop-downs, check boxes) of the
open dialog, or else of the screen, in reading order. Enter or Space uses the focused
widget the way a click would; Esc closes a dialog or asks the screen to go back; the
arrow keys move the selection of a focused list or step a focused drop-down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UICheckBox, UIDropDownMenu, UISelectionList, UITextEntryLine

from ...i18n import N_
from . import theme as th

if TYPE_CHECKING:
    from .app import App

FOCUSABLE = (UIButton, UISelectionList, UITextEntryLine, UIDropDownMenu, UICheckBox)
ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)

KEYMAP = N_("""\
Everywhere
  Tab / Shift+Tab    move the focus ring to the next / previous control
  Enter or Space     use the control in the ring (a button, a box, a list item)
  Up / Down          move through a list; step a drop-down choice
  Esc                close a dialog; go back one screen
  ? or F1            this list of keys
  R                  read the screen aloud (when read-aloud is on in Settings)

In a game
  1-9                choose
  U or Ctrl+Z        undo your last decision
  Ctrl+S / Ctrl+L    save / load
  Space              next decision (when watching)
  Esc                back to the title screen (the game is autosaved)""")


def reading_order(elements: list[Any]) -> list[Any]:
    """Focusable, visible, enabled widgets from top to bottom, then left to right."""
    usable = [e for e in elements if isinstance(e, FOCUSABLE) and e.alive() and e.visible and e.is_enabled]
    return sorted(usable, key=lambda e: (e.rect.top // 12, e.rect.left))


class Keys:
    """The focus and the key bindings common to every screen and dialog."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.focused: Optional[UIElement] = None

    # ----------------------------------------------------------------- focus

    def candidates(self) -> list[Any]:
        dialog = self.app.dialog
        if dialog is not None and dialog.alive():
            handle = self.app.dialog_handle
            parts = list(getattr(handle, "parts", {}).values()) if getattr(handle, "window", None) is dialog else []
            parts += [getattr(dialog, name, None) for name in ("dismiss_button", "confirm_button", "cancel_button")]
            return reading_order([p for p in parts if p is not None])
        return reading_order(self.app.screen.elements)

    def focus(self, element: Optional[UIElement]) -> None:
        self.focused = element
        # A text field takes the typing only while it has pygame_gui's own focus.
        self.app.manager.set_focus_set(element if isinstance(element, UITextEntryLine) else None)

    def move(self, step: int) -> None:
        order = self.candidates()
        if not order:
            self.focus(None)
            return
        if self.focused in order:
            index = (order.index(self.focused) + step) % len(order)
        else:
            index = 0 if step > 0 else len(order) - 1
        self.focus(order[index])

    def forget(self) -> None:
        """The screen or dialog changed: no focus until Tab (or the new dialog's own choice)."""
        self.focused = None

    def draw(self, surface: pygame.Surface) -> None:
        element = self.focused
        if element is None or not element.alive() or not element.visible:
            return
        pygame.draw.rect(surface, th.GOLD, element.rect.inflate(8, 8), width=3, border_radius=5)

    # ----------------------------------------------------------------- keys

    def handle(self, event: pygame.event.Event) -> bool:
        """Act on a key press; True when it was used (pygame_gui and the screen then do not see it)."""
        key, shift = event.key, bool(event.mod & pygame.KMOD_SHIFT)
        typing = isinstance(self.focused, UITextEntryLine) and self.focused.alive()
        if key == pygame.K_TAB:
            self.move(-1 if shift else 1)
            return True
        if key == pygame.K_F1 or (getattr(event, "unicode", "") == "?" and not typing):
            self.app.show_keymap()
            return True
        if key == pygame.K_r and not typing and not event.mod & pygame.KMOD_CTRL:
            self.app.read_aloud()
            return True
        if key == pygame.K_ESCAPE:
            if self.app.dialog is not None and self.app.dialog.alive():
                self.app.close_dialog()
            else:
                self.app.screen.back()
            return True
        if self.focused is not None and not (self.focused.alive() and self.focused.visible):
            self.focused = None
        if key in ENTER:
            default = getattr(self.app.dialog_handle, "parts", {}).get("default") if self.app.dialog else None
            if self.focused is not None and not typing:
                return self.activate(self.focused)
            if default is not None:
                default()
                return True
            return False
        if key == pygame.K_SPACE and self.focused is not None and not typing:
            return self.activate(self.focused)
        if key in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT):
            step = -1 if key in (pygame.K_UP, pygame.K_LEFT) else 1
            target = self.focused or self._only_list()
            if isinstance(target, UISelectionList):
                step_list(target, step)
                return True
            if isinstance(target, UIDropDownMenu):
                step_drop_down(target, step)
                return True
        return False

    def _only_list(self) -> Optional[UISelectionList]:
        """With nothing focused, the arrows move the one list on show (the scenario list, the saves)."""
        lists = [e for e in self.candidates() if isinstance(e, UISelectionList)]
        return lists[0] if len(lists) == 1 else None

    def activate(self, element: Any) -> bool:
        if isinstance(element, UIButton):
            element.on_self_event(pygame_gui.UI_BUTTON_PRESSED, {"mouse_button": 1})
        elif isinstance(element, UICheckBox):
            element.set_state(not element.get_state())
        elif isinstance(element, UIDropDownMenu):
            step_drop_down(element, 1)
        elif isinstance(element, UISelectionList):
            default = getattr(self.app.dialog_handle, "parts", {}).get("default") if self.app.dialog else None
            if default is not None:
                default()
            else:
                self.app.screen.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r"))
        else:
            return False
        return True


def step_list(listing: UISelectionList, step: int) -> None:
    """Select the item ``step`` away from the selected one, as a click on it would (the screen is told)."""
    items = listing.item_list
    if not items:
        return
    current = next((i for i, item in enumerate(items) if item["selected"]), None)
    index = 0 if current is None else max(0, min(len(items) - 1, current + step))
    if index == current:
        return
    item = items[index]
    if item["button_element"] is None:  # scrolled out of the list's view: bring it in, then select
        if listing.scroll_bar is not None:
            listing.scroll_bar.set_scroll_from_start_percentage(index / len(items))
        listing.update(0.0)
    if item["button_element"] is not None:  # posts the press; the list selects the item on the next frame
        item["button_element"].on_self_event(pygame_gui.UI_BUTTON_PRESSED, {"mouse_button": 1})


def step_drop_down(menu: UIDropDownMenu, step: int) -> None:
    """Show the option ``step`` away and tell the screen, as choosing it with the mouse would."""
    options = [o if isinstance(o, tuple) else (o, o) for o in menu.options_list]
    current = next((i for i, o in enumerate(options) if o[0] == menu.selected_option[0]), 0)
    chosen = options[(current + step) % len(options)]
    menu.selected_option = chosen
    closed = menu.menu_states["closed"]
    closed.selected_option = chosen
    menu.menu_states["expanded"].selected_option = chosen
    if menu.current_state is closed:
        closed.finish()
        closed.start()
    pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, {
        "text": chosen[0], "selected_option_id": chosen[1], "ui_element": menu,
        "ui_object_id": menu.most_specific_combined_id}))
