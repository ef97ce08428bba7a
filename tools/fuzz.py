"""Long-run fuzzing of everything Bloc Game reads: scenarios, replay files and saves.

    python tools/fuzz.py --cases 100000 [--seed 1] [--crashes fuzz-crashes/]

Each case takes a real file (a shipped scenario, a replay from tests/replays, or a save
made on the spot), applies one to three random mutations (delete, duplicate or swap a
line, retype a value, swap a key with its value, cut the file anywhere, flip a bit) and
loads the result. Only Bloc Game's own error types may come out; any other exception,
or a case slower than --slow seconds, is counted and its input written to --crashes.
The table it prints is what docs/reliability.md records.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bloc_game import Seating, load  # noqa: E402
from bloc_game.errors import BlocGameError  # noqa: E402
from bloc_game.replay import load_replay, run_replay  # noqa: E402
from bloc_game.saves import load_game, save_game  # noqa: E402
from bloc_game.scenario import load_scenario_text  # noqa: E402


def mutate(text: str, rng: random.Random) -> str:
    """One random structural or byte-level mutation (delete, duplicate, swap, retype, cut, flip)."""
    lines = text.splitlines(keepends=True) or [""]
    op = rng.randrange(7)
    i = rng.randrange(len(lines))
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[i])
    elif op == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 3:
        key, sep, _value = lines[i].partition(": ")
        if sep:
            lines[i] = key + sep + rng.choice(["[]", "{}", "-1", "1e9", "true", "null", "~", "'x'", "[[[", "2026-13-01"]) + "\n"
    elif op == 4:
        key, sep, value = lines[i].partition(": ")
        if sep:
            lines[i] = f"{value.strip()}: {key.strip()}\n"  # key and value swapped
    elif op == 5:
        return "".join(lines)[: rng.randrange(len(text) + 1)]
    else:
        data = bytearray("".join(lines).encode("utf-8"))
        if data:
            k = rng.randrange(len(data))
            data[k] ^= 1 << rng.randrange(8)
        return data.decode("utf-8", errors="replace")
    return "".join(lines)


def targets(workdir: Path) -> list[tuple[str, Path]]:
    scenarios = sorted((ROOT / "scenarios").glob("*.yaml"))
    replays = sorted((ROOT / "tests" / "replays").glob("*.yaml"))
    game = load(ROOT / "scenarios" / "tutorial_stalin_note.yaml")
    save = workdir / "save.json"
    save_game(game.start("ussr", seed=3).choose("send_note"), save)
    return [("scenario", p) for p in scenarios] + [("replay", p) for p in replays] + [("save", save)]


def run_case(kind: str, source: Path, text: str, scratch: Path) -> str:
    if kind == "scenario":
        game_text = text
        try:
            scenario = load_scenario_text(game_text, "fuzz.yaml")
        except BlocGameError:
            return "refused"
        from bloc_game.engine import Game

        game = Game(scenario)
        game.check_history()
        game.start(Seating.WATCH, seed=1, opponent="random")
        return "loaded"
    path = scratch if kind == "save" else source.parent / f".fuzz-{os.getpid()}.yaml"
    path.write_text(text, encoding="utf-8", errors="replace")
    try:
        if kind == "replay":
            run_replay(load_replay(path))
        else:
            load_game(path)
        return "loaded"
    except BlocGameError:
        return "refused"
    finally:
        if kind == "replay":
            path.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slow", type=float, default=2.0, help="seconds after which a case counts as a hang")
    parser.add_argument("--crashes", type=Path, default=ROOT / "fuzz-crashes")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="bloc-fuzz-"))
    sources = targets(workdir)
    texts = {p: p.read_text(encoding="utf-8") for _, p in sources}
    counts: Counter[tuple[str, str]] = Counter()
    slowest = {kind: 0.0 for kind, _ in sources}
    started = time.perf_counter()
    for case in range(args.cases):
        kind, source = sources[rng.randrange(len(sources))]
        text = texts[source]
        for _ in range(rng.randint(1, 3)):
            text = mutate(text, rng)
        t = time.perf_counter()
        try:
            outcome = run_case(kind, source, text, workdir / "case.json")
        except Exception as err:  # noqa: BLE001 - that is what we hunt for
            outcome = f"CRASH {type(err).__name__}"
        elapsed = time.perf_counter() - t
        slowest[kind] = max(slowest[kind], elapsed)
        if elapsed > args.slow:
            outcome = "SLOW"
        counts[(kind, outcome)] += 1
        if outcome.startswith(("CRASH", "SLOW")):
            args.crashes.mkdir(parents=True, exist_ok=True)
            (args.crashes / f"{kind}-{case}.txt").write_text(text, encoding="utf-8", errors="replace")
        if (case + 1) % 10_000 == 0:
            print(f"  {case + 1:,} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"{args.cases:,} cases in {time.perf_counter() - started:.0f} s (seed {args.seed})")
    print(f"{'input':<10}{'outcome':<28}{'cases':>10}")
    for (kind, outcome), n in sorted(counts.items()):
        print(f"{kind:<10}{outcome:<28}{n:>10,}")
    for kind, seconds in slowest.items():
        print(f"slowest {kind} case: {seconds * 1000:.0f} ms")
    bad = sum(n for (_k, outcome), n in counts.items() if outcome.startswith(("CRASH", "SLOW")))
    print(f"crashes or hangs: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
