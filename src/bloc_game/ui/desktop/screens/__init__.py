"""The screens of the desktop game (DESIGN §6), one module each, and the factory the app builds them with.

Screens never import one another: they ask ``app.screens`` for the next one, so the
modules form no cycle and the app itself never imports this package (it is handed a
:class:`DesktopScreens`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .dialogs import (
    Dialog,
    offer_backup,
    open_load_dialog,
    open_save_dialog,
    open_saved_game,
    open_settings_dialog,
)
from .game import GameScreen
from .report import ReportScreen
from .scenario import ScenarioScreen
from .side import SideScreen
from .title import TitleScreen

if TYPE_CHECKING:
    from ....engine import Game, State
    from ..app import App, Screen
    from ..gui_text import Markup

__all__ = [
    "DesktopScreens", "Dialog", "GameScreen", "ReportScreen", "ScenarioScreen", "SideScreen", "TitleScreen",
    "offer_backup", "open_load_dialog", "open_save_dialog", "open_saved_game", "open_settings_dialog",
    "screen_named",
]


class DesktopScreens:
    """The :class:`~bloc_game.ui.desktop.app.ScreenFactory` of the real game."""

    def title(self, app: App) -> Screen:
        return TitleScreen(app)

    def scenario(self, app: App) -> Screen:
        return ScenarioScreen(app)

    def side(self, app: App, path: Path, game: Game) -> Screen:
        return SideScreen(app, path, game)

    def game(self, app: App, state: State, news: Optional[list[Markup]] = None) -> Screen:
        return GameScreen(app, state, news=news)

    def report(self, app: App, state: State) -> Screen:
        return ReportScreen(app, state)

    def first(self, app: App, name: str) -> Screen:
        """The screen to start on: ``title`` (the default) or ``side`` (a scenario chosen on the command line)."""
        return screen_named(name, app)


def screen_named(name: str, app: App) -> Screen:
    """The screen to start on: ``title`` (the default) or ``side`` (a scenario chosen on the command line)."""
    if name == "side":
        return SideScreen(app, app.scenario_path, app.game(app.scenario_path))
    return TitleScreen(app)
