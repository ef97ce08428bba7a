"""The class debrief on 30 handed-in games of the flagship: ``bloc-game class`` end to end.

    python benchmarks/classroom.py [--runs 3]

Writes a sample class (tools/sample_class.py: 29 games of mixed sides and policies, one
damaged file) and times the whole command in a fresh process, as a teacher runs it
(interpreter start, imports, reading every file, charts, writing every output). Prints
the median wall time and CPU time; the target is 3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from sample_class import write_class  # noqa: E402


def run_once(folder: Path, out: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bloc_game", "class", str(folder), "--out", str(out)], check=True,
                   capture_output=True, env={**os.environ, "SDL_VIDEODRIVER": "dummy"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        write_class(folder)
        runs = [run_once(folder, Path(tmp) / f"out{i}") for i in range(args.runs)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    load = os.getloadavg()[0]
    print(f"bloc-game class, 30 files: {wall:.2f} s wall, {cpu:.2f} s CPU (median of {args.runs}; "
          f"load average {load:.1f} on {os.cpu_count()} cores); target <= 3 s: {'holds' if wall <= 3 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
