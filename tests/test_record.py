"""The game record: state.record(), Game.replay(record), and the files built on them."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bloc_game
from bloc_game import GameOverError, IllegalChoiceError, RecordMismatchError, Seating, UnknownSideError
from bloc_game.engine import HUMAN, GameRecord, Move, SeatingMode
from bloc_game.replay import load_replay, record, run_replay
from bloc_game.saves import load_game, save_game
from bloc_game.transcript import transcript

from conftest import FLAGSHIP, TUTORIAL

GAMES = {p: bloc_game.load(p) for p in (TUTORIAL, FLAGSHIP)}


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path / "home"))


def play(game: bloc_game.Game, seating: str, opponent: str, seed: int, picks: list[int], moves: int) -> bloc_game.State:
    """A game played ``moves`` moves in: humans pick by ``picks``, a watched game steps its policies."""
    state = game.start(seating, seed=seed, opponent=opponent, autoplay=seating != "watch")
    for i in range(moves):
        if state.is_over:
            break
        seat = state.to_move
        assert seat is not None
        if seat.is_human:
            choices = state.choices
            state = state.choose(choices[(picks[i] if i < len(picks) else seed) % len(choices)].id)
        else:
            state = state.step()
    return state


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(list(GAMES)), seating=st.sampled_from(["ussr", "nato", "hotseat", "watch"]),
       opponent=st.sampled_from(["historical", "random", "lookahead"]), seed=st.integers(0, 2**32),
       picks=st.lists(st.integers(0, 8), max_size=30), moves=st.integers(0, 40))
def test_save_and_record_both_rebuild_the_game_byte_for_byte(tmp_path: Path, path, seating, opponent, seed, picks,
                                                            moves) -> None:
    game = GAMES[path]
    state = play(game, seating, opponent, seed, picks, moves)
    slot = tmp_path / "slot.json"
    save_game(state, slot)
    loaded = load_game(slot)
    replayed = game.replay(state.record())
    assert transcript(loaded) == transcript(state) == transcript(replayed)
    assert loaded.log == replayed.log == state.log
    # The same record; where the scenario file lies may differ (a checkout's copy named by id
    # loads the installed copy with the same content hash).
    assert replace(loaded.record(), scenario_path="") == replace(state.record(), scenario_path="")
    assert loaded.record().scenario_hash == state.record().scenario_hash
    # undo history comes back too: the same chain of earlier states
    for a, b in ((loaded, state), (replayed, state)):
        while b.can_undo:
            assert a.can_undo
            a, b = a.undo(), b.undo()
            assert a.log == b.log
        assert not a.can_undo


def test_a_watched_game_replays_to_the_move_it_reached(tutorial: bloc_game.Game) -> None:
    state = tutorial.start(Seating.WATCH, seed=4, autoplay=False).step().step().step()
    assert len(state.path) == 3 and not state.is_over
    again = tutorial.replay(state.record())
    assert again.log == state.log and again.current == state.current


def test_a_record_lists_every_move_with_who_made_it_and_every_chance_step(tutorial: bloc_game.Game) -> None:
    state = tutorial.start("hotseat", seed=0)
    for choice in ("offer_free_elections", "elections_first", "drop_exchange", "sign_anyway",
                   "restate_and_denounce", "sign_treaties"):
        state = state.choose(choice)
    moves = state.record().moves
    assert [m.choice for m in moves if not m.is_chance] == [r.choice for r in state.path]
    assert all(m.by == HUMAN for m in moves if not m.is_chance)
    assert [m.event for m in moves if m.is_chance] == ["bundestag_revolt"]  # the tutorial's one chance event
    vs_ai = tutorial.start("ussr", seed=0, opponent="random").choose("send_note")
    assert {m.by for m in vs_ai.record().moves if not m.is_chance} == {HUMAN, "random"}


def test_the_first_move_that_does_not_fit_is_the_mismatch(tutorial: bloc_game.Game) -> None:
    state = play(tutorial, "hotseat", "historical", 3, [1, 0, 2, 1], 4)
    rec = state.record()
    bad = replace(rec, moves=rec.moves[:2] + (replace(rec.moves[2], choice="no_such_choice"),) + rec.moves[3:])
    with pytest.raises(RecordMismatchError) as err:
        tutorial.replay(bad)
    assert err.value.index == 2 and "is not a choice of this point" in err.value.reason
    assert isinstance(err.value, bloc_game.BlocGameError)
    kept = tutorial.replay(bad, on_mismatch="stop")
    assert kept.path == state.path[:2]
    with pytest.raises(ValueError, match="'raise' or 'stop'"):
        tutorial.replay(rec, on_mismatch="ignore")


def _record_with_a_chance_step(tutorial: bloc_game.Game) -> tuple[GameRecord, int]:
    """A hot-seat game of the tutorial through the Bundestag vote, and the index of its chance step."""
    state = tutorial.start("hotseat", seed=0)
    for choice in ("offer_free_elections", "elections_first", "drop_exchange", "sign_anyway",
                   "restate_and_denounce", "sign_treaties"):
        state = state.choose(choice)
    rec = state.record()
    return rec, next(i for i, m in enumerate(rec.moves) if m.is_chance)


def test_a_chance_step_that_came_out_otherwise_is_a_mismatch(tutorial: bloc_game.Game) -> None:
    rec, index = _record_with_a_chance_step(tutorial)
    flipped = replace(rec.moves[index], fired=not rec.moves[index].fired)
    with pytest.raises(RecordMismatchError, match="bundestag_revolt") as err:
        tutorial.replay(replace(rec, moves=rec.moves[:index] + (flipped,) + rec.moves[index + 1:]))
    assert err.value.index == index


def test_a_policy_move_recorded_for_a_human_seat_is_a_mismatch(tutorial: bloc_game.Game) -> None:
    rec = tutorial.start("ussr", seed=1).choose("send_note").record()
    first = rec.moves[0]
    with pytest.raises(RecordMismatchError, match="played by human"):
        tutorial.replay(replace(rec, moves=(replace(first, by="random"),) + rec.moves[1:]))


def test_a_record_that_ends_before_its_last_moves_chance_steps_is_a_mismatch(tutorial: bloc_game.Game) -> None:
    rec, index = _record_with_a_chance_step(tutorial)
    with pytest.raises(RecordMismatchError, match="record ends, but the game goes on: event 'bundestag_revolt'"):
        tutorial.replay(replace(rec, moves=rec.moves[:index]))


def test_a_side_games_record_cut_after_a_human_move_lets_the_policies_play_on(tutorial: bloc_game.Game) -> None:
    state = tutorial.start("ussr", seed=1).choose("send_note")
    rec = state.record()
    assert tutorial.replay(replace(rec, moves=rec.moves[:1])).log == state.log


def test_seating_is_one_enum_and_its_errors_are_typed(tutorial: bloc_game.Game) -> None:
    assert Seating.parse("watch", ("ussr", "nato")) is Seating.WATCH
    assert Seating.parse("nato", ("ussr", "nato")) == Seating(SeatingMode.SIDE, "nato")
    assert tutorial.start("hotseat").seating is Seating.HOTSEAT
    assert tutorial.start("ussr").seating == Seating.playing("ussr")
    with pytest.raises(UnknownSideError) as err:
        tutorial.start("usa")
    assert isinstance(err.value, ValueError) and isinstance(err.value, bloc_game.BlocGameError)
    assert issubclass(IllegalChoiceError, ValueError) and issubclass(GameOverError, RuntimeError)


def test_step_plays_one_policy_move_and_refuses_a_human_seat(tutorial: bloc_game.Game) -> None:
    watched = tutorial.start("watch", seed=2, autoplay=False)
    after = watched.step()
    assert len(after.path) == 1 and after.path[0].by == "historical"
    with pytest.raises(IllegalChoiceError, match="human"):
        tutorial.start("ussr").step()
    with pytest.raises(GameOverError):
        tutorial.start("watch", seed=2).step()


# ------------------------------------------------------------------------------ files

def test_a_replay_of_a_shipped_scenario_names_it_by_id_and_runs_from_any_folder(tmp_path: Path,
                                                                              tutorial: bloc_game.Game) -> None:
    state = play(tutorial, "ussr", "random", 9, [2, 1, 0], 10)
    first = tmp_path / "a" / "game.yaml"
    first.parent.mkdir()
    record(state, first)
    text = first.read_text(encoding="utf-8")
    assert "\nscenario: tutorial_stalin_note\n" in text and str(TUTORIAL.parent) not in text
    moved = tmp_path / "elsewhere" / "deeper" / "game.yaml"
    moved.parent.mkdir(parents=True)
    shutil.copy(first, moved)
    result = run_replay(load_replay(moved))
    assert result.ok and transcript(result.state) == transcript(state)


def test_a_replay_of_another_scenario_travels_with_it(tmp_path: Path, tutorial: bloc_game.Game) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    own = folder / "my_scenario.yaml"
    shutil.copy(TUTORIAL, own)
    game = bloc_game.load(own)
    state = play(game, "nato", "historical", 5, [1, 1, 0], 10)
    (folder / "replays").mkdir()
    record(state, folder / "replays" / "game.yaml")
    assert "scenario: ../my_scenario.yaml" in (folder / "replays" / "game.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "student" / "class"
    shutil.copytree(folder, copy)
    shutil.rmtree(folder)  # the original is gone: only the copy can be used
    result = run_replay(load_replay(copy / "replays" / "game.yaml"))
    assert transcript(result.state) == transcript(state)


def test_a_scenario_in_the_users_folder_is_named_by_id(tmp_path: Path) -> None:
    own = tmp_path / "home" / "scenarios" / "my_stalin_note.yaml"
    own.parent.mkdir(parents=True)
    shutil.copy(TUTORIAL, own)
    state = bloc_game.load(own).start("ussr", seed=1).choose("send_note")
    record(state, tmp_path / "game.yaml")
    assert "\nscenario: my_stalin_note\n" in (tmp_path / "game.yaml").read_text(encoding="utf-8")
    assert run_replay(load_replay(tmp_path / "game.yaml")).state.log == state.log


def test_replays_the_current_release_wrote_still_run(tmp_path: Path, tutorial: bloc_game.Game) -> None:
    """Files as 0.1.0 wrote them: an absolute or relative path, the human's choices only, no hash."""
    state = tutorial.start("nato", seed=8, opponent="random")
    while not state.is_over:
        state = state.choose(state.choices[0].id)
    choices = "".join(f"  - {r.id}: {r.choice}\n" for r in state.path if r.by == HUMAN)
    for scenario in (str(TUTORIAL.resolve()), "/home/teacher/venv/share/bloc-game/scenarios/tutorial_stalin_note.yaml",
                     "tutorial_stalin_note"):
        path = tmp_path / "old.yaml"
        path.write_text(f"# Recorded by bloc-game play --record\nscenario: {scenario}\nside: nato\nseed: 8\n"
                        f"opponent: random\nchoices:\n{choices}", encoding="utf-8")
        assert run_replay(load_replay(path)).state.log == state.log, scenario


def test_a_save_the_current_release_wrote_still_loads(tmp_path: Path, tutorial: bloc_game.Game) -> None:
    from bloc_game.saves import _checksum

    state = tutorial.start("ussr", seed=3).choose("send_note").choose("drop_exchange")
    payload = {
        "scenario_path": str(TUTORIAL.resolve()), "scenario_id": "tutorial_stalin_note",
        "scenario_title": tutorial.scenario.title, "scenario_hash": tutorial.scenario.content_hash,
        "side": "ussr", "seed": 3, "opponent": "historical",
        "choices": [[r.id, r.choice] for r in state.path if r.by == HUMAN],
        "game_date": state.date.isoformat(), "over": False, "saved_at": "2026-11-20T10:00:00",
    }
    slot = tmp_path / "old.json"
    slot.write_text(json.dumps({"format": 1, "game": payload, "checksum": _checksum(payload)}), encoding="utf-8")
    loaded = load_game(slot)
    assert loaded.log == state.log and loaded.undo().log == state.undo().log


def test_a_save_names_a_shipped_scenario_by_id(tmp_path: Path, tutorial: bloc_game.Game) -> None:
    slot = tmp_path / "slot.json"
    save_game(tutorial.start("ussr", seed=1), slot)
    game = json.loads(slot.read_text(encoding="utf-8"))["game"]
    assert game["scenario"] == "tutorial_stalin_note" and game["scenario_hash"] == tutorial.scenario.content_hash


def test_a_replay_mismatch_is_reported_at_the_moves_line(tmp_path: Path, tutorial: bloc_game.Game) -> None:
    state = tutorial.start("watch", seed=2, autoplay=False).step().step()
    path = tmp_path / "game.yaml"
    record(state, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    second = next(i for i, line in enumerate(lines) if "first_reply" in line)
    lines[second] = lines[second].replace("choice: ", "choice: x")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(bloc_game.errors.ReplayError) as err:
        run_replay(load_replay(path))
    assert f"{path}:{second + 1}:" in str(err.value) and "not a choice of this point" in str(err.value)


def test_a_move_written_wrongly_is_a_positioned_problem(tmp_path: Path) -> None:
    path = tmp_path / "game.yaml"
    path.write_text("format: 2\nscenario: tutorial_stalin_note\nside: watch\nmoves:\n  - {point: first_note}\n",
                    encoding="utf-8")
    with pytest.raises(bloc_game.errors.ReplayError, match=r":5:5: a move is \{point, choice, by\}"):
        load_replay(path)


def test_moves_are_values(tutorial: bloc_game.Game) -> None:
    assert Move(point="a", choice="b", by=HUMAN) == Move(point="a", choice="b", by=HUMAN)
    assert Move(event="e", fired=False).describe() == "event 'e' did not fire"


def test_a_record_naming_another_machines_path_finds_the_shipped_scenario_only_if_its_hash_matches(
        tmp_path: Path, tutorial: bloc_game.Game) -> None:
    state = tutorial.start("watch", seed=2, autoplay=False).step()
    path = tmp_path / "game.yaml"
    record(state, path)
    elsewhere = "/home/teacher/.venv/share/bloc-game/scenarios/tutorial_stalin_note.yaml"
    text = path.read_text(encoding="utf-8").replace("scenario: tutorial_stalin_note", f"scenario: {elsewhere}")
    path.write_text(text, encoding="utf-8")
    assert run_replay(load_replay(path)).state.log == state.log
    path.write_text(text.replace(tutorial.scenario.content_hash, "f" * 64), encoding="utf-8")
    with pytest.raises(bloc_game.errors.ReplayError, match="scenario file '.*' not found"):
        load_replay(path)


def test_live_reload_keeps_a_watched_game_at_its_move_and_drops_what_no_longer_fits(tmp_path: Path) -> None:
    from bloc_game.watch import ScenarioWatcher

    own = tmp_path / "scenario.yaml"
    own.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    watcher = ScenarioWatcher(own)
    game = bloc_game.load(own)
    watched = game.start(Seating.WATCH, seed=2, autoplay=False).step().step()
    own.write_text(TUTORIAL.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    result = watcher.reload(watched)
    assert result.state is not None and result.state.log == watched.log and not result.state.is_over
    played = game.start("ussr", seed=2).choose("offer_free_elections")
    own.write_text(TUTORIAL.read_text(encoding="utf-8").replace("id: offer_free_elections", "id: offer_elections"),
                   encoding="utf-8")
    result = watcher.reload(played)
    assert result.state is not None and (result.replayed, result.dropped) == (0, 1)
    assert result.state.current is not None and result.state.current.id == "first_note"


def test_an_id_shared_by_a_shipped_and_an_own_scenario_finds_the_one_recorded(tmp_path: Path) -> None:
    own = tmp_path / "home" / "scenarios" / "tutorial_stalin_note.yaml"
    own.parent.mkdir(parents=True)
    own.write_text(TUTORIAL.read_text(encoding="utf-8") + "\n# my own copy, edited\n", encoding="utf-8")
    state = bloc_game.load(own).start("ussr", seed=1).choose("send_note")
    slot = tmp_path / "slot.json"
    save_game(state, slot)
    assert load_game(slot).scenario.content_hash == state.scenario.content_hash
