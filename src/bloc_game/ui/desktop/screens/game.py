"""The game screen: the map, the meters, the briefing and choices, the news, and the timeline strip.

A move changes only what it changes: the date, Undo, the map, the strip and the right
column; the meters animate. While the player reads, the column each choice would lead
to is built ahead, hidden, one per frame, so the click itself only swaps it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import pygame
from pygame_gui.elements import UIButton, UIImage, UILabel

from ....engine import State
from ....errors import BlocGameError
from ....i18n import _, current_language
from ....paths import user_folder
from ....saves import AUTOSAVE, save_game
from ....speech import plain as for_ear
from ....watch import ScenarioWatcher
from ...presenter import long_date, short_date
from .. import charts
from ..app import App, Screen
from ..gui_text import Markup, tooltip
from ..mapview import MapView, legend
from .column import Column, build_column, news_since
from .common import PAD, TOP_BAR, bloc_colours, bloc_name, line_height, markup, plain, region_name, tip
from .dialogs import open_load_dialog, open_save_dialog, open_settings_dialog

if TYPE_CHECKING:
    from pygame_gui.core.interfaces import IUITooltipInterface

AHEAD_AFTER = 0.25  # seconds of quiet (no move, no animation) before the columns of the next moves are built


@dataclass
class Ahead:
    """The column a choice leads to, built before the click: valid while ``base`` and ``news`` still hold."""

    base: State
    news: list[Markup]
    state: State
    column: Column
    map_picture: Optional[pygame.Surface]  # None: the map does not change
    strip_picture: pygame.Surface


class GameScreen(Screen):
    """The map, the meters, the briefing and choices, the news, and the timeline strip."""

    WATCH_STEP = 1.6  # seconds between decisions when watching

    def __init__(self, app: App, state: State, news: Optional[list[Markup]] = None) -> None:
        super().__init__(app)
        self.state = state
        self.game = state.game
        self.news: list[Markup] = news if news is not None else []  # newest first, each already HTML
        self.meters = charts.MeterPanel(self.game.scenario, state.values)
        self.map_view: Optional[MapView] = None
        self.hover: Optional[str] = None
        self.tooltip: Optional[IUITooltipInterface] = None
        self.watch_timer = 0.0
        self.watching = state.seating.watching
        self.watch_running = self.watching
        self.file_timer = 0.0
        self.watcher = ScenarioWatcher(Path(state.scenario.path)) if app.watch else None
        if not self.news:
            self.news = news_since(state, 0)
        self.column = Column()
        self.ahead: dict[str, Ahead] = {}
        self.retired: list[Column] = []  # hidden columns, killed a few per frame (a kill costs ~1 ms)
        self.quiet = 0.0  # seconds since the last move
        self.fresh = 0  # how many of the news items the last move brought (read aloud with the next decision)
        self.shown_blocs: dict[str, str] = {}

    # ----------------------------------------------------------------- layout

    def clear_hover(self) -> None:
        if self.tooltip is not None:
            self.tooltip.kill()
        self.tooltip, self.hover = None, None

    def teardown(self) -> None:
        self.clear_hover()
        self._forget_ahead()
        for column in self.retired:
            column.kill()
        self.retired.clear()
        super().teardown()
        self.column = Column()

    def build(self) -> None:
        w, h = self.app.size
        top = max(TOP_BAR, line_height(self.app, 24, bold=True, pad=12))
        strip_h = max(84, 5 * self.app.font(12).get_linesize())
        self.strip_rect = pygame.Rect(PAD, h - strip_h - 8, w - 2 * PAD, strip_h)
        left_w = int(w * 0.5)
        middle = pygame.Rect(PAD, top + PAD, left_w - PAD, self.strip_rect.top - top - 2 * PAD)
        # Room under each bar for what its ends mean, at any text size.
        meters_h = max(int(middle.height * 0.22), self.meters.height_needed(self.app.font(14), self.app.font(11)))
        self.map_rect = pygame.Rect(middle.left, middle.top, middle.width, middle.height - meters_h - PAD)
        self.meter_rect = pygame.Rect(middle.left, self.map_rect.bottom + PAD, middle.width, meters_h)
        if (self.map_view is None or self.map_view.size != self.map_rect.size
                or self.map_view.language != current_language()):
            self.map_view = MapView(self.map_rect.size, self.app.font(12, bold=True))
        self._top_bar(w, top)
        self.shown_blocs = self.game.map_blocs(self.state)
        self.map_image = self.add(UIImage(self.map_rect, self._map_picture(self.shown_blocs), self.manager))
        self.meter_image = self.add(UIImage(self.meter_rect, self._meter_picture(), self.manager))
        self.strip_image = self.add(UIImage(self.strip_rect, self._strip_picture(self.state), self.manager))
        self.column_area = pygame.Rect(left_w + PAD, top + PAD, w - left_w - 2 * PAD, middle.height)
        self._use(build_column(self, self.state, self.news, self.column_area, visible=True))

    def _use(self, column: Column) -> None:
        """Make ``column`` the live right column (replacing the one shown)."""
        old = set(map(id, self.column.elements))
        self.elements = [e for e in self.elements if id(e) not in old]
        self._retire(self.column)
        column.show()
        self.column = column
        self.elements.extend(column.elements)
        self.briefing, self.news_box = column.briefing, column.news_box
        self.choice_buttons = column.choice_buttons
        self.report_button, self._pause_button = column.report_button, column.pause_button

    def _top_bar(self, w: int, top: int) -> None:
        """The buttons at the right as wide as their words, the date, and the title in what room is left."""
        buttons = [("Undo", _("Undo"), self.undo, _("Take back your last decision (U)")),
                   ("Save", _("Save"), lambda: open_save_dialog(self.app, self), _("Save this game under a name (Ctrl+S)")),
                   ("Load", _("Load"), lambda: open_load_dialog(self.app), _("Open a saved game (Ctrl+L)")),
                   ("Settings", _("Settings"), lambda: open_settings_dialog(self.app),
                    _("Window size, text size, colours, language")),
                   ("Menu", _("Menu"), lambda: self.app.switch(self.app.screens.title(self.app)),
                    _("Back to the title screen (your game is autosaved)"))]
        x = w - PAD
        button_h = line_height(self.app, 14, pad=14)
        self.bar_buttons: dict[str, UIButton] = {}  # by the English word, whatever the language shown
        for key, label, command, hint in reversed(buttons):
            bw = max(86, self.app.font(14).size(label)[0] + 28)
            x -= bw
            self.bar_buttons[key] = self.add(UIButton(pygame.Rect(x, (top - button_h) // 2, bw, button_h),
                                                        plain(label), self.manager, tool_tip_text=tip(hint),
                                                        command=command))
            x -= 6
        if not self.state.can_undo:
            self.bar_buttons["Undo"].disable()
        date_font = self.app.font(24, bold=True)
        date_w = max(date_font.size(long_date(date(1955, month, 28)))[0] for month in range(1, 13)) + 16
        # ^ the widest date of the language, so the bar does not jump
        date_h = date_font.get_linesize() + 4
        title_room = x - 2 * PAD - date_w
        sc = self.game.scenario
        heading = self.app.font(20, bold=True)
        title = next((t for t in (sc.title, sc.title.split(":")[0]) if heading.size(t)[0] + 16 <= title_room), "")
        title_w = heading.size(title)[0] + 16 if title else 0
        if title:
            self.add(UILabel(pygame.Rect(PAD, (top - date_h) // 2, title_w, date_h), plain(title), self.manager,
                             object_id="#heading"))
        self.date_label = self.add(UILabel(pygame.Rect(PAD + title_w + (PAD if title else 0), (top - date_h) // 2,
                                                       date_w, date_h), plain(long_date(self.state.date)), self.manager,
                                           object_id="#date_label"))

    def _map_picture(self, blocs: dict[str, str]) -> pygame.Surface:
        assert self.map_view is not None
        colours = bloc_colours(self.app, self.game)
        picture = self.map_view.render(blocs, colours).copy()
        present = [(b, bloc_name(self.game, b), colours[b]) for b in (*self.game.scenario.side_ids, "neutral", "contested")]
        key = legend(present, self.app.font(13), self.map_rect.width)
        picture.blit(key, (0, self.map_rect.height - key.get_height()))
        return picture

    def _meter_picture(self) -> pygame.Surface:
        return self.meters.draw(self.meter_rect.size, self.app.font(14), self.app.font(11))

    def _strip_picture(self, state: State) -> pygame.Surface:
        divergence = None
        historical = {p.id: p.historical_choice for p in self.game.scenario.points}
        for record in state.path:
            hist = historical.get(record.id)
            if hist is not None and hist.id != record.choice:
                divergence = record.id
                break
        return charts.timeline_strip(self.strip_rect.size, state, self.game.history(), divergence, self.app.font(12))

    # ----------------------------------------------------------------- moving

    def choose(self, choice_id: str) -> None:
        ahead = self.ahead.pop(choice_id, None)
        before = len(self.state.log)
        if ahead is not None and ahead.base is self.state:
            self.state = ahead.state  # worked out while the player was reading
        else:
            self.state = self.state.choose(choice_id)
        self._after_move(before, ahead)

    def step_watch(self) -> None:
        seat = self.state.to_move
        if seat is None or seat.policy is None:
            return
        before = len(self.state.log)
        self.state = self.state.step()
        self._after_move(before)

    def toggle_watch(self) -> None:
        self.watch_running = not self.watch_running
        self.rebuild()

    def spoken(self) -> str:
        """The decision (title, date, whose turn, briefing, the choices) and the latest news; or the ending."""
        state = self.state
        news = " ".join(for_ear(item).replace("\n", ". ") for item in reversed(self.news[:self.fresh]))
        if state.current is None:
            ending = state.ending
            assert ending is not None
            return f"{news}\n" + _("The end: {title}.").format(title=ending.title) + f"\n{ending.epilogue.for_state(state)}"
        point = state.current
        seat = state.seat(point.actor)
        who = self.game.scenario.side(point.actor).name
        turn = (_("{side} to decide.") if seat.is_human else _("{side} is deciding.")).format(side=who)
        choices = "\n".join(_("Choice {number}: {label}.").format(number=i, label=c.label)
                            for i, c in enumerate(state.choices, 1)) if seat.is_human else ""
        parts = [_("News: {news}").format(news=news) if news else "", f"{point.title}. {long_date(point.date)}. {turn}",
                 point.briefing.for_state(state), choices]
        return "\n".join(p for p in parts if p)

    def back(self) -> None:
        self.app.switch(self.app.screens.title(self.app))  # the game is autosaved

    def open_report(self) -> None:
        self.app.switch(self.app.screens.report(self.app, self.state))

    def undo(self) -> None:
        if not self.state.can_undo:
            return
        self.state = self.state.undo()
        point = self.state.current
        undone = markup("<b>{}</b>", _("Undone."))
        self.news.insert(0, markup("<font color='#e0783c'>{} {}</font>", undone, _("Back to {date}, {title}.").format(
            date=short_date(point.date), title=point.title)) if point else undone)
        self.meters.set_values(self.state.values)
        self._autosave()
        self._refresh()

    def _after_move(self, log_before: int, ahead: Optional[Ahead] = None) -> None:
        added = len(ahead.news) - len(self.news) if ahead is not None else -1
        if ahead is not None and ahead.state is self.state and added >= 0 and ahead.news[added:] == self.news:
            fresh = ahead.news[:added]  # worked out ahead with the column
        else:
            fresh = news_since(self.state, log_before)
        self.news, self.fresh = fresh + self.news, len(fresh)
        self.meters.set_values(self.state.values)
        self._autosave()
        if ahead is not None and ahead.state is self.state and ahead.news == self.news:
            self._refresh(ahead)
        else:
            if ahead is not None:
                self.retired.append(ahead.column)
            self._refresh()

    def _refresh(self, ahead: Optional[Ahead] = None) -> None:
        """Update the widgets a move changes, with the pictures and column built ``ahead`` if there are."""
        self._forget_ahead()
        self.clear_hover()  # the region under the pointer may have changed bloc
        self.quiet = 0.0
        self.date_label.set_text(plain(long_date(self.state.date)))
        undo = self.bar_buttons["Undo"]
        undo.enable() if self.state.can_undo else undo.disable()
        blocs = self.game.map_blocs(self.state)
        if blocs != self.shown_blocs:
            picture = ahead.map_picture if ahead is not None else None
            self.map_image.set_image(picture or self._map_picture(blocs))
            self.shown_blocs = blocs
        self.strip_image.set_image(ahead.strip_picture if ahead is not None else self._strip_picture(self.state))
        self._use(ahead.column if ahead is not None else
                  build_column(self, self.state, self.news, self.column_area, visible=True))
        if self.app.settings.read_aloud:
            self.app.read_aloud()

    def _retire(self, column: Column) -> None:
        for element in column.elements:
            element.hide()
        self.retired.append(column)

    def _forget_ahead(self) -> None:
        for ahead in self.ahead.values():
            self.retired.append(ahead.column)  # hidden already
        self.ahead.clear()

    def _build_ahead(self) -> None:
        """Build (hidden) the column of one choice not built yet; one per frame keeps frames short."""
        seat = self.state.to_move
        if seat is None or not seat.is_human:
            return
        for choice in self.state.choices:
            if choice.id in self.ahead:
                continue
            try:
                after = self.state.choose(choice.id)
            except BlocGameError:
                return  # the click will report it
            news = news_since(after, len(self.state.log)) + self.news
            blocs = self.game.map_blocs(after)
            self.ahead[choice.id] = Ahead(
                self.state, news, after, build_column(self, after, news, self.column_area, visible=False),
                None if blocs == self.shown_blocs else self._map_picture(blocs), self._strip_picture(after))
            return

    def _autosave(self) -> None:
        try:
            save_game(self.state, user_folder("saves") / f"{AUTOSAVE}.json")
        except BlocGameError as err:
            self.news.insert(0, markup("<font color='#e0783c'>{}</font>", _("Autosave failed: {problem}").format(problem=err)))

    # ----------------------------------------------------------------- events and frames

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.MOUSEMOTION:
            self._hover(event.pos)

    def _key(self, event: pygame.event.Event) -> None:
        ctrl = event.mod & pygame.KMOD_CTRL
        if ctrl and event.key == pygame.K_s:
            open_save_dialog(self.app, self)
        elif ctrl and event.key == pygame.K_l:
            open_load_dialog(self.app)
        elif event.key in (pygame.K_u,) or (ctrl and event.key == pygame.K_z):
            self.undo()
        elif event.key in (pygame.K_SPACE, pygame.K_RETURN) and self.watching:
            self.step_watch()
        elif pygame.K_1 <= event.key <= pygame.K_9 or pygame.K_KP1 <= event.key <= pygame.K_KP9:
            index = (event.key - pygame.K_1) if event.key <= pygame.K_9 else (event.key - pygame.K_KP1)
            if index < len(self.choice_buttons):
                seat = self.state.to_move
                if seat is not None and seat.is_human:
                    self.choose(self.state.choices[index].id)

    def _hover(self, pos: tuple[int, int]) -> None:
        """A tooltip for the map region or the meter under the pointer."""
        assert self.map_view is not None
        if self.app.dialog is not None:
            return
        key, text, anchor = None, markup(""), self.map_image
        region = self.map_view.region_at((pos[0] - self.map_rect.left, pos[1] - self.map_rect.top)) \
            if self.map_rect.collidepoint(pos) else None
        meter = self.meters.meter_at(self.meter_rect.size, (pos[0] - self.meter_rect.left, pos[1] - self.meter_rect.top)) \
            if self.meter_rect.collidepoint(pos) else None
        if region is not None:
            bloc = self.game.map_blocs(self.state)[region]
            key, text = region, markup("<b>{}</b><br>{}", region_name(region), bloc_name(self.game, bloc))
        elif meter is not None:
            key, anchor = f"meter:{meter.id}", self.meter_image
            text = markup("<b>{}</b><br>{}", meter.label, meter.variable.explanation)
        if key == self.hover:
            return
        self.hover = key
        if self.tooltip is not None:
            self.tooltip.kill()
            self.tooltip = None
        if key is not None:
            self.tooltip = tooltip(self.manager, text, pos, (0, 18), anchor, wrap_width=260)

    def _check_file(self, dt: float) -> None:
        """With --watch: reload the scenario when it is saved, keeping the choices made so far."""
        self.file_timer += dt
        if self.watcher is None or self.file_timer < 0.5:
            return
        self.file_timer = 0.0
        if not self.watcher.changed():
            return
        result = self.watcher.reload(self.state)
        if result.state is None:
            self.app.message(_("The scenario has problems"), result.summary(self.watcher.path))
            return
        self.state, self.game = result.state, result.state.game
        self.meters = charts.MeterPanel(self.game.scenario, self.state.values)
        self.news.insert(0, markup("<font color='#5caa6e'>{}</font>", result.summary(self.watcher.path)))
        self.rebuild()

    def busy(self) -> bool:
        seat = self.state.to_move
        return bool(self.retired or self.meters.moving
                    or (seat is not None and seat.is_human and len(self.ahead) < len(self.state.choices))
                    or (self.watching and self.watch_running and not self.state.is_over))

    def wake_after(self) -> Optional[float]:
        return 0.5 if self.watcher is not None else None  # --watch polls the scenario file

    def update(self, dt: float) -> None:
        self._check_file(dt)
        self.quiet += dt
        if self.retired:
            self.retired.pop().kill()
        if self.meters.update(dt):
            self.meter_image.set_image(self._meter_picture())
        elif self.quiet >= AHEAD_AFTER and self.app.dialog is None:
            self._build_ahead()
        if self.watching and self.watch_running and not self.state.is_over and self.app.dialog is None:
            self.watch_timer += dt
            if self.watch_timer >= self.WATCH_STEP:
                self.watch_timer = 0.0
                self.step_watch()
