"""The terminal game at its best: wrapping, facts by date, asking before quitting, saving and loading."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bloc_game import load
from bloc_game.saves import list_saves, load_game
from bloc_game.ui.text import WIDTH, TextGame

from conftest import FLAGSHIP, TUTORIAL


def play(scenario: Path, answers: list[str], side: str = "ussr", seed: int = 5) -> tuple[int, str, TextGame]:
    feed = iter(answers)
    out = io.StringIO()

    def read(prompt: str) -> str:
        out.write(prompt + "\n")  # a terminal shows the Enter that ends the answer
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    game = TextGame(load(scenario), side, seed, "historical", scenario, read=read, out=out)
    code = game.run()
    return code, out.getvalue(), game


def test_wrapped_lines_keep_their_indent_and_urls_are_never_broken(home: Path) -> None:
    _code, out, _game = play(FLAGSHIP, ["1"] * 40)
    lines = out.splitlines()
    urls = re.findall(r"https?://\S+", out)
    assert urls
    for url in urls:  # each URL whole on one line, so it can be copied
        assert any(url in line for line in lines)
    for i, line in enumerate(lines):  # a choice's second line starts under its text, not at the margin
        if re.match(r"  \d\. ", line) and len(line) > WIDTH - 12 and i + 1 < len(lines) and lines[i + 1].strip():
            assert lines[i + 1].startswith("     ") and not re.match(r"  \d\. ", lines[i + 1])
    assert all(len(line) <= WIDTH or "http" in line or line.endswith(": ") for line in lines)  # prompts aside


def test_established_facts_are_dated_in_order_capped_and_s_lists_them_all(home: Path) -> None:
    _code, out, _game = play(FLAGSHIP, ["1"] * 8 + ["s", "q", "n"])
    situation = out.rsplit("Established", 2)
    capped, full = situation[-2], situation[-1]  # the briefing's situation, then what 's' printed
    total = int(re.search(r"s lists all (\d+)", capped).group(1))
    capped_dates = re.findall(r"^    (\d{4}-\d\d-\d\d)  ", capped, re.M)
    full_dates = re.findall(r"^    (\d{4}-\d\d-\d\d)  ", full, re.M)
    assert total > 4 and len(capped_dates) == 4
    assert full_dates == sorted(full_dates) and len(full_dates) == total
    assert capped_dates == full_dates[-4:]  # the latest four


def test_q_asks_first_and_can_save_then_load_carries_on_from_the_save(home: Path) -> None:
    code, out, game = play(TUTORIAL, ["1", "q", "c", "q", "y"])
    assert code == 0 and "The game is not over. Save it before you leave?" in out
    assert "You left the game before its end." in out
    saves = list_saves(home / "saves")
    assert [s.slot for s in saves] == [f"{game.state.scenario.id}-{game.state.date:%Y-%m-%d}"]
    assert saves[0].side_label == "Soviet Union"
    state = load_game(saves[0].path)  # the desktop reads the same file the same way
    assert state.log == game.state.log and state.human_sides == ("ussr",)
    code, out, again = play(TUTORIAL, ["load", "1", "1", "1", "1", "1", "1", "1", "1"], seed=99)
    assert f"Loaded '{saves[0].slot}'" in out
    assert again.seed == 5 and again.state is not None and again.state.path[:1] == state.path[:1]


def test_save_with_a_bad_name_says_why_and_keeps_playing(home: Path) -> None:
    _code, out, _game = play(TUTORIAL, ["save ../../etc/passwd", "save class-3b", "q", "n"])
    assert "Not saved:" in out and "Saved as 'class-3b'" in out
    assert (home / "saves" / "class-3b.json").exists()
