"""Pytest collects replay files by itself: every ``replays/*.yaml`` runs as a test item.

Registered through the ``pytest11`` entry point, so a test author only drops a
file into a ``replays`` folder under the test paths.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from .errors import BlocGameError
from .replay import load_replay, run_replay


class ReplayMismatch(Exception):
    """A replay ran but an expectation did not hold."""


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> Optional[pytest.Collector]:
    if file_path.suffix in (".yaml", ".yml") and file_path.parent.name == "replays":
        return ReplayFile.from_parent(parent, path=file_path)
    return None


class ReplayFile(pytest.File):
    def collect(self) -> Iterator["ReplayItem"]:
        yield ReplayItem.from_parent(self, name=self.path.stem)


class ReplayItem(pytest.Item):
    def runtest(self) -> None:
        result = run_replay(load_replay(self.path))
        if not result.ok:
            raise ReplayMismatch("\n".join(result.failures))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (ReplayMismatch, BlocGameError)):
            return f"replay {self.path.name} failed:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"replay: {self.name}"
