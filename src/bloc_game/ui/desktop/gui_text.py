"""The one escaping rule for text handed to pygame_gui, and text fitted to a width.

pygame_gui reads the text of text boxes, tooltips, message windows and confirmation
dialogs as HTML, and its HTML can load images from any path (``<img src=...>``): a
scenario's hint naming a FIFO froze the game, a wide image froze it for good. So text
from a scenario, a save or a file name reaches those widgets only through this module:

- :class:`Markup` is text that is safe as pygame_gui HTML. Only this module makes it:
  :func:`esc` escapes untrusted text, :func:`markup` fills a literal template with escaped
  values, :func:`join` joins with a literal separator.
- The HTML sinks (:func:`text_box`, :func:`set_html`, :func:`tip`, :func:`tooltip`,
  :func:`message_window`, :func:`confirmation_dialog`) escape anything that is not Markup,
  so a forgotten conversion shows tags literally rather than obeying them.
- Labels, buttons, lists and window titles do not parse HTML; their text goes through
  :func:`plain`, which makes control characters visible (bloc_game.untrusted).

``tests/test_gui_text.py`` reads the desktop modules and fails if any other code hands
text to pygame_gui another way.
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Optional

import pygame
import pygame_gui
from pygame_gui.elements import UITextBox

from ...untrusted import visible


class Markup(str):
    """Text that is safe as pygame_gui HTML (made only by this module's functions)."""

    __slots__ = ()


def esc(text: object) -> Markup:
    """Untrusted text as HTML that shows it literally (Markup is passed through unchanged)."""
    if isinstance(text, Markup):
        return text
    return Markup(html.escape(visible(str(text)), quote=False))


def markup(template: str, *values: object) -> Markup:
    """A literal HTML ``template`` with ``{}`` fields filled by escaped ``values``."""
    return Markup(template.format(*(esc(v) for v in values)))


def join(separator: str, parts: Iterable[object]) -> Markup:
    """``parts`` (escaped unless Markup) joined by the literal HTML ``separator``."""
    return Markup(separator.join(esc(p) for p in parts))


def paragraphs(text: str) -> Markup:
    """Prose with blank-line paragraphs as HTML paragraphs, its lines rewrapped."""
    return join("<br><br>", (" ".join(p.split()) for p in text.strip().split("\n\n")))


def plain(text: str) -> str:
    """Text for a widget that does not parse HTML (label, button, list, window title)."""
    return visible(text)


# ------------------------------------------------------------------------------ the HTML sinks

def text_box(content: str, rect: pygame.Rect, manager: pygame_gui.UIManager, **kwargs: Any) -> UITextBox:
    return UITextBox(esc(content), rect, manager, **kwargs)


def set_html(box: UITextBox, content: str) -> None:
    box.set_text(esc(content))


def tip(text: Optional[str]) -> Optional[Markup]:
    """The ``tool_tip_text`` of a button (tooltips parse HTML); None for no tooltip."""
    return esc(text) if text else None


def tooltip(manager: pygame_gui.UIManager, content: str, position: tuple[int, int], hover_distance: tuple[int, int],
            parent: Any, **kwargs: Any) -> Any:
    return manager.create_tool_tip(esc(content), position, hover_distance, parent, None, **kwargs)


def message_window(rect: pygame.Rect, content: str, manager: pygame_gui.UIManager, title: str,
                   **kwargs: Any) -> pygame_gui.windows.UIMessageWindow:
    return pygame_gui.windows.UIMessageWindow(rect, esc(content), manager, window_title=plain(title), **kwargs)


def confirmation_dialog(rect: pygame.Rect, content: str, manager: pygame_gui.UIManager, title: str,
                        **kwargs: Any) -> pygame_gui.windows.UIConfirmationDialog:
    return pygame_gui.windows.UIConfirmationDialog(rect, esc(content), manager, window_title=plain(title), **kwargs)


# ------------------------------------------------------------------------------ fitting

def ellipsize(font: pygame.font.Font, text: str, room: int, suffix: str = "...") -> str:
    """The longest prefix of ``text`` that, with ``suffix``, fits in ``room`` pixels.

    A binary search over the prefix length: about log2(len(text)) measurements, where
    trimming one character at a time took over 20 s for a 20,000-character label.
    """
    if font.size(text)[0] <= room:
        return text
    low, high = 0, len(text)  # invariant: text[:low] + suffix fits (or low is 0); text[:high] + suffix does not
    while high - low > 1:
        middle = (low + high) // 2
        if font.size(text[:middle] + suffix)[0] <= room:
            low = middle
        else:
            high = middle
    return text[:low].rstrip() + suffix
