"""Shared fixtures: paths to the shipped scenarios and the test corpora."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import bloc_game

# The replay plugin is named here as well as by its entry point, so the replays still run
# with PYTEST_DISABLE_PLUGIN_AUTOLOAD=1; pytester drives pytest in the plugin's own tests.
pytest_plugins = ("bloc_game_pytest", "pytester")

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TUTORIAL = SCENARIOS / "tutorial_stalin_note.yaml"
FLAGSHIP = SCENARIOS / "molotov_1954.yaml"
BROKEN = ROOT / "tests" / "broken"
REPLAYS = ROOT / "tests" / "replays"


@pytest.fixture(scope="session", autouse=True)
def _own_user_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite never writes to the real user folder (settings, saves, the review cache): tests
    that do not choose a folder of their own share one made for this run, and so do the
    ``bloc-game`` processes they start (they inherit the environment)."""
    saved = os.environ.get("BLOC_GAME_HOME")
    if saved is None:
        os.environ["BLOC_GAME_HOME"] = str(tmp_path_factory.mktemp("bloc-game-home"))
    yield
    if saved is None:
        os.environ.pop("BLOC_GAME_HOME", None)


@pytest.fixture(scope="session")
def tutorial() -> bloc_game.Game:
    return bloc_game.load(TUTORIAL)


@pytest.fixture(scope="session")
def flagship() -> bloc_game.Game:
    return bloc_game.load(FLAGSHIP)
