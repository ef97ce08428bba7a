"""The title screen's layout, and its first frame drawn with plain pygame before pygame_gui is imported.

Importing pygame_gui, building its theme and loading its fonts takes longer than opening
the window (benchmarks/README.md, start-up). So ``bloc-game`` draws the title's first
frame here, from the same layout the title screen builds its widgets from and in the
theme's colours, fonts and shapes, and only then imports the rest; the widgets' first
frame draws the same picture over it (``tests/test_first_frame.py`` compares them pixel
for pixel). Input made meanwhile waits in SDL's queue for the real screen.

Nothing here imports pygame_gui, the engine or the loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Callable

import pygame

from ...i18n import N_, _
from ...paths import latest_autosave, user_folder
from ...untrusted import visible
from . import theme as th
from .display import open_window
from .settings import Settings

# The title's words, translated where they are laid out (bloc_game.i18n).
TITLE = N_("Bloc Game")
SUBTITLE = N_("Europe 1952-1955: the Cold War as it was, and as it might have been")
FOOT = (N_("Press ? or F1 for the keys."), N_("Map data: Natural Earth (public domain)."))
# (English word, object id): the English word names the button for the screen and its tests.
BUTTONS = ((N_("New game"), "#primary"), (N_("Continue"), None), (N_("Load game"), None), (N_("Settings"), None),
           (N_("Quit"), None))

FontSource = Callable[[int, bool], pygame.font.Font]


@lru_cache(maxsize=1)
def gui_data() -> Path:
    """pygame_gui's data folder (its Noto Sans fonts), found without importing pygame_gui."""
    spec = find_spec("pygame_gui")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pygame_gui is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def ui_font(size: int, bold: bool = False) -> pygame.font.Font:
    """pygame_gui's own Noto Sans, so hand-drawn text matches the widgets."""
    return pygame.font.Font(str(gui_data() / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")), size)


@dataclass(frozen=True)
class TitleLayout:
    """Where the title screen's parts go in a window of a given size and text scale, in the current language."""

    labels: tuple[tuple[str, pygame.Rect, str], ...]  # text, rect, object id (title, subtitle lines, foot)
    buttons: tuple[tuple[str, str, str | None, pygame.Rect], ...]  # English word, label, object id, rect


def wrap_lines(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.size(f"{lines[-1]} {word}")[0] <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def title_layout(size: tuple[int, int], font: FontSource) -> TitleLayout:
    """The title screen's layout; ``font(base, bold)`` is the font of design size ``base`` as drawn now."""
    w, h = size

    def line(base: int, bold: bool = False, pad: int = 6) -> int:
        return font(base, bold).get_linesize() + pad

    title_h, subtitle_h, btn_h, foot_h = line(46, bold=True), line(18), line(18, pad=18), line(13)
    # The subtitle on as many lines as the language needs at this width (German runs ~30 % longer);
    # measured upright, the theme's italic is about as wide.
    subtitle = wrap_lines(font(18, False), _(SUBTITLE), w - 8 * th.PAD)
    buttons = [(key, _(key), object_id) for key, object_id in BUTTONS]
    widest = max(font(18, True).size(label)[0] for _key, label, _id in buttons)
    col_w = max(340, font(18, True).size(_("Load game"))[0] * 3, widest + 60)
    foot = [_(text) for text in FOOT]
    foot_lines = ["   ".join(foot)] if font(13, False).size("   ".join(foot))[0] <= w - 2 * th.PAD else foot
    needed = title_h + len(subtitle) * subtitle_h + 30 + len(BUTTONS) * (btn_h + 12) + len(foot_lines) * foot_h
    y = max(th.PAD, min(int(h * 0.16), (h - needed) // 2))
    labels = [(_(TITLE), pygame.Rect(0, y, w, title_h), "#title_label")]
    y += title_h
    for text in subtitle:
        labels.append((text, pygame.Rect(0, y, w, subtitle_h), "#subtitle_label"))
        y += subtitle_h
    x, y = (w - col_w) // 2, y + 30
    placed = []
    for key, label, object_id in buttons:
        placed.append((key, label, object_id, pygame.Rect(x, y, col_w, btn_h)))
        y += btn_h + 12
    y = h - th.PAD - len(foot_lines) * foot_h
    labels += [(text, pygame.Rect(th.PAD, y + i * foot_h, w - 2 * th.PAD, foot_h), "#small")
               for i, text in enumerate(foot_lines)]
    return TitleLayout(tuple(labels), tuple(placed))


# ----------------------------------------------------------------------------- the first frame

@lru_cache(maxsize=1)
def _gui_default_theme() -> dict[str, Any]:
    import json

    return json.loads((gui_data() / "default_theme.json").read_text(encoding="utf-8"))


class _Looks:
    """The theme as pygame_gui resolves it for one widget: its object id's block, then its kind's
    block (pygame_gui's default theme under ours, prototypes expanded), then the defaults."""

    def __init__(self, scale: float) -> None:
        ours, base = th.theme(scale), _gui_default_theme()
        self.fonts: dict[tuple[int, bool, bool, str], pygame.font.Font] = {}
        self.blocks: dict[str, dict[str, dict[str, Any]]] = {}
        for source in (base, ours):
            for name, block in source.items():
                merged = self.blocks.setdefault(name, {})
                for part in (source.get(block.get("prototype", ""), {}), block):
                    for section, values in part.items():
                        if isinstance(values, dict):
                            merged.setdefault(section, {}).update(values)

    def get(self, section: str, key: str, ids: tuple[str, ...]) -> Any:
        for name in (*ids, "defaults"):
            value = self.blocks.get(name, {}).get(section, {}).get(key)
            if value is not None:
                return value
        return None

    def colour(self, key: str, ids: tuple[str, ...]) -> pygame.Color:
        return pygame.Color(self.get("colours", key, ids))

    def font(self, ids: tuple[str, ...]) -> pygame.font.Font:
        """The widget's font, made as pygame_gui makes it (point size, script)."""
        spec = next(block["font"] for block in (*(self.blocks.get(name, {}) for name in ids), self.blocks["defaults"])
                    if "size" in block.get("font", {}))
        key = (int(spec["size"]), spec.get("bold") == "1", spec.get("italic") == "1", spec.get("script", th.SCRIPT))
        if key not in self.fonts:
            style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
            font = pygame.font.Font(str(gui_data() / f"NotoSans-{style[key[1:3]]}.ttf"), key[0])
            font.set_point_size(key[0])
            font.set_script(key[3])
            self.fonts[key] = font
        return self.fonts[key]


def _text(target: pygame.Surface, font: pygame.font.Font, text: str, colour: pygame.Color, box: pygame.Rect,
          align: str, padding: int) -> None:
    """Text as pygame_gui's layout places one line in ``box``: centred on the baseline (its
    ``should_centre_from_baseline``, with Python's rounding), blended premultiplied."""
    glyphs = font.render(text, True, colour).convert_alpha().premul_alpha()
    pad = 1 - font.get_descent()
    x = box.x + padding if align == "left" else box.x + box.w // 2 - glyphs.get_width() // 2
    y = box.y + box.h // 2 - pad - int(round(0.5 * (font.get_ascent() - pad)))
    target.blit(glyphs, (x, y), special_flags=pygame.BLEND_PREMULTIPLIED)


def paint_title(surface: pygame.Surface, layout: TitleLayout, scale: float, can_continue: bool) -> None:
    """The title screen's first frame: its plain background, labels and buttons, as pygame_gui draws them."""
    looks = _Looks(scale)
    surface.fill(th.BACKGROUND)
    parts: list[tuple[str, pygame.Rect, tuple[str, ...], str]] = [
        (text, rect, (object_id, "label"), "normal") for text, rect, object_id in layout.labels]
    parts += [(label, rect, (object_id, "button") if object_id else ("button",),
               "disabled" if key == "Continue" and not can_continue else "normal")
              for key, label, object_id, rect in layout.buttons]
    for text, rect, ids, state in parts:
        picture = pygame.Surface(rect.size, pygame.SRCALPHA)
        face = picture.get_rect()
        if ids[-1] == "button":
            shadow = int(looks.get("misc", "shadow_width", ids) or 0)
            border = int(looks.get("misc", "border_width", ids) or 0)
            face.inflate_ip(-2 * shadow, -2 * shadow)
            if shadow:  # pygame_gui's soft shadow: on the dark background, a faint one-pixel ring
                pygame.draw.rect(picture, (0, 0, 0, 17), face.inflate(2, 2), width=1)
            picture.fill(looks.colour(f"{state}_border", ids), face)
            picture.fill(looks.colour(f"{state}_bg", ids), face.inflate(-2 * border, -2 * border))
        _text(picture, looks.font(ids), visible(text), looks.colour(f"{state}_text", ids), face,
              looks.get("misc", "text_horiz_alignment", ids) or "center",
              int(looks.get("misc", "text_horiz_alignment_padding", ids) or 0))
        surface.blit(picture, rect, special_flags=pygame.BLEND_PREMULTIPLIED)


def show_first_frame(settings: Settings) -> pygame.Surface:
    """Open the window and show the title screen's first frame; the window, for the app to take over."""
    surface = open_window(settings)
    size = surface.get_size()
    scale = th.text_scale(settings.text_size, size)
    fonts: dict[tuple[int, bool], pygame.font.Font] = {}

    def font(base: int, bold: bool) -> pygame.font.Font:
        key = (th.font_size(base, scale), bold)
        if key not in fonts:
            fonts[key] = ui_font(*key)
        return fonts[key]

    paint_title(surface, title_layout(size, font), scale, latest_autosave(user_folder("saves")) is not None)
    pygame.display.flip()
    return surface
