"""The test items of Bloc Game's pytest plugin: one per replay file.

Which files become items is decided by the small entry-point module
:mod:`bloc_game_pytest`, which imports this one only when it has found a file to collect.
A failure reports its first failed expectation as ``file:line:col: what`` so that
``--tb=line``, ``-ra`` and JUnit XML each show one useful line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
from _pytest._code.code import TerminalRepr
from _pytest._io import TerminalWriter
from _pytest.pathlib import bestrelpath

from .errors import BlocGameError, ProblemsError
from .replay import load_replay, run_replay


class ReplayMismatch(Exception):
    """A replay ran but an expectation did not hold; ``failures`` are ``file:line:col: ...`` lines."""

    def __init__(self, failures: tuple[str, ...]) -> None:
        super().__init__("\n".join(failures))
        self.failures = failures


class NotAReplay(Exception):
    """A scenario file sits where replays are collected."""


class ReplayFile(pytest.File):
    def __init__(self, *, kind: str = "replay", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind

    def collect(self) -> Iterator[pytest.Item]:
        yield ReplayItem.from_parent(self, name=self.path.stem, kind=self.kind)


class _Crash(TerminalRepr):
    """What pytest shows in one line: ``file:line:col: what`` for ``--tb=line``, ``line N: what``
    (the item's id already names the file) for ``-ra`` and JUnit's failure message."""

    def __init__(self, path: str, line: int, located: str) -> None:
        self.path = path
        self.lineno = line
        self.located = located
        rest = located[len(path) + 1:] if located.startswith(path + ":") else ""
        self.message = f"line {line}: {rest.split(': ', 1)[1]}" if line and ": " in rest else located

    def toterminal(self, tw: TerminalWriter) -> None:
        tw.line(self.located)


class _Failure(TerminalRepr):
    def __init__(self, text: str, crash: _Crash) -> None:
        self.text = text
        self.reprcrash = crash

    def toterminal(self, tw: TerminalWriter) -> None:
        for line in self.text.splitlines():
            tw.line(line)


class ReplayItem(pytest.Item):
    def __init__(self, *, kind: str = "replay", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind

    def setup(self) -> None:
        _name_for_junit(self)

    def runtest(self) -> None:
        if self.kind == "scenario":
            raise NotAReplay(f"{self.path}:1:1: this is a scenario, not a replay; keep scenarios out of the "
                             "replay folders (check it with: bloc-game validate FILE)")
        result = run_replay(load_replay(self.path))
        if not result.ok:
            raise ReplayMismatch(result.failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        error = excinfo.value
        if isinstance(error, ReplayMismatch):
            lines = list(error.failures)
        elif isinstance(error, ProblemsError):
            lines = [str(p) for p in error.problems]
        elif isinstance(error, (NotAReplay, BlocGameError)):
            lines = str(error).splitlines()
        else:
            return super().repr_failure(excinfo)
        # Positions as the command line shows paths: relative to where pytest was started.
        shown = bestrelpath(self.config.invocation_params.dir, self.path)
        lines = [line.replace(str(self.path), shown, 1) for line in lines]
        first = lines[0] if lines else f"{shown}: the replay failed"
        # --tb=line prints the crash line alone; every other style shows each failure.
        terse = self.config.getoption("tbstyle", "auto") == "line"
        text = "" if terse else f"replay {self.path.name} failed:\n" + "\n".join(lines)
        return _Failure(text, _Crash(shown, _line_of(first), first))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"replay: {self.name}"


def _line_of(located: str) -> int:
    """The line number in ``file:line:col: message`` (0 if there is none)."""
    parts = located.split(":")
    return next((int(p) for p in parts[1:3] if p.strip().isdigit()), 0)


def _name_for_junit(item: ReplayItem) -> None:
    """JUnit XML: the replay's folder as the class name (``tests.replays``), its stem as the test name.

    pytest would make ``tests.replays.NAME.yaml`` a class; CI dashboards then show every
    replay as a class of its own. Best effort: JUnit output is optional and its key private.
    """
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pragma: no cover - a pytest without the key
        return
    xml: Optional[Any] = item.config.stash.get(xml_key, None)
    if xml is None:
        return
    folder = Path(item.nodeid.split("::", 1)[0]).parent.as_posix()
    xml.node_reporter(item.nodeid).add_attribute("classname", folder.replace("/", ".") or "replays")
