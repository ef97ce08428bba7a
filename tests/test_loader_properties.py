"""Property tests of the loader: any mutation of a real scenario loads or gives positioned problems."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bloc_game.engine import Game
from bloc_game.errors import ScenarioError
from bloc_game.scenario import load_scenario, load_scenario_text

from conftest import FLAGSHIP, TUTORIAL

TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in (TUTORIAL, FLAGSHIP)}


@st.composite
def mutants(draw: st.DrawFn) -> str:
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        if not lines:
            break
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "cut", "swap", "retype", "indent"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines = lines[:i] + [lines[i][: draw(st.integers(min_value=0, max_value=len(lines[i])))]]
        elif op == "swap":
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "retype":
            key, sep, _value = lines[i].partition(": ")
            if sep:
                lines[i] = key + sep + draw(st.sampled_from(["[]", "{}", "12", "true", "null", "'x'", "1952-02-30"])) + "\n"
        else:
            lines[i] = "  " + lines[i]
    return "".join(lines)


@settings(max_examples=400, deadline=None)
@given(mutants())
def test_a_mutated_scenario_loads_or_reports_positioned_problems(text: str) -> None:
    try:
        scenario = load_scenario_text(text, "mutant.yaml")
    except ScenarioError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.where.path == "mutant.yaml" and problem.message
            assert 0 <= problem.where.line <= text.count("\n") + 2
        return
    game = Game(scenario)  # whatever loads must also play and check its history without error
    game.check_history()
    state = game.start("watch", seed=1, opponent="random")
    assert state.is_over


def test_loading_twice_gives_equal_immutable_models() -> None:
    first, second = load_scenario(FLAGSHIP), load_scenario(FLAGSHIP)
    assert first == second and first.content_hash == second.content_hash
    with pytest.raises(AttributeError):
        first.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("args", [["play", "--help"], ["validate", "--help"], ["replay", "--help"], ["--help"]])
def test_every_command_has_help(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from bloc_game.cli import main

    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0 and "usage: bloc-game" in capsys.readouterr().out
