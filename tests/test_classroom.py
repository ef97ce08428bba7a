"""The class debrief and hand-in, driven as a teacher and students would: 30 generated games in, report out."""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bloc_game import load, score
from bloc_game.classroom.analysis import first_departure, summarise
from bloc_game.classroom.gather import gather
from bloc_game.classroom.handin import hand_in, remembered_name
from bloc_game.cli import main
from bloc_game.ui.text import TextGame

from conftest import ROOT, TUTORIAL

sys.path.insert(0, str(ROOT / "tools"))
from sample_class import write_class  # noqa: E402


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    write_class(folder)
    return folder


@pytest.fixture(scope="module")
def debrief(class_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("debrief")
    assert main(["class", str(class_folder), "--out", str(out)]) == 0
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_a_class_of_30_mixed_files_gives_every_output_and_lists_the_damaged_one(
        debrief: Path, class_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(p.name for p in class_folder.iterdir())
    assert len(files) == 30 and any(f.endswith(".json") for f in files)
    for name in ("debrief.html", "debrief.md", "students.csv", "choices.csv", "departures.png", "flow.png",
                 "agreement.png", "endings.png", "outcomes.png", "mattered.png"):
        assert (debrief / name).stat().st_size > 200, name
    page = (debrief / "debrief.html").read_text(encoding="utf-8")
    assert "zofia-damaged.yaml" in page and "YAML syntax" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "<script" not in page  # self-contained
    assert page.count("data:image/png;base64,") == 6
    students = read_csv(debrief / "students.csv")
    assert len(students) == 29
    older = next(s for s in students if s["File"] == "game-01.yaml")  # the older format: no name in it
    assert older["Student"] == "game-01" and older["Ending"]


def test_the_report_figures_match_a_direct_computation(debrief: Path, class_folder: Path) -> None:
    states = []
    for path in sorted(class_folder.iterdir()):
        if "damaged" in path.name:
            continue
        if path.suffix == ".json":
            from bloc_game.saves import load_game
            states.append(load_game(path))
        else:
            from bloc_game.replay import load_replay, run_replay
            states.append(run_replay(load_replay(path)).state)
    taken = Counter((r.id, r.choice) for s in states for r in s.path if r.by == "human")
    sc = states[0].scenario
    shown = {(row["Decision point"], row["Choice"]): int(row["Students"]) for row in read_csv(debrief / "choices.csv")}
    for (point_id, choice_id), n in taken.items():
        point = sc.point(point_id)
        assert shown[(point.title, point.choice(choice_id).label)] == n
    assert sum(shown.values()) == sum(taken.values())
    endings = Counter(score(s).ending.title for s in states)
    page = (debrief / "debrief.md").read_text(encoding="utf-8")
    for e in sc.endings:
        assert f"- {e.title}{' (history)' if e.historical else ''}: {endings.get(e.title, 0)}" in page
    departures = Counter(first_departure(s).id for s in states if first_departure(s))
    games, failures = gather([class_folder])
    report = summarise(games, failures)
    assert {p.point.id: p.first_departures for p in report.points if p.first_departures} == dict(departures)
    # A departure computed by hand: the first human choice that history did not make.
    for s in states:
        own = [r for r in s.path if r.by == "human" and sc.point(r.id).historical_choice is not None]
        left = next((r.id for r in own if r.choice != sc.point(r.id).historical_choice.id), None)
        assert (first_departure(s).id if first_departure(s) else None) == left
    outcome = dict(report.outcomes)["Soviet Union"]
    assert sorted(outcome) == sorted(score(s).outcome("ussr").delta for s in states)


def test_random_play_expectation_is_one_over_the_choices_open(class_folder: Path) -> None:
    report = summarise(*gather([class_folder]))
    first = report.points[0]  # the first note: every USSR player has all three choices open
    assert first.point.id == "first_note"
    assert all(abs(c.expected - 1 / 3) < 1e-9 for c in first.choices)
    assert abs(sum(c.share for c in first.choices) - 1) < 1e-9


def test_anonymous_replaces_names_by_numbers(class_folder: Path, tmp_path: Path) -> None:
    assert main(["class", str(class_folder), "--out", str(tmp_path), "--anonymous"]) == 0
    page = (tmp_path / "debrief.html").read_text(encoding="utf-8")
    assert "Student 1" in page and "Amara" not in page and "amara.yaml" not in page
    assert "zofia" not in page.lower() and "1 file; the terminal listed it with its reason" in page
    assert "Amara" not in (tmp_path / "students.csv").read_text(encoding="utf-8")


def test_untrusted_names_are_escaped_and_nothing_readable_means_exit_1(tmp_path: Path) -> None:
    game = load(TUTORIAL)
    state = game.start("ussr", seed=1)
    while not state.is_over:
        state = state.choose(state.choices[0].id)
    handed = hand_in(state, tmp_path, '<img src=x onerror="alert(1)">')
    out = tmp_path / "out"
    assert main(["class", str(handed), "--out", str(out)]) == 0
    page = (out / "debrief.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "<img src=x" not in (out / "debrief.md").read_text(encoding="utf-8")
    spreadsheet = hand_in(state, tmp_path, "=HYPERLINK(1)")
    assert main(["class", str(spreadsheet), "--out", str(out)]) == 0
    assert read_csv(out / "students.csv")[0]["Student"] == "'=HYPERLINK(1)"  # not run as a formula
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["class", str(bad), "--out", str(tmp_path / "none")]) == 1


def test_a_game_handed_in_from_the_terminal_carries_the_name_asked_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path / "home"))
    folder = tmp_path / "class"
    folder.mkdir()
    for game_number in (1, 2):
        answers = iter(["1"] * 40)
        asked: list[str] = []

        def read(prompt: str, asked: list[str] = asked, answers: Iterator[str] = answers) -> str:
            asked.append(prompt)
            if "Hand in" in prompt:
                return str(folder)
            if "Your name" in prompt:
                return "Ada Lovelace"
            return next(answers)

        out = io.StringIO()
        TextGame(load(TUTORIAL), "ussr", game_number, "historical", TUTORIAL, read=read, out=out).run()
        assert "Handed in as Ada Lovelace" in out.getvalue()
        assert sum("Your name" in p for p in asked) == (1 if game_number == 1 else 0)
    assert remembered_name() == "Ada Lovelace"
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == ["ada-lovelace-tutorial_stalin_note-2.yaml", "ada-lovelace-tutorial_stalin_note.yaml"]
    text = files[1].read_text(encoding="utf-8")
    assert "name: Ada Lovelace" in text and "scenario: tutorial_stalin_note\n" in text  # portable: by id, no paths
    games, failures = gather([folder])
    assert not failures and {g.name for g in games} == {"Ada Lovelace"}


def test_play_record_name(tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.yaml"
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    main(["play", "--text", str(TUTORIAL), "--record", str(target), "--name", "Grace Hopper", "--seed", "2"])
    assert "name: Grace Hopper" in target.read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as usage:
        main(["play", "--text", str(TUTORIAL), "--name", "Grace"])
    assert usage.value.code == 2 and "--name goes with --record" in capsys.readouterr().err


def test_handout_pack_has_every_sheet_sources_and_the_teachers_page(tmp_path: Path) -> None:
    assert main(["handout", "molotov_1954", "--out", str(tmp_path)]) == 0
    sc = load(ROOT / "scenarios" / "molotov_1954.yaml").scenario
    for side in sc.sides:
        page = (tmp_path / f"handout-{side.id}.html").read_text(encoding="utf-8")
        ours = [p for p in sc.points if p.actor == side.id]
        assert page.count('<section class="sheet">') == len(ours) + 1  # one per decision, then the sources
        assert all(o.label.replace("'", "&#x27;") in page for o in side.objectives)
    teacher = (tmp_path / "teacher.html").read_text(encoding="utf-8")
    assert all(e.title.replace("'", "&#x27;") in teacher for e in sc.endings)


def test_discussion_questions_follow_each_students_path(tmp_path: Path) -> None:
    """The tutorial's reply question has two wordings: each is shown with the number of students who met it."""
    game = load(TUTORIAL)
    folder = tmp_path / "class"
    folder.mkdir()
    for i, first in enumerate(("offer_free_elections", "send_note", "send_note")):
        state = game.start("hotseat", seed=i).choose(first)
        while not state.is_over:
            state = state.choose(state.choices[0].id)
        hand_in(state, folder, f"Pair {i}")
    out = tmp_path / "out"
    assert main(["class", str(folder), "--out", str(out)]) == 0
    report = summarise(*gather([folder]))
    reply = next(p for p in report.points if p.point.id == "first_reply")
    assert [n for _text, n in reply.questions] == [2, 1]
    assert "already accepted supervised elections" in reply.questions[1][0]
    page = (out / "debrief.html").read_text(encoding="utf-8")
    section = page.split("Questions for the discussion", 1)[1].split("Every decision point", 1)[0]
    assert "2 students: " in section and "1 student: " in section and "Answering Moscow" in section
    assert "3 students decided here" in section
    assert "Was the note an offer to be tested" in section  # one wording for all: no count
    handouts = tmp_path / "handouts"
    assert main(["handout", str(TUTORIAL), "--out", str(handouts)]) == 0
    teacher = (handouts / "teacher.html").read_text(encoding="utf-8")
    assert "When free_elections_offered" in teacher and "Otherwise" in teacher


def test_without_matplotlib_the_debrief_is_written_without_charts_and_says_why(
        class_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    assert main(["class", str(class_folder), "--out", str(tmp_path)]) == 0
    assert "pip install 'bloc-game[teacher]'" in capsys.readouterr().err
    page = (tmp_path / "debrief.html").read_text(encoding="utf-8")
    assert "data:image/png" not in page and "bloc-game[teacher]" in page and not list(tmp_path.glob("*.png"))
    assert len(read_csv(tmp_path / "students.csv")) == 29


def test_class_and_handout_mistakes_get_one_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["handout", "molotov_1954", "--out", str(blocker)]) == 1
    assert "cannot write the handouts to" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["class", str(empty), str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "missing: no such file or folder" in err and "no game could be read" in err and "Traceback" not in err


def test_a_save_from_an_earlier_version_of_the_scenario_is_still_read(tmp_path: Path) -> None:
    """Saves refuse a changed scenario when resuming play; the debrief reads any version whose choices still fit."""
    from bloc_game.saves import SaveError, load_game, save_game

    scenario = tmp_path / "tutorial_copy.yaml"
    scenario.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    game = load(scenario)
    state = game.start("ussr", seed=4)
    while not state.is_over:
        state = state.choose(state.choices[-1].id)
    save_game(state, tmp_path / "kim.json")
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\n# a teacher's note added after the lesson\n",
                        encoding="utf-8")
    with pytest.raises(SaveError, match="has changed"):
        load_game(tmp_path / "kim.json")
    games, failures = gather([tmp_path / "kim.json"])
    assert not failures and games[0].state.log == state.log


@pytest.mark.parametrize("lang, heading, students", [
    ("de", "Wo die Schüler/innen zuerst von der Geschichte abwichen", "Schüler/innen"),
    ("ru", "Где ученики впервые отступили от истории", "Ученики"),
])
def test_class_lang_writes_the_debrief_in_that_language_with_untrusted_text_still_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, heading: str, students: str) -> None:
    state = load(TUTORIAL).start("ussr", seed=1)
    while not state.is_over:
        state = state.choose(state.choices[0].id)
    handed = hand_in(state, tmp_path, '<b onclick="x()">Ada</b>')
    out = tmp_path / "out"
    assert main(["class", str(handed), "--out", str(out), "--lang", lang]) == 0
    page = (out / "debrief.html").read_text(encoding="utf-8")
    translated = load(TUTORIAL, lang=lang).scenario
    assert f'<html lang="{lang}">' in page
    assert f"<h2>{heading}</h2>" in page and f"<h2>{students}</h2>" in page
    assert translated.title in page and translated.title != load(TUTORIAL).scenario.title  # the scenario's own words too
    assert "Where students first left history" not in page and "class debrief" not in page
    assert "<b onclick" not in page and "&lt;b onclick=&quot;x()&quot;&gt;Ada&lt;/b&gt;" in page
    assert heading in (out / "debrief.md").read_text(encoding="utf-8")
    headers = (out / "students.csv").read_text(encoding="utf-8").splitlines()[0]
    assert headers.startswith("#,Student,File,Seat")  # CSV columns are keys: English in every language
