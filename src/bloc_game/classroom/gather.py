"""Reading a class's game files: replays and saves, any mix, each failure kept with its reason.

:func:`read_game` is the one seam between the classroom tools and the file formats: both
kinds of file hold a game record (any format still read), rebuilt by ``Game.replay``
through the replay and save loaders.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

import yaml

from .. import load
from ..engine import Game, State
from ..errors import BlocGameError
from ..i18n import _
from ..replay import load_replay, run_replay
from ..saves import load_game, read_save

#: File endings the class command reads from a folder.
GAME_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class StudentGame:
    """One handed-in game: who played it, which seat, and the game it rebuilds to."""

    path: Path
    name: str  # the name on the file, else the file's name
    seat: str  # a side id, "hotseat" or "watch"
    opponent: str
    state: State

    @property
    def students_sides(self) -> tuple[str, ...]:
        """The sides the student decided for."""
        return self.state.human_sides


@dataclass(frozen=True)
class Failure:
    """A file that could not be read as a game, and why (one line a teacher can act on)."""

    path: Path
    reason: str


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _name_in(path: Path, is_save: bool) -> Optional[str]:
    """The ``name`` a hand-in wrote into the file, if any (the loaders already checked the file)."""
    try:
        if is_save:
            value = read_save(path).get("name")
        else:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            value = data.get("name") if isinstance(data, dict) else None
    except (OSError, ValueError, yaml.YAMLError, BlocGameError):
        return None
    return " ".join(value.split())[:80] if isinstance(value, str) and value.strip() else None


class ScenarioCache:
    """Each scenario file loaded once for a whole class (keyed by its resolved path and modification time)."""

    def __init__(self, loader: Callable[[Path], Game] = load) -> None:
        self.games: dict[tuple[Path, int], Game] = {}
        self.loader = loader  # the CLI's loads the scenario in the debrief's language

    def __call__(self, path: Path) -> Game:
        path = Path(path).resolve()
        key = (path, path.stat().st_mtime_ns if path.exists() else 0)
        if key not in self.games:
            self.games[key] = self.loader(path)
        return self.games[key]


def read_game(path: Path, loader: Callable[[Path], Game] = load) -> StudentGame:
    """Rebuild one game file (a replay or a save). Raises :class:`BlocGameError` saying why not."""
    is_save = path.suffix.lower() == ".json"
    if is_save:
        state = load_game(path, loader, same_scenario=False)
        kept = state.record()
        seat, opponent = str(kept.seating), kept.opponent
    else:
        script = load_replay(path)
        state = run_replay(script, loader).state
        seat, opponent = script.side, script.opponent
    return StudentGame(path, _name_in(path, is_save) or path.stem, seat, opponent, state)


def game_files(paths: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """The game files named or found (recursively) in folders; a missing path is a failure."""
    files: list[Path] = []
    missing: list[Failure] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in GAME_SUFFIXES and p.is_file()
                                and not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Failure(path, _("no such file or folder")))
    return files, missing


def gather(paths: Iterable[Path], load_scenario: Callable[[Path], Game] = load) -> tuple[list[StudentGame], list[Failure]]:
    """Every readable game, and every file that failed with its reason; never raises for a bad file.

    Games of a scenario other than the one most files play are listed as failures too:
    one debrief is about one scenario.
    """
    files, failures = game_files(paths)
    games: list[StudentGame] = []
    loader = ScenarioCache(load_scenario)
    for path in files:
        try:
            games.append(read_game(path, loader))
        except (BlocGameError, OSError, ValueError, RecursionError) as err:
            failures.append(Failure(path, _one_line(err)))
    if games:
        main, _n = Counter(g.state.scenario.id for g in games).most_common(1)[0]
        for g in [g for g in games if g.state.scenario.id != main]:
            failures.append(Failure(g.path, _("a game of another scenario ('{scenario}'); run 'bloc-game class' on "
                                              "those files separately").format(scenario=g.state.scenario.id)))
        games = [g for g in games if g.state.scenario.id == main]
    return games, failures
