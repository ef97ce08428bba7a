"""Shared fixtures: paths to the shipped scenarios and the test corpora."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def tutorial() -> bloc_game.Game:
    return bloc_game.load(TUTORIAL)


@pytest.fixture(scope="session")
def flagship() -> bloc_game.Game:
    return bloc_game.load(FLAGSHIP)
