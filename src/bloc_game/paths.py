"""Where things live: shipped scenarios and assets, and the user's own folders.

Shipped files are found in a source checkout (or editable install) first, then in a
regular install's data folder. The user's files (settings, saves, own scenarios,
exports) go under ``$BLOC_GAME_HOME`` if set, else the platform's usual places.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import BlocGameError
from .userfiles import clean_stale_temps

_HERE = Path(__file__).resolve().parent
_cleaned: set[Path] = set()  # folders already rid of killed writes' temporary files in this process


def _shipped(kind: str) -> list[Path]:
    candidates = [Path(sys.prefix) / "share" / "bloc-game" / kind]  # a regular install (data-files)
    if _HERE.parent.name == "src":  # a source checkout or an editable install: the repository's own
        candidates.insert(0, _HERE.parents[1] / kind)
    return [p for p in candidates if p.is_dir()]


def scenario_dirs() -> list[Path]:
    """Folders holding the shipped scenarios, best first."""
    return _shipped("scenarios")


def asset_dir() -> Path:
    """The shipped assets folder (map geometry, theme)."""
    found = _shipped("assets")
    if not found:
        raise BlocGameError("the game's assets folder is missing; reinstall Bloc Game")
    return found[0]


def user_home() -> Path:
    """The user's Bloc Game folder (created on first use). Raises :class:`BlocGameError` if it cannot be."""
    override = os.environ.get("BLOC_GAME_HOME")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home())) / "BlocGame"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "BlocGame"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "bloc-game"
    return _folder(base, "BLOC_GAME_HOME" if override else "the Bloc Game folder")


def user_home_or_none() -> Path | None:
    """The user's folder, or None if it cannot be made (for code that must not fail, such as the crash log)."""
    try:
        return user_home()
    except BlocGameError:
        return None


#: The autosave's name in the saves folder (``autosave.json``).
AUTOSAVE = "autosave"


def latest_autosave(folder: Path) -> Path | None:
    """The autosave in ``folder``, if there is one. Here rather than in ``saves`` so the title
    screen's first frame can ask without importing the engine."""
    path = folder / f"{AUTOSAVE}.json"
    return path if path.exists() else None


def user_folder(name: str) -> Path:
    """A subfolder of the user's home: ``saves``, ``scenarios`` or ``exports``."""
    return _folder(user_home() / name, f"the {name} folder")


def _folder(path: Path, what: str) -> Path:
    """Make sure ``path`` is a folder; the first time in a process, remove stale temporary files from it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise BlocGameError(f"{what} {path} is a file, not a folder; move it away or set BLOC_GAME_HOME "
                            "to a folder") from None
    except OSError as err:
        raise BlocGameError(f"{what} {path} cannot be created: {err.strerror or err}") from None
    if path not in _cleaned:
        _cleaned.add(path)
        clean_stale_temps(path)
    return path


def settings_file() -> Path:
    return user_home() / "settings.json"


def shipped_scenarios() -> list[Path]:
    seen: dict[str, Path] = {}
    for folder in scenario_dirs():
        for path in sorted(folder.glob("*.yaml")):
            seen.setdefault(path.name, path)
    return sorted(seen.values(), key=lambda p: p.name)


def find_scenario(name: str) -> Path:
    """A scenario path from a file path or a shipped scenario's name (``molotov_1954``)."""
    path = Path(name)
    if path.is_file():
        return path
    if path.is_dir():
        raise BlocGameError(f"'{name}' is a folder; name a scenario file inside it")
    stem = path.name[:-5] if path.name.endswith(".yaml") else path.name
    for candidate in shipped_scenarios():
        if candidate.stem == stem:
            return candidate
    names = ", ".join(p.stem for p in shipped_scenarios()) or "none found"
    raise BlocGameError(f"no scenario file '{name}'; the shipped scenarios are: {names}")
