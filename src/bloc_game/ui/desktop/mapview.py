"""The map of Europe in 1952-1955, coloured by bloc, with hit-testing for tooltips.

Geometry comes from ``assets/map/europe_1955.json`` (built by ``tools/build_map.py``);
which bloc a region is in comes from the scenario (``Game.map_blocs``). Rendering is
cached: the map is drawn again only when the blocs, the palette or the size change.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Optional

import pygame

from ...i18n import N_, _, current_language
from ...paths import asset_dir
from ...scenario.map_regions import REGIONS
from . import theme as th

BLOC_NAMES = {"neutral": N_("Neutral"), "contested": N_("Occupied or contested")}  # shown as _(name)
#: The names drawn on the map where the full name is too long.
SHORT_NAMES = {"frg": N_("FRG"), "gdr": N_("GDR"), "uk": N_("UK"), "ussr": N_("USSR")}


@lru_cache(maxsize=1)
def geometry() -> dict[str, Any]:
    return json.loads((asset_dir() / "map" / "europe_1955.json").read_text(encoding="utf-8"))


class MapView:
    """The map drawn at one pixel size. ``render`` returns the cached picture for a set of blocs."""

    def __init__(self, size: tuple[int, int], font: pygame.font.Font, cover: bool = False,
                 hover: bool = True) -> None:
        data = geometry()
        self.size = size
        self.language = current_language()  # the names drawn on it
        fit = max if cover else min  # cover: fill the whole picture, cropping the edges (a backdrop)
        self.scale = fit(size[0] / data["width"], size[1] / data["height"])
        self.offset = ((size[0] - data["width"] * self.scale) / 2, (size[1] - data["height"] * self.scale) / 2)
        self.font = font
        self._polys = {
            region: [self._points(ring) for ring in info["rings"]] for region, info in data["regions"].items()
        }
        self._background = [self._points(ring) for ring in data["background"]]
        self._borders = [self._points(line) for line in data["borders"]]
        self._iron = self._points(data["lines"]["inner_german_border"])
        self._berlin = self._point(data["regions"]["west_berlin"]["point"])
        self._labels = {region: self._point(info["label"]) for region, info in data["regions"].items()}
        # The widest ring's width in pixels: a name is drawn only where it fits inside.
        self._widths = {
            region: max((max(p[0] for p in ring) - min(p[0] for p in ring) for ring in polys), default=0)
            for region, polys in self._polys.items()
        }
        self._cache_key: Optional[tuple] = None
        self._surface: Optional[pygame.Surface] = None
        self.colours: dict[str, th.Colour] = {}
        self._mask = self._id_mask() if hover else None  # a backdrop needs no hit-testing

    def _point(self, p: list[float]) -> tuple[int, int]:
        return round(self.offset[0] + p[0] * self.scale), round(self.offset[1] + p[1] * self.scale)

    def _points(self, ring: list[list[float]]) -> list[tuple[int, int]]:
        return [self._point(p) for p in ring]

    @property
    def berlin_radius(self) -> int:
        return max(4, round(7 * self.scale))

    def _id_mask(self) -> pygame.Surface:
        mask = pygame.Surface(self.size)
        mask.fill((0, 0, 0))
        for index, region in enumerate(REGIONS, 1):
            for poly in self._polys[region]:
                if len(poly) >= 3:
                    pygame.draw.polygon(mask, (index, 0, 0), poly)
        # West Berlin is tiny: give it a generous hover target.
        pygame.draw.circle(mask, (list(REGIONS).index("west_berlin") + 1, 0, 0), self._berlin, self.berlin_radius + 4)
        return mask

    def region_at(self, pos: tuple[int, int]) -> Optional[str]:
        """The region under a point of the map picture, or ``None`` (sea, or land outside the game)."""
        x, y = pos
        if self._mask is None or not (0 <= x < self.size[0] and 0 <= y < self.size[1]):
            return None
        index = self._mask.get_at((x, y))[0]
        return list(REGIONS)[index - 1] if index else None

    def label_point(self, region: str) -> tuple[int, int]:
        return self._berlin if region == "west_berlin" else self._labels[region]

    def render(self, blocs: dict[str, str], colour_of: dict[str, th.Colour]) -> pygame.Surface:
        """The map with each region in the colour of its bloc (``colour_of`` maps bloc to colour)."""
        colours = {region: colour_of.get(bloc, th.LAND_OUTSIDE) for region, bloc in blocs.items()}
        key = tuple(sorted(colours.items()))
        if key == self._cache_key and self._surface is not None:
            return self._surface
        self.colours = colours
        surface = pygame.Surface(self.size)
        surface.fill(th.SEA)
        for poly in self._background:
            if len(poly) >= 3:
                pygame.draw.polygon(surface, th.LAND_OUTSIDE, poly)
        contested = pygame.Surface(self.size, pygame.SRCALPHA)
        for region in REGIONS:
            for poly in self._polys[region]:
                if len(poly) >= 3:
                    pygame.draw.polygon(surface, colours[region], poly)
                    if blocs.get(region) == "contested":
                        pygame.draw.polygon(contested, (255, 255, 255, 255), poly)
        self._hatch(surface, contested)
        for line in self._borders:
            if len(line) >= 2:
                pygame.draw.lines(surface, th.BORDER, False, line, 1)
        if len(self._iron) >= 2:
            pygame.draw.lines(surface, (12, 12, 14), False, self._iron, max(2, round(2.5 * self.scale)))
        pygame.draw.circle(surface, colours["west_berlin"], self._berlin, self.berlin_radius)
        pygame.draw.circle(surface, (12, 12, 14), self._berlin, self.berlin_radius, 2)
        self._draw_labels(surface)
        self._surface, self._cache_key = surface, key
        return surface

    def _hatch(self, surface: pygame.Surface, mask: pygame.Surface) -> None:
        stripes = pygame.Surface(self.size, pygame.SRCALPHA)
        step = max(6, round(9 * self.scale))
        w, h = self.size
        for x in range(-h, w, step):
            pygame.draw.line(stripes, (40, 30, 10, 120), (x, h), (x + h, 0), 2)
        stripes.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        surface.blit(stripes, (0, 0))

    def _draw_labels(self, surface: pygame.Surface) -> None:
        for region, name in REGIONS.items():
            text = _(SHORT_NAMES.get(region, name))
            if region == "west_berlin" or self.font.size(text)[0] + 6 > self._widths[region]:
                continue  # no room for the name; the tooltip tells it
            x, y = self._labels[region]
            if region == "norway":
                y += round(40 * self.scale)  # the centroid of Norway's long coast sits in the sea
            shadow = self.font.render(text, True, (10, 10, 12))
            label = self.font.render(text, True, (250, 246, 236))
            rect = label.get_rect(center=(x, y))
            surface.blit(shadow, rect.move(1, 1))
            surface.blit(label, rect)


def legend(blocs_present: list[tuple[str, str, th.Colour]], font: pygame.font.Font, width: int) -> pygame.Surface:
    """A legend strip: a swatch and a name for each bloc, hatched for contested; a second row
    when large text does not fit one (never a name cut off)."""
    row_h = font.get_linesize() + 10
    names = [font.render(name, True, th.INK) for _bloc, name, _colour in blocs_present]
    places, x, row = [], 8, 0
    for text in names:
        item_w = 22 + 6 + text.get_width()
        if x > 8 and x + item_w > width - 8:
            x, row = 8, row + 1
        places.append((x, row))
        x += item_w + 16
    surface = pygame.Surface((width, row_h * (row + 1)), pygame.SRCALPHA)
    surface.fill((16, 18, 24, 210))
    for (bloc, _name, colour), text, (x, row) in zip(blocs_present, names, places):
        top = row * row_h
        swatch = pygame.Rect(x, top + (row_h - 14) // 2, 22, 14)
        pygame.draw.rect(surface, colour, swatch)
        if bloc == "contested":
            for dx in range(-14, 22, 6):
                pygame.draw.line(surface, (40, 30, 10), (swatch.x + dx, swatch.bottom), (swatch.x + dx + 14, swatch.y), 2)
            pygame.draw.rect(surface, colour, swatch, 1)
        pygame.draw.rect(surface, th.BORDER, swatch, 1)
        surface.blit(text, (swatch.right + 6, top + (row_h - text.get_height()) // 2))
    return surface
