"""The decision review on the flagship: for each side and each shipped opponent policy,

* cold: the exact solve from nothing (no memory or disk cache), against the explorer's
  walk of the same tree without values as the floor (the explorer gives up on a random
  opponent, so that row has no floor);
* warm: a new process's first review, which reads the solution cached on disk by the
  scenario's content hash, against bare ``pickle.loads`` of that cache file's bytes as the floor;
* the review of one whole game (every decision valued), warm.

    python benchmarks/review.py [--quick]     # --quick leaves out the random opponent's cold solve
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import bloc_game  # noqa: E402
import bloc_game.solve as solve_module  # noqa: E402
from bloc_game.engine import make_policy  # noqa: E402
from bloc_game.review import review  # noqa: E402

POLICIES = ("historical", "lookahead", "random")
TARGET_S = 1.0
#: The random opponent's tree is solved only up to this many states (memory on a shared machine).
RANDOM_MAX_STATES = 1_200_000


class Clock:
    """Wall time and this process's CPU time of a block (on a shared machine the CPU time is the fair figure)."""

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def review_benchmark(quick: bool) -> dict:
    home = tempfile.mkdtemp(prefix="bloc-review-bench-")
    os.environ["BLOC_GAME_HOME"] = home
    game = bloc_game.load(ROOT / "scenarios" / "molotov_1954.yaml")
    game.history()
    out: dict = {}
    for side in game.scenario.side_ids:
        for name in POLICIES:
            row: dict = {}
            policy = make_policy(name, game)
            solve_module._SOLVED.clear()
            if name == "random" and quick:
                row["cold_s"] = None
            else:
                try:
                    with Clock() as clock:
                        solution = solve_module.solve(game, side, policy,
                                                      RANDOM_MAX_STATES if name == "random" else solve_module.MAX_STATES)
                    row["cold_s"], row["cold_cpu_s"], row["states"] = clock.wall, clock.cpu, solution.states
                except bloc_game.BlocGameError:
                    row["cold_s"], row["states"] = None, f"> {RANDOM_MAX_STATES:,}"
            if name != "random":
                from bloc_game.explore import explore

                row["explore_floor_s"] = explore(game, (side,), name, progress=False).seconds
            solve_module._SOLVED.clear()
            if row.get("cold_s") is not None:
                with Clock() as clock:
                    warm = solve_module.solve(game, side, policy)
                row["warm_s"], row["warm_cpu_s"] = clock.wall, clock.cpu
                assert warm.from_cache
                cache = max(Path(home, "cache").glob("review-*.pickle"), key=lambda p: p.stat().st_mtime)
                raw = cache.read_bytes()
                started = time.perf_counter()
                pickle.loads(raw)
                row["load_floor_s"] = time.perf_counter() - started
                row["cache_kb"] = len(raw) / 1000
                state = game.start(side, seed=5, opponent=name)
                while not state.is_over:
                    state = state.choose(state.choices[len(state.path) % len(state.choices)].id)
                solve_module._SOLVED.clear()
                with Clock() as clock:
                    review(state)
                row["review_game_warm_s"], row["review_game_warm_cpu_s"] = clock.wall, clock.cpu
            out[f"{side}/{name}"] = row
    return out


def print_table(rows: dict) -> None:
    print(f"\n{'decision review, flagship':<28}{'states':>10}{'cold':>9}{'cpu':>9}{'floor':>9}{'warm':>9}{'floor':>9}"
          f"{'a game':>9}{'cpu':>9}  a game <= {TARGET_S:.0f} s")
    for key, r in rows.items():
        def ms(x: object) -> str:
            return f"{x:.2f} s" if isinstance(x, float) else "-"
        states = r.get("states")
        states_text = f"{states:,}" if isinstance(states, int) else (states or "-")
        holds = "yes" if r.get("review_game_warm_cpu_s") is not None and r["review_game_warm_cpu_s"] <= TARGET_S else "NO"
        print(f"  {key:<26}{states_text:>10}{ms(r.get('cold_s')):>9}{ms(r.get('cold_cpu_s')):>9}"
              f"{ms(r.get('explore_floor_s')):>9}{ms(r.get('warm_s')):>9}{ms(r.get('load_floor_s')):>9}"
              f"{ms(r.get('review_game_warm_s')):>9}{ms(r.get('review_game_warm_cpu_s')):>9}  {holds}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    figures = review_benchmark(parser.parse_args().quick)
    print_table(figures)
    print(json.dumps(figures, indent=2))
