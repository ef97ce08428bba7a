"""The bloc-game command and the text front end, driven as a user would drive them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bloc_game.cli import main
from bloc_game.replay import load_replay, run_replay

from conftest import FLAGSHIP, SCENARIOS, TUTORIAL, clock_bound

CLI = [sys.executable, "-m", "bloc_game"]


def run(args: list[str], stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(CLI + args, input=stdin, capture_output=True, text=True, timeout=timeout)


def test_without_arguments_it_opens_the_desktop_game() -> None:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "BLOC_GAME_EXIT_AFTER_FRAMES": "3"}
    out = subprocess.run(CLI, capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY is how Linux names its display")
@pytest.mark.parametrize("unset", [["DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"], ["DISPLAY", "SDL_VIDEODRIVER"]])
def test_without_a_display_one_clear_line_and_a_failure_at_once(tmp_path: Path, unset: list[str]) -> None:
    """The README's first command on a machine without a display: `env -u DISPLAY bloc-game`."""
    env_u = [arg for name in unset for arg in ("-u", name)]
    env = [] if "WAYLAND_DISPLAY" in unset else ["WAYLAND_DISPLAY=wayland-bloc-game-none"]
    start = time.monotonic()
    out = subprocess.run(["env", *env_u, *env, f"BLOC_GAME_HOME={tmp_path}", *CLI], capture_output=True, text=True,
                         timeout=30)
    took = time.monotonic() - start
    lines = [line for line in (out.stdout + out.stderr).splitlines() if line.strip()]
    assert out.returncode == 1
    assert len(lines) == 1, lines
    assert "needs a display" in lines[0] and "bloc-game play --text" in lines[0]
    limit = clock_bound(2.0)
    assert took < limit, f"took {took:.2f} s (limit {limit:.1f} s at this machine's load)"


def test_help_says_what_no_command_does() -> None:
    out = run(["--help"])
    assert out.returncode == 0 and "With no command, bloc-game opens the desktop game" in " ".join(out.stdout.split())


def test_validate_exit_codes(tmp_path: Path) -> None:
    assert run(["validate", str(SCENARIOS)]).returncode == 0
    broken = tmp_path / "b.yaml"
    broken.write_text("format: 1\n", encoding="utf-8")
    bad = run(["validate", str(broken)])
    assert bad.returncode == 1 and f"{broken}:1:1: the scenario is missing the key 'title'" in bad.stdout
    missing = run(["validate", str(tmp_path / "none.yaml")])
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    assert run(["validate"]).returncode == 2


@pytest.mark.parametrize("args, fragment", [
    (["play", "--text", "--side", "france", str(TUTORIAL)], "--side must be one of ussr, nato, hotseat, watch"),
    (["play", "--text", "--opponent", "genius", str(TUTORIAL)], "invalid choice: 'genius'"),
    (["play", "--text", "--seed", "x"], "invalid int value"),
    (["play", "--text", "no_such_scenario"], "no scenario file 'no_such_scenario'"),
    (["replay", "missing.yaml"], "no such file"),
    (["fly"], "invalid choice: 'fly'"),
])
def test_command_line_mistakes_get_one_clear_message(args: list[str], fragment: str) -> None:
    out = run(args)
    assert out.returncode in (1, 2)
    assert fragment in out.stderr and "Traceback" not in out.stderr


def piped_game(scenario: Path, side: str, answers: str, seed: int = 5) -> subprocess.CompletedProcess[str]:
    return run(["play", "--text", str(scenario), "--side", side, "--seed", str(seed)], stdin=answers)


@pytest.mark.parametrize("scenario", [p for p in (TUTORIAL, FLAGSHIP) if p.exists()], ids=lambda p: p.stem)
@pytest.mark.parametrize("side", ["ussr", "nato"])
def test_piped_text_game_reaches_the_end_report(scenario: Path, side: str) -> None:
    out = piped_game(scenario, side, "1\n" * 60)
    assert out.returncode == 0, out.stderr
    assert "ENDING:" in out.stdout and "SCORE AGAINST HISTORY" in out.stdout and "TIMELINES" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_text_game_shows_briefing_sources_choices_and_the_other_side() -> None:
    out = piped_game(TUTORIAL, "ussr", "1\n1\n1\n").stdout
    assert "1952-03-10  SOVIET UNION - The first note" in out
    assert "Sources:\n  - https://en.wikipedia.org/wiki/Stalin_Note" in out
    assert "  1. Send the note as drafted" in out
    assert "WESTERN ALLIES - Answering Moscow" in out and "> They chose: Insist on UN-checked free elections first" in out
    assert "EVENT - European Defence Community treaty signed in Paris" in out


def test_text_game_help_status_undo_and_bad_input() -> None:
    out = piped_game(TUTORIAL, "ussr", "?\ns\nbanana\n9\nu\n2\nu\n1\nq\nn\n").stdout
    assert "undo your last decision" in out
    assert "Type a number from 1 to 3" in out
    assert "Nothing to undo yet." in out
    assert "Undone: back to 1952-03-10, The first note." in out
    assert "You left the game before its end." in out


def test_end_of_input_leaves_cleanly_and_keeps_the_record(tmp_path: Path) -> None:
    record = tmp_path / "partial.yaml"
    out = run(["play", "--text", str(TUTORIAL), "--seed", "3", "--record", str(record)], stdin="2\n")
    assert out.returncode == 0 and "Input ended before the game did" in out.stdout
    assert "Traceback" not in out.stderr
    script = load_replay(record)
    assert [c[:2] for c in script.choices] == [("first_note", "offer_free_elections")]


def test_recorded_finished_game_replays_with_all_expectations(tmp_path: Path) -> None:
    record = tmp_path / "game.yaml"
    out = run(["play", "--text", str(TUTORIAL), "--side", "nato", "--seed", "8", "--record", str(record)],
              stdin="2\n1\n1\n1\n1\n")
    assert out.returncode == 0 and "Replay of the finished game written" in out.stdout
    result = run_replay(load_replay(record))
    assert result.ok and result.state.is_over
    assert run(["replay", str(record)]).returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_ctrl_c_leaves_cleanly() -> None:
    # A terminal's Ctrl-C reaches a foreground game whose SIGINT is at its default. A suite started
    # in the background (`.ci/run &`) runs with SIGINT ignored, and a child inherits that, so the
    # game would never see the signal: give it the terminal's disposition.
    proc = subprocess.Popen(CLI + ["play", "--text", str(TUTORIAL), "--seed", "1"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.stdout is not None
    deadline = time.time() + 30
    seen = ""
    while "Your choice" not in seen and time.time() < deadline:
        seen += proc.stdout.read(1)
    # Wait with stdin still open: closing it at once (communicate) races the signal with an
    # end of input, which is a clean quit (exit 0) of its own. Under heavy load a first signal
    # was seen to go unanswered; press Ctrl-C again as a player would, for up to 30 s.
    for _ in range(30):
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=1)
            break
        except subprocess.TimeoutExpired:
            continue
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (proc.returncode, out[-600:], err[-600:])
    assert "Interrupted" in out + err and "Traceback" not in err


def test_watch_mode_needs_no_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--text", str(TUTORIAL), "--side", "watch", "--seed", "2", "--opponent", "random"]) == 0
    assert "ENDING:" in capsys.readouterr().out


def test_an_unwritable_record_is_reported_not_a_traceback(tmp_path: Path) -> None:
    target = tmp_path / "is_a_folder.yaml"
    target.mkdir()
    out = run(["play", "--text", str(TUTORIAL), "--side", "watch", "--seed", "1", "--record", str(target)])
    assert out.returncode == 2 and "not a regular file" in out.stderr  # refused before the game starts
    assert "Traceback" not in out.stderr
    assert target.is_dir()
