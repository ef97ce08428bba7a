"""Explore benchmark: the whole game tree of the flagship, one side at a time, and both sides free.

    python benchmarks/explore.py [--repeat 3] [--json benchmarks/results/explore.json]
    python benchmarks/explore.py --both [--max-states N]   # both sides free, in this process alone

For each side, every choice against the historical policy (the `bloc-game explore`
default): distinct states visited (merged by what is still read later), distinct paths,
and the minimum and median CPU time of repeated runs, interleaved with the lint's walk of
the same side (run.py compares them). ``--both`` walks the tree with both sides trying
every choice, once, and prints its states, paths, CPU time and peak memory as JSON; run it
in a process of its own, so the peak is the walk's (run.py does).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import bloc_game  # noqa: E402
from bloc_game.explore import explore  # noqa: E402
from bloc_game.lint import sight  # noqa: E402

FLAGSHIP = ROOT / "scenarios" / "molotov_1954.yaml"


def per_side(repeat: int) -> dict[str, dict]:
    """Explore and the lint walk of each side, interleaved, CPU time (this process only)."""
    game = bloc_game.load(FLAGSHIP)
    game.history()
    out = {}
    for side in game.scenario.side_ids:
        explored: list[float] = []
        linted: list[float] = []
        for _ in range(repeat):
            started = time.process_time()
            result = explore(game, (side,), "historical", progress=False)
            explored.append(time.process_time() - started)
            started = time.process_time()
            seen = sight(game, side)
            linted.append(time.process_time() - started)
        out[side] = {"states": result.states, "paths": result.paths, "seconds": min(explored),
                     "median_s": statistics.median(explored), "lint_states": seen.states, "lint_s": min(linted),
                     "lint_median_s": statistics.median(linted)}
    return out


def both_free(max_states: int) -> dict:
    """Both sides trying every choice, scored for the first side; peak memory of this process."""
    game = bloc_game.load(FLAGSHIP)
    game.history()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, wall = time.process_time(), time.perf_counter()
    out: dict = {"max_states": max_states}
    try:
        result = explore(game, tuple(game.scenario.side_ids), "historical", progress=False, max_states=max_states)
        out.update(states=result.states, paths=result.paths, finished=True)
    except bloc_game.BlocGameError as err:
        out.update(finished=False, error=str(err))
    out.update(seconds=time.process_time() - started, wall_s=time.perf_counter() - wall,
               peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6,
               before_mb=before * 1024 / 1e6)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--both", action="store_true", help="both sides free, once; print JSON")
    parser.add_argument("--max-states", type=int, default=6_000_000)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "explore.json")
    args = parser.parse_args()
    if args.both:
        print(json.dumps(both_free(args.max_states)))
        return
    results = {"date": time.strftime("%Y-%m-%d"), **per_side(args.repeat)}
    print(f"{'side':<8}{'states':>10}{'paths':>10}{'CPU s':>10}{'lint CPU s':>12}")
    for side, r in results.items():
        if side != "date":
            print(f"{side:<8}{r['states']:>10,}{r['paths']:>10,}{r['seconds']:>10.2f}{r['lint_s']:>12.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
