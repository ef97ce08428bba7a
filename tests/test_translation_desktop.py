"""The desktop game shows a scenario in the player's language, and lists the languages it has."""

from __future__ import annotations

import gettext
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
from test_desktop import button, click, key  # noqa: E402

from bloc_game import i18n  # noqa: E402
from bloc_game.ui.desktop.launch import open_app  # noqa: E402
from bloc_game.ui.desktop.screens import GameScreen, ScenarioScreen  # noqa: E402
from bloc_game.ui.desktop.settings import Settings  # noqa: E402


def test_the_scenario_plays_in_the_interface_language_and_a_save_reopens_in_the_one_chosen_now(home: Path) -> None:
    # The interface's own Russian catalog is the ru engineer's; the scenario's is shipped beside it.
    # An identity catalog keeps the interface's words English, so this test reads the scenario's.
    with i18n.using("ru", gettext.NullTranslations()):
        app = open_app(Settings())
        click(app, button(app, "New game"))
        assert isinstance(app.screen, ScenarioScreen)
        details = app.screen.details.html_text
        assert "Гамбит Молотова" in details and "English · Deutsch · Русский" in details
        app.switch(app.screens.title(app))
        screen = start_game_ru(app)
        assert screen.briefing.html_text.startswith("Товарищ Сталин")
        assert "Первая нота Сталина" in [getattr(e, "text", "") for e in screen.elements]
        key(app, pygame.K_1)
        played = app.screen.state.record()
        key(app, pygame.K_s, pygame.KMOD_CTRL)
        app.dialog_handle.parts["name"].set_text("auf-russisch")
        click(app, app.dialog_handle.parts["save"])
    assert (home / "saves" / "auf-russisch.json").exists()
    # The same save in English: the same game, in English words.
    from bloc_game.saves import load_game

    state = load_game(home / "saves" / "auf-russisch.json", loader=app.game)
    assert state.record() == played and state.scenario.language == ""
    assert state.scenario.title == "The Molotov Gambit: Europe 1952-1955"


def start_game_ru(app) -> GameScreen:  # type: ignore[no-untyped-def]
    """test_desktop's start_game, minus its check of the English title."""
    click(app, button(app, "New game"))
    click(app, button(app, "Choose a side"))
    click(app, button(app, "Play the"))
    click(app, button(app, "Start"))
    assert isinstance(app.screen, GameScreen)
    return app.screen


def test_a_broken_translation_is_reported_once_and_the_desktop_plays_in_english(home: Path) -> None:
    import shutil

    from conftest import TUTORIAL

    own = home / "scenarios"
    own.mkdir()
    shutil.copy(TUTORIAL, own / TUTORIAL.name)
    (own / "tutorial_stalin_note.de.po").write_text('msgid "scenario/title"\nmsgstr "x"\nnot a PO line\n',
                                                    encoding="utf-8")
    with i18n.using("de", gettext.NullTranslations()):
        app = open_app(Settings())
        game = app.game(own / TUTORIAL.name)
        assert game.scenario.title == "Tutorial: The Stalin Note"
        assert "tutorial_stalin_note.de.po:3:" in app.dialog.text_block.html_text
        app.dialog.kill()
        app.dialog = None
        assert app.game(own / TUTORIAL.name) is game and app.dialog is None  # said once
