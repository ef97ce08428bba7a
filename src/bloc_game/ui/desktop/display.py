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
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import pygame

    from .settings import Settings

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


def init_pygame() -> None:
    """Video and fonts only. The game has no sound, so the mixer (and ALSA's complaints on
    machines without a sound card) is never started.

    SDL's default on X11 puts the window surface behind an OpenGL renderer: 100 MB of Mesa
    and ~7 ms of CPU per flip under Xvfb against 0.3 ms for the plain shared-memory
    framebuffer (measured, benchmarks/README.md). A 2D game drawing one surface gains
    nothing from it, so it is off unless the user's environment says otherwise.
    """
    import pygame

    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
    pygame.display.init()
    pygame.font.init()


def open_window(settings: "Settings") -> "pygame.Surface":
    """The game's window, at the size and mode the settings give."""
    import pygame

    from ...i18n import _

    flags = pygame.RESIZABLE | (pygame.FULLSCREEN if settings.fullscreen else 0)
    surface = pygame.display.set_mode(settings.size, flags)
    pygame.display.set_caption(_("Bloc Game: Europe 1952-1955"))
    return surface


def open_display() -> None:
    """Start SDL's display; refuse the invisible drivers SDL falls back to unasked.

    What SDL prints while it tries its drivers (``XDG_RUNTIME_DIR is invalid`` ...) is held
    back and shown only if a real display opened, so a player without one reads one line.
    """
    import pygame

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
