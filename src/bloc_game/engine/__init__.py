"""The rules engine: :class:`Game` (one scenario's rules) and :class:`State` (an immutable snapshot).

This package never imports pygame; every front end uses only this public API.
"""

from .game import Game
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
from .record import HUMAN, GameRecord, Move, Seating, SeatingMode
from .state import Record, Seat, State

__all__ = [
    "HUMAN", "POLICY_NAMES", "ChoiceMade", "EndingReached", "EventResolved", "Game", "GameRecord", "Happening",
    "HistoricalPolicy", "LookaheadPolicy", "Move", "PointSkipped", "Policy", "RandomPolicy", "Record",
    "ScriptedPolicy", "Seat", "Seating", "SeatingMode", "Snapshot", "State", "Told", "make_policy",
]
