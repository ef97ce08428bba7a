"""Synthetic scenarios of any size, for benchmarks: N dated decision points, valid and playable.

    python benchmarks/synthetic.py 1000 > big.yaml

Each point has three choices with effects and conditions, every fifth point is followed
by a chance event, and the history replays cleanly, so ``validate`` does all its work.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta


def synthetic_scenario(points: int, distinct: bool = False) -> str:
    """The scenario's YAML text. With ``distinct``, the numbers in each point's conditions and
    effects differ from every other point's (a written scenario's expressions mostly differ: 148
    of the flagship's 172), so the loader's per-file cache of identical expression texts saves
    nothing and every one is compiled."""
    start = date(1900, 1, 1)
    lines = [
        "format: 1", f"id: synthetic_{points}", f"title: Synthetic scenario of {points} points",
        f"start: {start}", f"end: {start + timedelta(days=points + 1)}",
        "sides:",
        "  ussr: {name: East, objectives: [{label: Calm, value: -tension}, {label: Control, value: control, weight: 0.5}]}",
        "  nato: {name: West, objectives: [{label: Unity, value: cohesion}, {label: Treaty, value: treaty, weight: 10}]}",
        "variables:",
        "  tension: {label: Tension, min: 0, max: 100, initial: 50}",
        "  cohesion: {label: Cohesion, min: 0, max: 100, initial: 50}",
        "  control: {label: Control, min: -100, max: 100, initial: 0}",
        "flags:",
        "  treaty: {label: Treaty}",
        "  crisis: {label: Crisis}",
        "points:",
    ]
    events = []
    for i in range(points):
        day = start + timedelta(days=i + 1)
        actor = "ussr" if i % 2 == 0 else "nato"
        k = i if distinct else 0  # large numbers only clamp: the history still replays
        hold = f"tension += {1 + k % 5}, cohesion += {1 + k // 5}"
        lines += [
            f"  - id: p{i}", f"    date: {day}", f"    actor: {actor}", f"    title: Decision {i}",
            f"    briefing: The situation on day {i} calls for a decision by the {actor}.",
            f"    sources: [\"Synthetic source {i}\"]",
            "    choices:",
            "      - id: hold", "        label: Hold the line", "        historical: true",
            f"        effects: [{hold}]", "        consequence: Nothing much changes.",
            "      - id: push", "        label: Push harder", f"        when: tension < {90 + k}",
            f"        effects: [tension += 5, control -= 2, treaty = cohesion > {60 + k}]",
            "        consequence: The other side notices.",
            f"      - id: yield_{i % 7}", "        label: Give way", f"        when: not crisis or cohesion > {40 + k}",
            f"        effects: [tension -= 5, cohesion -= 3, control += {2 + k}]",
            "        consequence: Calm returns, for now.",
        ]
        if i % 5 == 4:
            events += [
                f"  - id: e{i}", f"    date: {day}", f"    title: Incident {i}", "    text: Something happens.",
                "    sources: [\"Synthetic source\"]", "    when: tension > 80", "    chance: 0.5",
                "    effects: [crisis = true, tension += 3]",
            ]
    lines += ["events:"] + (events or ["  []"]) if events else ["events: []"]
    lines += [
        "endings:",
        "  - {id: crisis_end, title: Crisis, when: crisis, epilogue: It ended badly.}",
        "  - {id: normal, title: Normal, historical: true, epilogue: It ended.}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(synthetic_scenario(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
