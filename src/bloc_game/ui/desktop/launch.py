"""Opening the desktop game: the app handed its screens, and the loop of ``bloc-game``.

pygame_gui, the screens and the engine are imported inside the functions: ``bloc-game``
shows the title's first frame before importing them (see :mod:`.titleframe`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

from .display import open_display
from .settings import Settings, read_settings

if TYPE_CHECKING:
    import pygame

    from .app import App


def open_app(settings: Optional[Settings] = None, scenario: Optional[str] = None, start_screen: str = "title",
             watch: bool = False, surface: Optional["pygame.Surface"] = None) -> App:
    """The desktop app with the real screens, on its first screen (``title`` or ``side``)."""
    from .app import App
    from .screens import DesktopScreens

    return App(settings, scenario, start_screen, watch, screens=DesktopScreens(), surface=surface)


def run_desktop(scenario: Optional[str] = None, start_screen: str = "title", watch: bool = False) -> int:
    """Entry point of ``bloc-game``: open the window and play until the player quits.

    ``BLOC_GAME_EXIT_AFTER_FRAMES=N`` closes the window after N frames, for tests and the
    start-up benchmark; the title's first frame, drawn before pygame_gui is imported, is
    the first of them.
    """
    text = os.environ.get("BLOC_GAME_EXIT_AFTER_FRAMES", "")
    limit = int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None
    open_display()
    settings, notice = read_settings()
    if start_screen != "title" or notice is not None:  # the app shows the notice in a dialog
        return open_app(scenario=scenario, start_screen=start_screen, watch=watch).run(max_frames=limit)
    import pygame

    from .titleframe import show_first_frame

    try:
        surface: Optional[pygame.Surface] = show_first_frame(settings)
    except (pygame.error, OSError):  # pygame_gui's fonts unreadable: the app's own first frame will say why
        surface = None
    if surface is not None and limit is not None and limit <= 1:
        pygame.quit()
        return 0
    app = open_app(settings, scenario, start_screen, watch, surface=surface)
    app.frames = 0 if surface is None else 1
    return app.run(max_frames=limit)
