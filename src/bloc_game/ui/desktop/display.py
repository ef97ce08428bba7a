"""Whether a window can really be shown, asked before anything else so a first run tells the truth.

Without a display SDL does not fail: it falls back to its ``offscreen`` driver and the
game runs invisibly. So the environment is checked before pygame is even imported, and
the driver SDL picked is checked once the display is up. A driver the user chose
(``SDL_VIDEODRIVER``, as the tests and ``bloc-game screenshots`` do with ``dummy``) is
always taken at its word.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Optional

INVISIBLE = ("offscreen", "dummy")


class NoDisplay(Exception):
    """SDL found no display to open the window on."""


def display_problem() -> Optional[str]:
    """Why no window can be shown, judged from the environment alone; None when one may be."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return None
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "neither DISPLAY nor WAYLAND_DISPLAY is set"
    return None


def open_display() -> None:
    """Start SDL's display; refuse the invisible drivers SDL falls back to unasked.

    What SDL prints while it tries its drivers (``XDG_RUNTIME_DIR is invalid`` ...) is held
    back and shown only if a real display opened, so a player without one reads one line.
    """
    import pygame

    from .app import init_pygame

    with tempfile.TemporaryFile() as held:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(held.fileno(), 2)
        try:
            init_pygame()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        driver = pygame.display.get_driver()
        if driver in INVISIBLE and not os.environ.get("SDL_VIDEODRIVER"):
            pygame.display.quit()
            raise NoDisplay(f"SDL could only start its '{driver}' driver")
        held.seek(0)
        sys.stderr.write(held.read().decode(errors="replace"))
