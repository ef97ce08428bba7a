"""Desktop benchmarks: start-up to first frame, frame CPU time (idle and animating), click, peak memory.

    python benchmarks/desktop.py [--repeat 7] [--json benchmarks/results/desktop.json]

Every figure is the median of repeated runs, printed next to its floor measured in the
same run on the same machine, so the ratio holds on a noisy machine:

* start-up: process start to the first frame of the title screen (``bloc-game`` with
  ``BLOC_GAME_EXIT_AFTER_FRAMES=1``) against a script that imports pygame-ce, opens a
  1280x800 window and draws one blank frame; and to the second frame, the first that
  pygame_gui's widgets draw and that answers input;
* frame CPU time on the game screen at 1280x800, idle and while the meters animate
  (process CPU time per frame, median and 95th percentile);
* a click on a choice at 1280x800: the CPU time of the click handler (the move, the
  autosave and every widget it changes), when the player has read for a moment (the
  screen built the choice's result ahead) and when the click comes at once, against the
  floor of the engine move and the autosave alone;
* peak memory (maximum resident set size) of a process that plays a whole game of the
  flagship through the desktop screens.

Runs headless (SDL's dummy video driver), so the figures exclude the display's own cost
(its flip is free); benchmarks/xvfb.py measures the same frame with a real X server's flip.
Memory is in MB (10^6 bytes) everywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
       "BLOC_GAME_HOME": tempfile.mkdtemp(prefix="bloc-bench-"), "PYTHONPATH": str(ROOT / "src")}
BLANK_FRAME = (
    "import pygame\n"
    "pygame.init()\n"
    "screen = pygame.display.set_mode((1280, 800), pygame.RESIZABLE)\n"
    "screen.fill((20, 23, 30))\n"
    "pygame.display.flip()\n"
    "pygame.quit()\n"
)


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``cmd``."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    assert status == 0, f"{cmd} failed"
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def commands(cmds: dict[str, list[str]], env: dict[str, str], repeat: int) -> dict[str, float]:
    """Each command run ``repeat`` times, interleaved; min and median of wall and CPU time."""
    subprocess.run(next(iter(cmds.values())), env=env, capture_output=True)  # bytecode written, files cached
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            runs[name].append(_run(cmd, env))
    out = {}
    for name, r in runs.items():
        out.update({f"{name}_s": min(w for w, _ in r), f"{name}_median_s": statistics.median(w for w, _ in r),
                    f"{name}_cpu_s": min(c for _, c in r), f"{name}_cpu_median_s": statistics.median(c for _, c in r)})
    return out


def startup(repeat: int) -> dict[str, float]:
    """First frame of the title screen against a blank pygame frame; ``--help`` and ``validate``
    against ``python -c "import yaml"`` (the least a command reading YAML can import)."""
    cli = [sys.executable, "-c", "import sys; from bloc_game.cli import main; sys.exit(main())"]  # as the entry point
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: bytecode cached
    # The first frame is drawn before pygame_gui is imported; "widgets" is the frame after, the first
    # that pygame_gui draws and that answers input (as ``bloc-game`` runs, two frames then exit).
    widgets = [sys.executable, "-c", "import os, sys; os.environ['BLOC_GAME_EXIT_AFTER_FRAMES'] = '2'; "
               "from bloc_game.cli import main; sys.exit(main([]))"]
    out = commands({"startup": [sys.executable, "-m", "bloc_game"], "startup_floor": [sys.executable, "-c", BLANK_FRAME],
                    "startup_widgets": widgets}, {**env, "BLOC_GAME_EXIT_AFTER_FRAMES": "1"}, repeat)
    out.update(commands({"help": cli + ["--help"],
                         "validate": cli + ["validate", str(ROOT / "scenarios" / "tutorial_stalin_note.yaml")],
                         "import_yaml": [sys.executable, "-c", "import yaml"]}, env, repeat))
    out["startup_ratio"] = out["startup_s"] / out["startup_floor_s"]
    out["help_ratio"] = out["help_s"] / out["import_yaml_s"]
    return out


FRAME_PROBE = r"""
import json, random, sys, time
import pygame
from bloc_game.ui.desktop.launch import open_app
from bloc_game.ui.desktop.settings import Settings
from bloc_game.ui.desktop.screens import GameScreen
app = open_app(Settings())
game = app.game(app.scenario_path)
screen = GameScreen(app, game.start("ussr", seed=1))
app.switch(screen)
for _ in range(30):
    app.frame([], 1 / 60)
def measure(frames, animate):
    rng = random.Random(1)
    out = []
    for i in range(frames):
        if animate and i % 45 == 0:
            screen.meters.set_values(tuple(rng.randint(v.low, v.high) for v in game.scenario.variables))
        start = time.process_time()
        app.frame([], 1 / 60)
        pygame.display.flip()  # free under the dummy driver; benchmarks/xvfb.py measures a real one
        out.append(time.process_time() - start)
    return out
idle = measure(600, False)
animating = measure(600, True)
idle.sort(); animating.sort()
print(json.dumps({"idle_median_ms": 1000 * idle[len(idle) // 2], "idle_p95_ms": 1000 * idle[int(len(idle) * 0.95)],
                  "animating_median_ms": 1000 * animating[len(animating) // 2],
                  "animating_p95_ms": 1000 * animating[int(len(animating) * 0.95)]}))
"""

CLICK_PROBE = r"""
import json, statistics, time
from bloc_game.ui.desktop.launch import open_app
from bloc_game.ui.desktop.settings import Settings
from bloc_game.ui.desktop.screens import GameScreen
from bloc_game.paths import user_folder
from bloc_game.saves import AUTOSAVE, save_game
app = open_app(Settings(width=1280, height=800))
game = app.game(app.scenario_path)
def clicks(pause_frames, last):
    out = []
    screen = GameScreen(app, game.start("ussr", seed=1))
    app.switch(screen)
    while screen.state.current is not None:
        for _ in range(pause_frames):  # the player reads; the screen works ahead
            app.frame([], 1 / 60)
        choice = screen.state.choices[-1 if last else 0].id
        start = time.process_time()
        screen.choose(choice)
        out.append(time.process_time() - start)
        app.frame([], 1 / 60)
    return out
def floor(last):
    out = []
    state = game.start("ussr", seed=1)
    while state.current is not None:
        choice = state.choices[-1 if last else 0].id
        start = time.process_time()
        state = state.choose(choice)
        save_game(state, user_folder("saves") / f"{AUTOSAVE}.json")
        out.append(time.process_time() - start)
    return out
ready = clicks(150, True) + clicks(150, False)
cold = clicks(0, True) + clicks(0, False)
bare = floor(True) + floor(False)
ready.sort()
print(json.dumps({"click_ready_median_ms": 1000 * statistics.median(ready), "click_ready_max_ms": 1000 * ready[-1],
                  "click_cold_median_ms": 1000 * statistics.median(cold),
                  "click_floor_median_ms": 1000 * statistics.median(bare)}))
"""

MEMORY_PROBE = r"""
import json, resource, sys
import pygame
from bloc_game.ui.desktop.launch import open_app
from bloc_game.ui.desktop.settings import Settings
from bloc_game.ui.desktop.screens import GameScreen, ReportScreen
app = open_app(Settings())
game = app.game(app.scenario_path)
screen = GameScreen(app, game.start("ussr", seed=1))
app.switch(screen)
def frames(n):
    # As the game's loop does: drain what pygame_gui posts. Its events (a killed button's
    # "unhovered") carry the widget, and in SDL's queue, out of the collector's sight, they
    # kept every retired widget and its pictures alive (223 MB before this probe drained them).
    for _ in range(n):
        app.frame(pygame.event.get(), 1 / 60)
while screen.state.current is not None:
    screen.choose(screen.state.choices[0].id)
    frames(20)
    app.settle()  # the player reads: the loop goes still and settles (App.run, after SETTLE_S)
app.switch(ReportScreen(app, screen.state))
frames(20)
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB elsewhere
print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6}))  # MB, not MiB
"""


def probe(code: str, repeat: int) -> dict[str, float]:
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], env=ENV, check=True, capture_output=True,
                                      text=True, timeout=300).stdout.strip().splitlines()[-1]) for _ in range(repeat)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "desktop.json")
    args = parser.parse_args()
    results: dict[str, float | str] = {"machine": f"{platform.machine()} {platform.processor() or ''} "
                                                  f"{os.cpu_count()} cores, Python {platform.python_version()}".strip(),
                                       "date": time.strftime("%Y-%m-%d")}
    results.update(startup(args.repeat))
    results.update(probe(FRAME_PROBE, max(1, args.repeat // 2)))
    results.update(probe(CLICK_PROBE, max(1, args.repeat // 2)))
    results.update(probe(MEMORY_PROBE, max(1, args.repeat // 2)))
    rows = [
        ("Start-up to first frame", f"{results['startup_s'] * 1000:.0f} ms",
         f"{results['startup_floor_s'] * 1000:.0f} ms (blank pygame frame)", f"{results['startup_ratio']:.2f}x"),
        ("Start-up to the widgets' frame", f"{results['startup_widgets_s'] * 1000:.0f} ms",
         f"{results['startup_floor_s'] * 1000:.0f} ms (blank pygame frame)",
         f"{results['startup_widgets_s'] / results['startup_floor_s']:.2f}x"),
        ("Frame CPU, idle (median / p95)", f"{results['idle_median_ms']:.2f} / {results['idle_p95_ms']:.2f} ms", "", ""),
        ("Frame CPU, animating (median / p95)",
         f"{results['animating_median_ms']:.2f} / {results['animating_p95_ms']:.2f} ms", "", ""),
        ("Click handler, after reading (median / max)",
         f"{results['click_ready_median_ms']:.2f} / {results['click_ready_max_ms']:.2f} ms",
         f"{results['click_floor_median_ms']:.2f} ms (engine move + autosave)",
         f"{results['click_ready_median_ms'] / results['click_floor_median_ms']:.2f}x"),
        ("Click handler, clicked at once (median)", f"{results['click_cold_median_ms']:.2f} ms", "", ""),
        ("Peak memory, a whole game", f"{results['peak_rss_mb']:.0f} MB", "", ""),
    ]
    print(f"{'measure':<38}{'Bloc Game':<22}{'floor':<34}ratio")
    for name, value, floor, ratio in rows:
        print(f"{name:<38}{value:<22}{floor:<34}{ratio}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
