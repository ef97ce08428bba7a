"""Bloc Game's pytest plugin: replay files run as test items, in the folders a project names.

Installed, this module loads into every pytest run in the environment (the ``pytest11``
entry point), so it is kept small and polite: it imports nothing of Bloc Game until a
file has to be collected, and it collects a YAML file only when

- the file lies under one of the ``bloc_game_replays`` paths (an ini option; default
  ``tests/replays``, subfolders included) or was named on the command line, and
- its top-level keys say it is a replay (``scenario`` with ``side``, ``choices``, ...).

A scenario put in a replay folder becomes one failing item that says so. Any other YAML
(a docker-compose file in some project's ``replays/``) is left alone.

With ``PYTEST_DISABLE_PLUGIN_AUTOLOAD=1`` no entry point loads; a project then names the
plugin in its conftest (``pytest_plugins = ("bloc_game_pytest",)``), as this repository does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

import pytest

INI = "bloc_game_replays"
_SUFFIXES = (".yaml", ".yml")
#: The top-level keys of a replay file (``bloc_game.replay.REPLAY_KEYS``; a test keeps the two equal,
#: this module may not import the game). ``format`` and ``name`` are common elsewhere and tell nothing.
_REPLAY_KEYS = frozenset({"format", "name", "scenario", "scenario_hash", "side", "seed", "opponent", "script", "choices",
                          "moves", "expect"})
_SCENARIO_KEYS = frozenset({"format", "id", "title", "start", "end", "sides", "variables", "points", "endings"})
_TOP_KEY = re.compile(r"^(?:(['\"])(.+?)\1|([^\s#'\"{\[&*!|>%@`-][^:#]*?))\s*:(?:\s|$)", re.M)
_MAX_PEEK = 1024 * 1024


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(INI, type="paths", default=["tests/replays"],
                  help="folders whose replay files (Bloc Game) run as tests, subfolders included")


def top_level_keys(path: Path) -> frozenset[str]:
    """The keys at column 0 of a block-style YAML file, read without a YAML parser."""
    try:
        with path.open("rb") as handle:
            text = handle.read(_MAX_PEEK).decode("utf-8-sig", errors="replace")
    except OSError:
        return frozenset()
    return frozenset((m.group(2) or m.group(3)).strip() for m in _TOP_KEY.finditer(text))


def kind_of(keys: frozenset[str]) -> str:
    """``"replay"``, ``"scenario"`` or ``""`` (someone else's YAML), from a file's top-level keys."""
    telling = _REPLAY_KEYS - {"format", "name"}
    if "scenario" in keys and keys & (telling - {"scenario"}) or len(keys & telling) >= 3:
        return "replay"
    if len(keys & _SCENARIO_KEYS) >= 3:
        return "scenario"
    return ""


def _configured(config: pytest.Config) -> list[Path]:
    value: Any = config.getini(INI)
    return [Path(p) if Path(p).is_absolute() else config.rootpath / p for p in value]


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> Optional[pytest.Collector]:
    if file_path.suffix not in _SUFFIXES:
        return None
    named = parent.session.isinitpath(file_path)
    if not named and not any(file_path.is_relative_to(folder) for folder in _configured(parent.config)):
        return None
    kind = kind_of(top_level_keys(file_path))
    if not kind:
        return None
    from bloc_game.pytest_plugin import ReplayFile  # the game is imported only now, for a file that is ours

    return ReplayFile.from_parent(parent, path=file_path, kind=kind)
