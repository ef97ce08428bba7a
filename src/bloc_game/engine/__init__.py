"""The rules engine: :class:`Game` (one scenario's rules) and :class:`State` (an immutable snapshot).

This package never imports pygame; every front end uses only this public API.
"""

from .policies import (
    POLICY_NAMES, HistoricalPolicy, LookaheadPolicy, Policy, RandomPolicy, ScriptedPolicy, make_policy,
)
from .record import GameRecord, Move, Seating, SeatingMode
from .state import HUMAN, Game, Record, Seat, Snapshot, State, Told

__all__ = [
    "HUMAN", "POLICY_NAMES", "Game", "GameRecord", "HistoricalPolicy", "LookaheadPolicy", "Move", "Policy",
    "RandomPolicy", "Record", "ScriptedPolicy", "Seat", "Seating", "SeatingMode", "Snapshot", "State", "Told",
    "make_policy",
]
