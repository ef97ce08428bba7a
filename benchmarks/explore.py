"""Explore benchmark: the whole game tree of the flagship, one side at a time.

    python benchmarks/explore.py [--repeat 3] [--json benchmarks/results/explore.json]

For each side, every choice against the historical policy (the `bloc-game explore`
default): distinct states visited, distinct paths, and the median time of repeated runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import bloc_game  # noqa: E402
from bloc_game.explore import explore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "explore.json")
    args = parser.parse_args()
    game = bloc_game.load(ROOT / "scenarios" / "molotov_1954.yaml")
    game.history()
    results = {"date": time.strftime("%Y-%m-%d")}
    print(f"{'side':<8}{'states':>10}{'paths':>10}{'seconds':>10}")
    for side in game.scenario.side_ids:
        runs = [explore(game, (side,), "historical", progress=False) for _ in range(args.repeat)]
        seconds = statistics.median(r.seconds for r in runs)
        results[side] = {"states": runs[0].states, "paths": runs[0].paths, "seconds": seconds}
        print(f"{side:<8}{runs[0].states:>10,}{runs[0].paths:>10,}{seconds:>10.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
