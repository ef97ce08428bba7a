"""The narration API: state.since() and state.step(); every log a player reads is formatted from it."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bloc_game
from bloc_game.engine import ChoiceMade, EndingReached, EventResolved, Game, PointSkipped
from bloc_game.scenario import load_scenario_text
from bloc_game.transcript import format_log, transcript
from bloc_game.ui.presenter import COUNTERFACTUAL, log_lines
from bloc_game.ui.text import TextGame

from conftest import BROKEN, FLAGSHIP, TUTORIAL

GAMES = {p: bloc_game.load(p) for p in (TUTORIAL, FLAGSHIP)}
REVOLT = ("offer_free_elections", "elections_first", "drop_exchange", "sign_anyway", "restate_and_denounce",
          "sign_treaties")  # the path on which the tutorial's invented Bundestag revolt may fire (seed 0: it does)


def revolt_game(tutorial: Game, seed: int = 0) -> bloc_game.State:
    state = tutorial.start("hotseat", seed=seed)
    for choice in REVOLT:
        state = state.choose(choice)
    return state


def random_game(path: Path, seating: str, seed: int, picks: list[int]) -> bloc_game.State:
    state = GAMES[path].start(seating, seed=seed, opponent="random")
    i = 0
    while not state.is_over:
        choices = state.choices
        state = state.choose(choices[(picks[i] if i < len(picks) else seed) % len(choices)].id)
        i += 1
    return state


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(list(GAMES)), seating=st.sampled_from(["ussr", "nato", "hotseat", "watch"]),
       seed=st.integers(0, 2**32), picks=st.lists(st.integers(0, 8), max_size=30), cut=st.integers(0, 60))
def test_every_happening_is_resolved_and_marked_counterfactual_exactly_when_history_differs(path, seating, seed,
                                                                                          picks, cut) -> None:
    state = random_game(path, seating, seed, picks)
    told = state.since()
    assert isinstance(told[-1], EndingReached) and told[-1].ending == state.ending
    assert told[-1].counterfactual == (not state.ending.historical)
    assert len(told) == len(state.log) + 1
    for record, h in zip(state.log, told):
        assert h.date == record.date
        if isinstance(h, ChoiceMade):
            assert (h.point.id, h.choice.id, h.side, h.by) == (record.id, record.choice, record.actor, record.by)
            assert h.counterfactual == (h.point.historical_choice is None or not h.choice.historical)
        elif isinstance(h, EventResolved):
            assert h.event.id == record.id and h.fired == (record.kind == "event")
            assert h.counterfactual == (h.fired != h.event.historical)
        else:
            assert isinstance(h, PointSkipped) and h.point.id == record.id
            assert h.counterfactual == (h.point.historical_choice is not None)
    # since(earlier) is what came after it: the two halves make the whole
    earlier = state
    while earlier.can_undo and len(earlier.log) > cut:
        earlier = earlier.undo()
    assert earlier.since() + state.since(earlier) == told  # an unfinished game's since() has no ending
    # and every happening the log shows that history did not have carries the mark
    log = format_log(state).splitlines()
    headlines = [line for line in log if line[:4].isdigit()]
    shown = log_lines(state)
    assert len(headlines) == len(shown)
    for line, text in zip(shown, headlines):
        assert text.endswith(COUNTERFACTUAL) == line.counterfactual


def test_an_invented_event_is_marked_in_the_transcript_the_terminal_and_the_desktop_news(tutorial: Game) -> None:
    state = revolt_game(tutorial)
    revolt = next(h for h in state.since() if isinstance(h, EventResolved) and h.event.id == "bundestag_revolt")
    assert revolt.fired and revolt.counterfactual and not revolt.event.historical
    assert revolt.text == revolt.event.text.for_state(state) and revolt.text
    assert f"Event: {revolt.event.title} {COUNTERFACTUAL}" in transcript(state)
    assert "Event: European Defence Community treaty signed in Paris\n" in transcript(state)  # real: no mark
    out = io.StringIO()
    TextGame(tutorial, "hotseat", 0, "historical", TUTORIAL, out=out).show_log(state, 0)
    assert f"EVENT - {revolt.event.title} {COUNTERFACTUAL}" in out.getvalue()
    assert "EVENT - European Defence Community treaty signed in Paris\n" in out.getvalue()  # real: no mark
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from bloc_game.ui.desktop.screens.column import news_since

    news = news_since(state, 0)
    item = next(n for n in news if revolt.event.title in n)
    assert COUNTERFACTUAL in item
    assert COUNTERFACTUAL not in next(n for n in news if "treaty signed in Paris" in n)


def test_a_historical_chance_event_that_did_not_fire_is_news_and_an_invented_one_is_not(tutorial: Game) -> None:
    state = revolt_game(tutorial, seed=1)
    missed = [h for h in state.since() if isinstance(h, EventResolved) and not h.fired]
    assert [h.event.id for h in missed] == ["bundestag_revolt"]
    assert not missed[0].newsworthy and not missed[0].counterfactual  # history had no revolt either
    assert "revolt" not in format_log(state).lower()


def test_a_historical_point_that_did_not_arise_is_marked(flagship: Game) -> None:
    state = flagship.start("watch", seed=1, opponent="random")
    skipped = [h for h in state.since() if isinstance(h, PointSkipped) and h.newsworthy]
    assert skipped, "this random game passes over at least one of history's points"
    assert f"History's '{skipped[0].point.title}' did not arise {COUNTERFACTUAL}" in format_log(state)


def test_each_happening_reads_the_text_chosen_for_its_path() -> None:
    varied = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8").replace(
        "        consequence: Signed.\n",
        "        consequence:\n          - {when: tension < 50, text: Signed in answer to the note.}\n"
        "          - {text: Signed without any note to answer.}\n").replace(
        "    epilogue: The treaty holds.\n",
        "    epilogue:\n      - {when: tension < 50, text: The treaty holds and the note is remembered.}\n"
        "      - {text: The treaty holds.}\n")
    game = Game(load_scenario_text(varied, "v.yaml"))
    sent = game.start("hotseat", seed=1).choose("send").choose("sign")
    waited = game.start("hotseat", seed=1).choose("wait").choose("sign")
    for state, consequence, epilogue in ((sent, "Signed in answer to the note.", "the note is remembered"),
                                         (waited, "Signed without any note to answer.", "The treaty holds.")):
        told = state.since()
        assert next(h.text for h in told if isinstance(h, ChoiceMade) and h.choice.id == "sign") == consequence
        assert epilogue in told[-1].text


def test_step_and_since_narrate_a_watched_game_move_by_move(tutorial: Game) -> None:
    state = tutorial.start("watch", seed=2, autoplay=False)
    seen = list(state.since())
    while not state.is_over:
        before, state = state, state.step()
        fresh = state.since(before)
        assert isinstance(fresh[0], ChoiceMade) and fresh[0].by == "historical"
        seen += fresh
    assert seen == list(state.since())
    assert state.since(state) == ()


def test_the_terminal_marks_a_counterfactual_choice_and_not_a_historical_one(tutorial: Game) -> None:
    out = io.StringIO()
    answers = iter(["2", "1", "1", "1", "1", "1"])  # Moscow offers free elections at once: not what Stalin did
    TextGame(tutorial, "ussr", 3, "historical", TUTORIAL, read=lambda _p: next(answers), out=out).play()
    shown = out.getvalue()
    flowing = " ".join(shown.split())  # the terminal wraps long lines
    offer = tutorial.scenario.point("first_note").choice("offer_free_elections")
    assert f"> Soviet Union chose: {offer.label} {COUNTERFACTUAL}" in flowing
    assert "> They chose: Insist on UN-checked free elections first\n" in shown  # history's answer: unmarked


@pytest.mark.parametrize("path", list(GAMES), ids=lambda p: p.stem)
def test_a_game_that_follows_history_has_nothing_marked(path: Path) -> None:
    assert COUNTERFACTUAL not in transcript(GAMES[path].history())
