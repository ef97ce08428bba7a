"""How long a scenario takes to play: games played in the real terminal front end, timed by what they show.

    python tools/lesson_length.py molotov_1954 --games 20

Each game is played through ``bloc-game play --text`` (the same program a student runs),
as each side against the historical opponent: one game typing history's choice where the
point has one, the rest typing seeded random choices. The transcript is split into what a
student reads and what they glance at:

* read (at ``--wpm`` words a minute): the scenario's introduction, every briefing, every
  choice with its hint, every consequence and piece of news, the epilogue and the score;
* glanced at (not timed): the meters and "Established:" lines repeated at each decision,
  the source lists, and the report's timeline table (counted as ``--table`` minutes).

Each decision adds ``--think`` seconds to weigh the options. The defaults (200 words a
minute, 20 s a decision, 2 minutes for the table) are a careful secondary-school reader;
change them to match a class.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import bloc_game  # noqa: E402
from bloc_game.paths import find_scenario  # noqa: E402

GLANCED = re.compile(r"^\s*(East-West tension|Established:|Sources:|- |Your choice)")


def play(scenario: str, side: str, seed: int, answers: list[str]) -> str:
    """The transcript of one game in the terminal front end, answering with ``answers``."""
    command = [sys.executable, "-m", "bloc_game", "play", scenario, "--text", "--side", side, "--seed", str(seed)]
    done = subprocess.run(command, input="\n".join(answers) + "\n", capture_output=True, text=True, timeout=120)
    return done.stdout


def measure(transcript: str) -> tuple[int, int]:
    """Words read and decisions made in a transcript (source lists, meters and the timeline table left out)."""
    read, decisions, in_glance, in_table = 0, 0, False, False
    for line in transcript.splitlines():
        if line.startswith("TIMELINES"):
            in_table = True
        if in_table:
            continue
        if re.match(r"^> .* chose:", line) and not line.startswith("> They chose"):
            decisions += 1
        if GLANCED.match(line):
            in_glance = not line.strip().startswith("Your choice")
            continue
        if in_glance and (line.startswith("      ") or line.startswith("    ")) and not re.match(r"^\s+\d+\. ", line):
            continue  # continuation of a meter, "Established:" or source line
        in_glance = False
        read += len(line.split())
    return read, decisions


def historical_answers(game: bloc_game.Game, side: str, seed: int) -> list[str]:
    """The numbers a student types to follow history as ``side`` (the first choice where history has none)."""
    state, answers = game.start(side, seed=seed), []
    while not state.is_over:
        hist = state.current.historical_choice if state.current else None  # type: ignore[union-attr]
        pick = hist if hist is not None and hist in state.choices else state.choices[0]
        answers.append(str(state.choices.index(pick) + 1))
        state = state.choose(pick.id)
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="molotov_1954")
    parser.add_argument("--games", type=int, default=20, help="games per side (the first follows history)")
    parser.add_argument("--wpm", type=float, default=200.0)
    parser.add_argument("--think", type=float, default=20.0, help="seconds a decision")
    parser.add_argument("--table", type=float, default=2.0, help="minutes for the report's timeline table")
    args = parser.parse_args()
    game = bloc_game.load(find_scenario(args.scenario))
    print(f"{game.scenario.title}: {args.games} games a side in the terminal front end; "
          f"{args.wpm:.0f} words a minute, {args.think:.0f} s a decision, {args.table:.0f} min for the table")
    for side in game.scenario.side_ids:
        minutes = []
        for n in range(args.games):
            seed = n + 1
            if n == 0:
                answers = historical_answers(game, side, seed)
            else:
                pick = random.Random(seed)
                answers = [str(pick.randint(1, 3)) for _ in range(60)]
            words, decisions = measure(play(args.scenario, side, seed, answers))
            minutes.append(words / args.wpm + decisions * args.think / 60 + args.table)
            if n == 0:
                print(f"  {side}, following history: {words:,} words read, {decisions} decisions, "
                      f"{minutes[0]:.0f} min")
        print(f"  {side}, {len(minutes)} games: median {statistics.median(minutes):.0f} min, "
              f"shortest {min(minutes):.0f}, longest {max(minutes):.0f}")


if __name__ == "__main__":
    main()
