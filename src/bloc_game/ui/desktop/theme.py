"""Looks: the pygame_gui theme (assets/theme.json, scaled to the text size) and the palettes."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...paths import asset_dir

TEXT_SCALES = {"small": 0.87, "normal": 1.0, "large": 1.2, "largest": 1.45}
PLAIN_TEXT = ("text_box", "button", "label", "check_box", "selection_list.@selection_list_item", "drop_down_menu",
              "text_entry_line", "window.#title_bar")
PAD = 10  # the screens' margin, in pixels
BASE_WINDOW = (1280, 800)  # the size the layout was drawn for; a bigger window gets bigger text
SCRIPT = "Zyyy"  # ISO 15924 "common": shaped as "Latn", Noto Sans kerns a full stop into "r" and "y"

Colour = tuple[int, int, int]


def hex_colour(text: str) -> Colour:
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


@lru_cache(maxsize=1)
def _base_theme() -> dict[str, Any]:
    return json.loads((asset_dir() / "theme.json").read_text(encoding="utf-8"))


def text_scale(text_size: str, window: tuple[int, int] = BASE_WINDOW) -> float:
    """How much bigger than the theme's sizes text is drawn: the player's setting, times the
    window's growth over 1280x800 (a 1920x1080 projector window gets 1.35x by default; a
    smaller window keeps the sizes, which are the smallest that read well)."""
    grow = max(1.0, min(window[0] / BASE_WINDOW[0], window[1] / BASE_WINDOW[1]))
    return round(TEXT_SCALES.get(text_size, 1.0) * grow, 3)


def theme(scale: float = 1.0) -> dict[str, Any]:
    """The theme with every font size scaled by ``scale`` (see :func:`text_scale`)."""
    data = copy.deepcopy(_base_theme())
    # pygame_gui takes no font from "defaults": each kind of widget needs its own block, or its
    # text stays at pygame_gui's 14 whatever the text size (the briefing body did).
    for block in PLAIN_TEXT:
        data.setdefault(block, {}).setdefault("font", {"name": "noto_sans", "size": "14"})
    for block in data.values():
        font = block.get("font") if isinstance(block, dict) else None
        if font:
            # Shaped as 'Latn', Noto Sans kerns a full stop into the letter before it ("year."
            # read as one glyph); the common script keeps the stop clear and shapes Latin the same.
            font.setdefault("script", SCRIPT)
        if font and "size" in font:
            font["size"] = str(max(9, round(int(font["size"]) * scale)))
    return data


def font_size(base: int, scale: float) -> int:
    return max(9, round(base * scale))


BACKGROUND: Colour = (20, 23, 30)
PANEL: Colour = (28, 32, 41)
SEA: Colour = (24, 40, 62)
LAND_OUTSIDE: Colour = (58, 60, 64)
BORDER: Colour = (16, 18, 22)
INK: Colour = (235, 230, 216)
MUTED: Colour = (150, 146, 136)
GOLD: Colour = (201, 162, 39)
GOOD: Colour = (92, 170, 110)
DIVERGED: Colour = (224, 120, 60)


@dataclass(frozen=True)
class Palette:
    """Bloc colours. The colour-blind-safe one uses the Okabe-Ito colours, and both hatch contested regions."""

    name: str
    sides: tuple[Colour, Colour]  # first side, second side (in scenario order)
    neutral: Colour
    contested: Colour
    use_scenario_colours: bool

    def bloc(self, bloc: str, side_ids: tuple[str, ...], side_colours: dict[str, Colour]) -> Colour:
        if bloc == "neutral":
            return self.neutral
        if bloc == "contested":
            return self.contested
        if self.use_scenario_colours and bloc in side_colours:
            return side_colours[bloc]
        return self.sides[side_ids.index(bloc) % 2] if bloc in side_ids else self.neutral


STANDARD = Palette("standard", ((192, 57, 43), (46, 109, 180)), (128, 134, 142), (212, 167, 44), True)
COLOUR_BLIND = Palette("colour-blind safe", ((213, 94, 0), (0, 114, 178)), (153, 153, 153), (240, 228, 66), False)


def palette(colour_blind: bool) -> Palette:
    return COLOUR_BLIND if colour_blind else STANDARD
