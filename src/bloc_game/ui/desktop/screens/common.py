"""What every screen shares: margins, the text rule for pygame_gui (from gui_text), bloc colours and names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import theme as th
from ..gui_text import esc, join, markup, paragraphs, plain, tip  # noqa: F401 - the screens' one import for text
from ..mapview import BLOC_NAMES

if TYPE_CHECKING:
    from ....engine import Game
    from ..app import App

PAD = 10
TOP_BAR = 52


def bloc_colours(app: App, game: Game) -> dict[str, th.Colour]:
    sc = game.scenario
    side_colours = {s.id: th.hex_colour(s.colour) for s in sc.sides}
    blocs = (*sc.side_ids, "neutral", "contested")
    return {b: app.palette.bloc(b, sc.side_ids, side_colours) for b in blocs}


def bloc_name(game: Game, bloc: str) -> str:
    if bloc in game.scenario.side_ids:
        return {"ussr": "Soviet bloc", "nato": "NATO"}.get(bloc, game.scenario.side(bloc).name)
    return BLOC_NAMES.get(bloc, bloc)
