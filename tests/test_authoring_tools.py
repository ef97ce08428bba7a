"""Tools for educators: the JSON Schema, lint, new, explore, live reload and the authoring guide."""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

import bloc_game
from bloc_game.authoring import EXAMPLE_ID, EXAMPLE_REPLAY, TEMPLATE, write_new_scenario
from bloc_game.cli import main
from bloc_game.engine import HistoricalPolicy, RandomPolicy, Seat
from bloc_game.explore import explore
from bloc_game.lint import lint
from bloc_game.scenario.schema import SCHEMA_FILE, build_schema, reference_markdown, schema_text

from conftest import BROKEN, FLAGSHIP, ROOT, SCENARIOS, TUTORIAL

GUIDE = ROOT / "docs" / "authoring.md"
BASE = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8")


def as_json(data):  # type: ignore[no-untyped-def]
    """YAML data as JSON sees it (dates become text, as in an editor)."""
    if isinstance(data, dict):
        return {str(k): as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data


VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


# ------------------------------------------------------------------------------ schema

def test_the_shipped_schema_is_the_generated_one_and_is_valid() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()
    jsonschema.Draft202012Validator.check_schema(build_schema())


def test_every_shipped_scenario_names_the_schema_for_editors() -> None:
    for path in SCENARIOS.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = path.parent / first.split("=", 1)[1]
        assert target.read_text(encoding="utf-8") == schema_text()  # the file it names is the current schema


def test_every_scenario_that_loads_is_valid_by_the_schema(tmp_path: Path) -> None:
    example = tmp_path / "example.yaml"
    example.write_text(TEMPLATE, encoding="utf-8")
    base = tmp_path / "base.yaml"
    base.write_text(BASE, encoding="utf-8")
    for path in [*SCENARIOS.glob("*.yaml"), example, base]:
        bloc_game.load(path)
        errors = list(VALIDATOR.iter_errors(as_json(yaml.safe_load(path.read_text(encoding="utf-8")))))
        assert not errors, f"{path}: {[e.message for e in errors]}"


# Broken scenarios whose mistake a schema can express (the rest need the loader's checks).
SCHEMA_CATCHES = ("unknown_key_typo", "unknown_top_key", "missing_title", "choices_not_a_list", "number_is_text",
                  "boolean_is_text", "partial_date", "invalid_id", "bad_colour", "chance_out_of_range",
                  "future_format", "top_level_list", "choices_empty", "unknown_map_region")


@pytest.mark.parametrize("name", SCHEMA_CATCHES)
def test_broken_scenarios_are_rejected_by_both_schema_and_loader(name: str) -> None:
    path = next(BROKEN.glob(f"*_{name}.yaml"))
    assert bloc_game.validate(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(VALIDATOR.iter_errors(as_json(data))), f"the schema accepts {name}"


# ------------------------------------------------------------------------------ lint

def test_lint_is_clean_on_the_shipped_scenarios() -> None:
    for path in SCENARIOS.glob("*.yaml"):  # notes (what one side never meets) are allowed
        assert [str(p) for p in lint(path) if p.severity != "note"] == [], path
    # The command on the folder too. Here, not in another test: the flagship's walks (seconds)
    # are kept per process, and another test may run in another worker.
    assert main(["lint", str(SCENARIOS)]) == 0


LINT_CASES = {
    # name: (find, replace, marker of the line the warning belongs to, expected fragment)
    "unreachable_point": ("    title: A reply\n", "    title: A reply\n    when: tension > 1000\n", "- id: reply",
                          "no path reaches point 'reply'"),
    "unavailable_choice": ("        when: tension < 60", "        when: tension > 200", "- id: talk",
                           "choice 'talk' of point 'reply' is never available"),
    "unreachable_ending": ("  - id: other\n",
                           "  - id: never\n    title: Never\n    when: cohesion > 500\n    epilogue: x\n  - id: other\n",
                           "- id: never", "no path reaches ending 'never'"),
    "flag_set_never_read": ("  treaty: {label: Treaty signed}", "  treaty: {label: Treaty signed}\n  unused: {label: Unused}",
                            "unused: {label", "flag 'unused' is never used"),
    "flag_read_never_set": ("  treaty: {label: Treaty signed}", "  treaty: {label: Treaty signed}\n  phantom: {label: Phantom}",
                            "phantom: {label", "flag 'phantom' is read but no effect ever sets it"),
    "variable_never_changes": ("  cohesion: {label: Cohesion",
                               "  calm: {label: Calm, min: 0, max: 10, initial: 5}\n  cohesion: {label: Cohesion",
                               "calm: {label", "variable 'calm' never changes"),
    "point_without_sources": ("    briefing: Reply?\n    sources: [a source]\n", "    briefing: Reply?\n", "- id: reply",
                              "point 'reply' cites no sources"),
    "event_without_sources": ("    text: Something.\n    sources: [a source]\n", "    text: Something.\n", "- id: scare",
                              "event 'scare' cites no sources"),
    "choice_without_effect": ("        effects: [tension -= 5]\n", "", "- id: send",
                              "choice 'send' of point 'note' has no effects"),
    "history_broken": ("        historical: true\n        effects: [treaty",
                       "        historical: true\n        when: tension > 60\n        effects: [treaty",
                       "- id: sign", "not available when history is replayed"),
}


@pytest.mark.parametrize("name", sorted(LINT_CASES))
def test_lint_reports_each_kind_of_problem_at_its_line(tmp_path: Path, name: str) -> None:
    find, replace, marker, fragment = LINT_CASES[name]
    text = BASE.replace(find, replace, 1)
    if name == "flag_read_never_set":
        text = text.replace("when: tension < 60", "when: tension < 60 or phantom")
    assert text != BASE
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(marker)].count("\n") + 1
    problems = lint(path)
    assert any(p.where.line == line and fragment in p.message for p in problems), [str(p) for p in problems]


def test_lint_exit_codes_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(BASE.replace("    briefing: Reply?\n    sources: [a source]\n", "    briefing: Reply?\n"), encoding="utf-8")
    assert main(["lint", str(path)]) == 0
    assert main(["lint", "--strict", str(path)]) == 1
    assert f"{path}:" in capsys.readouterr().out


# ------------------------------------------------------------------------------ explore

def test_explore_agrees_with_ten_thousand_random_games() -> None:
    game = bloc_game.load(FLAGSHIP)
    result = explore(game, ("ussr",), "historical", progress=False)
    assert result.paths > 1000  # its speed is measured in benchmarks/, not asserted here
    assert math.isclose(sum(result.endings.values()), 1.0, abs_tol=1e-9)
    assert all(p > 0 for p in result.endings.values()), result.endings  # the Soviet side can reach every ending
    n = 10_000
    counts: Counter[str] = Counter()
    seats = (Seat("ussr", RandomPolicy()), Seat("nato", HistoricalPolicy()))
    for seed in range(n):
        state = game.new_state(seats, seed).autoplay()
        counts[state.ending.id] += 1  # type: ignore[union-attr]
    for ending, p in result.endings.items():
        sigma = math.sqrt(max(p * (1 - p), 1e-6) / n)
        assert abs(counts[ending] / n - p) <= 4.5 * sigma + 1e-3, (ending, counts[ending] / n, p)


def test_explore_ranges_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", str(TUTORIAL), "--side", "ussr", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["paths"] > 1 and set(data["endings"]) == {"unity_conference", "talks_without_terms", "two_germanys"}
    historical = next(c for c in data["choices"] if c["point"] == "first_note" and c["choice"] == "send_note")
    assert historical["low"] <= 0 <= historical["high"]  # history itself is one of its outcomes
    assert main(["explore", str(TUTORIAL), "--side", "nato"]) == 0
    text = capsys.readouterr().out
    assert "distinct paths" in text and "Western Allies: Answering Moscow" in text


def test_explore_stops_with_a_message_past_its_state_budget(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", str(FLAGSHIP), "--max-states", "500"]) == 1
    assert "more than 500 distinct states" in capsys.readouterr().err


# ------------------------------------------------------------------------------ new, the guide

def guide_block(marker: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(marker)
    block = re.search(r"```yaml\n(.*?)```", text[start:], re.S)
    assert block is not None
    return block.group(1)


def test_new_writes_the_guides_example_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = write_new_scenario("my_austria", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "id: my_austria" in text and text.startswith("# yaml-language-server: $schema=.bloc-game/scenario.schema.json\n")
    assert (tmp_path / ".bloc-game" / "scenario.schema.json").read_text(encoding="utf-8") == schema_text()
    assert bloc_game.validate(path) == []
    notes = lint(path)  # no mistakes; the notes say the counterfactual point only arises off history
    assert notes and all(p.severity == "note" for p in notes), [str(p) for p in notes]
    assert any("point 'western_answer' never comes to a player of the Western Allies" in p.message for p in notes)
    with pytest.raises(bloc_game.BlocGameError, match="exists already"):
        write_new_scenario("my_austria", tmp_path)
    with pytest.raises(bloc_game.BlocGameError, match="not a valid scenario id"):
        write_new_scenario("My Austria", tmp_path)


def test_following_the_guide_works_as_it_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = guide_block("<!-- example: austria_1955.yaml -->")
    assert example == TEMPLATE  # the guide shows exactly what `bloc-game new` writes
    scenario = tmp_path / f"{EXAMPLE_ID}.yaml"
    scenario.write_text(example, encoding="utf-8")
    assert main(["validate", str(scenario)]) == 0
    assert main(["lint", "--strict", str(scenario)]) == 0
    assert main(["explore", str(scenario), "--side", "ussr"]) == 0
    replay_text = guide_block("Save this beside the")
    assert replay_text == EXAMPLE_REPLAY
    replay = tmp_path / "austria_1955_history.yaml"
    replay.write_text(replay_text, encoding="utf-8")
    assert main(["replay", str(replay)]) == 0
    assert "All 6 expectation(s) hold." in capsys.readouterr().out


def test_the_guides_reference_is_generated_from_the_format() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split("<!-- reference:start -->\n", 1)[1].split("<!-- reference:end -->", 1)[0]
    assert block.strip() == reference_markdown().strip()
    assert main(["schema", "--reference"]) == 0


# ------------------------------------------------------------------------------ live reload

def test_text_play_watch_reloads_on_save_and_keeps_the_last_good_version(tmp_path: Path) -> None:
    path = tmp_path / "live.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "bloc_game", "play", "--text", str(path), "--watch", "--seed", "1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def edit() -> None:
        time.sleep(2.0)
        path.write_text(TEMPLATE.replace("label: Troops stay until a German peace treaty",
                                         "label: Keep the troops until a peace treaty"), encoding="utf-8")
        time.sleep(1.5)
        path.write_text(TEMPLATE + "broken: [\n", encoding="utf-8")
        time.sleep(1.5)
        assert proc.stdin is not None
        proc.stdin.write("q\nn\n")  # q asks before leaving an unfinished game; n leaves without saving
        proc.stdin.flush()

    worker = threading.Thread(target=edit)
    worker.start()
    worker.join()
    proc.wait(timeout=30)  # stdin stays open while the file is edited (communicate() would close it)
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    assert "1. Troops stay until a German peace treaty" in out
    assert "Reloaded" in out and "1. Keep the troops until a peace treaty" in out
    assert f"{path}:" in out and "YAML syntax" in out and "still playing the last good version" in out
    assert "Traceback" not in err


def test_desktop_watch_reloads_the_game_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path / "home"))
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from bloc_game.ui.desktop.launch import open_app
    from bloc_game.ui.desktop.screens import GameScreen
    from bloc_game.ui.desktop.settings import Settings

    path = tmp_path / "live.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    app = open_app(Settings(), scenario=str(path), watch=True)
    game = app.game(path)
    screen = GameScreen(app, game.start("ussr", seed=1))
    app.switch(screen)
    app.frame([], 0.1)
    assert screen.choice_buttons[0].text.endswith("Troops stay until a German peace treaty")
    time.sleep(0.02)
    path.write_text(TEMPLATE.replace("Troops stay until a German peace treaty", "Keep the troops"), encoding="utf-8")
    for _ in range(8):
        app.frame([], 0.1)
    assert app.screen.choice_buttons[0].text.endswith("Keep the troops")
    path.write_text("format: [\n", encoding="utf-8")
    for _ in range(8):
        app.frame([], 0.1)
    assert "still playing the last good version" in app.dialog.text_block.html_text
    assert app.screen.choice_buttons[0].text.endswith("Keep the troops")
