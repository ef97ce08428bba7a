"""Shared fixtures: paths to the shipped scenarios and the test corpora."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import bloc_game
from bloc_game import i18n

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
    """The suite never writes to the real user folder (settings, saves, the review cache), nor to
    one named by BLOC_GAME_HOME in the environment it was started from: tests that do not choose
    a folder of their own share one made for this run, and so do the ``bloc-game`` processes they
    start (they inherit the environment). Under pytest-xdist each worker has its own
    (``tmp_path_factory`` gives every worker its own base folder), so two tests running at once
    never share settings or a save slot."""
    saved = os.environ.get("BLOC_GAME_HOME")
    os.environ["BLOC_GAME_HOME"] = str(tmp_path_factory.mktemp("bloc-game-home"))
    yield
    if saved is None:
        os.environ.pop("BLOC_GAME_HOME", None)
    else:
        os.environ["BLOC_GAME_HOME"] = saved


@pytest.fixture(scope="session", autouse=True)
def _english_interface() -> Iterator[None]:
    """The suite checks English words: the system's language must not choose another for the
    ``bloc-game`` processes the tests start (bloc_game.i18n reads LANGUAGE first)."""
    saved = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = "en"
    yield
    if saved is None:
        os.environ.pop("LANGUAGE", None)
    else:
        os.environ["LANGUAGE"] = saved


@pytest.fixture(autouse=True)
def _language_kept() -> Iterator[None]:
    """A test that changes the interface language in this process (the settings dialog applies
    one; ``cli.main(["--lang", ...])``) leaves the next test in the language it found. Without
    this the tests after it read Russian, and under pytest-xdist which tests those are changes
    from run to run."""
    with i18n.using(i18n.current_language()):
        yield


class Pseudo:
    """A pseudo-locale made at test time: every interface string 40 % longer, its letters accented or
    Cyrillic, its placeholders, HTML tags and entities kept. A string it did not touch is one the
    code forgot to translate; a layout that holds it holds German (about 30 % longer) too."""

    LETTERS = str.maketrans("aeiouyscnzAEIOUSCNZdbglt", "áéîöüýşçñžÅÉÎÖÜŞÇÑŽдбглт")
    KEEP = re.compile(r"(\{[^{}]*\}|%\(\w+\)[sd]|<[^<>]*>|&\w+;|\n)")
    FILLER = "жßщÄыё„“«»—"

    def gettext(self, message: str) -> str:
        if not any(c.isalpha() for c in self.KEEP.sub("", message)):
            return message
        parts = self.KEEP.split(message)
        out = "".join(p if i % 2 else p.translate(self.LETTERS) for i, p in enumerate(parts))
        visible = sum(len(p) for i, p in enumerate(parts) if not i % 2)
        extra = max(1, round(0.4 * visible) - 2)
        return "[" + out + " " + (self.FILLER * (extra // len(self.FILLER) + 1))[:extra] + "]"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user folder of the test's own (saves, settings, the review's cache)."""
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="session")
def tutorial() -> bloc_game.Game:
    return bloc_game.load(TUTORIAL)


@pytest.fixture(scope="session")
def flagship() -> bloc_game.Game:
    return bloc_game.load(FLAGSHIP)


def clock_bound(seconds: float) -> float:
    """A wall-clock limit for a child process, stretched by how loaded the machine is.

    The limits guard against waiting (a hang, a lost connection), which a busy machine cannot
    cause; but a machine running other jobs slows every process by its load per core.
    """
    per_core = os.getloadavg()[0] / (os.cpu_count() or 1)
    return seconds * max(1.0, per_core)
