"""Opening the desktop game: the app handed its screens, and the loop of ``bloc-game``."""

from __future__ import annotations

import os
from typing import Optional

from .app import App
from .display import open_display
from .screens import DesktopScreens
from .settings import Settings


def open_app(settings: Optional[Settings] = None, scenario: Optional[str] = None, start_screen: str = "title",
             watch: bool = False) -> App:
    """The desktop app with the real screens, on its first screen (``title`` or ``side``)."""
    return App(settings, scenario, start_screen, watch, screens=DesktopScreens())


def run_desktop(scenario: Optional[str] = None, start_screen: str = "title", watch: bool = False) -> int:
    """Entry point of ``bloc-game``: open the window and play until the player quits.

    ``BLOC_GAME_EXIT_AFTER_FRAMES=N`` closes the window after N frames, for tests and the
    start-up benchmark.
    """
    limit = os.environ.get("BLOC_GAME_EXIT_AFTER_FRAMES", "")
    open_display()
    app = open_app(scenario=scenario, start_screen=start_screen, watch=watch)
    return app.run(max_frames=int(limit) if limit.isascii() and limit.isdigit() and len(limit) <= 9 else None)
