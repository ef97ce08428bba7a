"""Live reload for authors: reload a scenario when its file is saved, keeping the game played so far.

Used by ``bloc-game play FILE --watch`` in the terminal and in the desktop window. The
game's record is replayed on the new version with ``on_mismatch="stop"``: the moves made
so far are kept as far as they still fit (the rule of :mod:`bloc_game.engine.record`), and
a watched game stays at the move it had reached. A save that breaks the file reports its
problems and the last good version stays in play.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

from . import load
from .engine import State
from .errors import BlocGameError, Position, Problem, ScenarioError


@dataclass
class Reload:
    """What a reload gave: the new state (or ``None`` if the file is broken) and what to tell the author."""

    state: Optional[State]
    problems: list[Problem]
    replayed: int
    dropped: int

    def summary(self, path: Path) -> str:
        if self.state is None:
            return f"{path} has {len(self.problems)} problem(s); still playing the last good version:\n" + \
                "\n".join(str(p) for p in self.problems)
        note = f", {self.dropped} no longer fit and were dropped" if self.dropped else ""
        return f"Reloaded {path}: {self.replayed} choice(s) re-applied{note}."


class ScenarioWatcher:
    """Notices when a scenario file changes on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stamp = self._stamp()

    def _stamp(self) -> tuple[int, int]:
        try:
            info = self.path.stat()
        except OSError:
            return (0, 0)
        return (info.st_mtime_ns, info.st_size)

    def changed(self) -> bool:
        stamp = self._stamp()
        if stamp != self.stamp:
            self.stamp = stamp
            return True
        return False

    def reload(self, state: State) -> Reload:
        """The game rebuilt on the file as it is now, with the moves of ``state`` re-applied as far as they fit."""
        try:
            game = load(self.path, lang=state.scenario.language)  # the game goes on in the language it was in
        except ScenarioError as err:
            return Reload(None, list(err.problems), 0, 0)
        problems = game.check_history()
        record = state.record()
        try:
            new = game.replay(replace(record, scenario_id=game.scenario.id), on_mismatch="stop")
        except BlocGameError as err:
            return Reload(None, [Problem(Position(str(self.path)), str(err))], 0, 0)
        wanted = len(record.human_choices)
        replayed = len(new.record().human_choices)
        return Reload(new, problems, replayed, wanted - replayed)
