"""What every screen shares: margins, the text rule for pygame_gui (from gui_text), bloc colours and names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ....i18n import _
from ....scenario.map_regions import REGIONS
from .. import theme as th
from ..gui_text import ellipsize, esc, join, markup, paragraphs, plain, tip  # noqa: F401 - the screens' one import for text
from ..mapview import BLOC_NAMES


def items(texts: Iterable[str]) -> list[str | tuple[str, str]]:
    """Texts as the item list pygame_gui's selection lists and drop-down menus take (typed invariant)."""
    return list(texts)

if TYPE_CHECKING:
    from ....engine import Game
    from ..app import App

PAD = th.PAD
TOP_BAR = 52


def bloc_colours(app: App, game: Game) -> dict[str, th.Colour]:
    sc = game.scenario
    side_colours = {s.id: th.hex_colour(s.colour) for s in sc.sides}
    blocs = (*sc.side_ids, "neutral", "contested")
    return {b: app.palette.bloc(b, sc.side_ids, side_colours) for b in blocs}


def bloc_name(game: Game, bloc: str) -> str:
    if bloc in game.scenario.side_ids:
        return {"ussr": _("Soviet bloc"), "nato": _("NATO")}.get(bloc, game.scenario.side(bloc).name)
    return _(BLOC_NAMES[bloc]) if bloc in BLOC_NAMES else bloc


def region_name(region: str) -> str:
    """A map region's name in the interface's language (the map is the game's, not the scenario's)."""
    return _(REGIONS.get(region, region))


def line_height(app: App, base: int, bold: bool = False, pad: int = 6) -> int:
    """The height a one-line widget needs for text of design size ``base`` at the current text size."""
    return app.font(base, bold).get_linesize() + pad


def fit(app: App, text: str, base: int, width: int, bold: bool = False, short: str = "") -> str:
    """``text`` if it fits ``width`` at design size ``base``; else ``short``; else cut with an ellipsis."""
    font = app.font(base, bold)
    for candidate in (text, short):
        if candidate and font.size(candidate)[0] <= width - 8:
            return candidate
    return ellipsize(font, short or text, width - 8)  # O(log n) measurements, however long the text
