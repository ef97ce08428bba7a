"""The game screen: the map, the meters, the briefing and choices, the news, and the timeline strip."""

from __future__ import annotations

from functools import partial  # pygame_gui passes event data to a command that takes a parameter
from typing import Optional

import pygame
from pygame_gui.elements import UIButton, UIImage, UILabel, UITextBox

from ....engine import HUMAN, State
from ....errors import BlocGameError
from ....paths import user_folder
from ....saves import AUTOSAVE, SetUp, save_game
from ....scenario.map_regions import REGIONS
from ....watch import ScenarioWatcher
from .. import charts
from ..app import App, Screen
from ..mapview import MapView, legend
from .common import PAD, TOP_BAR, bloc_colours, bloc_name, esc, paragraphs
from .dialogs import open_load_dialog, open_save_dialog, open_settings_dialog


class GameScreen(Screen):
    """The map, the meters, the briefing and choices, the news, and the timeline strip."""

    WATCH_STEP = 1.6  # seconds between decisions when watching

    def __init__(self, app: App, setup: SetUp, state: State, news: Optional[list[str]] = None) -> None:
        super().__init__(app)
        self.setup, self.state = setup, state
        self.game = state.game
        self.news: list[str] = news if news is not None else []
        self.meters = charts.MeterPanel(self.game.scenario, state.values)
        self.map_view: Optional[MapView] = None
        self.hover: Optional[str] = None
        self.tooltip = None
        self.watch_timer = 0.0
        self.watch_running = setup.side == "watch"
        self.file_timer = 0.0
        self.watcher = ScenarioWatcher(setup.scenario_path) if app.watch else None
        if not self.news:
            self._collect_news(0)

    # ----------------------------------------------------------------- layout

    def clear_hover(self) -> None:
        if self.tooltip is not None:
            self.tooltip.kill()
        self.tooltip, self.hover = None, None

    def teardown(self) -> None:
        self.clear_hover()
        super().teardown()

    def build(self) -> None:
        w, h = self.app.size
        self.strip_rect = pygame.Rect(PAD, h - 92, w - 2 * PAD, 84)
        left_w = int(w * 0.5)
        middle = pygame.Rect(PAD, TOP_BAR + PAD, left_w - PAD, self.strip_rect.top - TOP_BAR - 2 * PAD)
        meters_h = max(118, int(middle.height * 0.22))
        self.map_rect = pygame.Rect(middle.left, middle.top, middle.width, middle.height - meters_h - PAD)
        self.meter_rect = pygame.Rect(middle.left, self.map_rect.bottom + PAD, middle.width, meters_h)
        if self.map_view is None or self.map_view.size != self.map_rect.size:
            self.map_view = MapView(self.map_rect.size, self.app.font(12, bold=True))
        self._top_bar(w)
        self.map_image = self.add(UIImage(self.map_rect, self._map_picture(), self.manager))
        self.meter_image = self.add(UIImage(self.meter_rect, self._meter_picture(), self.manager))
        self.strip_image = self.add(UIImage(self.strip_rect, self._strip_picture(), self.manager))
        self._right_column(pygame.Rect(left_w + PAD, TOP_BAR + PAD, w - left_w - 2 * PAD, middle.height))

    def _top_bar(self, w: int) -> None:
        sc = self.game.scenario
        title_w = min(int(w * 0.40), self.app.font(20, bold=True).size(sc.title)[0] + 24)
        self.add(UILabel(pygame.Rect(PAD, 8, title_w, 36), sc.title, self.manager, object_id="#heading"))
        self.date_label = self.add(UILabel(pygame.Rect(PAD + title_w, 6, int(w * 0.22), 40),
                                           f"{self.state.date:%d %B %Y}", self.manager, object_id="#date_label"))
        buttons = [("Undo", self.undo, "Take back your last decision (U)"),
                   ("Save", lambda: open_save_dialog(self.app, self), "Save this game under a name (Ctrl+S)"),
                   ("Load", lambda: open_load_dialog(self.app), "Open a saved game (Ctrl+L)"),
                   ("Settings", lambda: open_settings_dialog(self.app), "Window size, text size, colours"),
                   ("Menu", lambda: self.app.switch(self.app.screens.title(self.app)), "Back to the title screen (your game is autosaved)")]
        x = w - PAD
        self.bar_buttons: dict[str, UIButton] = {}
        for label, command, tip in reversed(buttons):
            bw = 86
            x -= bw
            self.bar_buttons[label] = self.add(UIButton(pygame.Rect(x, 8, bw, 36), label, self.manager,
                                                        tool_tip_text=tip, command=command))  # type: ignore[assignment]
            x -= 6
        if not self.state.can_undo:
            self.bar_buttons["Undo"].disable()

    def _right_column(self, area: pygame.Rect) -> None:
        point = self.state.current
        news_h = max(110, int(area.height * 0.22))
        news_top = area.bottom - news_h
        self.choice_buttons: list[UIButton] = []
        if point is None:
            ending = self.state.ending
            assert ending is not None
            self.add(UILabel(pygame.Rect(area.left, area.top, area.width, 34), f"The end: {ending.title}",
                             self.manager, object_id="#heading"))
            self.report_button = self.add(UIButton(
                pygame.Rect(area.left, news_top - PAD - 52, area.width, 52),
                "See how your path compares with history", self.manager, object_id="#primary",
                command=lambda: self.app.switch(self.app.screens.report(self.app, self.setup, self.state))))
            self.briefing = self.add(UITextBox(paragraphs(ending.epilogue), pygame.Rect(
                area.left, area.top + 40, area.width, news_top - 2 * PAD - 52 - area.top - 40), self.manager))
        else:
            seat = self.state.seat(point.actor)
            who = self.game.scenario.side(point.actor).name
            turn = f"{who} to decide" if seat.is_human else f"{who} ({seat.label} policy) is deciding"
            self.add(UILabel(pygame.Rect(area.left, area.top, area.width, 34), point.title, self.manager, object_id="#heading"))
            self.add(UILabel(pygame.Rect(area.left, area.top + 35, area.width, 22),
                             f"{point.date:%d %B %Y}  |  {turn}", self.manager, object_id="#small"))
            buttons = self._choice_buttons(area, seat.is_human)
            height = sum(b.rect.height for b in buttons) + 6 * (len(buttons) - 1)
            y = news_top - PAD - height
            for button in buttons:
                button.set_relative_position((area.left, y))
                y += button.rect.height + 6
            if not seat.is_human:
                self._pause_button.set_relative_position((area.left + area.width // 2 + 3, buttons[0].rect.top))
            top = area.top + 58
            self.briefing = self.add(UITextBox(self._briefing_html(), pygame.Rect(
                area.left, top, area.width, news_top - 2 * PAD - height - top), self.manager))
        self.news_box = self.add(UITextBox(self._news_html(), pygame.Rect(area.left, news_top, area.width, news_h),
                                           self.manager))

    def _choice_buttons(self, area: pygame.Rect, human: bool) -> list[UIButton]:
        """The choices as buttons, one line each (pygame_gui 0.6 clips wrapped button text)."""
        buttons: list[UIButton] = []
        if human:
            room = area.width - 34  # the theme's padding on both sides, and a margin
            for i, choice in enumerate(self.state.choices, 1):
                text = f"{i}.  {choice.label}"
                object_id = "#choice"
                tip = choice.hint
                if self.app.font(16).size(text)[0] > room:
                    object_id = "#choice_compact"  # a long label at large text sizes: a smaller face
                    font = self.app.font(14)
                    if font.size(text)[0] > room:
                        while font.size(text + "...")[0] > room:
                            text = text[:-1]
                        text = text.rstrip() + "..."
                        tip = f"{choice.label}. {choice.hint}".strip()
                button = UIButton(pygame.Rect(area.left, 0, area.width, 44), text, self.manager,
                                  tool_tip_text=tip or None, object_id=object_id,
                                  command=partial(self.choose, choice.id))
                self.choice_buttons.append(self.add(button))  # type: ignore[arg-type]
                buttons.append(button)
        else:
            half = area.width // 2 - 3
            buttons.append(self.add(UIButton(pygame.Rect(area.left, 0, half, 46), "Next decision (Space)", self.manager,
                                             object_id="#primary", command=self.step_watch)))  # type: ignore[arg-type]
            pause = self.add(UIButton(pygame.Rect(area.left + half + 6, 0, half, 46),
                                      "Pause" if self.watch_running else "Play", self.manager, command=self.toggle_watch))
            pause.set_relative_position((area.left + half + 6, 0))
            self._pause_button = pause
        return buttons

    def _briefing_html(self) -> str:
        point = self.state.current
        assert point is not None
        parts = []
        if point.is_counterfactual:
            parts.append("<font color='#e0783c'><b>Counterfactual:</b> this moment never arose in history; "
                         "your path made it possible.</font><br><br>")
        parts.append(paragraphs(point.briefing))
        if point.sources:
            parts.append("<br><br><font color='#b9b4a6'><i>Sources:</i><br>"
                         + "<br>".join(esc(s) for s in point.sources) + "</font>")
        return "".join(parts)

    def _news_html(self) -> str:
        if not self.news:
            return "<font color='#b9b4a6'><i>What the other side does, and what happens in the world, appears here.</i></font>"
        return "<br>".join(self.news[:12])

    def _collect_news(self, since: int) -> None:
        sc = self.game.scenario
        events = {e.id: e for e in sc.events}
        fresh = []
        for record in self.state.log[since:]:
            if record.kind == "choice":
                point = sc.point(record.id)
                choice = point.choice(record.choice or "")
                assert choice is not None
                who = sc.side(record.actor or "").name
                verb = "You chose" if record.by == HUMAN and len(self.state.human_sides) == 1 else f"{who} chose"
                fresh.append(f"<b>{record.date:%d %b %Y}</b> {esc(verb)}: {esc(choice.label)}<br>"
                             f"<font color='#b9b4a6'>{esc(' '.join(choice.consequence.split()))}</font>")
            elif record.kind == "event":
                event = events[record.id]
                fresh.append(f"<b>{record.date:%d %b %Y}</b> <font color='#c9a227'>{esc(event.title)}</font><br>"
                             f"<font color='#b9b4a6'>{esc(' '.join(event.text.split()))}</font>")
        self.news = list(reversed(fresh)) + self.news

    def _map_picture(self) -> pygame.Surface:
        assert self.map_view is not None
        colours = bloc_colours(self.app, self.game)
        picture = self.map_view.render(self.game.map_blocs(self.state), colours).copy()
        present = [(b, bloc_name(self.game, b), colours[b]) for b in (*self.game.scenario.side_ids, "neutral", "contested")]
        key = legend(present, self.app.font(13), self.map_rect.width)
        picture.blit(key, (0, self.map_rect.height - key.get_height()))
        return picture

    def _meter_picture(self) -> pygame.Surface:
        return self.meters.draw(self.meter_rect.size, self.app.font(14), self.app.font(11))

    def _strip_picture(self) -> pygame.Surface:
        divergence = None
        historical = {p.id: p.historical_choice for p in self.game.scenario.points}
        for record in self.state.path:
            hist = historical.get(record.id)
            if hist is not None and hist.id != record.choice:
                divergence = record.id
                break
        return charts.timeline_strip(self.strip_rect.size, self.state, self.game.history(), divergence, self.app.font(12))

    # ----------------------------------------------------------------- moving

    def choose(self, choice_id: str) -> None:
        before = len(self.state.log)
        self.state = self.state.choose(choice_id)
        self._after_move(before)

    def step_watch(self) -> None:
        seat = self.state.to_move
        if seat is None or seat.policy is None:
            return
        before = len(self.state.log)
        self.state = self.state.apply(seat.policy.choose(self.state), by=seat.label)
        self._after_move(before)

    def toggle_watch(self) -> None:
        self.watch_running = not self.watch_running
        self.rebuild()

    def undo(self) -> None:
        if not self.state.can_undo:
            return
        self.state = self.state.undo()
        point = self.state.current
        self.news.insert(0, f"<font color='#e0783c'><b>Undone.</b> Back to {point.date:%d %b %Y}, {esc(point.title)}.</font>"
                         if point else "<b>Undone.</b>")
        self.meters.set_values(self.state.values)
        self._autosave()
        self.rebuild()

    def _after_move(self, log_before: int) -> None:
        self._collect_news(log_before)
        self.meters.set_values(self.state.values)
        self._autosave()
        self.rebuild()

    def _autosave(self) -> None:
        try:
            save_game(self.state, self.setup, user_folder("saves") / f"{AUTOSAVE}.json")
        except BlocGameError as err:
            self.news.insert(0, f"<font color='#e0783c'>Autosave failed: {esc(str(err))}</font>")

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
        elif event.key == pygame.K_ESCAPE:
            self.app.switch(self.app.screens.title(self.app))
        elif event.key in (pygame.K_SPACE, pygame.K_RETURN) and self.setup.side == "watch":
            self.step_watch()
        elif pygame.K_1 <= event.key <= pygame.K_9 or pygame.K_KP1 <= event.key <= pygame.K_KP9:
            index = (event.key - pygame.K_1) if event.key <= pygame.K_9 else (event.key - pygame.K_KP1)
            if index < len(self.choice_buttons):
                seat = self.state.to_move
                if seat is not None and seat.is_human:
                    self.choose(self.state.choices[index].id)

    def _hover(self, pos: tuple[int, int]) -> None:
        assert self.map_view is not None
        if self.app.dialog is not None:
            return
        region = self.map_view.region_at((pos[0] - self.map_rect.left, pos[1] - self.map_rect.top)) \
            if self.map_rect.collidepoint(pos) else None
        if region == self.hover:
            return
        self.hover = region
        if self.tooltip is not None:
            self.tooltip.kill()
            self.tooltip = None
        if region is not None:
            bloc = self.game.map_blocs(self.state)[region]
            text = f"<b>{esc(REGIONS[region])}</b><br>{esc(bloc_name(self.game, bloc))}"
            self.tooltip = self.manager.create_tool_tip(text, pos, (0, 18), self.map_image, None, wrap_width=260)

    def _check_file(self, dt: float) -> None:
        """With --watch: reload the scenario when it is saved, keeping the choices made so far."""
        self.file_timer += dt
        if self.watcher is None or self.file_timer < 0.5:
            return
        self.file_timer = 0.0
        if not self.watcher.changed():
            return
        result = self.watcher.reload(self.state, self.setup.side, self.setup.opponent)
        if result.state is None:
            self.app.message("The scenario has problems", result.summary(self.setup.scenario_path))
            return
        self.state, self.game = result.state, result.state.game
        self.meters = charts.MeterPanel(self.game.scenario, self.state.values)
        self.news.insert(0, f"<font color='#5caa6e'>{esc(result.summary(self.setup.scenario_path))}</font>")
        self.rebuild()

    def update(self, dt: float) -> None:
        self._check_file(dt)
        if self.meters.update(dt):
            self.meter_image.set_image(self._meter_picture())
        if self.setup.side == "watch" and self.watch_running and not self.state.is_over and self.app.dialog is None:
            self.watch_timer += dt
            if self.watch_timer >= self.WATCH_STEP:
                self.watch_timer = 0.0
                self.step_watch()
