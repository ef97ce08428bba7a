"""A game record as plain data, for save files (JSON) and replay files (YAML), and finding its scenario.

The data form, shared by both kinds of file::

    scenario: molotov_1954            # a shipped or user-folder scenario by id; any other by its
                                      # path relative to the file (older files: an absolute path)
    scenario_hash: 3f9c...            # the scenario's content hash when the game was recorded
    side: ussr                        # the seating: a side id, hotseat or watch
    seed: 7
    opponent: historical
    script: [{point_id: choice_id}]   # for the scripted opponent
    moves:                            # every move (older files: 'choices', the human's only)
      - {point: first_note, choice: send_note, by: human}
      - {event: bundestag_revolt, fired: false}

A file copied elsewhere keeps working: a shipped scenario is found by its id on any
machine, another one next to the file by its relative path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

from .engine import HUMAN, GameRecord, Move
from .errors import BlocGameError
from .paths import shipped_scenarios, user_home

RECORD_FORMAT = 2
_SUFFIXES = (".yaml", ".yml")


def library() -> list[Path]:
    """The scenarios a record may name by id: the shipped ones, then the user's own folder's."""
    own = user_home() / "scenarios"
    return shipped_scenarios() + (sorted(own.glob("*.yaml")) if own.is_dir() else [])


def _in_library(path: Path) -> bool:
    """Whether ``path`` is a library scenario: the file itself, or a byte-identical copy of the one
    with its name (a source checkout's ``scenarios/`` beside an installed game, a teacher's copy)."""
    resolved = path.resolve()
    same_name = [p for p in library() if p.stem == path.stem]
    if any(resolved == p.resolve() for p in same_name):
        return True
    try:
        data = path.read_bytes()
        return any(p.read_bytes() == data for p in same_name)
    except OSError:
        return False


def scenario_reference(scenario_path: str, record_file: Path) -> str:
    """How a record written to ``record_file`` names its scenario: by id or by relative path."""
    path = Path(scenario_path)
    if path.is_file() and _in_library(path):
        return path.stem
    try:
        return Path(os.path.relpath(path.resolve(), record_file.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows: nothing relative to say
        return path.resolve().as_posix()


def is_id(name: str) -> bool:
    """Whether a record names its scenario by id (no folder, no ``.yaml``) rather than by path."""
    return "/" not in name and "\\" not in name and not name.endswith(_SUFFIXES)


def find_record_scenario(name: str, record_file: Path, content_hash: Optional[str] = None) -> Path:
    """The scenario file a record names. Raises :class:`BlocGameError` saying where it looked.

    A path that no longer exists (a file copied from another machine, whose absolute
    path named that machine's folders) falls back to the scenario of the same name in
    the library, provided its content hash matches when the record has one.
    """
    stem = name if is_id(name) else Path(name.replace("\\", "/")).stem
    if not is_id(name):
        path = Path(name)
        path = path if path.is_absolute() else record_file.parent / path
        if path.is_file():
            return path
    matches = [candidate for candidate in library() if candidate.stem == stem]
    if content_hash and matches:  # a name both shipped and in the user's folder: the one with the recorded content
        same = [candidate for candidate in matches if _hash_of(candidate) == content_hash]
        matches = same or (matches if is_id(name) else [])  # a lost path falls back only to the same content
    if matches:
        return matches[0]
    if is_id(name):
        known = ", ".join(p.stem for p in library()) or "none"
        raise BlocGameError(f"no scenario '{name}' among the shipped and your own scenarios ({known})")
    raise BlocGameError(f"scenario file '{name}' not found (looked in {record_file.parent} and among the "
                        "shipped and your own scenarios)")


def _hash_of(path: Path) -> str:
    import hashlib

    try:
        return hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
    except (OSError, UnicodeDecodeError):
        return ""


def move_to_data(move: Move) -> dict[str, Any]:
    if move.is_chance:
        return {"event": move.event, "fired": bool(move.fired)}
    return {"point": move.point, "choice": move.choice, "by": move.by}


def move_from_data(item: Any) -> Move:
    """A move from its data form; raises :class:`ValueError` naming what is wrong."""
    if not isinstance(item, dict):
        raise ValueError("a move is a mapping")
    if set(item) == {"event", "fired"} and isinstance(item["event"], str) and isinstance(item["fired"], bool):
        return Move(event=item["event"], fired=item["fired"])
    if set(item) == {"point", "choice", "by"} and all(isinstance(item[k], str) for k in item):
        return Move(point=item["point"], choice=item["choice"], by=item["by"])
    raise ValueError("a move is {point, choice, by} or {event, fired}")


def record_to_data(record: GameRecord, record_file: Path) -> dict[str, Any]:
    """The record as plain data for a file at ``record_file`` (the scenario named relative to it)."""
    data: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "scenario": (scenario_reference(record.scenario_path, record_file) if record.scenario_path
                     else record.scenario_id),
        "scenario_hash": record.scenario_hash,
        "side": str(record.seating),
        "seed": record.seed,
        "opponent": record.opponent,
    }
    if record.script:
        data["script"] = [{p: c} for p, c in record.script]
    if record.complete:
        data["moves"] = [move_to_data(m) for m in record.moves]
    else:
        data["choices"] = [{m.point: m.choice} for m in record.human_choices]
    return data


def human_choices(pairs: list[tuple[str, str]]) -> tuple[Move, ...]:
    """The moves of an older record that lists the human's choices only."""
    return tuple(Move(point=p, choice=c, by=HUMAN) for p, c in pairs)
