"""Save files: versioned JSON, checksummed, written atomically with the previous save kept.

A save records how to rebuild the game, not the game's insides: the scenario (path and
content hash), the seats, the seed and the human choices in order. Loading replays
them through the engine, which is deterministic, so a loaded game is exactly the game
that was saved, undo history included.
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
from typing import Any, Optional

from . import load
from .atomic import write_text_atomic
from .engine import State
from .errors import BlocGameError, ScenarioError

SAVE_FORMAT = 1
AUTOSAVE = "autosave"
_SLOT = re.compile(r"^[A-Za-z0-9 _-]{1,40}$")


class SaveError(BlocGameError):
    """A save file cannot be written or read; the message says why and what to do."""


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


@dataclass(frozen=True)
class SetUp:
    """How a game was started; with the choices, enough to rebuild it."""

    scenario_path: Path
    side: str
    seed: int
    opponent: str


def slot_path(folder: Path, slot: str) -> Path:
    if not _SLOT.match(slot):
        raise SaveError("a save name uses letters, digits, spaces, '-' and '_' (at most 40)")
    return folder / f"{slot}.json"


def _checksum(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()


def save_game(state: State, setup: SetUp, path: Path) -> None:
    """Write ``state`` to ``path`` atomically; the save it replaces is kept as ``.bak``."""
    humans = set(state.human_sides)
    payload = {
        "scenario_path": str(setup.scenario_path.resolve()),
        "scenario_id": state.scenario.id,
        "scenario_title": state.scenario.title,
        "scenario_hash": state.scenario.content_hash,
        "side": setup.side,
        "seed": state.seed,
        "opponent": setup.opponent,
        "choices": [[r.id, r.choice] for r in state.path if r.actor in humans],
        "game_date": state.date.isoformat(),
        "over": state.is_over,
        "saved_at": datetime.now().isoformat(timespec="seconds"),
    }
    text = json.dumps({"format": SAVE_FORMAT, "game": payload, "checksum": _checksum(payload)}, indent=1)
    try:  # atomic: the slot holds the old save or the new one, never neither
        write_text_atomic(path, text, before_replace=_keep_backup)
    except OSError as err:
        raise SaveError(f"could not write the save {path.name}: {err.strerror or err}") from None


def _keep_backup(path: Path) -> None:
    """Make ``.bak`` the current save without ever moving the slot itself away."""
    staging = path.with_name(f".{path.name}.bak.tmp")
    staging.unlink(missing_ok=True)
    try:
        os.link(path, staging)  # a second name for the old file: the slot stays in place
    except OSError:
        shutil.copy2(path, staging)
    os.replace(staging, path.with_suffix(".bak"))


def read_save(path: Path) -> dict[str, Any]:
    """The checked payload of a save file. Raises :class:`SaveError` with a readable reason."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise SaveError(f"cannot read the save {path.name}: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise SaveError(f"the save {path.name} is damaged (not text)") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise SaveError(f"the save {path.name} is damaged (line {err.lineno}, column {err.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("game"), dict):
        raise SaveError(f"{path.name} is not a Bloc Game save")
    version = data.get("format")
    if not isinstance(version, int) or version > SAVE_FORMAT:
        raise SaveError(f"the save {path.name} was made by a newer Bloc Game (format {version}); update the game")
    payload = data["game"]
    if data.get("checksum") != _checksum(payload):
        raise SaveError(f"the save {path.name} is damaged (its checksum does not match)")
    return payload


def load_game(path: Path) -> tuple[State, SetUp]:
    """Rebuild the saved game. Raises :class:`SaveError` if the save or its scenario has a problem."""
    payload = read_save(path)
    try:
        setup = SetUp(Path(payload["scenario_path"]), str(payload["side"]), int(payload["seed"]), str(payload["opponent"]))
        choices = [(str(p), str(c)) for p, c in payload["choices"]]
    except (KeyError, TypeError, ValueError):
        raise SaveError(f"the save {path.name} is missing some of its contents") from None
    try:
        game = load(setup.scenario_path)
    except ScenarioError as err:
        raise SaveError(f"the scenario of {path.name} cannot be loaded:\n{err}") from None
    if game.scenario.content_hash != payload.get("scenario_hash"):
        raise SaveError(f"the scenario '{game.scenario.title}' has changed since {path.name} was saved; "
                        "the saved choices may no longer fit it")
    try:
        state = game.start(setup.side, seed=setup.seed, opponent=setup.opponent)
        for point_id, choice_id in choices:
            if state.current is None or state.current.id != point_id:
                raise SaveError(f"the save {path.name} does not fit its scenario (at '{point_id}')")
            state = state.choose(choice_id)
    except (ValueError, BlocGameError) as err:
        raise SaveError(f"the save {path.name} does not fit its scenario: {err}") from None
    return state, setup


def list_saves(folder: Path) -> list[SaveInfo]:
    """Readable saves in ``folder``, newest first (damaged ones are listed with their problem)."""
    out = []
    for path in folder.glob("*.json"):
        try:
            payload = read_save(path)
            out.append(SaveInfo(path.stem, path, str(payload.get("scenario_title", "?")), str(payload.get("game_date", "?")),
                                str(payload.get("side", "?")), str(payload.get("saved_at", "")), bool(payload.get("over"))))
        except SaveError as err:
            out.append(SaveInfo(path.stem, path, f"(damaged: {err})", "", "", "", False))
    return sorted(out, key=lambda s: s.path.stat().st_mtime_ns, reverse=True)


def latest_autosave(folder: Path) -> Optional[Path]:
    path = folder / f"{AUTOSAVE}.json"
    return path if path.exists() else None
