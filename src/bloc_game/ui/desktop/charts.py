"""Hand-drawn pictures pygame_gui has no widget for: meters, the timeline strip, the two-lane chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

import pygame

from ...engine import State
from ...i18n import _, short_date
from ...scenario import Scenario, Variable
from ...scoring import Report
from . import theme as th


@dataclass
class Meter:
    """One variable shown as a bar; ``shown`` eases towards ``target`` so changes are seen."""

    id: str
    label: str
    low: int
    high: int
    target: float
    shown: float
    previous: float
    #: The scenario's variable: its end labels, signed numbers and explanation (the tooltip).
    variable: Variable

    def update(self, dt: float) -> bool:
        """Move the shown value on; True while it is still moving."""
        gap = self.target - self.shown
        if abs(gap) < 0.05:
            self.shown = self.target
            return False
        self.shown += gap * min(1.0, dt * 4.0)  # about a second to settle
        return True


class MeterPanel:
    """The scenario's variables as animated meters, drawn in a grid."""

    def __init__(self, scenario: Scenario, values: tuple[int, ...]) -> None:
        self.variables = scenario.variables
        self.meters = [Meter(v.id, v.label, v.low, v.high, x, x, x, v)
                       for v, x in zip(scenario.variables, values)]

    def set_values(self, values: tuple[int, ...]) -> None:
        for meter, value in zip(self.meters, values):
            if meter.target != value:
                meter.previous = meter.target
                meter.target = value

    @property
    def moving(self) -> bool:
        """True until every meter shows its value (the screen then needs no more frames)."""
        return any(m.shown != m.target for m in self.meters)

    def update(self, dt: float) -> bool:
        moving = False
        for meter in self.meters:
            moving = meter.update(dt) or moving
        return moving

    def height_needed(self, font: pygame.font.Font, small: pygame.font.Font) -> int:
        """The panel height at which every meter has room for its label, a bar and the words for its ends."""
        rows = -(-len(self.meters) // (2 if len(self.meters) > 3 else 1))
        return rows * (font.get_height() + 3 + 8 + small.get_height() + 1 + 8)

    def cells(self, size: tuple[int, int]) -> list[pygame.Rect]:
        """Where each meter is drawn in a panel of ``size`` (drawing and tooltips share it)."""
        columns = 2 if len(self.meters) > 3 else 1
        rows = -(-len(self.meters) // columns)
        cell_w, cell_h = size[0] // columns, size[1] // max(rows, 1)
        return [pygame.Rect((i % columns) * cell_w, (i // columns) * cell_h, cell_w, cell_h).inflate(-14, -8)
                for i in range(len(self.meters))]

    def meter_at(self, size: tuple[int, int], pos: tuple[int, int]) -> Optional[Meter]:
        """The meter under ``pos`` (relative to the panel), for its tooltip."""
        return next((m for m, cell in zip(self.meters, self.cells(size)) if cell.inflate(14, 8).collidepoint(pos)), None)

    def draw(self, size: tuple[int, int], font: pygame.font.Font, small: pygame.font.Font) -> pygame.Surface:
        surface = pygame.Surface(size)
        surface.fill(th.PANEL)
        for meter, rect in zip(self.meters, self.cells(size)):
            self._draw_meter(surface, rect, meter, font, small)
        return surface

    @staticmethod
    def _draw_meter(surface: pygame.Surface, rect: pygame.Rect, meter: Meter, font: pygame.font.Font,
                    small: pygame.font.Font) -> None:
        label = font.render(meter.label, True, th.INK)
        value = font.render(meter.variable.number(round(meter.shown)), True, th.GOLD)
        surface.blit(label, rect.topleft)
        surface.blit(value, (rect.right - value.get_width(), rect.top))
        room = rect.height - label.get_height() - 3
        below = room >= small.get_height() + 7  # the ends' words fit under the bar
        height = room - small.get_height() - 1 if below else max(8, room - 3)
        bar = pygame.Rect(rect.left, rect.top + label.get_height() + 3, rect.width, height)
        pygame.draw.rect(surface, (44, 49, 60), bar, border_radius=3)
        span = meter.high - meter.low
        if meter.id == GAUGE:
            MeterPanel._draw_gauge(surface, bar, meter, small)
        else:
            origin = 0 if meter.low < 0 < meter.high else meter.low
            x0 = bar.left + bar.width * (origin - meter.low) / span
            x1 = bar.left + bar.width * (meter.shown - meter.low) / span
            fill = pygame.Rect(min(x0, x1), bar.top, max(2, abs(x1 - x0)), bar.height)
            moving = abs(meter.target - meter.shown) > 0.05
            colour = th.DIVERGED if moving and meter.target < meter.previous else (th.GOOD if moving else th.GOLD)
            pygame.draw.rect(surface, colour, fill, border_radius=3)
            if meter.low < 0 < meter.high:
                pygame.draw.line(surface, th.INK, (x0, bar.top - 2), (x0, bar.bottom + 1), 1)
            pygame.draw.rect(surface, (80, 86, 98), bar, 1, border_radius=3)
        MeterPanel._draw_ends(surface, bar, meter, small, below)

    @staticmethod
    def _draw_ends(surface: pygame.Surface, bar: pygame.Rect, meter: Meter, small: pygame.font.Font, below: bool) -> None:
        """What the ends of the scale mean: under the bar where there is room, else the numbers inside it."""
        v = meter.variable
        low, high = v.number(v.low), v.number(v.high)
        ends = ((f"{low} {v.low_label}".strip(), False), (f"{v.high_label} {high}".strip(), True))
        if not below or any(small.size(text)[0] > bar.width // 2 - 8 for text, _ in ends):
            ends = ((low, False), (high, True))  # the numbers only (the tooltip has the words)
        if not below and bar.height < small.get_height():
            return
        for text, right in ends:
            label = small.render(text, True, th.MUTED if below else th.INK)
            x = bar.right - label.get_width() - (0 if below else 4) if right else bar.left + (0 if below else 4)
            if below:
                surface.blit(label, (x, bar.bottom + 1))
                continue
            backing = pygame.Rect(x - 2, bar.centery - label.get_height() // 2, label.get_width() + 4, label.get_height())
            pygame.draw.rect(surface, (30, 34, 44), backing, border_radius=2)
            surface.blit(label, backing.move(2, 0))

    @staticmethod
    def _draw_gauge(surface: pygame.Surface, bar: pygame.Rect, meter: Meter, small: pygame.font.Font) -> None:
        """Tension as a gauge: calm, strained and dangerous zones, and a needle at the value."""
        span = meter.high - meter.low
        for start, end, colour in GAUGE_ZONES:
            x0 = bar.left + bar.width * start
            x1 = bar.left + bar.width * end
            pygame.draw.rect(surface, colour, pygame.Rect(round(x0), bar.top, round(x1 - x0), bar.height))
        x = bar.left + bar.width * (meter.shown - meter.low) / span
        pygame.draw.rect(surface, (80, 86, 98), bar, 1, border_radius=3)
        pygame.draw.polygon(surface, th.INK, [(x - 6, bar.top - 3), (x + 6, bar.top - 3), (x, bar.top + 6)])
        pygame.draw.line(surface, th.INK, (x, bar.top), (x, bar.bottom), 3)


#: The variable drawn as a gauge rather than a bar, and its zones (fractions of the range).
GAUGE = "tension"
GAUGE_ZONES = ((0.0, 0.5, (46, 92, 64)), (0.5, 0.75, (128, 102, 36)), (0.75, 1.0, (132, 48, 40)))


def _x_of(day: date, start: date, end: date, rect: pygame.Rect) -> int:
    span = max(1, (end - start).days)
    return round(rect.left + rect.width * min(1.0, max(0.0, (day - start).days / span)))


def timeline_strip(size: tuple[int, int], state: State, history: State, divergence: Optional[str],
                   font: pygame.font.Font) -> pygame.Surface:
    """History's decisions (upper lane) against this game's (lower lane), with the date so far."""
    sc = state.scenario
    surface = pygame.Surface(size)
    surface.fill(th.PANEL)
    names = (_("History"), _("This game"))
    label_w = max(font.size(name)[0] for name in names) + 16
    area = pygame.Rect(label_w, 8, size[0] - label_w - 14, size[1] - font.get_linesize() - 10)  # years below
    lanes = (area.top + area.height // 4, area.top + 3 * area.height // 4)
    for y, name in zip(lanes, names):
        text = font.render(name, True, th.MUTED)
        surface.blit(text, (8, y - text.get_height() // 2))
        pygame.draw.line(surface, (70, 76, 88), (area.left, y), (area.right, y), 1)
    for year in range(sc.start.year, sc.end.year + 1):
        day = date(year, 1, 1)
        if sc.start <= day <= sc.end:
            x = _x_of(day, sc.start, sc.end, area)
            pygame.draw.line(surface, (56, 61, 72), (x, area.top), (x, area.bottom), 1)
            tick = font.render(str(year), True, th.MUTED)
            surface.blit(tick, (x + 3, area.bottom))
    now = _x_of(state.date, sc.start, sc.end, area)
    pygame.draw.rect(surface, (36, 41, 52), pygame.Rect(area.left, area.top, now - area.left, area.height))
    for record in history.path:
        x = _x_of(record.date, sc.start, sc.end, area)
        pygame.draw.circle(surface, th.INK, (x, lanes[0]), 4)
    historical = {r.id: r.choice for r in history.path}
    for record in state.path:
        x = _x_of(record.date, sc.start, sc.end, area)
        kept = historical.get(record.id) == record.choice
        pygame.draw.circle(surface, th.GOOD if kept else th.DIVERGED, (x, lanes[1]), 5)
        if kept:
            pygame.draw.line(surface, (72, 120, 84), (x, lanes[0] + 4), (x, lanes[1] - 5), 1)
    if divergence is not None:
        point = next((p for p in sc.points if p.id == divergence), None)
        if point is not None:
            x = _x_of(point.date, sc.start, sc.end, area)
            pygame.draw.line(surface, th.DIVERGED, (x, area.top - 4), (x, area.bottom), 2)
            mark = font.render(_("divergence"), True, th.DIVERGED)
            surface.blit(mark, (min(x + 4, area.right - mark.get_width()), area.top - 6))
    pygame.draw.line(surface, th.GOLD, (now, area.top - 4), (now, area.bottom + 2), 2)
    return surface


def two_lane_chart(size: tuple[int, int], report: Report, scenario: Scenario, font: pygame.font.Font,
                   small: pygame.font.Font) -> pygame.Surface:
    """The end report's chart: history's dated happenings above, this game's below, the same ones joined."""
    surface = pygame.Surface(size)
    surface.fill(th.PANEL)
    names = (_("History"), _("This game"))
    label_w = max(font.size(name)[0] for name in names) + 18
    key = [(_("as in history"), th.GOOD), (_("moved or another choice"), th.GOLD), (_("only one side"), th.DIVERGED)]
    key_left = size[0] - sum(small.size(name)[0] + 34 for name, _colour in key)
    mark = None
    if report.divergence is not None:
        mark = small.render(_("divergence: {title} ({date})").format(
            title=report.divergence.title, date=short_date(report.divergence.date)), True, th.DIVERGED)
    # The divergence note shares the first line with the key when both fit; else it gets a line of its own.
    rows = 2 if mark is not None and label_w + mark.get_width() > key_left - 12 else 1
    head = rows * small.get_linesize() + 12
    area = pygame.Rect(label_w, head, size[0] - label_w - 16, size[1] - head - small.get_linesize() - 16)
    top, bottom = area.top + 10, area.bottom - 10
    start, end = scenario.start, scenario.end
    for y, name in zip((top, bottom), names):
        surface.blit(font.render(name, True, th.INK), (8, y - font.get_height() // 2))
        pygame.draw.line(surface, (86, 92, 104), (area.left, y), (area.right, y), 2)
    for year in range(start.year, end.year + 1):
        day = date(year, 1, 1)
        if start <= day <= end:
            x = _x_of(day, start, end, area)
            pygame.draw.line(surface, (56, 61, 72), (x, area.top - 6), (x, area.bottom + 6), 1)
            surface.blit(small.render(str(year), True, th.MUTED), (x + 3, area.bottom + 8))
    horizon = report.horizon if report.ended_early else None
    if horizon is not None:  # what history did after this game ended: greyed, beyond a marked line
        hx_end = _x_of(horizon, start, end, area)
        pygame.draw.rect(surface, (36, 41, 52), pygame.Rect(hx_end, area.top - 6, area.right - hx_end, area.height + 12))
        pygame.draw.line(surface, th.MUTED, (hx_end, area.top - 6), (hx_end, area.bottom + 6), 2)
        label = small.render(_("this game ended"), True, th.MUTED)
        surface.blit(label, (min(hx_end + 4, area.right - label.get_width()), bottom - font.get_height() - 4))
    for entry in report.entries:
        if entry.key == "ending":
            continue  # the ending is the report's heading, not a dot
        hx = _x_of(entry.history_date, start, end, area) if entry.history_date else None
        gx = _x_of(entry.game_date, start, end, area) if entry.game_date else None
        if entry.after_horizon and hx is not None:
            pygame.draw.circle(surface, th.MUTED, (hx, top), 4, 1)
            continue
        if hx is not None and gx is not None:
            colour = th.GOOD if entry.cost == 0 else th.GOLD
            pygame.draw.line(surface, colour, (hx, top + 5), (gx, bottom - 5), 1)
        if hx is not None:
            pygame.draw.circle(surface, th.INK if gx is not None else th.DIVERGED, (hx, top), 5)
        if gx is not None:
            pygame.draw.circle(surface, th.GOOD if entry.cost == 0 else (th.GOLD if hx is not None else th.DIVERGED),
                               (gx, bottom), 5)
    if report.divergence is not None and mark is not None:
        x = _x_of(report.divergence.date, start, end, area)
        pygame.draw.line(surface, th.DIVERGED, (x, area.top - 14), (x, area.bottom + 4), 3)
        right = (key_left - 12) if rows == 1 else size[0] - 8
        y = 6 if rows == 1 else 6 + small.get_linesize()
        surface.blit(mark, (max(8, min(x - mark.get_width() // 2, right - mark.get_width())), y))
    x = key_left
    y = 6
    for name, colour in key:
        pygame.draw.circle(surface, colour, (x + 5, y + small.get_height() // 2), 5)
        text = small.render(name, True, th.MUTED)
        surface.blit(text, (x + 14, y))
        x += text.get_width() + 34
    return surface
