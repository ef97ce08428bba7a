"""Save files: versioned JSON, checksummed, written atomically with the previous save kept.

A save holds the game record (:mod:`bloc_game.record_data`): the scenario (by id, or by
path relative to the save, and its content hash), the seating, the seed, the opponent
and every move. Loading replays it through the engine (:meth:`Game.replay`, which
raises on the first move that does not fit), so a loaded game is exactly the game that
was saved, undo history included, and a watched game resumes at the move it was saved
at. Format 1 saves (the human choices only, the scenario by absolute path) still load.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from . import load
from .atomic import write_text_atomic
from .engine import Game, GameRecord, Seating, State
from .errors import BlocGameError, ScenarioError
from .paths import AUTOSAVE, latest_autosave  # noqa: F401 - defined where the title screen reads it cheaply
from .record_data import find_record_scenario, human_choices, move_from_data, record_to_data
from .untrusted import visible
from .userfiles import FileProblem, parse_json, read_capped, staging_path

SAVE_FORMAT = 2  # 1: human choices and an absolute scenario path (still read)
#: Largest save file read, in bytes (a save of 10,000 choices is about 300 kB).
MAX_SAVE_BYTES = 4 * 1024 * 1024
#: A seed is a non-negative whole number below this.
MAX_SEED = 2**63
_SLOT = re.compile(r"^[A-Za-z0-9 _-]{1,40}$")


class SaveError(BlocGameError):
    """A save file cannot be written or read; the message says why and what to do.

    The message may quote ids read from the save, so it is made visible (bloc_game.untrusted).
    """

    def __init__(self, message: str) -> None:
        super().__init__(visible(message))


@dataclass(frozen=True)
class SaveInfo:
    """What the load dialog lists about a save."""

    slot: str
    path: Path
    scenario_title: str
    game_date: str
    side: str
    saved_at: str
    over: bool
    side_label: str = ""  # "Soviet Union", "hot-seat", "watching" (saves made before it was kept: empty)


def slot_path(folder: Path, slot: str) -> Path:
    if not _SLOT.match(slot):
        raise SaveError("a save name uses letters, digits, spaces, '-' and '_' (at most 40)")
    return folder / f"{slot}.json"


def _checksum(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()


def seating_label(state: State) -> str:
    """How the game is played, in words: the human side's name, hot-seat or watching."""
    humans = state.human_sides
    if len(humans) == 1:
        return state.scenario.side(humans[0]).name
    return "hot-seat" if humans else "watching"


def save_game(state: State, path: Path) -> None:
    """Write ``state``'s game record to ``path`` atomically; the save it replaces is kept as ``.bak``."""
    payload = record_to_data(state.record(), path)
    payload.update({
        "scenario_title": state.scenario.title,
        "side_label": seating_label(state),
        "game_date": state.date.isoformat(),
        "over": state.is_over,
        "saved_at": datetime.now().isoformat(timespec="seconds"),
    })
    text = json.dumps({"format": SAVE_FORMAT, "game": payload, "checksum": _checksum(payload)}, indent=1)
    try:  # atomic: the slot holds the old save or the new one, never neither
        write_text_atomic(path, text, before_replace=_keep_backup)
    except OSError as err:
        raise SaveError(f"could not write the save {path.name}: {err.strerror or err}") from None


def _keep_backup(path: Path) -> None:
    """Make ``.bak`` the current save without ever moving the slot itself away."""
    if not path.is_file():
        return  # a slot that is a pipe, a device or a folder holds no save worth keeping
    staging = staging_path(path, "bak")  # unique per process: two games saving one slot do not collide
    try:
        try:
            os.link(path, staging)  # a second name for the old file: the slot stays in place
        except OSError:
            shutil.copy2(path, staging)
        os.replace(staging, path.with_suffix(".bak"))
    finally:
        # Also after success: renaming a name onto another link of the same file does nothing
        # (POSIX), which happens when two games save one slot at once, and would leave it behind.
        staging.unlink(missing_ok=True)


def read_save(path: Path) -> dict[str, Any]:
    """The checked payload of a save file. Raises :class:`SaveError` with a readable reason."""
    try:
        raw = read_capped(path, MAX_SAVE_BYTES)
    except FileProblem as err:
        raise SaveError(f"cannot read the save {path.name}: {err}") from None
    try:
        data = parse_json(raw)
    except FileProblem as err:
        raise SaveError(f"the save {path.name} is damaged ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("game"), dict):
        raise SaveError(f"{path.name} is not a Bloc Game save")
    version = data.get("format")
    if not isinstance(version, int) or version > SAVE_FORMAT:
        raise SaveError(f"the save {path.name} was made by a newer Bloc Game (format {version}); update the game")
    payload = data["game"]
    if data.get("checksum") != _checksum(payload):
        raise SaveError(f"the save {path.name} is damaged (its checksum does not match)")
    return payload


def load_game(path: Path, loader: Callable[[Path], Game] = load, same_scenario: bool = True) -> State:
    """Rebuild the saved game (``loader`` loads its scenario). Raises :class:`SaveError` if the save or its
    scenario has a problem.

    With ``same_scenario=False`` a scenario edited since the save is accepted as long as the
    saved choices still fit it (the class debrief reads games of any version that still loads).
    """
    payload = read_save(path)
    try:
        if "moves" in payload:  # format 2: the game record
            name, content_hash = str(payload["scenario"]), str(payload["scenario_hash"])
            moves, complete = tuple(move_from_data(m) for m in payload["moves"]), True
        else:  # format 1: the human choices, the scenario by absolute path
            name, content_hash = str(payload["scenario_path"]), str(payload.get("scenario_hash"))
            choices = [(p, c) for p, c in payload["choices"]]
            if not all(isinstance(p, str) and isinstance(c, str) for p, c in choices):
                raise ValueError(choices)
            moves, complete = human_choices(choices), False
        seed = payload["seed"]
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < MAX_SEED:
            raise ValueError(seed)  # a forged seed (Infinity, 10^40, true) is damage, not a game
        side, opponent = str(payload["side"]), str(payload["opponent"])
        script = tuple((str(p), str(c)) for item in payload.get("script", []) for p, c in dict(item).items())
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SaveError(f"the save {path.name} is damaged (some of its contents are missing or malformed)") from None
    try:
        scenario_path = find_record_scenario(name, path, content_hash)
        game = loader(scenario_path)
    except ScenarioError as err:
        raise SaveError(f"the scenario of {path.name} cannot be loaded:\n{err}") from None
    except BlocGameError as err:
        raise SaveError(f"the scenario of {path.name} cannot be found: {err}") from None
    if same_scenario and game.scenario.content_hash != content_hash:
        raise SaveError(f"the scenario '{game.scenario.title}' has changed since {path.name} was saved; "
                        "the saved choices may no longer fit it")
    try:
        seating = Seating.parse(side, game.scenario.side_ids)
        record = GameRecord(game.scenario.id, content_hash, seating, seed, opponent, script, moves, complete,
                            str(scenario_path))
        return game.replay(record)
    except BlocGameError as err:
        raise SaveError(f"the save {path.name} does not fit its scenario: {err}") from None


def list_saves(folder: Path) -> list[SaveInfo]:
    """Readable saves in ``folder``, newest first (damaged ones are listed with their problem)."""
    out = []
    for path in folder.glob("*.json"):
        try:
            payload = read_save(path)
            out.append(SaveInfo(path.stem, path, str(payload.get("scenario_title", "?")), str(payload.get("game_date", "?")),
                                str(payload.get("side", "?")), str(payload.get("saved_at", "")), bool(payload.get("over")),
                                str(payload.get("side_label", ""))))
        except SaveError as err:
            out.append(SaveInfo(path.stem, path, f"(damaged: {err})", "", "", "", False))
    return sorted(out, key=lambda s: _mtime(s.path), reverse=True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # a dangling link or a file removed meanwhile: last in the list
        return 0


