"""The rules engine: :class:`Game` (one scenario's rules) and :class:`State` (an immutable snapshot).

This package never imports pygame; every front end uses only this public API.
"""

from .policies import (
    POLICY_NAMES, HistoricalPolicy, LookaheadPolicy, Policy, RandomPolicy, ScriptedPolicy, make_policy,
)
from .state import HUMAN, Game, Record, Seat, Snapshot, State, Told

__all__ = [
    "HUMAN", "POLICY_NAMES", "Game", "HistoricalPolicy", "LookaheadPolicy", "Policy", "RandomPolicy",
    "Record", "ScriptedPolicy", "Seat", "Snapshot", "State", "Told", "make_policy",
]
