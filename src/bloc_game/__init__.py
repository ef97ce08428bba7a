"""Bloc Game: a counterfactual decision simulation of the early Cold War, 1952-1955.

The engine in three calls (a file path, or a shipped scenario's name):

>>> import bloc_game
>>> game = bloc_game.load("molotov_1954")          # raises ScenarioError with positions
>>> state = game.start(side="ussr", seed=7)
>>> state.current.title, str(state.current.date)   # the dated decision point waiting
('The first Stalin Note', '1952-03-10')
>>> while not state.is_over:
...     state = state.choose(state.choices[0].id)  # a new State; the old one is untouched
>>> report = bloc_game.score(state)                # measured against the historical sequence
>>> report.ending.title, report.fidelity
('Two blocs', 1.0)

Mistakes are typed, and each is also the builtin error it resembles:

>>> state.choose("send_note")
Traceback (most recent call last):
...
bloc_game.errors.GameOverError: the game is over; there is nothing left to choose
>>> isinstance(bloc_game.GameOverError("over"), RuntimeError)
True
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import (
    BlocGameError,
    GameOverError,
    IllegalChoiceError,
    Problem,
    RecordMismatchError,
    ScenarioError,
    UnknownSideError,
)
from .lazy import lazy_attributes

if TYPE_CHECKING:
    from .engine import Game, GameRecord, Seating, State
    from .scenario import Scenario
    from .scoring import Report, score

# The engine and the loader are imported on first use, so ``bloc-game --help`` and the
# desktop's first frame do not pay for them (benchmarks/README.md, start-up).
_LAZY = {"Game": "engine", "GameRecord": "engine", "Seating": "engine", "State": "engine",
         "Scenario": "scenario", "load_scenario": "scenario", "Report": "scoring", "score": "scoring"}


__getattr__ = lazy_attributes(__name__, globals(), _LAZY)

__version__ = "0.1.0"

#: The scenario the game opens on.
FLAGSHIP = "molotov_1954.yaml"


def load(path: str | Path, lang: str | None = None) -> Game:
    """Load a scenario file and return the :class:`Game` that plays it.

    A bare name (``molotov_1954``) that is not a file names a shipped scenario or one in
    the user's own scenarios folder. With ``lang`` (``"de"``), the texts of ``NAME.de.po``
    beside the scenario replace the file's own where they are translated and current; the
    rules, ids and content hash are the file's whatever the language (docs/authoring.md).
    """
    name = str(path)
    if not Path(name).exists() and "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml")):
        from .record_data import find_record_scenario

        with contextlib.suppress(BlocGameError):  # the loader reports a missing file as it reports any other
            path = find_record_scenario(name, Path.cwd() / "-")
    from .engine import Game
    from .scenario import load_scenario

    scenario = load_scenario(path)
    if lang:
        from .translation import apply

        scenario = apply(scenario, lang)
    return Game(scenario)


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
