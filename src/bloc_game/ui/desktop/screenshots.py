"""``bloc-game screenshots DIR``: every screen of the desktop game rendered to PNG.

Drives the real screens (no mock-ups) through a real game of the flagship, at each
window size asked for, and saves what the window shows. Works headless: it sets SDL's
dummy video driver unless a display driver was chosen already.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .app import App

DEFAULT_SIZES = ((1024, 640), (1280, 800), (1920, 1080))


def _settle(app: "App", frames: int = 3) -> None:
    for _ in range(frames):
        app.frame([], 1 / 30)


def capture(directory: Path, sizes: tuple[tuple[int, int], ...] = DEFAULT_SIZES,
            scenario: Optional[str] = None) -> list[Path]:
    """Render every screen at every size into ``directory``; the list of files written."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    # Screenshots never touch the player's own saves and settings.
    os.environ.setdefault("BLOC_GAME_HOME", tempfile.mkdtemp(prefix="bloc-game-shots-"))
    import pygame

    from ...engine import Seating
    from .launch import open_app
    from .screens import (
        GameScreen,
        ReportScreen,
        ScenarioScreen,
        SideScreen,
        open_load_dialog,
        open_save_dialog,
        open_settings_dialog,
    )
    from .settings import Settings

    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for width, height in sizes:
        app = open_app(Settings(width=width, height=height), scenario=scenario)

        def shot(name: str, app: App = app, prefix: str = f"{width}x{height}") -> None:
            _settle(app)
            path = directory / f"{prefix}-{name}.png"
            pygame.image.save(app.surface, str(path))
            written.append(path)

        shot("01-title")
        app.switch(ScenarioScreen(app))
        shot("02-scenario")
        game = app.game(app.scenario_path)
        side = SideScreen(app, app.scenario_path, game)
        app.switch(side)
        side.toggle_advanced()
        shot("03-side")
        state = game.start("ussr", seed=7)
        screen = GameScreen(app, state)
        app.switch(screen)
        shot("04-game-start")
        while screen.state.current is not None and screen.state.current.id != "nato_note":
            point = screen.state.current
            hist = point.historical_choice
            screen.choose(hist.id if hist and hist in screen.state.choices else screen.state.choices[0].id)
        target = screen.map_view.label_point("frg") if screen.map_view else (0, 0)
        over_frg = (screen.map_rect.left + target[0], screen.map_rect.top + target[1])
        screen.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=over_frg, rel=(0, 0), buttons=(0, 0, 0)))
        for _ in range(20):  # meters finish animating, the tooltip appears
            app.frame([], 1 / 20)
        shot("05-game-nato-note")
        open_save_dialog(app, screen)
        shot("06-save-dialog")
        open_load_dialog(app)
        shot("07-load-dialog")
        open_settings_dialog(app)
        shot("08-settings-dialog")
        app.close_dialog()
        screen.choose("join_on_conditions")
        while screen.state.current is not None:
            point = screen.state.current
            plan = {"moscow_invitations": "offer_elections_1954"}
            hist = point.historical_choice
            fallback = hist.id if hist and hist in screen.state.choices else screen.state.choices[0].id
            screen.choose(plan.get(point.id) or fallback)
        shot("09-game-over")
        report = ReportScreen(app, screen.state)
        app.switch(report)
        report.wait_for_review()
        shot("10-end-report")
        watch = GameScreen(app, game.start(Seating.WATCH, seed=3, opponent="lookahead", autoplay=False))
        app.switch(watch)
        for _ in range(6):
            watch.step_watch()
        shot("11-watch")
        app.apply_settings(Settings(width=width, height=height, colour_blind=True, text_size="large"))
        app.switch(GameScreen(app, game.start("ussr", seed=7)))
        shot("12-colour-blind-large-text")
        # The largest text, on the screens with the most words (a projector at the back of a class).
        app.apply_settings(Settings(width=width, height=height, text_size="largest"))
        app.switch(app.screens.title(app))
        shot("13-largest-text-title")
        app.switch(GameScreen(app, screen.state.undo() if screen.state.can_undo else screen.state))
        shot("14-largest-text-game")
        app.switch(ReportScreen(app, screen.state))
        shot("15-largest-text-report")
        open_settings_dialog(app)
        shot("16-largest-text-settings")
        pygame.quit()
    return written
