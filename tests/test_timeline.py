"""The history timeline: complete, with a horizon for early endings, on a fixed scale, and named by labels."""

from __future__ import annotations

import json
import re

import pytest

import bloc_game
from bloc_game.replay import load_replay, run_replay
from bloc_game.scoring import AFTER, DISTANCE_SCALE, OTHER_CHOICE, SAME, distance_scale, score, timeline
from bloc_game.transcript import format_report, report_markdown, to_json

from conftest import REPLAYS


def test_history_holds_every_decision_event_and_flag(flagship: bloc_game.Game) -> None:
    sc = flagship.scenario
    history = timeline(flagship.history())
    for point in sc.points:
        if point.historical_choice is not None:  # the Eden Plan, the 7 April Council, Geneva ... not only flag-setters
            step = history[f"point:{point.id}"]
            assert step.date == point.date
            assert step.detail == f"{sc.side(point.actor).name}: {point.historical_choice.label}"
    assert {f"event:{e.id}" for e in sc.events if e.historical} <= set(history)
    assert {f"flag:{f.id}" for f in sc.flags if flagship.history().flag(f.id)} <= set(history)
    assert "point:berlin_close" in history and "point:council_meets" in history and "point:geneva" in history


def test_a_game_that_ends_early_shows_later_history_apart_and_does_not_count_it() -> None:
    state = run_replay(load_replay(REPLAYS / "molotov_war_scare.yaml")).state
    report = score(state)
    assert report.horizon == state.date and report.horizon.year == 1954
    by_key = {e.key: e for e in report.entries}
    assert by_key["event:bulganin_replaces_malenkov"].status == AFTER and by_key["event:bulganin_replaces_malenkov"].cost == 0
    assert by_key["point:warsaw_treaty"].status == AFTER
    assert by_key["event:dien_bien_phu"].status == SAME  # before the horizon: it happened in this game too
    assert by_key["ending"].status == OTHER_CHOICE and by_key["ending"].cost == 1  # the early ending is what differs
    assert all(e.history_date is not None and e.history_date > report.horizon for e in report.after_horizon)
    text = format_report(state)
    before, after = text.split("After this game ended")
    assert "Bulganin" in after and "Bulganin" not in before
    assert "never happened" not in after


def test_every_game_of_a_scenario_is_scored_on_one_scale(flagship: bloc_game.Game) -> None:
    scale = distance_scale(flagship.scenario)
    seen = set()
    for seed in range(40):
        state = flagship.start("watch", seed=seed, opponent="random")
        report = score(state)
        assert report.max_distance == DISTANCE_SCALE and report.scale == scale
        assert 0 <= report.distance <= DISTANCE_SCALE
        assert report.distance == pytest.approx(DISTANCE_SCALE * sum(e.cost for e in report.entries) / scale)
        seen.add(round(report.distance, 2))
    assert len(seen) > 10  # the scale is fixed, the distances are not
    assert score(flagship.history()).distance == 0


IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # an id with an underscore, never an English word


def ids_of(game: bloc_game.Game) -> set[str]:
    sc = game.scenario
    ids = {p.id for p in sc.points} | {c.id for p in sc.points for c in p.choices} | {e.id for e in sc.events}
    ids |= {f.id for f in sc.flags} | {e.id for e in sc.endings} | {v.id for v in sc.variables}
    return {i for i in ids if "_" in i}


@pytest.mark.parametrize("seed", range(6))
def test_no_report_names_anything_by_its_id(flagship: bloc_game.Game, seed: int) -> None:
    ids = ids_of(flagship)
    state = flagship.start("ussr", seed=seed, opponent="historical")
    while not state.is_over:
        choices = state.choices
        state = state.choose(choices[(seed * 7 + len(state.path)) % len(choices)].id)
    shown = format_report(state, review=True) + report_markdown(state)
    data = to_json(state, review=True)
    human = [e["title"] + e["history_detail"] + e["game_detail"] for e in data["score"]["timeline"]]
    human += [data["ending_title"]]
    if data["score"]["divergence"]:
        human.append(data["score"]["divergence"]["description"])
    assert data["reviews"] == [data["review"]]  # one player, one review
    for decision in data["review"]["decisions"]:
        human += [decision["title"], decision["taken_label"], decision["best_label"], decision["historical_label"] or ""]
    human.append(data["review"]["mattered_most"]["summary"])
    leaked = {m for m in IDENTIFIER.findall(shown + " ".join(human)) if m in ids}
    assert not leaked
    assert json.dumps(data)  # and the whole is plain data


def test_a_game_ending_in_march_1954_leaves_dien_bien_phu_and_bulganin_after_it() -> None:
    # The case from the issue: Dien Bien Phu and Bulganin's appointment were listed as "never happened".
    state = run_replay(load_replay(REPLAYS / "molotov_neutral_unity_march_1954.yaml")).state
    report = score(state)
    assert str(report.horizon) == "1954-03-10"
    by_key = {e.key: e for e in report.entries}
    for key in ("event:dien_bien_phu", "event:bulganin_replaces_malenkov", "point:council_meets"):
        assert by_key[key].status == AFTER and by_key[key].cost == 0
    assert by_key["event:berlin_conference_opens"].status == SAME  # January 1954: within the game
    never = [e.title for e in report.entries if e.status == "never happened"]
    assert "Bulganin replaces Malenkov" not in never and all(e.history_date <= report.horizon for e in report.entries
                                                             if e.status == "never happened")
