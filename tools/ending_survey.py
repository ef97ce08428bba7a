"""Survey a scenario: which endings random play reaches, and which points are ever offered.

    python tools/ending_survey.py scenarios/molotov_1954.yaml --seeds 1000

For each side, a random human (a seeded random pick at every point) plays against
each opponent policy; the table counts endings and lists points never reached.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import bloc_game  # noqa: E402
from bloc_game.scoring import score  # noqa: E402


def survey(path: Path, seeds: int, opponent: str) -> None:
    game = bloc_game.load(path)
    history = game.history()
    print(f"{path}: history ends '{history.ending.id}'; {history.variables}")
    for side in game.scenario.side_ids:
        endings: Counter[str] = Counter()
        reached: set[str] = set()
        better = 0
        for seed in range(seeds):
            rng = random.Random(seed)
            state = game.start(side, seed=seed, opponent=opponent)
            while not state.is_over:
                reached.add(state.current.id)  # type: ignore[union-attr]
                state = state.choose(rng.choice(state.choices).id)
            reached.update(r.id for r in state.path)
            endings[state.ending.id] += 1  # type: ignore[union-attr]
            if score(state).outcome(side).delta > 0:
                better += 1
        print(f"\n{side} (random) vs {opponent}, {seeds} seeds: {len(endings)} endings; better than history for {side}: {better}")
        for ending, n in endings.most_common():
            print(f"  {ending:<28}{n:>6}  {100 * n / seeds:5.1f}%")
        never = [p.id for p in game.scenario.points if p.id not in reached]
        print(f"  points never reached: {', '.join(never) or 'none'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--seeds", type=int, default=1000)
    parser.add_argument("--opponent", default="historical")
    args = parser.parse_args()
    survey(args.scenario, args.seeds, args.opponent)
