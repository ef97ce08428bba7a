"""Headless tests of the desktop game: real screens, driven by synthetic mouse and key events.

SDL's dummy video driver stands in for a display; everything else (pygame_gui, the
engine, saves, settings) is the real thing. Each test gets its own user folder.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402
import pytest  # noqa: E402
from pygame_gui.core.utility import translate  # noqa: E402

from bloc_game import i18n  # noqa: E402
from bloc_game.ui.desktop import theme as th  # noqa: E402
from bloc_game.ui.desktop.app import App  # noqa: E402
from bloc_game.ui.desktop.launch import open_app  # noqa: E402
from bloc_game.ui.desktop.screens import (  # noqa: E402
    GameScreen,
    ReportScreen,
    ScenarioScreen,
    SideScreen,
    TitleScreen,
)
from bloc_game.ui.desktop.settings import Settings  # noqa: E402

from conftest import BROKEN, Pseudo  # noqa: E402

DT = 1 / 60


@pytest.fixture
def app(home: Path) -> App:
    application = open_app(Settings())
    yield application
    assert not (home / "errors.log").exists(), (home / "errors.log").read_text()


def pump(app: App, events: list | None = None, frames: int = 4) -> None:
    """Process events, then the events pygame_gui posts in reply (a click on a list item takes
    three frames to become a selection the screen sees)."""
    app.frame(events or [], DT)
    for _ in range(frames):
        app.frame(pygame.event.get(), DT)


def click(app: App, element) -> None:
    pos = element.rect.center
    pump(app, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos),
               pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos)])


def key(app: App, k: int, mod: int = 0) -> None:
    pump(app, [pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)])


def button(app: App, text: str):
    """The live button of the current screen whose text starts with ``text``."""
    for element in app.screen.elements:
        if isinstance(element, pygame_gui.elements.UIButton) and element.text.startswith(text):
            return element
    raise AssertionError(f"no button '{text}' on {type(app.screen).__name__}: "
                         f"{[e.text for e in app.screen.elements if isinstance(e, pygame_gui.elements.UIButton)]}")


def start_game(app: App, side_label: str) -> GameScreen:
    click(app, button(app, "New game"))
    assert isinstance(app.screen, ScenarioScreen)
    assert "The Molotov Gambit" in app.screen.details.html_text
    click(app, button(app, "Choose a side"))
    assert isinstance(app.screen, SideScreen)
    click(app, button(app, side_label))
    click(app, button(app, "Start"))
    assert isinstance(app.screen, GameScreen)
    return app.screen


def region_pixel(screen: GameScreen, region: str) -> tuple[int, int]:
    """A window pixel inside ``region`` away from labels and hatching."""
    view = screen.map_view
    assert view is not None
    lx, ly = view.label_point(region)
    for dy in range(-30, 31, 3):
        for dx in range(-30, 31, 3):
            x, y = lx + dx, ly + dy + 12
            if view.region_at((x, y)) == region and all(view.region_at((x + a, y + b)) == region
                                                       for a in (-2, 2) for b in (-2, 2)):
                return screen.map_rect.left + x, screen.map_rect.top + y
    raise AssertionError(f"no pixel of {region}")


def test_title_screen_offers_the_menu_and_continue_waits_for_an_autosave(app: App) -> None:
    assert isinstance(app.screen, TitleScreen)
    texts = [e.text for e in app.screen.elements if isinstance(e, pygame_gui.elements.UIButton)]
    assert texts == ["New game", "Continue", "Load game", "Settings", "Quit"]
    assert not button(app, "Continue").is_enabled


def test_the_title_map_appears_right_after_the_first_frame_and_is_kept(app: App) -> None:
    # The first frame shows the menu at once; the map behind it (which loads the flagship) follows.
    pixel = (60, 200)  # open sea off Norway: plain background first, then the map
    app.frame([], DT)
    first = app.surface.get_at(pixel)
    pump(app, frames=2)
    assert not app.screen.busy()
    assert app.surface.get_at(pixel) != first, "the map backdrop was never drawn"
    app.switch(app.screens.scenario(app))
    app.switch(app.screens.title(app))  # back to the title: the map is there from the first frame
    app.frame([], DT)
    assert not app.screen.busy() and app.surface.get_at(pixel) != first


@pytest.mark.parametrize("side_label, side", [("Play the Soviet Union", "ussr"), ("Play the Western Allies", "nato")])
def test_a_whole_game_as_each_side_through_the_screens(app: App, side_label: str, side: str) -> None:
    screen = start_game(app, side_label)
    colours = {b: app.palette.bloc(b, ("ussr", "nato"), {"ussr": th.hex_colour("#c0392b"), "nato": th.hex_colour("#2e6db4")})
               for b in ("ussr", "nato", "neutral", "contested")}
    assert screen.map_view.colours["frg"] == colours["contested"]
    assert tuple(app.surface.get_at(region_pixel(screen, "france")))[:3] == colours["nato"]
    assert tuple(app.surface.get_at(region_pixel(screen, "poland")))[:3] == colours["ussr"]
    moves = 0
    while screen.state.current is not None:
        point = screen.state.current
        assert screen.briefing.html_text and point.title in [e.text for e in screen.elements if hasattr(e, "text")]
        labels = [b.text for b in screen.choice_buttons]
        assert labels and all(f"{i}.  " in t for i, t in enumerate(labels, 1))
        index = [c.id for c in screen.state.choices].index(point.historical_choice.id)
        if moves % 2:
            click(app, screen.choice_buttons[index])
        else:
            key(app, pygame.K_1 + index)
        screen = app.screen
        moves += 1
        assert screen.date_label.text  # the date shown moves on with the game
    pump(app, frames=60)  # meters finish animating
    assert screen.map_view.colours["frg"] == colours["nato"]
    assert tuple(app.surface.get_at(region_pixel(screen, "frg")))[:3] == colours["nato"]
    assert screen.map_view.colours["austria"] == colours["neutral"]
    assert moves >= 9
    click(app, screen.report_button)
    report = app.screen
    assert isinstance(report, ReportScreen)
    assert "Fidelity: <b>100%</b>" in report.score_box.html_text
    assert "<b>none</b>, history was followed" in report.score_box.html_text
    assert "Two blocs" in [e.text for e in report.elements if isinstance(e, pygame_gui.elements.UILabel)][0]


def test_save_then_load_then_undo(app: App, home: Path) -> None:
    screen = start_game(app, "Play the Soviet Union")
    key(app, pygame.K_1)
    key(app, pygame.K_1)
    saved_point = app.screen.state.current
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    dialog = app.dialog_handle
    dialog.parts["name"].set_text("before-berlin")
    click(app, dialog.parts["save"])
    assert (home / "saves" / "before-berlin.json").exists() and app.dialog is None
    key(app, pygame.K_2)
    assert app.screen.state.current != saved_point
    key(app, pygame.K_l, pygame.KMOD_CTRL)
    dialog = app.dialog_handle
    labels = dialog.parts["labels"]
    item = next(i for i in dialog.parts["list"].item_list if i["text"].startswith("before-berlin"))
    if not item["selected"]:  # clicking a selected item would deselect it
        click(app, item["button_element"])
    assert dialog.parts["list"].get_single_selection().startswith("before-berlin")
    click(app, dialog.parts["load"])
    screen = app.screen
    assert isinstance(screen, GameScreen) and screen.state.current == saved_point
    assert "Loaded 'before-berlin'" in screen.news_box.html_text
    before_undo = screen.state.current
    click(app, button(app, "Undo"))
    assert app.screen.state.current != before_undo
    assert "Undone." in app.screen.news_box.html_text
    assert labels


def test_continue_resumes_the_autosave(app: App) -> None:
    start_game(app, "Play the Western Allies")
    key(app, pygame.K_1)
    date_shown = app.screen.date_label.text
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.screen, TitleScreen) and button(app, "Continue").is_enabled
    click(app, button(app, "Continue"))
    assert isinstance(app.screen, GameScreen) and app.screen.date_label.text == date_shown


def test_a_broken_scenario_shows_its_validate_messages(app: App, home: Path) -> None:
    broken = home / "scenarios" / "mine.yaml"
    broken.parent.mkdir(exist_ok=True)
    broken.write_text((BROKEN / "17_unknown_variable_in_when.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    click(app, button(app, "New game"))
    screen = app.screen
    item = next(i for i in screen.list.item_list if i["text"].startswith("mine.yaml"))
    click(app, item["button_element"])
    assert isinstance(app.dialog, pygame_gui.windows.UIMessageWindow)
    text = app.dialog.text_block.html_text
    assert "mine.yaml:" in text and "unknown name 'tensoin'" in text
    assert str(home) not in text and str(home) not in app.screen.details.html_text  # no folder names on screen
    assert not button(app, "Choose a side").is_enabled


def test_a_damaged_save_gets_a_readable_dialog(app: App, home: Path) -> None:
    (home / "saves").mkdir(exist_ok=True)
    (home / "saves" / "autosave.json").write_text('{"format": 1, "game": {"x": 1}, "checksum": "0"}', encoding="utf-8")
    app.switch(TitleScreen(app))
    click(app, button(app, "Continue"))
    assert isinstance(app.screen, TitleScreen)
    assert "damaged" in app.dialog.text_block.html_text


def test_settings_switch_to_the_colour_blind_palette_and_are_kept(app: App, home: Path) -> None:
    start_game(app, "Play the Soviet Union")
    click(app, button(app, "Settings"))
    dialog = app.dialog_handle
    click(app, dialog.parts["colour_blind"])
    click(app, dialog.parts["apply"])
    assert app.settings.colour_blind and (home / "settings.json").exists()
    assert app.screen.map_view.colours["ussr"] == th.COLOUR_BLIND.sides[0]
    assert open_app(None).settings.colour_blind  # a new start reads the kept settings


def test_the_language_chosen_in_settings_applies_at_once_and_is_kept(app: App, home: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from bloc_game import cli
    from bloc_game.ui.desktop.keys import step_drop_down
    from bloc_game.ui.desktop.screens import open_settings_dialog

    catalog = Catalog(locale="de")
    for english, german in (("New game", "Neues Spiel"), ("Settings", "Einstellungen"), ("Apply", "Anwenden")):
        catalog.add(english, german)
    (tmp_path / "locale" / "de" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "locale" / "de" / "LC_MESSAGES" / "bloc_game.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(i18n, "_compiled", {})
    with i18n.using("en"):
        dialog = open_settings_dialog(app)
        assert dialog.parts["language"].selected_option[0] == "English"
        step_drop_down(dialog.parts["language"], 1)
        pump(app)
        assert dialog.parts["language"].selected_option[0] == "Deutsch"
        click(app, dialog.parts["apply"])
        assert isinstance(app.screen, TitleScreen) and app.screen.buttons["New game"].text == "Neues Spiel"
        assert app.manager.get_locale() == "de"  # pygame_gui's own words too
        assert json.loads((home / "settings.json").read_text())["language"] == "de"
        i18n.set_language("en")
        cli.choose_language(None)  # the next start, without --lang
        assert i18n.current_language() == "de"
        cli.choose_language("en")  # --lang beats the setting
        assert i18n.current_language() == "en"


def test_hovering_a_country_shows_its_name_and_bloc(app: App) -> None:
    screen = start_game(app, "Play the Soviet Union")
    pos = region_pixel(screen, "frg")
    pump(app, [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))])
    assert screen.tooltip is not None and "West Germany (FRG)" in screen.tooltip.text_block.html_text
    assert "Occupied or contested" in screen.tooltip.text_block.html_text


def test_watch_mode_steps_through_the_policies(app: App) -> None:
    start_game(app, "Watch two policies play")
    screen = app.screen
    key(app, pygame.K_SPACE)
    key(app, pygame.K_SPACE)
    assert len(app.screen.state.path) == 2 and all(r.by == "historical" for r in app.screen.state.path)
    pump(app, frames=200)  # playing on its own, a step every 1.6 s
    assert len(app.screen.state.path) > 2
    assert screen is app.screen


def test_the_report_exports_png_and_markdown(app: App, home: Path) -> None:
    game = app.game(app.scenario_path)

    state = game.start("watch", seed=1, opponent="random")
    report = ReportScreen(app, state)
    app.switch(report)
    pump(app)
    png, md = report.export_png(), report.export_markdown()
    assert pygame.image.load(str(png)).get_size() == app.size
    text = md.read_text(encoding="utf-8")
    assert "## Score against history" in text and "## What really happened" in text and "| History | This game |" in text


SIZES = [(1024, 640), (1280, 800), (1920, 1080)]
TEXT_SIZES = ["normal", "large", "largest"]


def clipped(element) -> str:
    """Why the text of a label or button does not fit its widget ('' when it fits)."""
    text = getattr(element, "text", None)
    font = getattr(element, "font", None)
    if not text or font is None or isinstance(element, pygame_gui.elements.UITextBox):
        return ""
    text = translate(text)  # pygame_gui's own buttons hold a key such as 'pygame-gui.Dismiss'
    width, height = font.size(text)
    if width > element.rect.width or height > element.rect.height + 2:
        return f"'{text}' needs {width}x{height}, has {element.rect.size}"
    return ""


def check_layout(where: str, elements: list, bounds: pygame.Rect) -> None:
    rects = [(e, e.rect) for e in elements if e.visible and e.alive()]
    for element, rect in rects:
        assert bounds.contains(rect), f"{where}: {element} at {rect} leaves {bounds}"
        assert not clipped(element), f"{where}: {element} is cut: {clipped(element)}"
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            assert not ra.colliderect(rb), f"{where}: {a} {ra} overlaps {b} {rb}"


@pytest.mark.parametrize("text_size", TEXT_SIZES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_widget_overlaps_another_leaves_the_window_or_cuts_its_text(home: Path, size: tuple[int, int],
                                                                      text_size: str) -> None:
    """Every screen and dialog at three window sizes and three text sizes (issue 15)."""
    check_every_screen(open_app(Settings(width=size[0], height=size[1], text_size=text_size)), home)


LANGUAGES = [*(lang for lang in i18n.available_languages() if lang != "en"), "pseudo"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_fits_every_screen_at_every_window_size(home: Path, lang: str) -> None:
    """Each shipped language, and a pseudo-locale 40 % longer than English with accents and Cyrillic,
    at each window size with the largest text: German runs about 30 % longer than English (issue 17)."""
    from dataclasses import replace

    with i18n.using("en_XA", Pseudo()) if lang == "pseudo" else i18n.using(lang):
        app = open_app(Settings(width=SIZES[0][0], height=SIZES[0][1], text_size="largest"))
        for size in SIZES:
            app.apply_settings(replace(app.settings, width=size[0], height=size[1]))
            check_every_screen(app, home)


def check_every_screen(app: App, home: Path) -> None:
    from bloc_game.saves import save_game
    from bloc_game.ui.desktop.screens import offer_backup, open_load_dialog, open_save_dialog, open_settings_dialog

    size, text_size = app.size, f"{app.settings.text_size} {i18n.current_language()}"
    game = app.game(app.scenario_path)
    state = game.start("ussr", seed=2)
    over = state
    while over.current is not None:
        over = over.choose(over.choices[0].id)
    (home / "saves").mkdir(exist_ok=True)
    save_game(state, home / "saves" / "a-long-name-for-a-save-made-in-class.json")
    side = SideScreen(app, app.scenario_path, game)
    screens = [TitleScreen(app), ScenarioScreen(app), side, GameScreen(app, state),
               GameScreen(app, game.start("watch", seed=2, opponent="lookahead", autoplay=False)),
               GameScreen(app, over), ReportScreen(app, over)]
    window = pygame.Rect((0, 0), size)
    for screen in screens:
        app.switch(screen)
        if screen is side:
            side.toggle_advanced()
        pump(app)
        check_layout(f"{type(screen).__name__} {size} {text_size}", screen.elements, window)

    app.switch(screens[3])
    for open_dialog in (lambda: open_save_dialog(app, screens[3]), lambda: open_load_dialog(app),
                        lambda: open_settings_dialog(app), app.show_keymap,
                        lambda: offer_backup(app, "the save autosave.json is damaged (its checksum does not match)",
                                             home / "saves" / "autosave.bak")):
        open_dialog()
        pump(app)
        dialog = app.dialog
        parts = [e for e in app.manager.get_sprite_group().sprites()
                 if getattr(e, "ui_container", None) is not None
                 and e.ui_container is getattr(dialog, "get_container", lambda: None)()]
        assert window.contains(dialog.rect), f"dialog {dialog.rect} leaves the window {size} {text_size}"
        check_layout(f"dialog {dialog.window_display_title} {size} {text_size}",
                     [p for p in parts if isinstance(p, (pygame_gui.elements.UIButton, pygame_gui.elements.UILabel))],
                     dialog.rect)


def test_resizing_the_window_rebuilds_the_layout(app: App) -> None:
    start_game(app, "Play the Soviet Union")
    pump(app, [pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=1000, size=(1600, 1000))])
    assert app.size == (1600, 1000)
    screen = app.screen
    assert screen.map_rect.width > 700 and screen.strip_rect.bottom <= 1000


def test_ten_thousand_random_events_across_all_screens_raise_nothing(app: App, home: Path) -> None:
    rng = random.Random(1955)
    keys = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_u, pygame.K_SPACE, pygame.K_RETURN,
            pygame.K_ESCAPE, pygame.K_s, pygame.K_l, pygame.K_TAB, pygame.K_BACKSPACE, pygame.K_a, pygame.K_DOWN,
            pygame.K_UP, pygame.K_F1]
    sent = 0
    visited: set[str] = set()
    while sent < 10_000:
        batch = []
        for _ in range(10):
            w, h = app.size
            kind = rng.random()
            pos = (rng.randrange(w), rng.randrange(h))
            if kind < 0.45:
                batch += [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos),
                          pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos)]
            elif kind < 0.75:
                batch.append(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
            elif kind < 0.97:
                mod = pygame.KMOD_CTRL if rng.random() < 0.15 else 0
                batch.append(pygame.event.Event(pygame.KEYDOWN, key=rng.choice(keys), mod=mod, unicode="x", scancode=0))
            elif kind < 0.985:
                batch.append(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)), flipped=False))
            else:
                size = rng.choice([(1280, 800), (1440, 900), (1100, 700)])
                batch.append(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size))
        sent += len(batch)
        app.frame(batch + pygame.event.get(), DT)
        app.running = True  # the monkey may press Quit; keep going
        visited.add(type(app.screen).__name__)
    assert sent >= 10_000
    assert {"TitleScreen", "ScenarioScreen", "SideScreen", "GameScreen"} <= visited, visited


def test_a_damaged_save_offers_its_backup(app: App, home: Path) -> None:
    from bloc_game.saves import save_game

    game = app.game(app.scenario_path)
    first = game.start("nato", seed=4)
    slot = home / "saves" / "autosave.json"
    slot.parent.mkdir(exist_ok=True)
    save_game(first, slot)
    save_game(first.choose(first.choices[0].id), slot)  # the first game is now the backup
    slot.write_text(slot.read_text(encoding="utf-8")[:200], encoding="utf-8")  # cut off mid-file
    app.switch(TitleScreen(app))
    click(app, button(app, "Continue"))
    assert isinstance(app.dialog, pygame_gui.windows.UIConfirmationDialog)
    assert "damaged" in app.dialog.confirmation_text.html_text
    click(app, app.dialog_handle.parts["confirm"])
    assert isinstance(app.screen, GameScreen)
    assert app.screen.state.log == first.log


def test_a_click_after_a_pause_shows_the_same_screen_as_a_click_at_once(home: Path) -> None:
    """While the player reads, the game screen builds each choice's result ahead; the click only swaps it in."""
    def play(pause_frames: int) -> list[tuple[str, str, list[str], tuple]]:
        app = open_app(Settings())
        game = app.game(app.scenario_path)
        screen = GameScreen(app, game.start("ussr", seed=5))
        app.switch(screen)
        seen = []
        while screen.state.current is not None:
            for _ in range(pause_frames):
                app.frame([], DT)
            if pause_frames:
                assert set(screen.ahead) == {c.id for c in screen.state.choices}
            click(app, screen.choice_buttons[-1])
            live = [e for e in app.manager.get_sprite_group().sprites() if getattr(e, "visible", 0)]
            assert screen.briefing in live and screen.news_box in live
            assert all(b in live for b in screen.choice_buttons)
            seen.append((screen.briefing.html_text, screen.news_box.html_text, [b.text for b in screen.choice_buttons],
                         tuple(app.surface.get_at(screen.map_rect.center))))
        pump(app, frames=120)  # the hidden columns left over are killed a few per frame
        assert not screen.retired and not screen.ahead
        return seen

    assert play(150) == play(0)  # 2.5 s: the meters settle, then one column a frame


def test_a_watched_game_saved_part_way_continues_at_that_move(app: App, home: Path) -> None:
    start_game(app, "Watch two policies play")
    click(app, button(app, "Pause"))  # step by hand only
    for _ in range(3):
        click(app, button(app, "Next decision"))
    watched = app.screen.state
    assert len(watched.path) == 3 and not watched.is_over
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.screen, TitleScreen)
    click(app, button(app, "Continue"))  # the autosave written after the third move
    assert isinstance(app.screen, GameScreen)
    assert app.screen.state.log == watched.log and app.screen.state.current == watched.current
    assert button(app, "Next decision").is_enabled  # still a watched game, waiting at move 3
    click(app, button(app, "Next decision"))
    assert len(app.screen.state.path) == 4


def test_hovering_a_meter_explains_its_scale(app: App) -> None:
    screen = start_game(app, "Play the Soviet Union")
    variables = screen.game.scenario.variables
    cells = screen.meters.cells(screen.meter_rect.size)
    index = next(i for i, v in enumerate(variables) if v.id == "german_alignment")
    pos = (screen.meter_rect.left + cells[index].centerx, screen.meter_rect.top + cells[index].centery)
    pump(app, [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))])
    shown = screen.tooltip.text_block.html_text
    assert "German alignment" in shown and "-100 towards Moscow ... +100 firmly Western" in shown
    assert variables[index].description in shown


def test_meters_show_what_their_ends_mean(app: App) -> None:
    screen = start_game(app, "Play the Soviet Union")
    font, small = app.font(14), app.font(11)
    labelled = screen.meters.draw(screen.meter_rect.size, font, small)
    for meter in screen.meters.meters:  # the same panel with the end labels taken away
        meter.variable = type(meter.variable)(meter.variable.id, meter.variable.label, meter.variable.low,
                                              meter.variable.high, meter.variable.initial)
    bare = screen.meters.draw(screen.meter_rect.size, font, small)
    changed = [i for i, cell in enumerate(screen.meters.cells(screen.meter_rect.size))
               if pygame.image.tobytes(labelled.subsurface(cell), "RGB") != pygame.image.tobytes(bare.subsurface(cell), "RGB")]
    assert changed == list(range(len(screen.meters.meters))), "every meter draws its end labels"


def test_hand_in_from_the_end_report_writes_the_named_record_and_remembers_the_name(app: App, home: Path) -> None:
    from bloc_game.classroom.gather import read_game
    from bloc_game.ui.desktop.settings import load_settings

    game = app.game(app.scenario_path)
    state = game.start("watch", seed=3, opponent="random")
    report = ReportScreen(app, state)
    app.switch(report)
    pump(app)
    hand = next(e for e in report.elements if isinstance(e, pygame_gui.elements.UIButton) and e.text == "Hand in…")
    click(app, hand)
    parts = report.hand_in_parts
    folder = home / "class"
    folder.mkdir()
    parts["name"].set_text("Rosa <i>L</i>")
    parts["folder"].set_text(str(folder))
    parts["hand_in"]()
    pump(app)
    (handed,) = folder.iterdir()
    assert read_game(handed).name == "Rosa <i>L</i>"
    assert load_settings().player_name == "Rosa <i>L</i>"
    click(app, hand)  # the second time the name is already there
    assert report.hand_in_parts["name"].get_text() == "Rosa <i>L</i>"


def test_a_whole_game_export_and_back_to_the_title_with_the_keyboard_only(app: App, home: Path) -> None:
    def tab_to(predicate, limit: int = 30) -> None:
        for _ in range(limit):
            key(app, pygame.K_TAB)
            if app.keys.focused is not None and predicate(app.keys.focused):
                return
        raise AssertionError(f"Tab never reached it; focus on {app.keys.focused}")

    key(app, pygame.K_RETURN)  # New game
    assert isinstance(app.screen, ScenarioScreen)
    key(app, pygame.K_RETURN)  # the flagship is chosen already
    assert isinstance(app.screen, SideScreen)
    tab_to(lambda e: getattr(e, "text", "") == "Play the Western Allies")
    key(app, pygame.K_SPACE)
    assert app.screen.choice == "nato"
    key(app, pygame.K_RETURN)  # Enter on the focused option picks it again; Start is the screen's Enter
    tab_to(lambda e: getattr(e, "text", "") == "Start")
    key(app, pygame.K_RETURN)
    screen = app.screen
    assert isinstance(screen, GameScreen) and screen.state.human_sides == ("nato",)
    key(app, pygame.K_s, pygame.KMOD_CTRL)  # save: type nothing, Enter keeps the offered name
    key(app, pygame.K_RETURN)
    assert app.dialog is None and list((home / "saves").glob("molotov*.json"))
    assert "Saved as" in app.notice_text
    key(app, pygame.K_F1)
    assert "Tab / Shift+Tab" in app.dialog.text_block.html_text
    key(app, pygame.K_ESCAPE)
    assert app.dialog is None and app.screen is screen
    moves = 0
    while screen.state.current is not None:
        if moves % 2:
            key(app, pygame.K_1)
        else:  # the focus ring walks to the first choice; Enter takes it
            tab_to(lambda e: e in screen.choice_buttons)
            assert app.keys.focused is screen.choice_buttons[0]
            key(app, pygame.K_RETURN)
        moves += 1
    tab_to(lambda e: e is screen.report_button)
    key(app, pygame.K_RETURN)
    assert isinstance(app.screen, ReportScreen)
    tab_to(lambda e: getattr(e, "text", "") == "Export Markdown")
    key(app, pygame.K_RETURN)
    assert "Exported the report" in app.notice_text and list((home / "exports").glob("*.md"))
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.screen, TitleScreen)


def test_arrows_move_through_lists_and_esc_goes_back(app: App, home: Path) -> None:
    broken = home / "scenarios" / "zz_mine.yaml"
    broken.parent.mkdir(exist_ok=True)
    broken.write_text((BROKEN / "17_unknown_variable_in_when.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    key(app, pygame.K_RETURN)
    screen = app.screen
    assert isinstance(screen, ScenarioScreen)
    first = screen.selected
    key(app, pygame.K_DOWN)
    assert screen.selected is not first and screen.list.get_single_selection() == screen.selected.title
    key(app, pygame.K_UP)
    assert screen.selected is first
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.screen, TitleScreen)


@pytest.mark.skipif(not __import__("shutil").which("espeak-ng"),
                    reason="espeak-ng is not installed (apt-get install espeak-ng; .ci/run installs it)")
def test_read_aloud_speaks_what_the_screen_shows(app: App, home: Path) -> None:
    import wave

    from bloc_game.speech import Speaker

    spoken: list[str] = []
    app.speaker.speak = lambda text: spoken.append(text) or True  # the real engine below renders to a file
    app.apply_settings(Settings(read_aloud=True))
    screen = start_game(app, "Play the Soviet Union")
    first = app.screen.state.current
    assert spoken and first.title in spoken[-1] and all(c.label in spoken[-1] for c in screen.state.choices)
    key(app, pygame.K_1)
    second = app.screen.state.current
    lines = spoken[-1].splitlines()
    assert lines[0].startswith("News: ") and "You chose" in lines[0]  # what the move brought, then the decision
    assert "Western Allies chose" in lines[0]
    assert any(line.startswith(f"{second.title}. ") for line in lines) and second is not first
    key(app, pygame.K_r)  # R reads the screen again on demand
    assert spoken[-1] == app.screen.spoken()

    speaker, durations = Speaker(), []
    for n, text in enumerate((spoken[-1], second.title)):
        path = home / f"spoken-{n}.wav"
        assert speaker.to_wav(text, path)
        with wave.open(str(path)) as wav:
            assert wav.getnframes() > 0
            durations.append(wav.getnframes() / wav.getframerate())
    assert durations[0] > 5 * durations[1] > 0  # the whole decision, not just its title, was spoken


def test_without_a_speech_engine_r_says_what_is_missing_and_the_game_goes_on(app: App,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from bloc_game import speech

    monkeypatch.setattr(speech, "engine", lambda: None)
    app.speaker = speech.Speaker()
    app.apply_settings(Settings(read_aloud=True))
    start_game(app, "Play the Soviet Union")
    key(app, pygame.K_r)
    assert "needs a speech engine" in app.notice_text
    key(app, pygame.K_1)
    assert len(app.screen.state.path) >= 1


def ink_runs(surface: pygame.Surface, rect: pygame.Rect) -> list[tuple[int, int]]:
    """Runs of columns in ``rect`` that hold text (pixels much brighter than the background)."""
    runs, start = [], None
    for x in range(rect.left, rect.right):
        inked = any(sum(surface.get_at((x, y))[:3]) > 330 for y in range(rect.top, rect.bottom))
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            runs.append((start, x))
            start = None
    return runs


@pytest.mark.parametrize("script", ["Zyyy", pytest.param("Latn", marks=pytest.mark.xfail(strict=True,
                                                                                          reason="the bug fixed"))])
def test_a_full_stop_stands_clear_of_the_letter_before_it(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                         script: str) -> None:
    monkeypatch.setattr(th, "SCRIPT", script)
    app = open_app(Settings())
    box = pygame_gui.elements.UITextBox("year.", pygame.Rect(0, 0, 200, 60), app.manager)
    app.screen.teardown()
    app.frame([], DT)
    runs = ink_runs(app.surface, pygame.Rect(box.rect.left + 6, box.rect.top + 6, 80, 30))
    assert len(runs) >= 5, runs  # y, e, a, r and the stop, each apart


def test_settings_by_keyboard_keep_the_real_window_size(app: App, home: Path) -> None:
    pump(app, [pygame.event.Event(pygame.VIDEORESIZE, w=1100, h=700, size=(1100, 700))])
    assert app.settings.size == (1100, 700) and json.loads((home / "settings.json").read_text())["width"] == 1100
    click(app, button(app, "Settings"))
    dialog = app.dialog_handle
    assert dialog.parts["size"].selected_option[0] == "1100 x 700"  # what the window is, not 1280 x 800
    key(app, pygame.K_TAB)  # from the window size to the text size
    assert app.keys.focused is dialog.parts["text"]
    key(app, pygame.K_DOWN)
    assert dialog.parts["text"].selected_option[0] == "large"
    key(app, pygame.K_RETURN)  # Enter on a drop-down steps it; the dialog's Apply is its default from a box
    key(app, pygame.K_TAB)
    assert app.keys.focused is dialog.parts["language"]
    key(app, pygame.K_TAB)
    assert app.keys.focused is dialog.parts["fullscreen"]
    key(app, pygame.K_SPACE)  # the fullscreen box
    key(app, pygame.K_SPACE)  # and off again
    app.keys.focus(None)
    key(app, pygame.K_RETURN)  # nothing focused: Enter applies
    assert app.dialog is None and app.settings.text_size == "largest" and app.size == (1100, 700)
    assert not app.settings.fullscreen and app.settings.language == ""
