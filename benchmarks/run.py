"""Every benchmark in one command: a table on the terminal, the same figures as JSON.

    python benchmarks/run.py [--quick] [--json benchmarks/results/run.json]

Every contender runs interleaved with its floor (round after round, so a burst of load on a
shared machine hits both), and each figure is reported as the minimum (the least disturbed
run) with the median beside it, next to its goal and its honest floor from the same run:

* load + validate of synthetic scenarios of 10, 100, 1,000 and 10,000 decision points (and of
  10, 1,000 and 10,000 whose expressions all differ), in wall and CPU time, against libyaml
  (PyYAML's C loader) parsing the same text, with the garbage collector off as our loader has
  it (with it on, the bare parse grows superlinearly and flatters us);
* engine: decisions per second replaying long random games, in CPU time and wall time, against
  everything compiled ahead into straight-line Python over a plain list (each choice's effects
  one function) that still checks each choice's condition, keeps every variable within its real
  bounds and fires the same events (checked: both end every game with the same values);
* explore (benchmarks/explore.py): the whole flagship tree for each side (merged states, CPU
  time), interleaved with the exact per-side walk `bloc-game lint` makes (texts followed); and
  the tree with both sides free, in a process of its own (CPU time, peak memory);
* review: the decision review's exact solve on the flagship for each side and opponent
  policy, cold and read back from its cache, and one game's review (benchmarks/review.py);
* desktop (benchmarks/desktop.py): start-up to the first frame against a blank pygame-ce
  frame, ``bloc-game --help`` and ``validate`` against ``python -c "import yaml"``, wall and
  CPU time; frame CPU time idle and animating; peak memory;
* under a real X server (benchmarks/xvfb.py, when Xvfb or a DISPLAY is here): idle CPU, a
  frame with its ``display.flip()``, peak memory and growth over a session.

Memory is in MB (10^6 bytes) throughout.

The 10,000-point scenario has about 880,000 YAML nodes, past the 300,000-node limit that
protects players from hostile files (docs/reliability.md), so this script raises that
limit for its own synthetic files; nothing else does.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_scenario  # noqa: E402

from bloc_game.engine import Game, Seating  # noqa: E402
from bloc_game.scenario import load_scenario_text, yaml_source  # noqa: E402

TARGETS = {
    "load_ratio": 1.5, "engine_per_s": 200_000, "engine_ratio": 8.0, "explore_s": 1.0,
    "startup_ratio": 2.0, "help_ratio": 1.5, "idle_ms": 3.0, "animating_ms": 8.0, "peak_mb": 150.0,
}


def interleaved(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, dict[str, float]]:
    """Run the contenders in turn, ``repeat`` rounds, so a burst of load on a shared machine hits
    them alike; each one's minimum (the least disturbed run) and median, in seconds."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            cpu[name].append(time.process_time() - start_cpu)
            times[name].append(time.perf_counter() - start)
    return {name: {"min": min(t), "median": statistics.median(t), "cpu_min": min(cpu[name]),
                   "cpu_median": statistics.median(cpu[name])} for name, t in times.items()}


def c_parse_gc_off(text: str) -> object:
    """The floor: libyaml parsing the text, with the cyclic garbage collector off as our loader
    has it while it builds (with the collector on, PyYAML's own parse grows superlinearly)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    finally:
        if was_enabled:
            gc.enable()


def load_benchmark(quick: bool) -> list[dict]:
    """The synthetic scenarios as ``synthetic.py`` writes them, whose every point repeats the same
    expression texts, and at 10, 1,000 and 10,000 points also with every point's conditions and
    effect lists distinct (``distinct``): the loader compiles each distinct text once per file, so
    the second is the figure for a scenario whose expressions are mostly its own, as written ones are."""
    yaml_source.MAX_NODES = 2_000_000  # the synthetic 10,000-point file is trusted input
    rows = []
    sizes = [(10, False), (100, False), (1000, False), (10_000, False), (10, True), (1000, True), (10_000, True)]
    for points, distinct in [(p, d) for p, d in sizes if p < 10_000 or not quick]:
        text = synthetic_scenario(points, distinct)
        repeat = {10: 30, 100: 15, 1000: 5, 10_000: 3}[points]

        def ours(text: str = text) -> None:
            game = Game(load_scenario_text(text, "synthetic.yaml"))
            assert not game.check_history()

        t = interleaved({"ours": ours, "floor": lambda text=text: c_parse_gc_off(text)}, repeat)
        rows.append({"points": points, "distinct": distinct, "bytes": len(text),
                     "ours_s": t["ours"]["min"], "ours_median_s": t["ours"]["median"],
                     "floor_s": t["floor"]["min"], "floor_median_s": t["floor"]["median"],
                     "ratio": t["ours"]["min"] / t["floor"]["min"], "us_per_point": 1e6 * t["ours"]["min"] / points,
                     "ours_cpu_s": t["ours"]["cpu_min"], "floor_cpu_s": t["floor"]["cpu_min"],
                     "cpu_ratio": t["ours"]["cpu_min"] / t["floor"]["cpu_min"]})
    return rows


_STATEMENT = re.compile(r"\s*([a-z_]+)\s*(\+=|-=|=)\s*(.+)")
_NAME = re.compile(r"\b([a-z_][a-z_0-9]*)\b")


def _python(text: str, index: dict[str, int]) -> str:
    """A scenario expression as Python over the list ``v`` (the synthetic scenario's expressions are
    also valid Python once names are list items: ``not v[4] or v[1] > 40``)."""
    words = {"true": "True", "false": "False"}
    return _NAME.sub(lambda m: f"v[{index[m.group(1)]}]" if m.group(1) in index else words.get(m.group(1), m.group(1)), text)


def _condition(text: str, index: dict[str, int]) -> Callable[[list], bool]:
    return eval(f"lambda v: {_python(text, index)}")  # noqa: S307 - our own synthetic text, compiled once


def _effects(effects, index: dict[str, int], bounds: dict[str, tuple[int, int]]) -> Callable[[list], None]:  # type: ignore[no-untyped-def]
    """A choice's or event's effects as one straight-line Python function of the list ``v``: each
    variable clamped to its bounds after each statement, as the engine does."""
    lines = ["def fused(v):"]
    for statement in effects.statements:
        m = _STATEMENT.match(statement.source)
        assert m, statement.source
        target, op, rhs = m.groups()
        i, value = index[target], _python(rhs.strip(), index)
        if target not in bounds:  # a flag
            lines.append(f"    v[{i}] = bool({value})")
            continue
        low, high = bounds[target]
        new = value if op == "=" else f"v[{i}] {op[0]} ({value})"
        lines.append(f"    x = {new}")
        lines.append(f"    v[{i}] = {high} if x > {high} else ({low} if x < {low} else x)")
    lines.append("    return None")
    namespace: dict = {}
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from our own synthetic scenario
    return namespace["fused"]


def engine_benchmark(quick: bool) -> dict:
    """Random games on the 1,000-point synthetic scenario: the engine against the honest floor,
    everything compiled ahead into straight-line Python over a plain list (each choice's and
    event's effects one function, each condition a lambda) that still does the work a decision
    needs: checks the choice's condition, applies its effects with each variable clamped to its
    real bounds after each statement, and tries every event dated that day (its condition, and
    whether its chance came up, taken from the engine's own record, so both contenders fire the
    same events). Both must end every game with the same values. What the floor leaves out is
    what makes the engine an engine: an immutable state per decision (undo and tree search are
    free), its log, and one set of rules for play, replay and search.

    Both contenders are timed in CPU time of this process (what the load of a shared machine
    disturbs least) as well as wall time."""
    game = Game(load_scenario_text(synthetic_scenario(1000), "synthetic.yaml"))
    sc = game.scenario
    games = 3 if quick else 10
    paths, finals = [], []
    for seed in range(games):  # record the choices once; both contenders replay the same ones
        rng = random.Random(seed)
        state = game.start(Seating.HOTSEAT, seed=seed)
        path = []
        while not state.is_over:
            choice = rng.choice(state.choices)
            path.append(choice.id)
            state = state.apply(choice.id)
        paths.append((path, {r.id for r in state.log if r.kind == "event"}))
        finals.append([*state.values, *(d is not None for d in state.flags)])
    decisions = sum(len(p) for p, _ in paths)

    def engine() -> None:
        for seed, (path, _) in enumerate(paths):
            state = game.start(Seating.HOTSEAT, seed=seed)
            for choice_id in path:
                state = state.apply(choice_id)

    index = {v.id: i for i, v in enumerate(sc.variables)}
    index.update({f.id: len(sc.variables) + i for i, f in enumerate(sc.flags)})
    bounds = {v.id: (v.low, v.high) for v in sc.variables}
    initial = [*(v.initial for v in sc.variables), *(f.initial for f in sc.flags)]
    events_on: dict[object, list[tuple]] = {}
    for event in sc.events:
        when = _condition(event.when.source, index) if event.when is not None else None  # type: ignore[union-attr]
        events_on.setdefault(event.date, []).append((event.id, when, _effects(event.effects, index, bounds)))
    points = [(p.date, {c.id: (_condition(c.when.source, index) if c.when is not None else None,  # type: ignore[union-attr]
                               _effects(c.effects, index, bounds)) for c in p.choices}) for p in sc.points]
    no_events: list[tuple] = []

    def floor(check: bool = False) -> None:
        for (path, fired), final in zip(paths, finals):
            v = list(initial)
            for (day, choices), choice_id in zip(points, path):
                when, effects = choices[choice_id]
                if when is not None and not when(v):
                    raise AssertionError(f"{choice_id} is not available")
                effects(v)
                for event_id, event_when, event_effects in events_on.get(day, no_events):
                    if (event_when is None or event_when(v)) and event_id in fired:
                        event_effects(v)
            if check:
                assert v == final, "the floor does not do the engine's work"

    floor(check=True)
    t = interleaved({"engine": engine, "floor": floor}, 3 if quick else 7)
    return {"decisions": decisions, "engine_per_s": decisions / t["engine"]["min"],
            "engine_median_per_s": decisions / t["engine"]["median"], "bare_per_s": decisions / t["floor"]["min"],
            "bare_median_per_s": decisions / t["floor"]["median"], "ratio": t["engine"]["min"] / t["floor"]["min"],
            "engine_cpu_per_s": decisions / t["engine"]["cpu_min"],
            "engine_cpu_median_per_s": decisions / t["engine"]["cpu_median"],
            "bare_cpu_per_s": decisions / t["floor"]["cpu_min"], "bare_cpu_median_per_s": decisions / t["floor"]["cpu_median"],
            "cpu_ratio": t["engine"]["cpu_min"] / t["floor"]["cpu_min"]}


def explore_benchmark(quick: bool) -> dict:
    """benchmarks/explore.py: each side of the flagship explored, interleaved with the lint's walk of
    the same side (CPU time); and both sides free, in a process of its own for its peak memory."""
    import explore as explore_bench

    out: dict = {"sides": explore_bench.per_side(1 if quick else 3)}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "explore.py"), "--both"], check=True,
                          capture_output=True, text=True, timeout=3600)
    out["both"] = json.loads(done.stdout)
    return out


def desktop_benchmark(quick: bool) -> dict:
    import desktop

    repeat = 3 if quick else 7
    results = desktop.startup(repeat)
    results.update(desktop.probe(desktop.FRAME_PROBE, 1 if quick else 3))
    results.update(desktop.probe(desktop.CLICK_PROBE, 1))
    results.update(desktop.probe(desktop.MEMORY_PROBE, 1))
    return results


def xvfb_benchmark() -> dict | None:
    """benchmarks/xvfb.py's figures (a real window, flip included), when an X server or Xvfb is here."""
    if not os.environ.get("DISPLAY") and shutil.which("Xvfb") is None:
        return None
    out = ROOT / "benchmarks" / "results" / "xvfb.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "xvfb.py"), "--json", str(out)], check=True,
                   capture_output=True, timeout=1200)
    return json.loads(out.read_text(encoding="utf-8"))


def table(data: dict) -> list[tuple[str, ...]]:
    """The rows of the results table, from the figures ``main`` saves (so the README's table
    can be regenerated from a saved run: ``run.py --markdown results/run.json``)."""
    load, engine, explore = data["load"], data["engine"], data["explore"]
    desk, xvfb = data["desktop"], data["xvfb"]
    ok = lambda good: "yes" if good else "NO"  # noqa: E731
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    rows = [("measure", "ours", "honest floor, same run", "ratio", "goal", "holds")]
    for r in load:
        distinct = ", every expression distinct" if r.get("distinct") else ""
        rows.append((f"load + validate, {r['points']:,} points{distinct} ({r['bytes'] / 1e6:.2f} MB)",
                     f"{ms(r['ours_s'])} ({ms(r['ours_median_s'])})",
                     f"{ms(r['floor_s'])} ({ms(r['floor_median_s'])}) C parse, gc off", f"{r['ratio']:.2f}x",
                     f"<= {TARGETS['load_ratio']}x", ok(r["ratio"] <= TARGETS["load_ratio"])))
        if "cpu_ratio" in r:
            rows.append(("  the same, CPU time", ms(r["ours_cpu_s"]), ms(r["floor_cpu_s"]), f"{r['cpu_ratio']:.2f}x",
                         f"<= {TARGETS['load_ratio']}x", ok(r["cpu_ratio"] <= TARGETS["load_ratio"])))
    if "engine_cpu_per_s" in engine:
        rows.append((f"engine, {engine['decisions']:,} decisions replayed, CPU time",
                     f"{engine['engine_cpu_per_s']:,.0f}/s ({engine['engine_cpu_median_per_s']:,.0f})",
                     f"{engine['bare_cpu_per_s']:,.0f}/s ({engine['bare_cpu_median_per_s']:,.0f}) fused list loop",
                     f"{engine['cpu_ratio']:.1f}x", ">= 200,000/s, <= 8x",
                     ok(engine["engine_cpu_per_s"] >= TARGETS["engine_per_s"]
                        and engine["cpu_ratio"] <= TARGETS["engine_ratio"])))
        rows.append(("  the same, wall time", f"{engine['engine_per_s']:,.0f}/s ({engine['engine_median_per_s']:,.0f})",
                     f"{engine['bare_per_s']:,.0f}/s ({engine['bare_median_per_s']:,.0f})", f"{engine['ratio']:.1f}x", "", ""))
    else:  # a run saved before CPU time was measured
        rows.append((f"engine, {engine['decisions']:,} decisions replayed", f"{engine['engine_per_s']:,.0f}/s "
                     f"({engine['engine_median_per_s']:,.0f})",
                     f"{engine['bare_per_s']:,.0f}/s ({engine['bare_median_per_s']:,.0f}) compiled dict loop",
                     f"{engine['ratio']:.1f}x", ">= 200,000/s, <= 8x",
                     ok(engine["engine_per_s"] >= TARGETS["engine_per_s"] and engine["ratio"] <= TARGETS["engine_ratio"])))
    sides = explore.get("sides", explore)
    for side, r in sides.items():
        rows.append((f"explore the flagship, {side} ({r['states']:,} merged states), CPU time",
                     f"{r['seconds']:.2f} s ({r.get('median_s', r['seconds']):.2f} s)", "", "",
                     "<= 1 s", ok(r["seconds"] <= TARGETS["explore_s"])))
    for side, r in sides.items():
        if "lint_s" in r:
            rows.append((f"lint walk of the flagship, {side} ({r['lint_states']:,} states)",
                         f"{r['lint_s']:.2f} s CPU ({r['lint_median_s']:.2f} s)", f"{r['seconds']:.2f} s bare explore",
                         f"{r['lint_s'] / r['seconds']:.2f}x", "<= 5 s", ok(r["lint_s"] <= 5.0)))
    both = explore.get("both")
    if both is not None:
        what = f"{both['states']:,} merged states" if both["finished"] else f"stopped at {both['max_states']:,} states"
        rows.append((f"explore the flagship, both sides free ({what}), CPU time / peak memory",
                     f"{both['seconds']:.1f} s / {both['peak_mb']:,.0f} MB", "", "", "<= 5 s, <= 1,000 MB",
                     ok(both["finished"] and both["seconds"] <= 5 and both["peak_mb"] <= 1000)))
    rows.append(("desktop: start to first frame (dummy driver)", f"{ms(desk['startup_s'])} ({ms(desk['startup_median_s'])})",
                 f"{ms(desk['startup_floor_s'])} ({ms(desk['startup_floor_median_s'])}) blank pygame frame",
                 f"{desk['startup_ratio']:.2f}x", "<= 2x, <= 0.5 s",
                 ok(desk["startup_ratio"] <= TARGETS["startup_ratio"] and desk["startup_s"] <= 0.5)))
    rows.append(("  the same, CPU time (user + system)", f"{ms(desk['startup_cpu_s'])} ({ms(desk['startup_cpu_median_s'])})",
                 f"{ms(desk['startup_floor_cpu_s'])} ({ms(desk['startup_floor_cpu_median_s'])})",
                 f"{desk['startup_cpu_s'] / desk['startup_floor_cpu_s']:.2f}x", "", ""))
    if "startup_widgets_s" in desk:  # the first frame pygame_gui draws, the first that answers input
        rows.append(("  to the title's widgets (frame 2, the first that answers input), wall / CPU",
                     f"{ms(desk['startup_widgets_s'])} / {ms(desk['startup_widgets_cpu_s'])}",
                     f"{ms(desk['startup_floor_s'])} / {ms(desk['startup_floor_cpu_s'])}",
                     f"{desk['startup_widgets_s'] / desk['startup_floor_s']:.2f}x / "
                     f"{desk['startup_widgets_cpu_s'] / desk['startup_floor_cpu_s']:.2f}x", "", ""))
    rows.append(("bloc-game --help", f"{ms(desk['help_s'])} ({ms(desk['help_median_s'])})",
                 f"{ms(desk['import_yaml_s'])} ({ms(desk['import_yaml_median_s'])}) python -c 'import yaml'",
                 f"{desk['help_ratio']:.2f}x", "<= 1.5x", ok(desk["help_ratio"] <= TARGETS["help_ratio"])))
    rows.append(("  the same, CPU time", f"{ms(desk['help_cpu_s'])}", f"{ms(desk['import_yaml_cpu_s'])}",
                 f"{desk['help_cpu_s'] / desk['import_yaml_cpu_s']:.2f}x", "", ""))
    rows.append(("bloc-game validate tutorial_stalin_note.yaml", f"{ms(desk['validate_s'])} ({ms(desk['validate_median_s'])})",
                 f"{ms(desk['import_yaml_s'])} python -c 'import yaml'",
                 f"{desk['validate_s'] / desk['import_yaml_s']:.2f}x", "", ""))
    rows.append(("frame CPU, dummy driver, idle / animating (median)",
                 f"{desk['idle_median_ms']:.2f} / {desk['animating_median_ms']:.2f} ms", "", "", "<= 3 / 8 ms",
                 ok(desk["idle_median_ms"] <= 3 and desk["animating_median_ms"] <= 8)))
    if xvfb is not None:
        rows.append(("frame CPU under Xvfb, flip included, idle / animating (median)",
                     f"{xvfb['frame_idle_ms']:.2f} / {xvfb['frame_animating_ms']:.2f} ms",
                     f"{xvfb['flip_floor_ms']:.2f} ms blank window's flip", "", "<= 3 / 8 ms",
                     ok(xvfb["frame_idle_ms"] <= 3 and xvfb["frame_animating_ms"] <= 8)))
        rows.append(("idle CPU under Xvfb, title / game screen",
                     f"{xvfb['idle_cpu_title_percent']:.2f} / {xvfb['idle_cpu_game_percent']:.2f} % of a core", "", "",
                     "<= 2 %", ok(max(xvfb["idle_cpu_title_percent"], xvfb["idle_cpu_game_percent"]) <= 2)))
        rows.append(("peak RSS under Xvfb, a whole game", f"{xvfb['peak_mb']:.0f} MB", "", "", "<= 150 MB",
                     ok(xvfb["peak_mb"] <= TARGETS["peak_mb"])))
        rows.append((f"growth under Xvfb over {xvfb['session_decisions']:.0f} decisions", f"{xvfb['session_growth_mb']:+.1f} MB",
                     "", "", "< 10 MB", ok(xvfb["session_growth_mb"] < 10)))
    else:
        rows.append(("(no X server or Xvfb: benchmarks/xvfb.py skipped)", "", "", "", "", ""))
    rows.append(("peak RSS, dummy driver, a whole game", f"{desk['peak_rss_mb']:.0f} MB", "", "", "<= 150 MB",
                 ok(desk["peak_rss_mb"] <= TARGETS["peak_mb"])))
    return rows


def markdown(rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats (a smoke test)")
    parser.add_argument("--no-xvfb", action="store_true", help="skip benchmarks/xvfb.py even when an X server is here")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "run.json")
    parser.add_argument("--markdown", type=Path, metavar="JSON", help="print the table of a saved run as Markdown, and stop")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(table(json.loads(args.markdown.read_text(encoding="utf-8")))), end="")
        return
    started = time.perf_counter()
    load_avg = os.getloadavg()
    # Desktop first: its probes are child processes, and a child forked from a parent that
    # already holds the big synthetic scenarios counts the parent's pages in its peak memory.
    desk = desktop_benchmark(args.quick)
    xvfb = None if args.no_xvfb else xvfb_benchmark()
    explore = explore_benchmark(args.quick)
    from review import print_table, review_benchmark

    review_rows = review_benchmark(args.quick)
    engine = engine_benchmark(args.quick)
    load = load_benchmark(args.quick)
    print(f"Bloc Game benchmarks, {time.strftime('%Y-%m-%d %H:%M %Z')}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {load_avg[0]:.1f} at the start")
    print("Times are the minimum (median) of interleaved runs; memory in MB (10^6 bytes).\n")
    data = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": platform.machine(), "cores": os.cpu_count(),
            "load_average": load_avg, "python": platform.python_version(), "load": load, "engine": engine,
            "explore": explore, "review": review_rows, "desktop": desk,
            "xvfb": xvfb}
    rows = table(data)
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    print()
    print_table(review_rows)
    print(f"\n{time.perf_counter() - started:.0f} s in all; load average {os.getloadavg()[0]:.1f} at the end")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (args.json.parent / "table.md").write_text(markdown(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
