"""Meters that explain themselves: end labels and a description for every variable, shown everywhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bloc_game.engine import Game
from bloc_game.errors import ScenarioError
from bloc_game.scenario import load_scenario, load_scenario_text
from bloc_game.ui.text import TextGame

from conftest import BROKEN, FLAGSHIP, TUTORIAL

BASE = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [TUTORIAL, FLAGSHIP], ids=lambda p: p.stem)
def test_every_shipped_variable_says_what_it_means_and_what_its_ends_mean(path: Path) -> None:
    for variable in load_scenario(path).variables:
        assert variable.description and variable.low_label and variable.high_label, variable.id
        assert "\n" not in variable.description and len(variable.description) <= 120, variable.id


def test_end_labels_load_and_read_as_one_scale() -> None:
    text = BASE.replace("  cohesion: {label: Cohesion, min: 0, max: 100, initial: 50}",
                        "  cohesion:\n    label: Cohesion\n    min: -100\n    max: 100\n    initial: 50\n"
                        "    description: |\n      How united\n      the West is.\n    low: divided\n    high: united")
    variable = load_scenario_text(text, "m.yaml").variables[1]
    assert (variable.low_label, variable.high_label) == ("divided", "united")
    assert variable.description == "How united the West is."  # folded to the one line a tooltip shows
    assert variable.scale == "-100 divided ... +100 united"
    assert variable.explanation == "How united the West is. (-100 divided ... +100 united)"
    plain = load_scenario_text(BASE, "m.yaml").variables[0]
    assert (plain.low_label, plain.description, plain.scale) == ("", "", "0 ... 100")


def test_an_end_label_that_is_not_text_is_reported_at_its_place() -> None:
    text = BASE.replace("  tension: {label: Tension, min: 0, max: 100, initial: 50}",
                        "  tension: {label: Tension, min: 0, max: 100, initial: 50, low: [calm]}")
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "m.yaml")
    [problem] = info.value.problems
    assert problem.where.line == text[: text.index("low: [calm]")].count("\n") + 1
    assert "low end label of variable 'tension' should be text" in problem.message


def test_the_terminal_s_and_help_explain_every_meter() -> None:
    answers = iter(["s", "?", "q", "n"])  # q asks before leaving an unfinished game
    out = io.StringIO()
    TextGame(Game(load_scenario(TUTORIAL)), side="ussr", seed=1, opponent="historical", scenario_path=TUTORIAL,
             read=lambda _prompt: next(answers), out=out).run()
    status, help_text = out.getvalue().split("What the numbers mean:", 1)
    help_text = " ".join(help_text.split())  # as wrapped for the terminal
    assert "German alignment     +30   (-100 towards Moscow ... +100 firmly Western)" in status
    assert "East-West tension     50   (0 calm ... 100 brink of war)" in status
    assert "German alignment: Where German opinion leans between the two camps. (-100 towards Moscow ... +100" in help_text
    for variable in load_scenario(TUTORIAL).variables:
        assert f"- {variable.label}: {variable.explanation}" in help_text
