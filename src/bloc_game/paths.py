"""Where shipped scenarios live, in a source checkout and in an installed copy."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import BlocGameError

_HERE = Path(__file__).resolve().parent


def scenario_dirs() -> list[Path]:
    """Folders holding the shipped scenarios, best first."""
    candidates = [Path(sys.prefix) / "share" / "bloc-game" / "scenarios"]  # a regular install (data-files)
    if _HERE.parent.name == "src":  # a source checkout or an editable install: the repository's own
        candidates.insert(0, _HERE.parents[1] / "scenarios")
    return [p for p in candidates if p.is_dir()]


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
