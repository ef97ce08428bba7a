"""Handing a game in: the game record with the player's name, written to a folder the player chooses.

One function for the desktop end report and the terminal. The player's name is asked
once and kept in the settings file; the file written is the game's replay record (the
scenario named portably when it is a shipped one), which ``bloc-game class`` reads.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..engine import State
from ..errors import BlocGameError
from ..i18n import _
from ..replay import record
from ..ui.desktop.settings import Settings, load_settings, save_settings

MAX_NAME = 60


def clean_name(text: str) -> str:
    """A name as typed, tidied: one line, no control characters, at most 60 characters."""
    return " ".join("".join(ch for ch in text if ch.isprintable()).split())[:MAX_NAME]


def remembered_name(settings_path: Path | None = None) -> str:
    return load_settings(settings_path).player_name


def remember_name(name: str, settings_path: Path | None = None) -> None:
    settings: Settings = load_settings(settings_path)
    if settings.player_name != name:
        save_settings(replace(settings, player_name=name), settings_path)


def hand_in_path(folder: Path, name: str, state: State) -> Path:
    """``<name>-<scenario>.yaml`` in ``folder``, numbered if that file exists (a hand-in never overwrites)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "player"
    base = f"{slug}-{state.scenario.id}"
    path, n = folder / f"{base}.yaml", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.yaml", n + 1
    return path


def hand_in(state: State, folder: Path, name: str) -> Path:
    """Write the game, with ``name`` on it, into ``folder``; the path written. Raises BlocGameError if it cannot."""
    name = clean_name(name)
    if not name:
        raise BlocGameError(_("a game handed in needs the player's name"))
    if not folder.is_dir():
        raise BlocGameError(_("cannot hand the game in to '{folder}': no such folder").format(folder=folder))
    path = hand_in_path(folder, name, state)
    try:
        record(state, path, name=name)
    except OSError as err:
        raise BlocGameError(_("could not write {path}: {problem}").format(path=path, problem=err.strerror or err)) from None
    return path
