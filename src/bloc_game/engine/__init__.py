"""The rules engine: :class:`Game` (one scenario's rules) and :class:`State` (an immutable snapshot).

This package never imports pygame; every front end uses only this public API.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
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


__getattr__ = lazy_attributes(__name__, globals(), _LAZY)


__all__ = [
    "HUMAN", "POLICY_NAMES", "ChoiceMade", "EndingReached", "EventResolved", "Game", "GameRecord", "Happening",
    "HistoricalPolicy", "LookaheadPolicy", "Move", "PointSkipped", "Policy", "RandomPolicy", "Record",
    "ScriptedPolicy", "Seat", "Seating", "SeatingMode", "Snapshot", "State", "Told", "make_policy",
]
