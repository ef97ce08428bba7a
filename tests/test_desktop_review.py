"""The desktop end report's decision review and horizon, drawn by the real screen (headless)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402

from bloc_game.replay import load_replay, run_replay  # noqa: E402
from bloc_game.ui.desktop.app import App  # noqa: E402
from bloc_game.ui.desktop.launch import open_app  # noqa: E402
from bloc_game.ui.desktop.screens import ReportScreen  # noqa: E402
from bloc_game.ui.desktop.settings import Settings  # noqa: E402

from conftest import REPLAYS  # noqa: E402


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path))
    application = open_app(Settings())
    yield application
    assert not (tmp_path / "errors.log").exists()


def test_the_report_reviews_the_decisions_and_sets_later_history_apart(app: App) -> None:
    state = run_replay(load_replay(REPLAYS / "molotov_war_scare.yaml")).state
    report = ReportScreen(app, state)
    app.switch(report)
    app.frame((), 1 / 60)
    assert report.wait_for_review()
    app.frame((), 1 / 60)
    score = " ".join(report.score_box.html_text.split())
    assert "after this game ended" in score  # the horizon is explained
    review = " ".join(report.review_box.html_text.split())
    assert "The decision that mattered most: 1954-07-24, A call for a European conference" in review
    assert "fell short of history there" in review
    assert "The first Stalin Note" in review and "stay_silent" not in review
    markdown = report.export_markdown().read_text(encoding="utf-8")
    assert "## Decision review" in markdown and f"### After this game ended ({report.report.horizon})" in markdown
