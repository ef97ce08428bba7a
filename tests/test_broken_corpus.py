"""Every broken scenario in tests/broken/ yields its expected file:line:col message, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import bloc_game
from bloc_game.cli import main

from conftest import BROKEN

CASES = sorted(BROKEN.glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$")
# Cases whose mutation makes more than one mistake, so more than one message is right:
# the item gains an unknown key besides the wrong value; the variable named `not` has no
# min, max or initial either; a broken history also reaches the wrong ending; a control
# character inside a key is refused and also leaves the key one the item does not know.
SEVERAL_MISTAKES = {"08_choices_not_a_list": 2, "35_choices_empty": 2, "38_keyword_as_variable": 4,
                    "44_history_choice_unavailable": 2, "55_control_in_key": 2}


def expectation(path: Path) -> tuple[int, int, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = EXPECT.match(first)
    assert m, f"{path.name} has no '# expect:' header"
    return int(m.group(1)), int(m.group(2)), m.group(3)


def test_the_corpus_covers_at_least_thirty_mistakes() -> None:
    assert len(CASES) >= 30


def test_the_base_of_the_corpus_is_valid(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text((BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert bloc_game.validate(base) == []


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_broken_scenario_reports_its_mistake_at_the_right_place(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line, column, fragment = expectation(path)
    problems = bloc_game.validate(path)
    rendered = [str(p) for p in problems]
    assert any(
        r.startswith(f"{path}:{line}:{column}: ") and fragment in r for r in rendered
    ), f"wanted {line}:{column}: ...{fragment}..., got:\n" + "\n".join(rendered)
    # One mistake, one message: no follow-on errors (a variable with a wrong value stays declared).
    assert len(problems) == SEVERAL_MISTAKES.get(path.stem, 1), "\n".join(rendered)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    assert f"{path}:{line}:{column}: " in out.out
    assert "Traceback" not in out.out + out.err


def test_validate_over_the_whole_corpus_exits_1_without_a_traceback() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bloc_game", "validate", str(BROKEN)],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    for path in CASES:
        assert str(path) in run.stdout + run.stderr
