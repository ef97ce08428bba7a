"""The desktop game in a real window: idle CPU, frame cost with the flip, memory over a session.

    python benchmarks/xvfb.py [--json benchmarks/results/xvfb.json]

The dummy video driver has no display to flip to, so it hides the two costs a player's
machine pays: drawing to a real X server and whatever the video driver keeps in memory.
This script opens real windows on an X server: the one in ``DISPLAY``, or, when there is
none, a private Xvfb it starts and stops itself (Debian: ``apt-get install xvfb``).

* idle CPU: the share of one core the game uses while nobody touches it, on the title
  screen and on the game screen, measured over 5 s after the screen has settled;
* a frame that changes, flip included: process CPU time of one frame plus
  ``pygame.display.flip()`` at 1280x800, with nothing moving and with the meters animating,
  against the floor of a blank window's flip;
* memory: peak resident set size over a whole game of the flagship, and the growth over a
  100-decision session (new games, undo, save and load) after the first game.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"idle_cpu_percent": 2.0, "frame_idle_ms": 3.0, "frame_animating_ms": 8.0, "peak_mb": 150.0,
           "session_growth_mb": 10.0}

COMMON = r"""
import json, os, resource, threading, time
import pygame
from bloc_game.ui.desktop.launch import open_app
from bloc_game.ui.desktop.settings import Settings
from bloc_game.ui.desktop.screens import GameScreen
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
def game_screen(app, side="ussr", seed=1):
    game = app.game(app.scenario_path)
    screen = GameScreen(app, game.start(side, seed=seed))
    app.switch(screen)
    return screen
"""

IDLE_PROBE = COMMON + r"""
import sys
app = open_app(Settings())
if sys.argv[1] == "game":
    game_screen(app)
result = {}
def watch():
    time.sleep(4.0)  # settle: the first frames, the columns built ahead, pygame_gui's hover delay
    wall, cpu, frames = time.perf_counter(), time.process_time(), app.frames
    time.sleep(5.0)
    result["cpu_percent"] = 100 * (time.process_time() - cpu) / (time.perf_counter() - wall)
    result["frames_per_s"] = (app.frames - frames) / (time.perf_counter() - wall)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
threading.Thread(target=watch, daemon=True).start()
app.run()
print(json.dumps(result))
"""

FRAME_PROBE = COMMON + r"""
import random
app = open_app(Settings(width=1280, height=800))
screen = game_screen(app)
for _ in range(60):
    app.frame(pygame.event.get(), 1 / 60); pygame.display.flip()
def measure(frames, animate):
    rng = random.Random(1)
    variables = app.game(app.scenario_path).scenario.variables
    out = []
    for i in range(frames):
        if animate and i % 45 == 0:
            screen.meters.set_values(tuple(rng.randint(v.low, v.high) for v in variables))
        events = pygame.event.get()  # the loop drains what pygame_gui posts; a probe must too
        start = time.process_time()
        app.frame(events, 1 / 60)
        pygame.display.flip()
        out.append(time.process_time() - start)
    out.sort()
    return 1000 * out[len(out) // 2], 1000 * out[int(len(out) * 0.95)]
idle = measure(300, False)
animating = measure(300, True)
surface = pygame.display.get_surface()
blank = []
for i in range(300):
    start = time.process_time()
    surface.fill((i % 200, 23, 30)); pygame.display.flip()
    blank.append(time.process_time() - start)
blank.sort()
print(json.dumps({"frame_idle_ms": idle[0], "frame_idle_p95_ms": idle[1], "frame_animating_ms": animating[0],
                  "frame_animating_p95_ms": animating[1], "flip_floor_ms": 1000 * blank[len(blank) // 2]}))
"""

MEMORY_PROBE = COMMON + r"""
from bloc_game.saves import load_game, save_game
from bloc_game.paths import user_folder
app = open_app(Settings())
def play(side, seed, undo_every=0):
    screen = game_screen(app, side, seed)
    decisions = 0
    while screen.state.current is not None:
        for _ in range(3):
            app.frame(pygame.event.get(), 1 / 60); pygame.display.flip()
        app.settle()  # the player reads: the real loop goes still and settles here
        screen.choose(screen.state.choices[decisions % len(screen.state.choices)].id)
        decisions += 1
        if undo_every and decisions % undo_every == 0 and screen.state.previous is not None:
            screen.undo()
            decisions += 1
    while app.screen.busy():  # the game is over: retired widgets go, a frame at a time
        app.frame(pygame.event.get(), 1 / 60); pygame.display.flip()
    app.settle()
    return screen, decisions
screen, decisions = play("ussr", 1)
peak_game = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB -> MB
def session_game(seed):
    screen, n = play("nato" if seed % 2 else "ussr", seed, undo_every=4)
    path = user_folder("saves") / "bench.json"
    save_game(screen.state, path)
    load_game(path)
    return n
session_game(2)  # the session's first game: everything it does has now been done once
after_first = rss_mb()
total, seed = 0, 3
while total < 100:
    total += session_game(seed)
    seed += 1
print(json.dumps({"peak_mb": peak_game, "after_first_game_mb": after_first, "session_decisions": total,
                  "session_growth_mb": rss_mb() - after_first,
                  "peak_session_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6}))
"""


def start_display() -> tuple[dict[str, str], "subprocess.Popen[bytes] | None"]:
    env = {**os.environ, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy",
           "BLOC_GAME_HOME": tempfile.mkdtemp(prefix="bloc-xvfb-"), "PYTHONPATH": str(ROOT / "src")}
    if os.environ.get("DISPLAY"):
        return env, None
    if shutil.which("Xvfb") is None:
        sys.exit("benchmarks/xvfb.py needs an X server: set DISPLAY, or install Xvfb (apt-get install xvfb)")
    display = f":{50 + os.getpid() % 40}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    env["DISPLAY"] = display
    return env, server


def probe(code: str, env: dict[str, str], *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True,
                         timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    env, server = start_display()
    try:
        figures: dict[str, float] = {}
        for screen in ("title", "game"):
            idle = probe(IDLE_PROBE, env, screen)
            figures[f"idle_cpu_{screen}_percent"] = idle["cpu_percent"]
            figures[f"idle_frames_per_s_{screen}"] = idle["frames_per_s"]
        figures.update(probe(FRAME_PROBE, env))
        figures.update(probe(MEMORY_PROBE, env))
    finally:
        if server is not None:
            server.terminate()
    rows = [
        ("idle CPU, title screen", f"{figures['idle_cpu_title_percent']:.2f} % of a core "
         f"({figures['idle_frames_per_s_title']:.1f} frames/s)", "<= 2 %",
         figures["idle_cpu_title_percent"] <= TARGETS["idle_cpu_percent"]),
        ("idle CPU, game screen", f"{figures['idle_cpu_game_percent']:.2f} % of a core "
         f"({figures['idle_frames_per_s_game']:.1f} frames/s)", "<= 2 %",
         figures["idle_cpu_game_percent"] <= TARGETS["idle_cpu_percent"]),
        ("a frame that changes, nothing moving, flip included (median / p95)",
         f"{figures['frame_idle_ms']:.2f} / {figures['frame_idle_p95_ms']:.2f} ms "
         f"(blank flip {figures['flip_floor_ms']:.2f} ms)", "<= 3 ms", figures["frame_idle_ms"] <= TARGETS["frame_idle_ms"]),
        ("a frame with the meters animating, flip included (median / p95)",
         f"{figures['frame_animating_ms']:.2f} / {figures['frame_animating_p95_ms']:.2f} ms", "<= 8 ms",
         figures["frame_animating_ms"] <= TARGETS["frame_animating_ms"]),
        ("peak RSS, a whole game of the flagship", f"{figures['peak_mb']:.0f} MB", "<= 150 MB",
         figures["peak_mb"] <= TARGETS["peak_mb"]),
        (f"growth over a {figures['session_decisions']:.0f}-decision session (undo, save, load)",
         f"{figures['session_growth_mb']:+.1f} MB (from {figures['after_first_game_mb']:.0f} MB)", "< 10 MB",
         figures["session_growth_mb"] < TARGETS["session_growth_mb"]),
    ]
    for name, value, target, holds in rows:
        print(f"{name:<70} {value:<40} {target:<10} {'yes' if holds else 'NO'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
