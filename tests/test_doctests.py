"""The examples in the public API's docstrings are run, so they stay true."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil

import pytest

import bloc_game

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

MODULES = ["bloc_game"] + sorted(m.name for m in pkgutil.walk_packages(bloc_game.__path__, "bloc_game.")
                                 if m.name not in ("bloc_game.__main__", "bloc_game.pytest_plugin"))
WITH_EXAMPLES = [name for name in MODULES
                 if any(t.examples for t in doctest.DocTestFinder().find(importlib.import_module(name)))]


def test_the_public_api_has_examples() -> None:
    for name in ("bloc_game", "bloc_game.engine.game", "bloc_game.engine.record", "bloc_game.engine.policies"):
        assert name in WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_hold(name: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the examples name shipped scenarios, so they work from any folder
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path / "home"))
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0 and result.failed == 0, \
        f"{result.failed} of {result.attempted} examples failed in {name}"
