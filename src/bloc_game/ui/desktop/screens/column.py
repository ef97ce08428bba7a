"""The game screen's right column for one state: heading, turn, briefing (or epilogue), choices, news.

Built as a unit so the game screen can build the column of a move's result ahead of
the click (hidden) and swap it in when the click comes: pygame_gui lays out a rich
text box in about 15 ms, too slow to do inside a click.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial  # pygame_gui passes event data to a command that takes a parameter
from typing import TYPE_CHECKING, Optional, TypeVar

import pygame
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UILabel, UITextBox

from ....engine import State
from ....i18n import N_, _
from ...presenter import log_lines, long_date, policy_word, short_date
from ..gui_text import Markup, ellipsize, text_box
from .common import PAD, esc, fit, join, line_height, markup, paragraphs, plain, tip

if TYPE_CHECKING:
    from .game import GameScreen

NO_NEWS = N_("What the other side does, and what happens in the world, appears here.")


E = TypeVar("E", bound=UIElement)


@dataclass
class Column:
    """The widgets of the column (all in ``elements``) and the ones the screen reaches for."""

    elements: list[UIElement] = field(default_factory=list)
    briefing: Optional[UITextBox] = None
    news_box: Optional[UITextBox] = None
    choice_buttons: list[UIButton] = field(default_factory=list)
    report_button: Optional[UIButton] = None
    pause_button: Optional[UIButton] = None

    def add(self, element: E) -> E:
        self.elements.append(element)
        return element

    def show(self) -> None:
        for element in self.elements:
            element.show()

    def kill(self) -> None:
        for element in self.elements:
            element.kill()
        self.elements.clear()


def briefing_html(state: State) -> Markup:
    point = state.current
    assert point is not None
    parts = []
    if point.is_counterfactual:
        parts.append(markup("<font color='#e0783c'><b>{}</b> {}</font><br><br>", _("Counterfactual:"),
                            _("this moment never arose in history; your path made it possible.")))
    parts.append(paragraphs(point.briefing.for_state(state)))
    if point.sources:
        parts.append(markup("<br><br><font color='#b9b4a6'><i>{}</i><br>{}</font>", _("Sources:"), join("<br>", point.sources)))
    return join("", parts)


def news_html(news: list[Markup]) -> Markup:
    return join("<br>", news[:12]) if news else markup("<font color='#b9b4a6'><i>{}</i></font>", _(NO_NEWS))


def news_since(state: State, since: int) -> list[Markup]:
    """The happenings after log entry ``since`` as news items, newest first; counterfactual ones marked."""
    fresh: list[Markup] = []
    for line in log_lines(state, since):
        mark = markup(" <font color='#e0783c'><b>{}</b></font>", line.mark().strip()) if line.counterfactual else ""
        if line.is_choice:
            head = esc(_("{side} chose: {choice}").format(side=line.who, choice=line.label))
        elif line.is_event:
            head = markup("<font color='#c9a227'>{}</font>", line.title)
        else:
            head = markup("<i>{}</i>", line.headline)
        text = markup("<br><font color='#b9b4a6'>{}</font>", " ".join(line.text.split())) if line.text else ""
        fresh.append(markup("<b>{}</b> {}{}{}", short_date(line.happening.date), head, mark, text))
    return list(reversed(fresh))


def build_column(screen: GameScreen, state: State, news: list[Markup], area: pygame.Rect, visible: bool) -> Column:
    """The column for ``state`` in ``area``; hidden unless ``visible`` (built ahead of a click)."""
    manager, shown, app = screen.manager, int(visible), screen.app
    head_h, turn_h = line_height(app, 20, bold=True), line_height(app, 13)
    primary_h = line_height(app, 18, bold=True, pad=18)
    column = Column()
    point = state.current
    news_h = max(110, int(area.height * 0.22))
    news_top = area.bottom - news_h
    if point is None:
        ending = state.ending
        assert ending is not None
        column.add(UILabel(pygame.Rect(area.left, area.top, area.width, head_h),
                           plain(fit(app, _("The end: {title}").format(title=ending.title), 20, area.width)),
                           manager, object_id="#heading", visible=shown))
        report = fit(app, _("See how your path compares with history"), 18, area.width - 30, bold=True,
                     short=_("Your path and history"))
        column.report_button = column.add(UIButton(
            pygame.Rect(area.left, news_top - PAD - primary_h, area.width, primary_h),
            plain(report), manager, object_id="#primary", visible=shown, command=screen.open_report))
        top = area.top + head_h + 6
        column.briefing = column.add(text_box(paragraphs(ending.epilogue.for_state(state)), pygame.Rect(
            area.left, top, area.width, news_top - 2 * PAD - primary_h - top), manager, visible=shown))
    else:
        seat = state.seat(point.actor)
        who = state.scenario.side(point.actor).name
        turn = (_("{side} to decide") if seat.is_human else _("{side} ({policy} policy) is deciding")).format(
            side=who, policy=policy_word(seat.label))
        column.add(UILabel(pygame.Rect(area.left, area.top, area.width, head_h), plain(fit(app, point.title, 20, area.width)),
                           manager, object_id="#heading", visible=shown))
        column.add(UILabel(pygame.Rect(area.left, area.top + head_h, area.width, turn_h),
                           plain(fit(app, f"{long_date(point.date)}  |  {turn}", 13, area.width)), manager,
                           object_id="#small", visible=shown))
        buttons = _choice_buttons(screen, column, state, area, seat.is_human, shown)
        height = sum(b.rect.height for b in buttons) + 6 * (len(buttons) - 1)
        y = news_top - PAD - height
        for button in buttons:
            button.set_relative_position((area.left, y))
            y += button.rect.height + 6
        if column.pause_button is not None:
            column.pause_button.set_relative_position((area.left + area.width // 2 + 3, buttons[0].rect.top))
        top = area.top + head_h + turn_h + 4
        column.briefing = column.add(text_box(briefing_html(state), pygame.Rect(
            area.left, top, area.width, news_top - 2 * PAD - height - top), manager, visible=shown))
    column.news_box = column.add(text_box(news_html(news), pygame.Rect(
        area.left, news_top, area.width, news_h), manager, visible=shown))
    return column


def _choice_buttons(screen: GameScreen, column: Column, state: State, area: pygame.Rect, human: bool,
                    shown: int) -> list[UIButton]:
    """The choices as buttons, one line each (pygame_gui 0.6 clips wrapped button text)."""
    app, manager = screen.app, screen.manager
    buttons: list[UIButton] = []
    if human:
        room = area.width - 34  # the theme's padding on both sides, and a margin
        for i, choice in enumerate(state.choices, 1):
            text = f"{i}.  {choice.label}"
            object_id = "#choice"
            hint = choice.hint
            if app.font(16).size(text)[0] > room:
                object_id = "#choice_compact"  # a long label at large text sizes: a smaller face
                font = app.font(14)
                if font.size(text)[0] > room:
                    text = ellipsize(font, text, room)
                    hint = f"{choice.label}. {choice.hint}".strip()
            button = UIButton(pygame.Rect(area.left, 0, area.width, line_height(app, 16, pad=16)), plain(text), manager,
                              tool_tip_text=tip(hint),
                              object_id=object_id, visible=shown, command=partial(screen.choose, choice.id))
            column.choice_buttons.append(column.add(button))
            buttons.append(button)
    else:
        half = area.width // 2 - 3
        watch_h = line_height(app, 18, bold=True, pad=16)
        buttons.append(column.add(UIButton(
            pygame.Rect(area.left, 0, half, watch_h), plain(fit(app, _("Next decision (Space)"), 18, half - 20, bold=True,
                                                                short=_("Next (Space)"))),
            manager, object_id="#primary", visible=shown, command=screen.step_watch)))
        pause = column.add(UIButton(pygame.Rect(area.left + half + 6, 0, half, watch_h),
                                    plain(_("Pause") if screen.watch_running else _("Play")), manager, visible=shown,
                                    command=screen.toggle_watch))
        pause.set_relative_position((area.left + half + 6, 0))
        column.pause_button = pause
    return buttons
