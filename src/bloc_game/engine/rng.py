"""A counter-based random source: every draw is a pure function of (seed, key).

Keeping no generator object in the State means states stay immutable and
cheap to share, undo never has to rewind a generator, and the same event gets
the same draw on every path through the game (useful when comparing paths).
"""

from __future__ import annotations

import hashlib


def draw(seed: int, key: str) -> float:
    """A uniform number in [0, 1), the same for the same seed and key in any process."""
    digest = hashlib.blake2b(f"{seed}\x1f{key}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def weighted_pick(weights: list[float], u: float) -> int:
    """Index picked from ``weights`` by the uniform number ``u``; all-zero weights pick uniformly."""
    total = sum(weights)
    if total <= 0:
        return min(int(u * len(weights)), len(weights) - 1)
    target = u * total
    running = 0.0
    for i, weight in enumerate(weights):
        running += weight
        if target < running:
            return i
    return len(weights) - 1
