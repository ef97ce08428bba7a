"""The editor and `validate` agree: the real YAML language server on shipped and broken scenarios.

The server is the one VS Code's YAML extension and Neovim run (npm's
``yaml-language-server``); ``.ci/run`` installs it when node is there. The modeline tests
that need no server (the schema is found relative to the file after moving and zipping
the folder) run everywhere.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Iterator

import pytest
from language_server import LanguageServer, find_server

import bloc_game
from bloc_game.authoring import MODELINE, write_new_scenario
from bloc_game.cli import main
from bloc_game.scenario.schema import schema_text

from conftest import BROKEN, SCENARIOS

# Broken scenarios an editor must flag on the line `validate` names: every mistake the
# schema can express, YAML 1.1 spellings the editor reads as text, and YAML syntax.
EDITOR_CATCHES = (
    "unknown_key_typo", "unknown_top_key", "missing_title", "choices_not_a_list", "number_is_text", "boolean_is_text",
    "impossible_date", "partial_date", "invalid_id", "bad_colour", "chance_out_of_range", "future_format",
    "choices_empty", "unknown_map_region", "variable_value_not_a_number", "yaml11_boolean", "yaml11_sexagesimal",
    "yaml_unclosed_bracket", "yaml_tab_indent", "yaml_colon_in_text", "yaml_tab_in_a_list", "duplicate_key",
)


def schema_target(scenario: Path) -> Path:
    """The schema file a scenario's modeline points an editor to, resolved as the server does."""
    first = scenario.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    return scenario.parent / first.split("=", 1)[1]


def plant(case: str, folder: Path) -> tuple[Path, int]:
    """A broken corpus case with the modeline on top, in ``folder``; returns it and the mistake's line."""
    source = next(BROKEN.glob(f"*_{case}.yaml"))
    expect, body = source.read_text(encoding="utf-8").split("\n", 1)
    line = int(expect.split(":")[1])  # '# expect: LINE:COL: ...' counts the header line; the modeline replaces it
    path = folder / source.name
    path.write_text(f"{MODELINE}\n{body}", encoding="utf-8")
    return path, line


# ------------------------------------------------------------------------------ modeline, no server needed

def test_new_scenario_finds_its_schema_after_the_folder_is_moved_and_zipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "lesson_one", "--directory", str(tmp_path / "class")]) == 0
    assert ".bloc-game" in capsys.readouterr().out
    made = tmp_path / "class" / "lesson_one.yaml"
    moved = shutil.move(str(tmp_path / "class"), str(tmp_path / "moved"))
    archive = shutil.make_archive(str(tmp_path / "mailed"), "zip", root_dir=moved)
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path / "other_machine")
    for scenario in (Path(moved) / made.name, tmp_path / "other_machine" / made.name):
        assert schema_target(scenario).read_text(encoding="utf-8") == schema_text()
        assert bloc_game.validate(scenario) == []


def test_shipped_scenarios_keep_their_schema_when_copied_into_a_teachers_folder(tmp_path: Path) -> None:
    write_new_scenario("lesson_one", tmp_path)
    for shipped in SCENARIOS.glob("*.yaml"):
        copy = tmp_path / shipped.name
        shutil.copy(shipped, copy)
        assert schema_target(copy).read_text(encoding="utf-8") == schema_text()
    # Any other folder gets the schema with one command; running it again keeps it current.
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert main(["schema", "--install", str(other)]) == 0
    assert (other / ".bloc-game" / "scenario.schema.json").read_text(encoding="utf-8") == schema_text()
    (other / ".bloc-game" / "scenario.schema.json").write_text("{}", encoding="utf-8")  # an older release's copy
    assert main(["schema", "--install", str(other)]) == 0
    assert (other / ".bloc-game" / "scenario.schema.json").read_text(encoding="utf-8") == schema_text()
    with pytest.raises(SystemExit) as exited:
        main(["schema", "--install", str(tmp_path / "missing")])
    assert exited.value.code == 2


def test_historical_yes_is_refused_by_validate_with_the_fix() -> None:
    path = next(BROKEN.glob("*_yaml11_boolean.yaml"))
    messages = [p.message for p in bloc_game.validate(path)]
    assert messages == ["historical: write true, not yes (YAML 1.1 reads yes as true/false, YAML 1.2 and editors as text)"]


# ------------------------------------------------------------------------------ the real language server

SERVER = find_server()
needs_server = pytest.mark.skipif(
    SERVER is None,
    reason="the YAML language server needs node and npm's yaml-language-server (.ci/run installs it); "
    + ("node is not installed" if shutil.which("node") is None else "yaml-language-server is not installed"),
)


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    assert SERVER is not None
    running = LanguageServer(SERVER)
    yield running
    running.close()


@needs_server
def test_the_language_server_finds_nothing_wrong_with_the_shipped_scenarios(server: LanguageServer) -> None:
    for path in sorted(SCENARIOS.glob("*.yaml")):
        assert server.diagnostics(path) == [], path


@needs_server
@pytest.mark.parametrize("case", EDITOR_CATCHES)
def test_the_language_server_flags_each_planted_mistake_on_its_line(
    server: LanguageServer, tmp_path: Path, case: str
) -> None:
    write_new_scenario("lesson_one", tmp_path)  # the folder a teacher works in, with its .bloc-game/
    path, line = plant(case, tmp_path)
    assert bloc_game.validate(path), f"validate accepts {case}"
    found = server.diagnostics(path)
    assert not any("Unable to load schema" in d.message for d in found), found
    assert line in [d.line for d in found], f"{case}: wanted a diagnostic on line {line}, got {found}"


@needs_server
def test_an_unclosed_quote_is_flagged_by_both_validate_where_it_opened(server: LanguageServer, tmp_path: Path) -> None:
    write_new_scenario("lesson_one", tmp_path)
    path, line = plant("yaml_unclosed_quote", tmp_path)
    # The editor notices at the end of the file; validate points at the quote that opened the text.
    assert any("Missing closing" in d.message for d in server.diagnostics(path))
    [problem] = bloc_game.validate(path)
    assert problem.where.line == line and "never closed" in problem.message


@needs_server
def test_a_moved_and_zipped_scenario_is_still_checked_by_the_editor(server: LanguageServer, tmp_path: Path) -> None:
    made = write_new_scenario("lesson_one", tmp_path / "class")
    made.write_text(made.read_text(encoding="utf-8").replace("        historical: true", "        historical: yes", 1),
                    encoding="utf-8")
    moved = shutil.move(str(tmp_path / "class"), str(tmp_path / "moved"))
    archive = shutil.make_archive(str(tmp_path / "mailed"), "zip", root_dir=moved)
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path / "other_machine")
    copy = tmp_path / "other_machine" / made.name
    line = copy.read_text(encoding="utf-8").splitlines().index("        historical: yes") + 1
    found = server.diagnostics(copy)
    assert [d.line for d in found] == [line], found  # the schema was found, and it refuses `yes` as validate does
    assert [p.where.line for p in bloc_game.validate(copy)] == [line]


@needs_server
def test_shipped_scenarios_copied_out_are_clean_in_the_editor(server: LanguageServer, tmp_path: Path) -> None:
    write_new_scenario("lesson_one", tmp_path)
    for shipped in SCENARIOS.glob("*.yaml"):
        copy = tmp_path / shipped.name
        shutil.copy(shipped, copy)
        assert server.diagnostics(copy) == [], copy


@needs_server
def test_hover_names_each_key_with_its_meaning_and_default(server: LanguageServer) -> None:
    path = SCENARIOS / "tutorial_stalin_note.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for key, wanted in (("weight:", ["weight (an objective)", "Default: 1."]),
                        ("historical:", ["historical (a choice)", "Default: false."]),
                        ("    date:", ["date (a decision point)", "The day the decision is taken."])):
        line = next(n for n, text in enumerate(lines, 1) if key in text and not text.lstrip().startswith("#"))
        column = lines[line - 1].index(key.strip()) + 2
        shown = server.hover(path, line, column)
        assert all(w in shown for w in wanted), (key, shown)
