"""The desktop game at rest costs nothing, and a long session does not grow.

The figures under a real X server are in benchmarks/xvfb.py; these tests hold the two
behaviours behind them with the dummy driver: the loop stops drawing once nothing changes,
and memory comes back after every game.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from bloc_game.ui.desktop import app as app_module  # noqa: E402
from bloc_game.ui.desktop.launch import open_app  # noqa: E402
from bloc_game.ui.desktop.screens import GameScreen  # noqa: E402
from bloc_game.ui.desktop.settings import Settings  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def test_an_untouched_window_stops_drawing(home: Path) -> None:
    app = open_app(Settings())
    counts: dict[str, int] = {}

    def watch() -> None:
        time.sleep(app_module.SETTLE_S + 0.5)
        counts["settled"] = app.frames
        time.sleep(1.5)
        counts["later"] = app.frames
        pygame.event.post(pygame.event.Event(pygame.QUIT))

    threading.Thread(target=watch, daemon=True).start()
    app.run()
    assert counts["settled"] > 10, "the title screen was never drawn"
    assert counts["later"] == counts["settled"], "frames were drawn although nothing changed"


def test_input_wakes_an_idle_window(home: Path) -> None:
    app = open_app(Settings())
    counts: dict[str, int] = {}

    def poke() -> None:
        time.sleep(app_module.SETTLE_S + 0.5)
        counts["before"] = app.frames
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(10, 10), rel=(1, 1), buttons=(0, 0, 0)))
        time.sleep(0.3)
        counts["after"] = app.frames
        pygame.event.post(pygame.event.Event(pygame.QUIT))

    threading.Thread(target=poke, daemon=True).start()
    app.run()
    assert counts["after"] > counts["before"]


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="resident size is read from /proc")
def test_memory_comes_back_after_every_game(home: Path) -> None:
    app = open_app(Settings())
    game = app.game(app.scenario_path)

    def play(seed: int) -> None:
        side = "nato" if seed % 2 else "ussr"
        screen = GameScreen(app, game.start(side, seed=seed))
        app.switch(screen)
        n = 0
        while screen.state.current is not None:
            for _ in range(3):
                app.frame(pygame.event.get(), 1 / 60)
            app.settle()  # the player reads; the real loop settles here
            screen.choose(screen.state.choices[n % len(screen.state.choices)].id)
            n += 1
        while app.screen.busy():
            app.frame(pygame.event.get(), 1 / 60)
        app.settle()

    play(1)
    play(2)
    baseline = rss_mb()
    for seed in range(3, 7):
        play(seed)
    # Before settling collected pygame_gui's widget cycles, four games added 60-120 MB.
    assert rss_mb() - baseline < 12
