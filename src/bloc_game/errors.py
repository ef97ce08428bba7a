"""Typed errors. Every error a user can cause is a :class:`BlocGameError`.

Front ends catch :class:`BlocGameError` and print its message; anything else
escaping is a bug in Bloc Game, never the user's fault.
"""

from __future__ import annotations

from dataclasses import dataclass

from .untrusted import visible


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column count from 1, as editors do."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        path = visible(self.path)  # a file name is untrusted text too
        if self.line <= 0:
            return path
        return f"{path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, where it is and what to do."""

    where: Position
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.where}: {tag}{visible(self.message)}"


class BlocGameError(Exception):
    """Base of every error caused by input (files, command lines, choices)."""


class ProblemsError(BlocGameError):
    """An input file has one or more problems, all reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.where, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class ScenarioError(ProblemsError):
    """A scenario file cannot be loaded; ``problems`` lists every mistake found."""


class ReplayError(ProblemsError):
    """A replay file is malformed or does not fit its scenario."""


class IllegalChoiceError(BlocGameError, ValueError):
    """A choice was asked for that the current decision point does not offer.

    A :class:`ValueError` too, as python-chess's illegal move is: the argument is wrong.
    """


class GameOverError(BlocGameError, RuntimeError):
    """A choice was asked for after the game had ended.

    A :class:`RuntimeError` too: the call is right, the game is in no state to take it.
    """


class UnknownSideError(BlocGameError, ValueError):
    """A seating names a side the scenario does not have (nor ``hotseat`` or ``watch``)."""


class RecordMismatchError(BlocGameError):
    """A game record does not fit the game it is replayed on.

    ``index`` is the position of the first move that does not fit (``len(moves)`` when the
    record ends before the replayed game does), ``reason`` says why, and ``state`` is the
    game replayed up to that move.
    """

    def __init__(self, index: int, reason: str, state: object) -> None:
        self.index = index
        self.reason = reason
        self.state = state
        super().__init__(f"move {index + 1} of the record: {reason}")
