"""Every benchmark in one command: a table on the terminal, the same figures as JSON.

    python benchmarks/run.py [--quick] [--json benchmarks/results/run.json]

Each figure is the median of repeated runs, next to its floor measured in the same run:

* load + validate of synthetic scenarios of 10, 100, 1,000 and 10,000 decision points,
  against PyYAML's C loader parsing the same text and nothing else;
* engine: decisions applied per second replaying long random games, against a bare loop
  applying the same effects to a plain dict;
* explore: the whole flagship tree for each side (states, time);
* lint: the exact per-side walk `bloc-game lint` makes (texts followed), against a bare explore;
* review: the decision review's exact solve on the flagship for each side and opponent
  policy, cold and read back from its cache, and one game's review (benchmarks/review.py);
* desktop: start-up to first frame against a blank pygame-ce frame; frame CPU time idle
  and animating; peak memory (from benchmarks/desktop.py).

The 10,000-point scenario has about 880,000 YAML nodes, past the 300,000-node limit that
protects players from hostile files (docs/reliability.md), so this script raises that
limit for its own synthetic files; nothing else does.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bloc_game  # noqa: E402
from bloc_game.engine import Game, Seating  # noqa: E402
from bloc_game.scenario import load_scenario_text, yaml_source  # noqa: E402
from synthetic import synthetic_scenario  # noqa: E402

TARGETS = {
    "load_ratio": 1.5, "engine_per_s": 200_000, "engine_ratio": 5.0, "explore_s": 5.0,
    "startup_ratio": 2.0, "idle_ms": 3.0, "animating_ms": 8.0, "peak_mb": 150.0,
}


def median_time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load_benchmark(quick: bool) -> list[dict]:
    yaml_source.MAX_NODES = 2_000_000  # the synthetic 10,000-point file is trusted input
    rows = []
    for points in (10, 100, 1000) if quick else (10, 100, 1000, 10_000):
        text = synthetic_scenario(points)
        repeat = {10: 30, 100: 15, 1000: 5, 10_000: 3}[points]

        def ours() -> None:
            game = Game(load_scenario_text(text, "synthetic.yaml"))
            assert not game.check_history()

        ours_s = median_time(ours, repeat)
        floor_s = median_time(lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat)
        rows.append({"points": points, "bytes": len(text), "ours_s": ours_s, "floor_s": floor_s,
                     "ratio": ours_s / floor_s, "us_per_point": 1e6 * ours_s / points})
    return rows


_STATEMENT = re.compile(r"\s*([a-z_]+)\s*(\+=|-=|=)\s*(.+)")


def engine_benchmark(quick: bool) -> dict:
    """Random games on the 1,000-point synthetic scenario: the engine against a bare dict loop."""
    game = Game(load_scenario_text(synthetic_scenario(1000), "synthetic.yaml"))
    games = 3 if quick else 10
    paths = []
    for seed in range(games):  # record the choices once; both contenders replay the same ones
        rng = random.Random(seed)
        state = game.start(Seating.HOTSEAT, seed=seed)
        path = []
        while not state.is_over:
            choice = rng.choice(state.choices)
            path.append(choice.id)
            state = state.apply(choice.id)
        paths.append(path)
    decisions = sum(len(p) for p in paths)

    def engine() -> None:
        for seed, path in enumerate(paths):
            state = game.start(Seating.HOTSEAT, seed=seed)
            for choice_id in path:
                state = state.apply(choice_id)

    # The floor: the same effects applied to a dict by a loop that knows nothing else.
    compiled = {}
    for point in game.scenario.points:
        for choice in point.choices:
            steps = []
            for statement in choice.effects.statements:
                m = _STATEMENT.match(statement.source)
                assert m
                steps.append((m.group(1), m.group(2), m.group(3)))
            compiled[(point.id, choice.id)] = steps
    plans = [[(game.scenario.points[i].id, c) for i, c in enumerate(path)] for path in paths]

    def bare() -> None:
        for plan in plans:
            values = {"tension": 50, "cohesion": 50, "control": 0, "treaty": False, "crisis": False}
            for key in plan:
                for target, op, expr in compiled[key]:
                    if expr == "cohesion > 60":
                        values[target] = values["cohesion"] > 60
                    elif op == "+=":
                        values[target] = min(100, max(-100, values[target] + int(expr)))
                    elif op == "-=":
                        values[target] = min(100, max(-100, values[target] - int(expr)))

    engine_s = median_time(engine, 3 if quick else 5)
    bare_s = median_time(bare, 3 if quick else 5)
    return {"decisions": decisions, "engine_per_s": decisions / engine_s, "bare_per_s": decisions / bare_s,
            "ratio": engine_s / bare_s}


def explore_benchmark() -> dict:
    from bloc_game.explore import explore

    game = bloc_game.load(ROOT / "scenarios" / "molotov_1954.yaml")
    game.history()
    out = {}
    for side in game.scenario.side_ids:
        result = explore(game, (side,), "historical", progress=False)
        out[side] = {"states": result.states, "paths": result.paths, "seconds": result.seconds}
    return out


def lint_benchmark() -> dict:
    """The exact lint walk of each side of the flagship, next to a bare explore of the same side (the floor)."""
    from bloc_game.explore import explore
    from bloc_game.lint import sight

    game = bloc_game.load(ROOT / "scenarios" / "molotov_1954.yaml")
    game.history()
    out = {}
    for side in game.scenario.side_ids:
        started = time.process_time()
        seen = sight(game, side)
        lint_s = time.process_time() - started
        started = time.process_time()
        explore(game, (side,), "historical", progress=False)
        floor_s = time.process_time() - started
        out[side] = {"states": seen.states, "seconds": lint_s, "floor_s": floor_s, "ratio": lint_s / floor_s}
    return out


def desktop_benchmark(quick: bool) -> dict:
    import desktop

    repeat = 3 if quick else 7
    results = desktop.startup(repeat)
    results.update(desktop.probe(desktop.FRAME_PROBE, 1 if quick else 3))
    results.update(desktop.probe(desktop.CLICK_PROBE, 1))
    results.update(desktop.probe(desktop.MEMORY_PROBE, 1))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats (a smoke test)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "run.json")
    args = parser.parse_args()
    started = time.perf_counter()
    # Desktop first: its probes are child processes, and a child forked from a parent that
    # already holds the big synthetic scenarios counts the parent's pages in its peak memory.
    desk = desktop_benchmark(args.quick)
    explore = explore_benchmark()
    linted = lint_benchmark()
    from review import print_table, review_benchmark

    review_rows = review_benchmark(args.quick)
    engine = engine_benchmark(args.quick)
    load = load_benchmark(args.quick)
    ok = lambda good: "yes" if good else "NO"  # noqa: E731
    print(f"Bloc Game benchmarks, {time.strftime('%Y-%m-%d')}, {platform.machine()}, Python {platform.python_version()}")
    print(f"\n{'load + validate':<28}{'ours':>12}{'C parse only':>14}{'ratio':>8}{'per point':>12}  target <= {TARGETS['load_ratio']}x")
    for row in load:
        print(f"  {row['points']:>6,} points ({row['bytes'] / 1e6:5.2f} MB)"
              f"{row['ours_s'] * 1000:>9.1f} ms{row['floor_s'] * 1000:>11.1f} ms{row['ratio']:>7.2f}x"
              f"{row['us_per_point']:>9.0f} us  {ok(row['ratio'] <= TARGETS['load_ratio'])}")
    print(f"\nengine: {engine['engine_per_s']:,.0f} decisions/s, bare dict loop {engine['bare_per_s']:,.0f}/s, "
          f"ratio {engine['ratio']:.1f}x  (targets >= 200,000/s: {ok(engine['engine_per_s'] >= TARGETS['engine_per_s'])}; "
          f"<= 5x: {ok(engine['ratio'] <= TARGETS['engine_ratio'])})")
    for side, r in explore.items():
        print(f"explore the flagship, {side}: {r['states']:,} states, {r['paths']:,} paths, {r['seconds']:.2f} s  "
              f"(<= 5 s: {ok(r['seconds'] <= TARGETS['explore_s'])})")
    for side, r in linted.items():
        print(f"lint walk of the flagship, {side}: {r['states']:,} states, {r['seconds']:.2f} s CPU against "
              f"{r['floor_s']:.2f} s for a bare explore ({r['ratio']:.2f}x; <= 5 s: {ok(r['seconds'] <= TARGETS['explore_s'])})")
    print_table(review_rows)
    print(f"desktop start-up: {desk['startup_s'] * 1000:.0f} ms against {desk['startup_floor_s'] * 1000:.0f} ms "
          f"({desk['startup_ratio']:.2f}x; <= 2x: {ok(desk['startup_ratio'] <= TARGETS['startup_ratio'])})")
    print(f"frame CPU: idle {desk['idle_median_ms']:.2f} ms, animating {desk['animating_median_ms']:.2f} ms "
          f"(<= 3 / 8 ms: {ok(desk['idle_median_ms'] <= 3 and desk['animating_median_ms'] <= 8)}); "
          f"peak memory {desk['peak_rss_mb']:.0f} MB (<= 150: {ok(desk['peak_rss_mb'] <= TARGETS['peak_mb'])})")
    print(f"\n{time.perf_counter() - started:.0f} s in all")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "machine": platform.machine(),
                                     "python": platform.python_version(), "load": load, "engine": engine,
                                     "explore": explore, "lint": linted, "review": review_rows, "desktop": desk},
                                    indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
