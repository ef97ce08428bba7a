"""The replay plugin behaves in any project: it collects replays where it is told to, and nothing else."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import bloc_game.pytest_plugin  # noqa: F401  imported once here, not again in every in-process run

from conftest import REPLAYS, TUTORIAL

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

# Hypothesis's plugin costs about 2 s per in-process run and has nothing to do with replays.
QUIET = ("-p", "no:hypothesispytest")

REPLAY = (REPLAYS / "tutorial_history_ussr.yaml").read_text(encoding="utf-8")
BROKEN_EXPECTATION = REPLAY.replace("ending: two_germanys", "ending: unity_conference")


def project(pytester: pytest.Pytester, files: dict[str, str], ini: str = "") -> None:
    """A project with the tutorial scenario at scenarios/ and ``files`` (replay paths get the scenario's relative path)."""
    (pytester.path / "scenarios").mkdir()
    (pytester.path / "scenarios" / TUTORIAL.name).write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in files.items():
        path = pytester.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        depth = len(Path(name).parts) - 1
        path.write_text(text.replace("../../scenarios/", "../" * depth + "scenarios/"), encoding="utf-8")
    pytester.makeini(f"[pytest]\n{ini}")


def test_replays_under_tests_replays_run_subfolders_included(pytester: pytest.Pytester) -> None:
    project(pytester, {"tests/replays/history.yaml": REPLAY, "tests/replays/term_one/again.yaml": REPLAY})
    result = pytester.runpytest("-v", *QUIET)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*tests/replays/history.yaml::history PASSED*",
                                 "*tests/replays/term_one/again.yaml::again PASSED*"])


def test_an_unrelated_projects_replays_folder_is_left_alone(pytester: pytest.Pytester) -> None:
    project(pytester, {
        "replays/docker-compose.yaml": "services:\n  web:\n    image: nginx\n",
        "tests/replays/docker-compose.yaml": "version: '3'\nservices:\n  db:\n    image: postgres\n",
        "replays/game.yaml": REPLAY,  # a replay, but not under the configured folder
    })
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=1)
    assert "docker-compose" not in result.stdout.str() and "game.yaml" not in result.stdout.str()


def test_the_ini_option_chooses_the_folders(pytester: pytest.Pytester) -> None:
    project(pytester, {"checks/history.yaml": REPLAY, "tests/replays/other.yaml": REPLAY},
            ini="bloc_game_replays = checks")
    result = pytester.runpytest("-v", *QUIET)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*checks/history.yaml::history PASSED*"])


def test_a_replay_named_on_the_command_line_runs_wherever_it_is(pytester: pytest.Pytester) -> None:
    project(pytester, {"lesson/history.yaml": REPLAY})
    pytester.runpytest("lesson/history.yaml", *QUIET).assert_outcomes(passed=1)
    pytester.runpytest(*QUIET).assert_outcomes()  # not named, not configured: not collected


def test_a_scenario_in_a_replay_folder_says_so_in_one_line(pytester: pytest.Pytester) -> None:
    project(pytester, {"tests/replays/tutorial.yaml": TUTORIAL.read_text(encoding="utf-8")})
    result = pytester.runpytest("-ra", *QUIET)
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "this is a scenario, not a replay" in out
    assert "missing the key" not in out


def test_tb_line_and_ra_give_the_first_failed_expectation_with_its_position(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # pytest cuts -ra reasons at the terminal's width
    project(pytester, {"tests/replays/history.yaml": BROKEN_EXPECTATION})
    line = BROKEN_EXPECTATION.splitlines().index("  ending: unity_conference") + 1
    wanted = f"tests/replays/history.yaml:{line}:11: expect.ending: wanted 'unity_conference', got 'two_germanys'"
    result = pytester.runpytest("--tb=line", *QUIET)
    result.assert_outcomes(failed=1)
    assert any(s.endswith(wanted) for s in result.stdout.lines), result.stdout.str()
    assert "replay history.yaml failed" not in result.stdout.str()  # one line, not the line and a block
    result = pytester.runpytest("-ra", "--tb=no", *QUIET)
    reason = f"line {line}: expect.ending: wanted 'unity_conference', got 'two_germanys'"
    result.stdout.fnmatch_lines([f"FAILED tests/replays/history.yaml::history - {reason}"])


def test_a_broken_replay_reports_its_problem_at_its_line(pytester: pytest.Pytester) -> None:
    project(pytester, {"tests/replays/typo.yaml": REPLAY.replace("side: ussr", "side: ussr\nchoises: []")})
    result = pytester.runpytest("--tb=line", *QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*tests/replays/typo.yaml:4:1: unknown key 'choises'*did you mean 'choices'*"])


def test_junit_names_are_the_folder_and_the_replay(pytester: pytest.Pytester) -> None:
    project(pytester, {"tests/replays/history.yaml": REPLAY, "tests/replays/broken.yaml": BROKEN_EXPECTATION})
    pytester.runpytest("--junitxml=out.xml", *QUIET)
    cases = {c.get("name"): c for c in ET.parse(pytester.path / "out.xml").iter("testcase")}
    assert set(cases) == {"history", "broken"}
    assert {c.get("classname") for c in cases.values()} == {"tests.replays"}
    failure = cases["broken"].find("failure")
    assert failure is not None and "expect.ending: wanted 'unity_conference'" in (failure.get("message") or "")
    assert "tests/replays/broken.yaml:" in (failure.text or "")


def test_with_autoload_disabled_the_projects_conftest_brings_the_plugin(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(pytester, {"tests/replays/history.yaml": REPLAY})
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.runpytest_subprocess(*QUIET).assert_outcomes()  # no entry points: the replays vanish
    pytester.makeconftest('pytest_plugins = ("bloc_game_pytest",)')
    pytester.runpytest_subprocess(*QUIET).assert_outcomes(passed=1)


def test_loading_the_plugin_does_not_import_the_game() -> None:
    code = "import sys, bloc_game_pytest; print(sorted(m for m in sys.modules if m.startswith('bloc_game')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['bloc_game_pytest']"


def test_a_replay_expecting_yes_is_told_to_write_true(tmp_path: Path) -> None:
    from bloc_game.errors import ReplayError
    from bloc_game.replay import load_replay

    path = tmp_path / "yes.yaml"
    path.write_text(REPLAY.replace("../../scenarios/", str(TUTORIAL.parent) + "/")
                    .replace("bonn_signed: true", "bonn_signed: yes"),
                    encoding="utf-8")
    with pytest.raises(ReplayError, match="expect.flags.bonn_signed: yes is true/false in YAML 1.1 .*write true or false"):
        load_replay(path)


def test_the_plugin_knows_every_top_level_key_of_a_replay_and_records_count_as_replays() -> None:
    import bloc_game_pytest
    from bloc_game.replay import REPLAY_KEYS

    assert frozenset(REPLAY_KEYS) == bloc_game_pytest._REPLAY_KEYS
    record = frozenset({"format", "scenario", "scenario_hash", "side", "seed", "opponent", "moves"})
    assert bloc_game_pytest.kind_of(record) == "replay"
    assert bloc_game_pytest.kind_of(frozenset({"format", "id", "title", "start", "end", "sides"})) == "scenario"
    assert bloc_game_pytest.kind_of(frozenset({"version", "services", "volumes"})) == ""
