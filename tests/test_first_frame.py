"""The title's first frame, drawn before pygame_gui is imported: the same picture the widgets
then draw, and input made meanwhile reaches them (headless, SDL's dummy driver)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from bloc_game import i18n  # noqa: E402
from bloc_game.ui.desktop.display import init_pygame  # noqa: E402
from bloc_game.ui.desktop.launch import open_app  # noqa: E402
from bloc_game.ui.desktop.screens import ScenarioScreen, TitleScreen  # noqa: E402
from bloc_game.ui.desktop.screens import title as title_screen  # noqa: E402
from bloc_game.ui.desktop.settings import Settings  # noqa: E402
from bloc_game.ui.desktop.titleframe import show_first_frame  # noqa: E402

from conftest import Pseudo  # noqa: E402

DT = 1 / 60


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user folder of its own, in a process that has drawn no title map yet (as at start-up:
    earlier tests may have left one in the title's cache, which the first frame would show)."""
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path))
    monkeypatch.setattr(title_screen, "_BACKDROP", {})
    return tmp_path


def differences(a: pygame.Surface, b: pygame.Surface) -> tuple[int, int]:
    """The largest difference of any colour channel, and how many pixels differ by more than 2."""
    assert a.get_size() == b.get_size()
    left, right = pygame.image.tobytes(a, "RGB"), pygame.image.tobytes(b, "RGB")
    worst = max((abs(x - y) for x, y in zip(left, right)), default=0)
    off = sum(1 for i in range(0, len(left), 3) if max(abs(left[i + c] - right[i + c]) for c in range(3)) > 2)
    return worst, off


@pytest.mark.parametrize("size, text_size, autosave", [
    ((1280, 800), "normal", False), ((1024, 640), "largest", True), ((1920, 1080), "small", False)])
def test_the_first_frame_is_the_picture_the_widgets_then_draw(home: Path, size: tuple[int, int], text_size: str,
                                                              autosave: bool) -> None:
    if autosave:
        (home / "saves").mkdir()
        (home / "saves" / "autosave.json").write_text("{}", encoding="utf-8")  # Continue is offered
    settings = Settings(width=size[0], height=size[1], text_size=text_size)
    init_pygame()
    first = show_first_frame(settings).copy()
    app = open_app(settings, surface=pygame.display.get_surface())
    try:
        assert app.screen.buttons["Continue"].is_enabled is autosave
        app.frame([], DT)
        worst, off = differences(first, app.surface)
        # pygame_gui's soft button shadow is a faint ring here: one level of one channel at most.
        assert off == 0 and worst <= 2, (worst, off)
        pygame.image.save(first, str(home / "first.png"))
        assert first.get_at((size[0] // 2, app.screen.buttons["New game"].rect.centery)) != first.get_at((2, 2))
    finally:
        pygame.quit()


# Every shipped language, and the pseudo-locale (40 % longer, accented and Cyrillic letters): the
# subtitle wraps onto two lines in the small window.
LANGUAGES = [(lang, None) for lang in i18n.available_languages()[1:]] + [("en_XA", Pseudo())]


@pytest.mark.parametrize("lang, catalog", LANGUAGES, ids=[lang for lang, _ in LANGUAGES])
@pytest.mark.parametrize("size, text_size", [((1280, 800), "normal"), ((1024, 640), "largest")])
def test_the_first_frame_is_drawn_in_the_players_language(home: Path, lang: str, catalog: object,
                                                          size: tuple[int, int], text_size: str) -> None:
    settings = Settings(width=size[0], height=size[1], text_size=text_size)
    with i18n.using(lang, catalog):  # type: ignore[arg-type]
        init_pygame()
        first = show_first_frame(settings).copy()
        app = open_app(settings, surface=pygame.display.get_surface())
        try:
            labels = [e.text for e in app.screen.elements]
            assert i18n._("New game") in labels and "New game" not in labels
            app.frame([], DT)
            worst, off = differences(first, app.surface)
            assert off == 0 and worst <= 2, (worst, off)
            pygame.image.save(first, str(home / f"first-{lang}.png"))
        finally:
            pygame.quit()


@pytest.mark.parametrize("press", ["click", "enter"])
def test_input_made_while_the_game_loads_reaches_the_title(home: Path, press: str) -> None:
    """A player who clicks New game (or presses Enter) on the first frame gets the next screen."""
    init_pygame()
    show_first_frame(Settings())
    app_surface = pygame.display.get_surface()
    target = (640, 279)  # the middle of New game at 1280x800
    if press == "click":
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=target))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=target))
    else:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=40))
    app = open_app(Settings(), surface=app_surface)  # what bloc-game does after the first frame
    try:
        assert isinstance(app.screen, TitleScreen) and app.screen.buttons["New game"].rect.collidepoint(target)
        for _ in range(4):
            app.frame(pygame.event.get(), DT)
        assert isinstance(app.screen, ScenarioScreen)
    finally:
        pygame.quit()


def test_bloc_game_shows_its_first_frame_before_importing_the_widgets_or_the_engine(home: Path) -> None:
    probe = ("import os, sys\n"
             "os.environ['BLOC_GAME_EXIT_AFTER_FRAMES'] = '1'\n"
             "from bloc_game.cli import main\n"
             "code = main([])\n"
             "print(code, sorted(m for m in ('pygame_gui', 'bloc_game.engine', 'bloc_game.scenario', 'yaml')"
             " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "SDL_VIDEODRIVER": "dummy"})
    assert out.returncode == 0 and out.stdout.split("\n")[-2] == "0 []", out.stdout + out.stderr
