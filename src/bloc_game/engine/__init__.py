"""The rules engine: :class:`Game` (one scenario's rules) and :class:`State` (an immutable snapshot).

This package never imports pygame; every front end uses only this public API.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .game import Game
from .record import HUMAN, GameRecord, Move, Seating, SeatingMode
from .state import Record, Seat, State

if TYPE_CHECKING:
    from .narration import ChoiceMade, EndingReached, EventResolved, Happening, PointSkipped, Snapshot, Told
    from .policies import (
        POLICY_NAMES,
        HistoricalPolicy,
        LookaheadPolicy,
        Policy,
        RandomPolicy,
        ScriptedPolicy,
        make_policy,
    )

# Narration and the computer's policies are imported on first use: ``bloc-game validate``
# replays the history without narrating it (the engine imports them itself where it needs them).
_LAZY = {
    **dict.fromkeys(("ChoiceMade", "EndingReached", "EventResolved", "Happening", "PointSkipped", "Snapshot", "Told"),
                    "narration"),
    **dict.fromkeys(("POLICY_NAMES", "HistoricalPolicy", "LookaheadPolicy", "Policy", "RandomPolicy", "ScriptedPolicy",
                     "make_policy"), "policies"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "HUMAN", "POLICY_NAMES", "ChoiceMade", "EndingReached", "EventResolved", "Game", "GameRecord", "Happening",
    "HistoricalPolicy", "LookaheadPolicy", "Move", "PointSkipped", "Policy", "RandomPolicy", "Record",
    "ScriptedPolicy", "Seat", "Seating", "SeatingMode", "Snapshot", "State", "Told", "make_policy",
]
