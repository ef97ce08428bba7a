"""Write a sample class: 30 games of a scenario as students would hand them in.

    python tools/sample_class.py DIR [--scenario molotov_1954] [--count 30]

Mixed sides (USSR, Western allies, a few hot-seat pairs), the students' own choices made
by the historical, random and look-ahead policies against mixed opponents; most are
handed-in replays with a name, some are save files, one is a replay in the older format
(no name, scenario by relative path, as ``play --record`` wrote it before hand-in), and
one is a damaged file. Used by docs/classroom.md and the classroom tests.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bloc_game import load
from bloc_game.engine import make_policy
from bloc_game.paths import find_scenario
from bloc_game.replay import record
from bloc_game.saves import save_game

NAMES = ("Amara", "Ben", "Chloe", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kasia", "Liam",
         "Mei", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wim", "Xenia",
         "Yusuf", "Zofia", "Anton", "Birgit", "Carlos", "Dana")
STUDENT_STYLES = ("historical", "random", "lookahead", "random", "historical")
OPPONENTS = ("historical", "random", "lookahead")


def play_one(game, seat: str, seed: int, style: str, opponent: str):
    """A finished game whose human choices come from the ``style`` policy."""
    state = game.start(seat, seed=seed, opponent=opponent)
    student = make_policy(style, game)
    while not state.is_over:
        state = state.choose(student.choose(state))
    return state


def write_older_replay(state, scenario: Path, seat: str, opponent: str, target: Path) -> None:
    """A replay as bloc-game 0.1.0's ``play --record`` wrote it: the human's choices only, no name,
    the scenario by a path relative to the file (written out here so it stays that format)."""
    humans = set(state.human_sides)
    lines = ["# Recorded by bloc-game play --record",
             f"scenario: {Path(os.path.relpath(scenario.resolve(), target.resolve().parent)).as_posix()}",
             f"side: {seat}", f"seed: {state.seed}", f"opponent: {opponent}", "choices:"]
    lines += [f"- {r.id}: {r.choice}" for r in state.path if r.actor in humans]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_class(folder: Path, scenario: str = "molotov_1954", count: int = 30) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    path = find_scenario(scenario)
    game = load(path)
    sides = game.scenario.side_ids
    written = []
    for i in range(count - 1):  # the last slot is the damaged file
        seat = "hotseat" if i % 10 == 9 else sides[i % len(sides)]
        style, opponent = STUDENT_STYLES[i % len(STUDENT_STYLES)], OPPONENTS[(i // 2) % len(OPPONENTS)]
        state = play_one(game, seat, seed=100 + i, style=style, opponent=opponent)
        name = NAMES[i % len(NAMES)]
        if i % 7 == 3:
            target = folder / f"{name.lower()}.json"
            save_game(state, target)
        elif i == 1:  # the older format: no name, the scenario by a path relative to the file
            target = folder / f"game-{i:02d}.yaml"
            write_older_replay(state, path, seat, opponent, target)
        else:
            target = folder / f"{name.lower()}.yaml"
            record(state, target, name=name)
        written.append(target)
    damaged = folder / "zofia-damaged.yaml"
    damaged.write_text("scenario: molotov_1954.yaml\nside: ussr\nchoices:\n  - first_note: [not, a, choice\n",
                       encoding="utf-8")
    written.append(damaged)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scenario", default="molotov_1954")
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args()
    for p in write_class(args.folder, args.scenario, args.count):
        print(os.path.relpath(p))
    return 0


if __name__ == "__main__":
    sys.exit(main())
