"""Issue 13, round two of hardening: untrusted text never reaches a terminal raw, text sizes are
bounded, files that are not what they seem never hang or crash the game, and the small edges
of the command line and the prompt answer with a message."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import bloc_game
from bloc_game import paths
from bloc_game.engine import Game
from bloc_game.saves import SaveError, _checksum, load_game, read_save, save_game
from bloc_game.ui.text import TextGame
from bloc_game.untrusted import FORBIDDEN, visible
from bloc_game.userfiles import clean_stale_temps

from conftest import BROKEN, TUTORIAL

BASE = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8")
ESC_TITLE = '"\\e[2J\\e]0;pwned\\a\\e]52;c;aGk=\\a\\u202eevil"'
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero")


def cli(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bloc_game", *args], capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def raw_controls(data: bytes) -> list[str]:
    """Forbidden characters in a program's output (newline and tab are fine)."""
    return FORBIDDEN.findall(data.decode("utf-8", errors="replace"))


def within(seconds: float, fn):  # type: ignore[no-untyped-def]
    """Run ``fn``; fail (rather than hang the suite) if it has not returned in time."""
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as err:  # noqa: BLE001 - handed back to the test
            box["error"] = err

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


# ------------------------------------------------------------------------------ class 2: control characters

def test_the_sanitiser_makes_every_forbidden_character_visible_and_keeps_newlines_and_tabs() -> None:
    assert visible("a\x1b[2Jb\x9b\x7f\u202e\u2066\nc\td") == "a\\x1b[2Jb\\x9b\\x7f\\u202e\\u2066\nc\td"
    assert visible("plain – text, ümlauts, 日本") == "plain – text, ümlauts, 日本"


def test_validate_refuses_escape_sequences_and_never_prints_them(tmp_path: Path) -> None:
    text = BASE.replace("    title: A note", f"    title: {ESC_TITLE}").replace(
        "  cohesion: {label", '  "\\e]0;key\\a": {label: K, min: 0, max: 1, initial: 0}\n  cohesion: {label')
    path = tmp_path / "escapes.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("validate", str(path))
    assert run.returncode == 1
    out = run.stdout + run.stderr
    assert raw_controls(out) == [], raw_controls(out)
    assert b"control character U+001B" in out
    assert b"\\x1b]0;key\\x07" in out  # the key is echoed, escaped, in the id message


def test_a_file_name_with_escapes_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a\x1b]0;title\x07.yaml"
    path.write_text("title: [\n", encoding="utf-8")
    run = cli("validate", str(path))
    assert run.returncode == 1 and raw_controls(run.stdout + run.stderr) == []
    assert b"a\\x1b]0;title\\x07.yaml" in run.stdout + run.stderr


def test_a_replay_file_with_escapes_in_its_keys_and_ids_is_refused_without_printing_them(tmp_path: Path) -> None:
    replay = tmp_path / "bad.yaml"
    replay.write_text(f"scenario: {TUTORIAL}\nside: ussr\nseed: 1\nchoices:\n"
                      '  - "\\e[2Jpoint": "\\e]52;c;aGk=\\achoice"\n', encoding="utf-8")
    run = cli("replay", str(replay))
    assert run.returncode == 1
    assert raw_controls(run.stdout + run.stderr) == []
    assert b"U+001B" in run.stdout + run.stderr


def test_a_save_quoting_forged_ids_gives_an_escaped_message(tmp_path: Path) -> None:
    game = bloc_game.load(TUTORIAL)
    path = tmp_path / "forged.json"
    save_game(game.start("ussr", seed=1), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["game"]["moves"] = [{"point": "\x1b[2Jpoint", "choice": "\x1b]52;c;aGk=\x07", "by": "human"}]
    data["checksum"] = _checksum(data["game"])
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError) as err:
        load_game(path)
    assert not FORBIDDEN.search(str(err.value)) and "\\x1b[2Jpoint" in str(err.value)


def test_command_line_values_echoed_in_errors_are_escaped() -> None:
    run = cli("play", "--text", "no\x1b]0;such\x07")
    assert run.returncode == 1 and raw_controls(run.stderr) == [] and b"no\\x1b]0;such\\x07" in run.stderr


# ------------------------------------------------------------------------------ class 4: text sizes

def test_a_two_megabyte_title_is_refused_at_load_with_its_position_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge_title.yaml"
    path.write_text(BASE.replace("title: Base scenario", "title: " + "T" * 2_000_000), encoding="utf-8")
    start = time.perf_counter()
    problems = bloc_game.validate(path)
    assert time.perf_counter() - start < 5
    assert [(p.where.line, p.where.column) for p in problems] == [(3, 8)]
    assert "2,000,000 characters long; the limit for a title is 120" in problems[0].message


def test_every_shipped_text_is_within_its_limit() -> None:
    for name in ("tutorial_stalin_note", "molotov_1954"):
        assert bloc_game.validate(paths.find_scenario(name)) == []


# ------------------------------------------------------------------------------ class 5: files

@pytest.fixture(scope="module")
def good_save(tmp_path_factory: pytest.TempPathFactory) -> Path:
    game = bloc_game.load(TUTORIAL)
    path = tmp_path_factory.mktemp("good") / "slot.json"
    save_game(game.start("ussr", seed=3).choose("send_note"), path)
    return path


def forged(good_save: Path, tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of a good save with ``change`` applied to its contents and a matching checksum."""
    data = json.loads(good_save.read_text(encoding="utf-8"))
    change(data["game"])
    data["checksum"] = _checksum(data["game"])
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, text", [
    ("nested", "[" * 100_000 + "]" * 100_000),
    ("nested_in_game", '{"format": 1, "game": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}"),
    ("huge_number", '{"format": 1' + "0" * 5000 + ', "game": {}}'),
    ("huge_float", '{"format": 1, "game": {"seed": 1e999}, "checksum": "x"}'),
    ("nan", '{"format": 1, "game": {"seed": NaN}, "checksum": "x"}'),
    ("not_utf8", b'{"format": 1, "game": "caf\xe9"}'),
])
def test_a_parse_failure_is_a_damaged_save_never_a_traceback(tmp_path: Path, name: str, text) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(SaveError, match="is damaged"):
        load_game(path)


@pytest.mark.parametrize("field, value", [("seed", float("inf")), ("seed", 10**40), ("seed", True), ("seed", -1),
                                          ("moves", [["a"]]), ("moves", [{"point": 1, "choice": 2, "by": "human"}]),
                                          ("moves", "x")])
def test_forged_contents_with_a_valid_checksum_are_damaged(tmp_path: Path, good_save: Path, field: str, value) -> None:  # type: ignore[no-untyped-def]
    if value == float("inf"):  # json.dumps writes Infinity, which JSON itself does not allow
        path = forged(good_save, tmp_path, lambda g: g.__setitem__(field, 1))
        path.write_text(path.read_text().replace('"seed": 1', '"seed": Infinity'), encoding="utf-8")
    else:
        path = forged(good_save, tmp_path, lambda g: g.__setitem__(field, value))
    with pytest.raises(SaveError, match="damaged"):
        load_game(path)


@posix_only
def test_a_save_slot_that_is_a_fifo_or_a_link_to_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    for path, why in ((fifo, "pipe"), (zero, "device")):
        with pytest.raises(SaveError, match=why):
            within(5, lambda p=path: read_save(p))
    listed = within(5, lambda: bloc_game.saves.list_saves(tmp_path))
    assert {s.slot for s in listed} == {"fifo", "zero"} and all("damaged" in s.scenario_title or "cannot read" in
                                                               s.scenario_title for s in listed)


def test_a_damaged_save_with_a_backup_offers_the_backup(tmp_path: Path, good_save: Path) -> None:
    slot = tmp_path / "slot.json"
    slot.write_text(good_save.read_text(encoding="utf-8"), encoding="utf-8")
    save_game(load_game(slot), slot)  # keeps the first as .bak
    slot.write_text("[" * 100_000, encoding="utf-8")
    import pygame_gui
    from test_desktop import open_app  # the desktop test module sets SDL's dummy driver first

    from bloc_game.ui.desktop.screens import open_saved_game
    from bloc_game.ui.desktop.settings import Settings

    os.environ["BLOC_GAME_HOME"] = str(tmp_path)
    try:
        app = open_app(Settings())
        open_saved_game(app, slot)
        assert isinstance(app.dialog, pygame_gui.windows.UIConfirmationDialog)
        assert "damaged" in app.dialog.confirmation_text.html_text and "slot.bak" in app.dialog.confirmation_text.html_text
    finally:
        del os.environ["BLOC_GAME_HOME"]


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "nested", "huge_number", "nan", "not_an_object", "folder"])
def test_a_bad_settings_file_falls_back_to_defaults_with_one_notice(tmp_path: Path, kind: str) -> None:
    from bloc_game.ui.desktop.settings import Settings, read_settings

    path = tmp_path / "settings.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev_zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text({"nested": "[" * 100_000, "huge_number": '{"width": 1' + "0" * 5000 + "}",
                         "nan": '{"width": NaN}', "not_an_object": "[1, 2]"}[kind], encoding="utf-8")
    settings, notice = within(5, lambda: read_settings(path))
    assert settings == Settings()
    assert notice is not None and "default settings are used" in notice and str(path) in notice
    assert read_settings(tmp_path / "missing.json") == (Settings(), None)


def test_the_desktop_starts_with_a_damaged_settings_file_and_says_so_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from test_desktop import open_app

    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path))
    (tmp_path / "settings.json").write_text("[" * 100_000, encoding="utf-8")
    app = open_app()
    assert app.dialog is not None and app.dialog.window_display_title == "Settings reset"
    assert app.settings.size == (1280, 800)


def test_the_crash_handler_never_raises_even_when_the_log_cannot_be_written(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from test_desktop import open_app

    from bloc_game.ui.desktop.settings import Settings

    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path))
    app = open_app(Settings())
    (tmp_path / "errors.log").mkdir()  # opening the log for appending fails, as on a read-only folder

    def boom(_dt: float) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(app.screen, "update", boom)
    app.frame([], 1 / 60)  # must not raise
    assert app.dialog is not None and app.dialog.window_display_title == "Something went wrong"
    assert "could not be written" in app.dialog.text_block.html_text


@posix_only
def test_record_refuses_a_fifo_a_device_the_scenario_and_an_existing_file_without_force(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    scenario = tmp_path / "tutorial.yaml"
    scenario.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    existing = tmp_path / "old.yaml"
    existing.write_text("keep me\n", encoding="utf-8")
    game = ["play", "--text", str(scenario), "--side", "watch", "--seed", "1"]
    for target, why in ((fifo, b"not a regular file"), (Path("/dev/null"), b"not a regular file"),
                        (scenario, b"is the scenario being played"), (existing, b"add --force")):
        run = cli(*game, "--record", str(target), timeout=20)
        assert run.returncode == 2 and why in run.stderr, (target, run.stderr)
    assert fifo.is_fifo() and existing.read_text() == "keep me\n"
    assert scenario.read_text(encoding="utf-8") == TUTORIAL.read_text(encoding="utf-8")
    run = cli(*game, "--record", str(existing), "--force")
    assert run.returncode == 0 and existing.read_text(encoding="utf-8").startswith("# Recorded by bloc-game")


@posix_only
def test_validate_lint_and_replay_refuse_a_fifo_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    for command in ("validate", "lint", "replay"):
        run = cli(command, str(fifo), timeout=20)
        assert run.returncode == 2 and b"is not a regular file" in run.stderr, (command, run.stderr)
    with pytest.raises(bloc_game.errors.ScenarioError, match="not a regular file"):  # the desktop's own-scenario list
        within(5, lambda: bloc_game.load(fifo))
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(bloc_game.errors.ScenarioError, match="a device"):
        within(5, lambda: bloc_game.load(zero))
    replay = tmp_path / "replay.yaml"
    replay.write_text(f"scenario: {fifo.name}\nside: ussr\nseed: 1\nchoices: []\n", encoding="utf-8")
    run = cli("replay", str(replay), timeout=20)  # the scenario it names is the FIFO
    assert run.returncode == 1 and b"scenario file 'scenario.yaml'" in run.stderr, run.stderr


_CHILD_SAVES = r"""
import sys
from pathlib import Path
import bloc_game
from bloc_game.saves import save_game
game = bloc_game.load(sys.argv[1])
state = game.start("ussr", seed=1)
for _ in range(int(sys.argv[3])):
    save_game(state, Path(sys.argv[2]))
print("done")
"""


def test_two_processes_saving_one_slot_do_not_collide(tmp_path: Path) -> None:
    slot = tmp_path / "slot.json"
    children = [subprocess.Popen([sys.executable, "-c", _CHILD_SAVES, str(TUTORIAL), str(slot), "150"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and out.strip() == "done", err
    load_game(slot)
    load_game(slot.with_suffix(".bak"))
    assert not list(tmp_path.glob(".*.tmp"))


def test_stale_temporary_files_are_cleaned_at_start_and_live_ones_kept(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    saves = tmp_path / "saves"
    saves.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = saves / f".autosave.json.{int(dead.stdout)}.k3j2x9ab.tmp"  # its owner is gone
    old = saves / ".autosave.json.bak.tmp"  # the old fixed name, from before owners were recorded
    live = saves / f".autosave.json.{os.getpid()}.zz11yy22.tmp"  # a write in progress in this process
    for path in (killed, old, live):
        path.write_text("partial", encoding="utf-8")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    keep = saves / "autosave.json"
    keep.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path))
    monkeypatch.setattr(paths, "_cleaned", set())
    assert paths.user_folder("saves") == saves
    assert sorted(p.name for p in saves.iterdir()) == sorted([live.name, keep.name])
    assert clean_stale_temps(saves) == 0


def test_killed_saves_leave_no_temporary_files_once_the_game_starts_again(tmp_path: Path) -> None:
    """The 200-kill test found 186 leftovers; each carries its owner's id, so the next start removes them."""
    for n in range(50):
        child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        (tmp_path / f".slot.json.{int(child.stdout)}.abc{n:05d}.tmp").write_text("x", encoding="utf-8")
    assert clean_stale_temps(tmp_path) == 50 and not list(tmp_path.iterdir())


# ------------------------------------------------------------------------------ class 6: small edges

@pytest.mark.parametrize("answer", ["²", "৮", "1" * 5000, "١", "Ⅻ", "1.0", "-1", "0"])
def test_a_prompt_answer_that_is_not_ascii_digits_asks_again(answer: str) -> None:
    game = bloc_game.load(TUTORIAL)
    answers = iter([answer, "q", "n"])
    out = io.StringIO()
    ui = TextGame(game, "ussr", 1, "historical", TUTORIAL, read=lambda _prompt: next(answers), out=out)
    assert ui.run() == 0
    assert "Type a number from 1 to" in out.getvalue()


def test_new_into_a_file_screenshots_into_a_file_and_a_home_that_is_a_file_give_messages(tmp_path: Path) -> None:
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x", encoding="utf-8")
    runs = {
        "new": cli("new", "mine", "--directory", str(a_file)),
        "screenshots": cli("screenshots", str(a_file)),
        "home": cli("play", "--watch", env={"BLOC_GAME_HOME": str(a_file), "SDL_VIDEODRIVER": "dummy",
                                            "SDL_AUDIODRIVER": "dummy", "BLOC_GAME_EXIT_AFTER_FRAMES": "1"}),
    }
    for name, run in runs.items():
        assert run.returncode in (1, 2), (name, run.returncode, run.stderr)
        assert b"Traceback" not in run.stderr and b"is a file" in run.stderr, (name, run.stderr)
    assert a_file.read_text() == "x"


def test_a_pygame_error_after_the_window_opened_is_not_called_a_missing_display(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import pygame

    from bloc_game import cli
    from bloc_game.ui.desktop import launch

    def fails_after_opening(*_args: object) -> int:
        pygame.display.init()
        pygame.display.set_mode((200, 100))
        raise pygame.error("Text has zero width")

    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setattr(launch, "run_desktop", fails_after_opening)
    try:
        assert cli.desktop(None, "title") == 1
    finally:
        pygame.display.quit()
    err = capsys.readouterr().err
    assert "the desktop game stopped: Text has zero width" in err and "needs a display" not in err


def test_explore_refuses_max_states_zero() -> None:
    run = cli("explore", str(TUTORIAL), "--max-states", "0")
    assert run.returncode == 2 and b"--max-states must be at least 1" in run.stderr


def test_game_runs_unaffected_by_a_stale_temp_in_the_save_folder(tmp_path: Path) -> None:
    """Cleaning is by owner and age, never by a broad pattern: other files in the folder stay."""
    (tmp_path / "notes.tmp").write_text("mine", encoding="utf-8")
    (tmp_path / "slot.json").write_text("{}", encoding="utf-8")
    assert clean_stale_temps(tmp_path) == 0 and len(list(tmp_path.iterdir())) == 2
    assert isinstance(bloc_game.load(TUTORIAL), Game)
