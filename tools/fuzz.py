"""Long-run fuzzing of everything Bloc Game reads: scenarios, replay files and saves.

    python tools/fuzz.py --cases 100000 [--seed 1] [--crashes fuzz-crashes/]
    python tools/fuzz.py --expressions --cases 100000 [--seed 1]

``--expressions`` is grammar-aware instead: each case draws variable bounds from the
extremes (±1,000,000, 0, ±1 and random), builds a random expression from the grammar
(nested operators, long flat chains of up to 60 operands, min/max/abs, comparisons, and/or/not,
literals from 0.000001 to 1,000,000) and compiles it as a quantity, a condition and an effect.
An expression must either be refused with the expression error, or evaluate finite and within
its computed bounds at every corner of the variables' ranges and at random points, apply as an
effect leaving whole numbers within range, and evaluate abstractly (as lint does) without error.

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
from bloc_game.expr import (  # noqa: E402
    ExprError,
    Symbols,
    abstract_apply,
    abstract_truths,
    compile_condition,
    compile_effects,
    compile_quantity,
)
from bloc_game.replay import load_replay, run_replay  # noqa: E402
from bloc_game.saves import load_game, save_game  # noqa: E402
from bloc_game.scenario import load_scenario_text  # noqa: E402

# ------------------------------------------------------------------------------ grammar-aware expressions

_LITERALS = ["0", "1", "2", "0.5", "0.000001", "999999.5", "1000000", "3.25", "7"]
_NAMES = ("x", "y", "z")


def random_bounds(rng: random.Random) -> tuple[int, int]:
    """Variable bounds drawn from the extremes the loader allows."""
    ends = [-1_000_000, -1, 0, 1, 1_000_000, rng.randint(-1_000_000, 1_000_000)]
    low, high = sorted((rng.choice(ends), rng.choice(ends)))
    return (low, high + 1) if low == high else (low, high)


def random_numeric(rng: random.Random, depth: int = 0) -> str:
    """A numeric expression from the grammar (see bloc_game.expr), up to a few levels deep."""
    if depth > 4 or rng.random() < 0.3:
        return rng.choice(_NAMES) if rng.random() < 0.6 else rng.choice(_LITERALS + [str(rng.randint(0, 1_000_000))])
    kind = rng.randrange(6)
    sub = lambda: random_numeric(rng, depth + 1)  # noqa: E731
    if kind == 0:
        return f"({sub()} {rng.choice('+-*/')} {sub()})"
    if kind == 1:
        return f"-{sub()}"
    if kind == 2:
        return f"abs({sub()})"
    if kind == 3:
        return f"{rng.choice(['min', 'max'])}({', '.join(sub() for _ in range(rng.randint(1, 3)))})"
    if kind == 4:  # a long flat chain: how products reach 10^300 without nesting
        return "(" + f" {rng.choice('+-*/')} ".join(sub() for _ in range(rng.randint(2, 60))) + ")"
    return f"({sub()} {rng.choice('+-*/')} {rng.choice(_NAMES)})"


def random_condition(rng: random.Random) -> str:
    left = f"{random_numeric(rng)} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {random_numeric(rng)}"
    return rng.choice([left, f"f or {left}", f"not ({left}) and not f"])


def _corners(low: int, high: int) -> list[int]:
    return sorted({v for v in (low, high, 0, 1, -1, (low + high) // 2) if low <= v <= high})


def run_expression_case(rng: random.Random) -> tuple[str, str]:
    """One grammar-built case: ``(outcome, text)``; the outcome is refused, accepted or WRONG ..."""
    import itertools
    import math

    bounds = [random_bounds(rng) for _ in _NAMES]
    symbols = Symbols({n: (i, lo, hi) for i, (n, (lo, hi)) in enumerate(zip(_NAMES, bounds))}, {"f": 0})
    numeric, condition = random_numeric(rng), random_condition(rng)
    target, op = rng.choice(_NAMES), rng.choice(["=", "+=", "-="])
    text = f"quantity: {numeric}\ncondition: {condition}\neffect: {target} {op} {numeric}\nbounds: {bounds}"
    try:
        q = compile_quantity(numeric, symbols)
    except ExprError:
        return "refused", text
    check = compile_condition(condition, symbols) if _compiles(condition, symbols) else None
    try:  # the statement is longer than the quantity: it may pass the 400-character limit alone
        effects = compile_effects([f"{target} {op} {numeric}"], symbols)
    except ExprError:
        effects = None
    points = list(itertools.product(*(_corners(lo, hi) for lo, hi in bounds)))
    points += [tuple(rng.randint(lo, hi) for lo, hi in bounds) for _ in range(20)]
    slack = 1e-9 * max(1.0, abs(q.low), abs(q.high))
    for values in points:
        for flag in (None, True):
            v = q(values, [flag])
            if not (math.isfinite(v) and q.low - slack <= v <= q.high + slack):
                return f"WRONG value {v} outside [{q.low}, {q.high}]", text
            if check is not None and check(values, [flag]) not in (True, False):
                return "WRONG condition", text
            if effects is None:
                continue
            state = list(values)
            effects.apply(state, [flag], None)  # type: ignore[arg-type]
            i, lo, hi = symbols.variables[target]
            if not (isinstance(state[i], int) and lo <= state[i] <= hi):
                return f"WRONG effect {state[i]}", text
    ranges = [(float(lo), float(hi)) for lo, hi in bounds]
    if effects is not None:
        abstract_apply(effects, symbols, ranges, [frozenset((True, False))])
    if check is not None:
        abstract_truths(check, symbols, [(float(lo), float(hi)) for lo, hi in bounds], [frozenset((True, False))])
    return "accepted", text


def _compiles(condition: str, symbols: Symbols) -> bool:
    try:
        compile_condition(condition, symbols)
        return True
    except ExprError:
        return False


def fuzz_expressions(cases: int, seed: int, crashes: Path) -> int:
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    slowest = 0.0
    started = time.perf_counter()
    for case in range(cases):
        t = time.perf_counter()
        try:
            outcome, text = run_expression_case(rng)
        except Exception as err:  # noqa: BLE001 - that is what we hunt for
            outcome, text = f"CRASH {type(err).__name__}: {err}", f"case {case} (seed {seed})"
        slowest = max(slowest, time.perf_counter() - t)
        counts[outcome.split(" ")[0] if not outcome.startswith(("CRASH", "WRONG")) else outcome[:60]] += 1
        if outcome.startswith(("CRASH", "WRONG")):
            crashes.mkdir(parents=True, exist_ok=True)
            (crashes / f"expression-{case}.txt").write_text(f"{outcome}\n{text}\n", encoding="utf-8")
        if (case + 1) % 10_000 == 0:
            print(f"  {case + 1:,} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"{cases:,} expression cases in {time.perf_counter() - started:.0f} s (seed {seed})")
    for outcome, n in sorted(counts.items()):
        print(f"{outcome:<64}{n:>10,}")
    print(f"slowest case: {slowest * 1000:.0f} ms")
    bad = sum(n for outcome, n in counts.items() if outcome.startswith(("CRASH", "WRONG")))
    print(f"crashes or wrong values: {bad}")
    return 1 if bad else 0



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
    parser.add_argument("--expressions", action="store_true", help="grammar-aware expressions with extreme bounds")
    args = parser.parse_args()
    if args.expressions:
        return fuzz_expressions(args.cases, args.seed, args.crashes)
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
