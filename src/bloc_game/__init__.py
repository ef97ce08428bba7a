"""Bloc Game: a counterfactual decision simulation of the early Cold War, 1952-1955.

The engine in three calls::

    import bloc_game
    game = bloc_game.load("scenarios/molotov_1954.yaml")   # raises ScenarioError with positions
    state = game.start(side="ussr", seed=7)
    while not state.is_over:
        point = state.current                            # the dated decision point waiting
        state = state.choose(state.choices[0].id)        # a new State; the old one is untouched
    report = bloc_game.score(state)                      # measured against the historical sequence
"""

from __future__ import annotations

from pathlib import Path

from .engine import Game, GameRecord, Seating, State
from .errors import (
    BlocGameError, GameOverError, IllegalChoiceError, Problem, RecordMismatchError, ScenarioError, UnknownSideError,
)
from .scenario import Scenario, load_scenario
from .scoring import Report, score

__version__ = "0.1.0"

#: The scenario the game opens on.
FLAGSHIP = "molotov_1954.yaml"


def load(path: str | Path) -> Game:
    """Load a scenario file and return the :class:`Game` that plays it."""
    return Game(load_scenario(path))


def validate(path: str | Path) -> list[Problem]:
    """Every problem with a scenario file: loading errors, then the history replay's."""
    try:
        game = load(path)
    except ScenarioError as err:
        return list(err.problems)
    return game.check_history()


__all__ = [
    "FLAGSHIP", "BlocGameError", "Game", "GameOverError", "GameRecord", "IllegalChoiceError", "Problem",
    "RecordMismatchError", "Report", "Scenario", "ScenarioError", "Seating", "State", "UnknownSideError",
    "load", "score", "validate",
]
