"""The screens: title, scenario, side, game and end report (DESIGN §6)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial  # pygame_gui passes event data to a command that takes a parameter
from datetime import datetime
from pathlib import Path
from typing import Optional

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton, UIDropDownMenu, UIImage, UILabel, UISelectionList, UITextBox, UITextEntryLine,
)

from ... import load
from ...engine import HUMAN, POLICY_NAMES, Game, State
from ...errors import BlocGameError, Problem, ScenarioError
from ...paths import shipped_scenarios, user_folder
from ...saves import AUTOSAVE, SetUp, latest_autosave, load_game, save_game
from ...watch import ScenarioWatcher
from ...scenario.map_regions import REGIONS
from ...scoring import Report, historical_record, score
from ...transcript import percent, report_markdown, signed
from . import charts
from . import theme as th
from .app import App, Screen
from .mapview import BLOC_NAMES, MapView, legend

PAD = 10
TOP_BAR = 52


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def paragraphs(text: str) -> str:
    return "<br><br>".join(esc(" ".join(p.split())) for p in text.strip().split("\n\n"))


def bloc_colours(app: App, game: Game) -> dict[str, th.Colour]:
    sc = game.scenario
    side_colours = {s.id: th.hex_colour(s.colour) for s in sc.sides}
    blocs = (*sc.side_ids, "neutral", "contested")
    return {b: app.palette.bloc(b, sc.side_ids, side_colours) for b in blocs}


def bloc_name(game: Game, bloc: str) -> str:
    if bloc in game.scenario.side_ids:
        return {"ussr": "Soviet bloc", "nato": "NATO"}.get(bloc, game.scenario.side(bloc).name)
    return BLOC_NAMES.get(bloc, bloc)


# ===================================================================================== title

class TitleScreen(Screen):
    """New game, continue (the autosave), load, settings, quit."""

    def build(self) -> None:
        w, h = self.app.size
        self.backdrop = self._backdrop()
        y = int(h * 0.16)
        self.add(UILabel(pygame.Rect(0, y - 8, w, 86), "Bloc Game", self.manager, object_id="#title_label"))
        self.add(UILabel(pygame.Rect(0, y + 80, w, 34),
                         "Europe 1952-1955: the Cold War as it was, and as it might have been",
                         self.manager, object_id="#subtitle_label"))
        col_w, btn_h = 340, 52
        x = (w - col_w) // 2
        y += 156
        autosave = latest_autosave(user_folder("saves"))
        entries = [
            ("New game", "#primary", self.new_game, None),
            ("Continue", None, self.continue_game, "Resume the game you played last (the autosave)"),
            ("Load game", None, lambda: open_load_dialog(self.app), "Open a saved game"),
            ("Settings", None, lambda: open_settings_dialog(self.app), "Window size, text size, colours"),
            ("Quit", None, self.quit, None),
        ]
        self.buttons: dict[str, UIButton] = {}
        for label, object_id, command, tip in entries:
            button = UIButton(pygame.Rect(x, y, col_w, btn_h), label, self.manager, tool_tip_text=tip,
                              object_id=object_id, command=command)
            self.buttons[label] = self.add(button)  # type: ignore[assignment]
            y += btn_h + 12
        if autosave is None:
            self.buttons["Continue"].disable()
        self.add(UILabel(pygame.Rect(PAD, h - 34, w - 2 * PAD, 26),
                         "Keys in a game: 1-9 choose, U undo, Ctrl+S save, Ctrl+L load, Esc menu.  "
                         "Map data: Natural Earth (public domain).",
                         self.manager, object_id="#small"))

    def _backdrop(self) -> pygame.Surface:
        game = self.app.game(self.app.scenario_path)
        view = MapView(self.app.size, self.app.font(13), cover=True, hover=False)
        picture = view.render(game.map_blocs(game.start("watch", autoplay=False)), bloc_colours(self.app, game)).copy()
        shade = pygame.Surface(self.app.size, pygame.SRCALPHA)
        shade.fill((12, 14, 20, 185))
        picture.blit(shade, (0, 0))
        return picture

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self.backdrop, (0, 0))

    def new_game(self) -> None:
        self.app.switch(ScenarioScreen(self.app))

    def continue_game(self) -> None:
        path = latest_autosave(user_folder("saves"))
        if path is not None:
            open_saved_game(self.app, path)

    def quit(self) -> None:
        self.app.running = False

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN:
            self.new_game()


# ===================================================================================== scenario

@dataclass
class ScenarioEntry:
    path: Path
    game: Optional[Game]
    problems: list[Problem]

    @property
    def title(self) -> str:
        if self.game is None:
            return f"{self.path.name} (cannot be played)"
        return self.game.scenario.title + (" (has problems)" if self.problems else "")


class ScenarioScreen(Screen):
    """The shipped scenarios and the player's own folder, with details; broken ones show their messages."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.entries = [self._entry(p) for p in shipped_scenarios() + sorted(user_folder("scenarios").glob("*.yaml"))]
        self.selected: Optional[ScenarioEntry] = next(
            (e for e in self.entries if e.path.resolve() == app.scenario_path.resolve()), self.entries[0] if self.entries else None)

    @staticmethod
    def _entry(path: Path) -> ScenarioEntry:
        try:
            game = load(path)
        except ScenarioError as err:
            return ScenarioEntry(path, None, list(err.problems))
        return ScenarioEntry(path, game, game.check_history())

    def build(self) -> None:
        w, h = self.app.size
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, w - 4 * PAD, 40), "Choose a scenario", self.manager, object_id="#heading"))
        list_w = int(w * 0.36)
        body = pygame.Rect(PAD * 2, 60, w - 4 * PAD, h - 60 - 80)
        titles = [e.title for e in self.entries]
        self.list = self.add(UISelectionList(pygame.Rect(body.left, body.top, list_w, body.height), titles, self.manager,
                                             default_selection=self.selected.title if self.selected else None))
        self.details = self.add(UITextBox("", pygame.Rect(body.left + list_w + PAD * 2, body.top,
                                                          body.width - list_w - PAD * 2, body.height), self.manager))
        self.add(UIButton(pygame.Rect(PAD * 2, h - 66, 160, 48), "Back", self.manager,
                          command=lambda: self.app.switch(TitleScreen(self.app))))
        self.next_button = self.add(UIButton(pygame.Rect(w - PAD * 2 - 220, h - 66, 220, 48), "Choose a side",
                                             self.manager, object_id="#primary", command=self.next))
        self.show(self.selected)

    def show(self, entry: Optional[ScenarioEntry]) -> None:
        self.selected = entry
        if entry is None or entry.game is None:
            self.next_button.disable()
            self.details.set_text("<b>This scenario cannot be played.</b><br><br>"
                                  + "<br>".join(esc(str(p)) for p in (entry.problems if entry else []))[:6000])
            return
        self.next_button.enable()
        sc = entry.game.scenario
        historical = sum(not p.is_counterfactual for p in sc.points)
        text = (
            f"<font size=5><b>{esc(sc.title)}</b></font><br>"
            f"<i>{sc.start:%d %B %Y} to {sc.end:%d %B %Y}</i><br><br>"
            f"{paragraphs(sc.summary)}<br><br>"
            f"<b>Sides:</b> {esc(' and '.join(s.name for s in sc.sides))}<br>"
            f"<b>Length:</b> {historical} historical decision points, {len(sc.points) - historical} that only a "
            f"divergence opens, {len(sc.events)} events, {len(sc.endings)} endings<br>"
            f"<b>Author:</b> {esc(', '.join(sc.authors) or 'not given')}<br>"
            f"<b>File:</b> {esc(str(entry.path))}"
        )
        if entry.problems:
            text += "<br><br><b>Problems found when its history was replayed:</b><br>" + "<br>".join(
                esc(str(p)) for p in entry.problems)
        self.details.set_text(text)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            entry = next((e for e in self.entries if e.title == event.text), None)
            self.show(entry)
            if entry is not None and entry.game is None:
                self.app.message("This scenario has problems",
                                 "bloc-game validate reports:\n\n" + "\n".join(str(p) for p in entry.problems))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN:
            self.next()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.switch(TitleScreen(self.app))

    def next(self) -> None:
        if self.selected is not None and self.selected.game is not None:
            self.app.scenario_path = self.selected.path
            self.app.switch(SideScreen(self.app, self.selected.path, self.selected.game))


# ===================================================================================== side

class SideScreen(Screen):
    """Play one side, hot-seat or watch; opponent policy and seed under 'Advanced'."""

    def __init__(self, app: App, path: Path, game: Game) -> None:
        super().__init__(app)
        self.path, self.game = path, game
        sides = game.scenario.sides
        self.options = [
            (s.id, f"Play the {s.name}", s.description or f"You decide for the {s.name}; a policy plays the other side.")
            for s in sides
        ] + [
            ("hotseat", "Hot-seat: two players", "Two players share this screen, each deciding for one side in turn."),
            ("watch", "Watch two policies play", "Both sides are played by the computer; step through the decisions."),
        ]
        self.choice = self.options[0][0]
        self.opponent = "historical"
        self.seed_text = str(datetime.now().microsecond % 100000)
        self.advanced = False

    def build(self) -> None:
        w, h = self.app.size
        sc = self.game.scenario
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, w - 4 * PAD, 40), f"{sc.title}: how will you play?",
                         self.manager, object_id="#heading"))
        grid_w = min(900, w - 80)
        x0 = (w - grid_w) // 2
        cell_w, cell_h = (grid_w - 20) // 2, 84
        self.option_buttons: dict[str, UIButton] = {}
        for i, (key, title, text) in enumerate(self.options):
            rect = pygame.Rect(x0 + (i % 2) * (cell_w + 20), 80 + (i // 2) * (cell_h + 16), cell_w, cell_h)
            button = UIButton(rect, title, self.manager, tool_tip_text=text, command=partial(self.pick, key))
            self.option_buttons[key] = self.add(button)  # type: ignore[assignment]
        rows = -(-len(self.options) // 2)
        y = 80 + rows * (cell_h + 16)
        self.description = self.add(UITextBox("", pygame.Rect(x0, y, grid_w, max(150, h - y - 170)), self.manager))
        y += max(150, h - y - 170) + 14
        self.add(UIButton(pygame.Rect(x0, y, 200, 40), "Advanced options", self.manager,
                          tool_tip_text="The opponent's policy and the random seed", command=self.toggle_advanced))
        self.advanced_elements = [
            self.add(UILabel(pygame.Rect(x0 + 220, y, 160, 40), "Opponent policy:", self.manager)),
            self.add(UIDropDownMenu([p for p in POLICY_NAMES if p != "scripted"], self.opponent,
                                    pygame.Rect(x0 + 380, y, 170, 40), self.manager)),
            self.add(UILabel(pygame.Rect(x0 + 570, y, 70, 40), "Seed:", self.manager)),
        ]
        self.seed_entry = self.add(UITextEntryLine(pygame.Rect(x0 + 640, y, 140, 40), self.manager))
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text(self.seed_text)
        self.advanced_elements.append(self.seed_entry)
        self.policy_menu = self.advanced_elements[1]
        for element in self.advanced_elements:
            element.show() if self.advanced else element.hide()
        self.add(UIButton(pygame.Rect(PAD * 2, h - 66, 160, 48), "Back", self.manager,
                          command=lambda: self.app.switch(ScenarioScreen(self.app))))
        self.add(UIButton(pygame.Rect(w - PAD * 2 - 220, h - 66, 220, 48), "Start", self.manager,
                          object_id="#primary", command=self.start))
        self.pick(self.choice)

    def pick(self, key: str) -> None:
        self.choice = key
        for k, button in self.option_buttons.items():
            button.select() if k == key else button.unselect()
        text = next(t for k, _title, t in self.options if k == key)
        sides = [s for s in self.game.scenario.sides if key in (s.id, "hotseat", "watch")]
        objectives = "".join(
            f"<br><br><b>What the {esc(s.name)} wants</b> (scored at the end against what history gave it):"
            + "".join(f"<br>- {esc(o.label)} ({o.weight:+g} per unit)" if o.value.high - o.value.low > 1
                      else f"<br>- {esc(o.label)} ({o.weight:+g})" for o in s.objectives)
            for s in sides)
        policy_note = "" if key == "hotseat" else (
            f"<br><br><i>The computer plays with the '{esc(self.opponent)}' policy: "
            + {"historical": "what really happened where it can, otherwise the scenario's weights.",
               "random": "any available choice, at random.",
               "lookahead": "it looks a few decisions ahead and plays for its own objectives."}[self.opponent]
            + "</i>")
        self.description.set_text(esc(text) + objectives + policy_note)

    def toggle_advanced(self) -> None:
        self.advanced = not self.advanced
        for element in self.advanced_elements:
            element.show() if self.advanced else element.hide()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            self.opponent = event.text
            self.pick(self.choice)
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            self.seed_text = self.seed_entry.get_text()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.switch(ScenarioScreen(self.app))

    def start(self) -> None:
        seed = int(self.seed_entry.get_text() or 0)
        setup = SetUp(self.path, self.choice, seed, self.opponent)
        state = self.game.start(self.choice, seed=seed, opponent=self.opponent, autoplay=self.choice != "watch")
        self.app.switch(GameScreen(self.app, setup, state))


# ===================================================================================== game

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
                   ("Menu", lambda: self.app.switch(TitleScreen(self.app)), "Back to the title screen (your game is autosaved)")]
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
                command=lambda: self.app.switch(ReportScreen(self.app, self.setup, self.state))))
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
            self.app.switch(TitleScreen(self.app))
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


# ===================================================================================== end report

class ReportScreen(Screen):
    """The score against history, the two-lane chart, the epilogue, and what really happened."""

    def __init__(self, app: App, setup: SetUp, state: State) -> None:
        super().__init__(app)
        self.setup, self.state = setup, state
        self.game = state.game
        self.report: Report = score(state)

    def build(self) -> None:
        w, h = self.app.size
        r, sc = self.report, self.game.scenario
        buttons = [("Export PNG", self.export_png), ("Export Markdown", self.export_markdown),
                   ("New game", lambda: self.app.switch(ScenarioScreen(self.app))),
                   ("Title", lambda: self.app.switch(TitleScreen(self.app)))]
        x = w - PAD
        for label, command in reversed(buttons):
            bw = 150 if "Export" in label else 110
            x -= bw
            self.add(UIButton(pygame.Rect(x, PAD, bw, 40), label, self.manager, command=command))
            x -= 6
        self.add(UILabel(pygame.Rect(PAD * 2, PAD, x - PAD * 4, 40), f"The end: {r.ending.title}",
                         self.manager, object_id="#heading"))
        chart_h = max(190, int(h * 0.27))
        top = 62
        body_h = h - top - chart_h - 2 * PAD
        left_w = int(w * 0.46)
        self.score_box = self.add(UITextBox(self._score_html(), pygame.Rect(PAD * 2, top, left_w, body_h // 2 - 4), self.manager))
        self.epilogue_box = self.add(UITextBox(
            f"<b>Epilogue</b><br>{paragraphs(r.ending.epilogue)}",
            pygame.Rect(PAD * 2, top + body_h // 2 + 4, left_w, body_h // 2 - 4), self.manager))
        self.history_box = self.add(UITextBox(self._history_html(), pygame.Rect(
            PAD * 3 + left_w, top, w - left_w - PAD * 5, body_h), self.manager))
        chart_rect = pygame.Rect(PAD * 2, h - chart_h - PAD, w - PAD * 4, chart_h)
        self.chart = self.add(UIImage(chart_rect, charts.two_lane_chart(chart_rect.size, r, sc, self.app.font(14),
                                                                        self.app.font(12)), self.manager))

    def _score_html(self) -> str:
        r = self.report
        year = self.game.scenario.end.year
        by_side = ", ".join(f"{esc(self.game.scenario.side(s).name)} {percent(f)}" for s, f in r.fidelity_by_side)
        lines = [
            "<b>Your path against history</b>",
            f"Fidelity: <b>{percent(r.fidelity)}</b> of historical decisions kept ({by_side})",
            "Divergence point: " + (f"<b>{esc(r.divergence.describe())}</b>" if r.divergence else "<b>none</b>, history was followed"),
            f"Timeline distance: <b>{r.distance:.2f}</b> (0 is history; at most {r.max_distance})",
        ]
        for o in r.outcomes:
            colour = "#5caa6e" if o.delta > 0.05 else ("#e0783c" if o.delta < -0.05 else "#ebe6d8")
            lines.append(f"{esc(o.name)}: <font color='{colour}'><b>{signed(o.delta)}</b></font> against {year} "
                         f"(objectives {o.score:.1f} here, {o.history_score:.1f} in history)")
        if r.historical_ending and r.historical_ending.id != r.ending.id:
            lines.append(f"In history the period ended as: <i>{esc(r.historical_ending.title)}</i>")
        return "<br>".join(lines)

    def _history_html(self) -> str:
        sc = self.game.scenario
        rows = []
        for step in historical_record(sc):
            text = f"<b>{step.date:%d %b %Y}</b> "
            if step.actor is not None:
                text += f"{esc(sc.side(step.actor).name)}: {esc(step.title)}. <i>{esc(step.choice or '')}</i>"
            else:
                text += esc(step.title)
            rows.append(f"{text}<br><font color='#b9b4a6' size=2>{'; '.join(esc(s) for s in step.sources)}</font>")
        return "<b>What really happened</b><br><br>" + "<br>".join(rows)

    def export_png(self) -> Path:
        path = user_folder("exports") / f"{self.game.scenario.id}-{datetime.now():%Y%m%d-%H%M%S}.png"
        pygame.image.save(self.app.surface, str(path))
        self.app.message("Exported", f"The report picture was saved to\n{path}")
        return path

    def export_markdown(self) -> Path:
        path = user_folder("exports") / f"{self.game.scenario.id}-{datetime.now():%Y%m%d-%H%M%S}.md"
        path.write_text(report_markdown(self.state), encoding="utf-8")
        self.app.message("Exported", f"The report was saved as Markdown to\n{path}")
        return path


# ===================================================================================== dialogs

@dataclass
class Dialog:
    """An open dialog and its named widgets (what tests and keyboard handlers reach for)."""

    window: pygame_gui.elements.UIWindow
    parts: dict


def _window(app: App, title: str, size: tuple[int, int]) -> pygame_gui.elements.UIWindow:
    w, h = app.size
    rect = pygame.Rect(0, 0, min(size[0], w - 40), min(size[1], h - 40))
    rect.center = (w // 2, h // 2)
    window = pygame_gui.elements.UIWindow(rect, app.manager, window_display_title=title, always_on_top=True)
    app.show_dialog(window)
    return window


def open_save_dialog(app: App, screen: GameScreen) -> Dialog:
    window = _window(app, "Save the game", (460, 200))
    UILabel(pygame.Rect(12, 10, 400, 28), "Name of the save:", app.manager, container=window, object_id="#small")
    entry = UITextEntryLine(pygame.Rect(12, 40, 410, 38), app.manager, container=window)
    entry.set_text(f"{screen.game.scenario.id}-{screen.state.date:%Y-%m-%d}")

    def save() -> None:
        from ...saves import slot_path

        name = entry.get_text().strip()
        try:
            save_game(screen.state, screen.setup, slot_path(user_folder("saves"), name))
        except BlocGameError as err:
            app.message("Not saved", str(err))
            return
        app.close_dialog()
        screen.news.insert(0, f"<font color='#5caa6e'>Saved as '{esc(name)}'.</font>")
        screen.rebuild()

    ok = UIButton(pygame.Rect(12, 90, 200, 40), "Save", app.manager, container=window, object_id="#primary", command=save)
    cancel = UIButton(pygame.Rect(222, 90, 200, 40), "Cancel", app.manager, container=window, command=app.close_dialog)
    return app.remember(Dialog(window, {"name": entry, "save": ok, "cancel": cancel}))


def open_load_dialog(app: App) -> Dialog:
    from ...saves import list_saves

    saves = list_saves(user_folder("saves"))
    window = _window(app, "Load a saved game", (620, 440))
    if not saves:
        UILabel(pygame.Rect(12, 20, 560, 30), "There are no saved games yet.", app.manager, container=window)
        close = UIButton(pygame.Rect(12, 70, 160, 40), "Close", app.manager, container=window, command=app.close_dialog)
        return app.remember(Dialog(window, {"close": close}))
    labels = [f"{s.slot}  -  {s.scenario_title}, {s.game_date} ({s.side})" for s in saves]
    listing = UISelectionList(pygame.Rect(12, 10, 580, 300), labels, app.manager, container=window,
                              default_selection=labels[0])

    def load_selected() -> None:
        chosen = listing.get_single_selection()
        save = next((s for s, label in zip(saves, labels) if label == chosen), None)
        if save is not None:
            open_saved_game(app, save.path)

    ok = UIButton(pygame.Rect(12, 322, 200, 40), "Load", app.manager, container=window, object_id="#primary",
                  command=load_selected)
    cancel = UIButton(pygame.Rect(222, 322, 160, 40), "Cancel", app.manager, container=window, command=app.close_dialog)
    return app.remember(Dialog(window, {"list": listing, "labels": labels, "load": ok, "cancel": cancel}))


def open_saved_game(app: App, path: Path) -> None:
    try:
        state, setup = load_game(path)
    except BlocGameError as err:
        backup = path.with_suffix(".bak")
        if backup.exists() and path.suffix != ".bak":
            offer_backup(app, str(err), backup)
        else:
            app.message("This save cannot be opened", str(err))
        return
    app.scenario_path = setup.scenario_path
    screen = GameScreen(app, setup, state, news=[f"<font color='#5caa6e'>Loaded '{esc(path.stem)}'.</font>"])
    app.switch(screen)


def offer_backup(app: App, problem: str, backup: Path) -> Dialog:
    """A damaged save: say why, and offer the previous save kept beside it."""
    w, h = app.size
    rect = pygame.Rect(0, 0, min(620, w - 80), min(340, h - 80))
    rect.center = (w // 2, h // 2)
    dialog = pygame_gui.windows.UIConfirmationDialog(
        rect, f"{esc(problem)}<br><br>The save before it ({esc(backup.name)}) is intact. Open it instead?",
        app.manager, window_title="This save cannot be opened", action_short_name="Open the backup",
        always_on_top=True)
    app.show_dialog(dialog)
    return app.remember(Dialog(dialog, {"confirm": dialog.confirm_button,
                                        "on_confirm": lambda: open_saved_game(app, backup)}))


def open_settings_dialog(app: App) -> Dialog:
    from dataclasses import replace

    from .settings import TEXT_SIZES, WINDOW_SIZES

    s = app.settings
    window = _window(app, "Settings", (480, 330))
    sizes = [f"{w} x {h}" for w, h in WINDOW_SIZES]
    current = f"{s.width} x {s.height}"
    if current not in sizes:
        sizes.insert(0, current)
    UILabel(pygame.Rect(12, 12, 170, 36), "Window size", app.manager, container=window)
    size_menu = UIDropDownMenu(sizes, current, pygame.Rect(190, 12, 250, 36), app.manager, container=window)
    UILabel(pygame.Rect(12, 58, 170, 36), "Text size", app.manager, container=window)
    text_menu = UIDropDownMenu(list(TEXT_SIZES), s.text_size, pygame.Rect(190, 58, 250, 36), app.manager, container=window)
    full = pygame_gui.elements.UICheckBox(pygame.Rect(16, 110, 22, 22), "Fullscreen", app.manager, container=window,
                                          initial_state=s.fullscreen)
    blind = pygame_gui.elements.UICheckBox(pygame.Rect(16, 146, 22, 22), "Colour-blind-safe palette", app.manager,
                                           container=window, initial_state=s.colour_blind,
                                           tool_tip_text="Okabe-Ito colours for the blocs; contested regions stay hatched")

    def apply() -> None:
        width, height = (int(v) for v in size_menu.selected_option[0].split(" x "))
        app.apply_settings(replace(s, width=width, height=height, text_size=text_menu.selected_option[0],
                                   fullscreen=bool(full.get_state()), colour_blind=bool(blind.get_state())))

    ok = UIButton(pygame.Rect(12, 200, 200, 40), "Apply", app.manager, container=window, object_id="#primary", command=apply)
    cancel = UIButton(pygame.Rect(222, 200, 160, 40), "Cancel", app.manager, container=window, command=app.close_dialog)
    return app.remember(Dialog(window, {"size": size_menu, "text": text_menu, "fullscreen": full,
                                        "colour_blind": blind, "apply": ok, "cancel": cancel}))


def screen_named(name: str, app: App) -> Screen:
    """The screen to start on: ``title`` (the default) or ``side`` (a scenario chosen on the command line)."""
    if name == "side":
        return SideScreen(app, app.scenario_path, app.game(app.scenario_path))
    return TitleScreen(app)
