"""Text that follows the path: variant lists in the format, the one resolver, and who calls it."""

from __future__ import annotations

import io
import pickle
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bloc_game.engine import Game, Snapshot, State
from bloc_game.errors import ScenarioError
from bloc_game.scenario import Text, Variant, load_scenario, load_scenario_text
from bloc_game.transcript import format_report, format_state
from bloc_game.ui.text import TextGame

from conftest import BROKEN, FLAGSHIP, TUTORIAL

BASE = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8")

# The base scenario with path-dependent text in every place that may have it.
VARIED = (
    BASE
    .replace("  treaty: {label: Treaty signed}",
             "  treaty:\n    label:\n      - {when: tension < 48, text: Treaty signed after the note}\n"
             "      - {text: Treaty signed}")
    .replace("    briefing: Reply?\n",
             "    briefing:\n      - when: tension < 50\n        text: Moscow has sent a note. Reply?\n"
             "      - text: Moscow stayed silent. Reply?\n")
    .replace("        consequence: Signed.\n",
             "        consequence:\n          - {when: tension < 50, text: Signed in answer to the note.}\n"
             "          - {text: Signed without any note to answer.}\n")
    .replace("    text: Something.\n",
             "    text:\n      - {when: treaty, text: A scare despite the treaty.}\n      - {text: A scare.}\n")
    .replace("    epilogue: The treaty holds.\n",
             "    epilogue:\n      - {when: tension < 50, text: The treaty holds and the note is remembered.}\n"
             "      - {text: The treaty holds.}\n")
)


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "v.yaml")
    return [f"{p.where.line}:{p.where.column}: {p.message}" for p in info.value.problems]


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


# ------------------------------------------------------------------------------ loading

def test_every_shipped_scenario_still_loads_with_plain_text() -> None:
    for path in (TUTORIAL, FLAGSHIP):
        scenario = load_scenario(path)
        point = scenario.points[0]
        assert isinstance(point.briefing, Text) and point.briefing.variants[0].when is None


def test_a_variant_list_loads_with_its_conditions_and_positions() -> None:
    scenario = load_scenario_text(VARIED, "v.yaml")
    briefing = scenario.point("reply").briefing
    assert briefing.texts == ("Moscow has sent a note. Reply?", "Moscow stayed silent. Reply?")
    assert briefing.variants[0].when is not None and briefing.variants[0].when.source == "tension < 50"
    assert briefing.variants[1].when is None
    assert briefing.variants[0].where.line == line_of(VARIED, "- when: tension < 50")
    assert not briefing.is_plain and scenario.point("note").briefing.is_plain


@pytest.mark.parametrize("replacement, marker, fragment", [
    ("    briefing:\n      - {text: First}\n      - {when: tension < 5, text: Second}\n",
     "{when: tension < 5", "variant 2 of the briefing of point 'reply' can never be shown"),
    ("    briefing:\n      - Just a string\n", "Just a string", "should be a mapping"),
    ("    briefing: []\n", "[]", "is an empty list"),
    ("    briefing:\n      - {when: tensoin < 5, text: A}\n      - {text: B}\n", "tensoin",
     "unknown name 'tensoin' (did you mean 'tension'?)"),
    ("    briefing:\n      - {when: tension < 5, txt: A}\n", "txt", "did you mean 'text'"),
    ("    briefing:\n      - {when: tension < 5}\n", "{when: tension < 5}", "is missing the key 'text'"),
])
def test_a_broken_variant_list_is_reported_at_its_line_and_column(replacement: str, marker: str, fragment: str) -> None:
    text = BASE.replace("    briefing: Reply?\n", replacement)
    found = problems_of(text)
    line = line_of(text, marker)
    column = text.index(marker) - text.rfind("\n", 0, text.index(marker))
    assert any(p.startswith(f"{line}:{column}: ") and fragment in p for p in found), found


def test_ai_weight_takes_a_number_or_an_expression_over_the_state() -> None:
    text = BASE.replace("        consequence: Talks.\n", "        consequence: Talks.\n        ai_weight: 2 + tension / 10\n")
    choice = load_scenario_text(text, "v.yaml").point("reply").choice("talk")
    assert choice is not None
    assert choice.weight_in(Snapshot(date(1952, 3, 1), (30, 50), (None,))) == 5.0
    bad = BASE.replace("        consequence: Talks.\n", "        consequence: Talks.\n        ai_weight: tension <\n")
    assert any("in the ai_weight of choice 'talk' of point 'reply'" in p for p in problems_of(bad))
    below = BASE.replace("        consequence: Talks.\n", "        consequence: Talks.\n        ai_weight: -tension\n")
    choice = load_scenario_text(below, "v.yaml").point("reply").choice("talk")
    assert choice is not None and choice.weight_in(Snapshot(date(1952, 3, 1), (30, 50), (None,))) == 0.0


def test_the_historical_policy_weighs_choices_by_the_state_it_finds() -> None:
    # 'reply' loses its historical choice; the opponent then answers by the weights alone.
    text = (BASE.replace("        historical: true\n        effects: [treaty = true", "        effects: [treaty = true")
            .replace("        consequence: Signed.\n", "        consequence: Signed.\n        ai_weight: max(0, 48 - tension)\n")
            .replace("        consequence: Talks.\n", "        consequence: Talks.\n        ai_weight: max(0, tension - 47)\n")
            )
    game = Game(load_scenario_text(text, "v.yaml"))
    for seed in range(6):
        sent = game.start("ussr", seed=seed, opponent="historical").choose("send")   # tension 45: sign
        kept = game.start("ussr", seed=seed, opponent="historical").choose("wait")   # tension 50: talk
        assert [r.choice for r in sent.path] == ["send", "sign"]
        assert [r.choice for r in kept.path] == ["wait", "talk"]


# ------------------------------------------------------------------------------ resolving

@st.composite
def variant_lists(draw: st.DrawFn) -> tuple[list[tuple[str, int]], bool]:
    """Variants as (text, threshold) with 'when: tension < threshold'; maybe a last one with no 'when'."""
    n = draw(st.integers(min_value=1, max_value=5))
    thresholds = draw(st.lists(st.integers(min_value=0, max_value=101), min_size=n, max_size=n))
    return [(f"Wording {i}", t) for i, t in enumerate(thresholds)], draw(st.booleans())


@settings(max_examples=60, deadline=None)
@given(variant_lists(), st.integers(min_value=0, max_value=100))
def test_any_variant_list_resolves_to_the_first_that_holds(spec: tuple[list[tuple[str, int]], bool], tension: int) -> None:
    conditional, fallback = spec
    lines = "".join(f"      - {{when: tension < {t}, text: {text}}}\n" for text, t in conditional)
    if fallback:
        lines += "      - {text: Otherwise}\n"
    scenario = load_scenario_text(BASE.replace("    briefing: Reply?\n", "    briefing:\n" + lines), "v.yaml")
    briefing = scenario.point("reply").briefing
    shown = briefing.for_state(Snapshot(date(1952, 3, 25), (tension, 50), (None,)))
    expected = next((text for text, t in conditional if tension < t), "Otherwise" if fallback else "")
    assert shown == expected
    if fallback:
        assert shown, "a list ending in a variant with no 'when' always has something to show"


def test_a_text_compares_and_pickles_by_its_variants() -> None:
    one = Text((Variant("A"), Variant("B")))
    assert one == Text((Variant("A"), Variant("B"))) and one != Text.plain("B") and Text.plain("B") != "B"
    assert pickle.loads(pickle.dumps(one)) == one
    with pytest.raises(AttributeError):
        one.variants = ()  # type: ignore[misc]
    with pytest.raises(ValueError):
        Text(())


# ------------------------------------------------------------------------------ what the player reads

def play(answers: str, tmp_path: Path, side: str = "ussr") -> str:
    out = io.StringIO()
    lines = iter(answers.splitlines() + [""])  # the last: Enter at "Hand in this game?"
    game = TextGame(Game(load_scenario_text(VARIED, "v.yaml")), side=side, seed=3, opponent="historical",
                    scenario_path=tmp_path / "v.yaml", read=lambda _prompt: next(lines), out=out)
    game.play()
    return out.getvalue()


def test_the_path_decides_the_briefing_consequence_label_and_epilogue() -> None:
    game = Game(load_scenario_text(VARIED, "v.yaml"))
    sent = game.start("hotseat", seed=1).choose("send")      # tension 45
    waited = game.start("hotseat", seed=1).choose("wait")    # tension 50
    assert sent.current is not None and waited.current is not None
    assert sent.current.briefing.for_state(sent) == "Moscow has sent a note. Reply?"
    assert waited.current.briefing.for_state(waited) == "Moscow stayed silent. Reply?"
    sent_end = sent.choose("sign")
    waited_end = waited.choose("sign")
    told = {t.record.choice: t.text for t in sent_end.told() if t.record.kind == "choice"}
    assert told["sign"] == "Signed in answer to the note."
    assert {t.record.choice: t.text for t in waited_end.told() if t.record.kind == "choice"}["sign"] == \
        "Signed without any note to answer."
    assert "Treaty signed after the note" in format_state(sent_end)
    assert "Treaty signed (" in format_state(waited_end)
    assert "the note is remembered" in format_report(sent_end)
    assert "the note is remembered" not in format_report(waited_end)


def test_told_rebuilds_the_situation_before_each_record() -> None:
    game = Game(load_scenario_text(VARIED, "v.yaml"))
    end = game.start("hotseat", seed=1).choose("send").choose("sign")
    told = end.told()
    assert [t.record for t in told] == list(end.log)
    assert told[0].before.values == (50, 50)      # before 'send'
    assert told[1].before.values == (45, 50)      # before 'sign', after 'send'
    assert told[1:] == end.told(1)


def test_the_terminal_shows_the_variant_for_the_path(tmp_path: Path) -> None:
    shown = play("1\n", tmp_path)  # the Soviet side sends the note; the West signs
    assert "Moscow has sent a note" not in shown  # the West's briefing is not shown to the Soviet player
    assert "Signed in answer to the note." in shown
    assert "Signed without any note" not in shown
    shown = play("2\n", tmp_path)
    assert "Signed without any note to answer." in shown


def test_the_json_schema_accepts_variant_lists_and_expression_weights() -> None:
    import json

    import jsonschema
    import yaml

    from bloc_game.scenario.schema import SCHEMA_FILE

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    document = yaml.safe_load(VARIED.replace("        consequence: Talks.\n",
                                             "        consequence: Talks.\n        ai_weight: max(0, tension - 40)\n"))
    document = json.loads(json.dumps(document, default=str))  # dates as text, as an editor sees them
    assert not list(validator.iter_errors(document))
    document["points"][1]["briefing"] = [{"when": "tension < 5"}]  # a variant without its text
    assert list(validator.iter_errors(document))


def test_told_after_an_earlier_state_matches_told_from_the_start() -> None:
    game = Game(load_scenario_text(VARIED, "v.yaml"))
    start = game.start("hotseat", seed=1)
    middle = start.choose("send")
    end = middle.choose("sign")
    assert end.told_after(middle) == end.told(len(middle.log))
    assert end.told_after(start) == end.told(len(start.log))
    with pytest.raises(ValueError):
        start.told_after(end)
    with pytest.raises(ValueError):
        end.told_after(game.start("hotseat", seed=1).choose("wait"))


# ------------------------------------------------------------------------------ the tutorial follows the path

def tutorial_game(*choices: str) -> State:
    state = Game(load_scenario(TUTORIAL)).start("hotseat", seed=1)
    for choice in choices:
        state = state.choose(choice)
    return state


def test_the_tutorial_never_answers_a_note_that_was_not_sent() -> None:
    silent = tutorial_game("stay_silent")
    assert silent.current is not None and silent.current.id == "first_reply"
    assert silent.current.briefing.for_state(silent).startswith("Moscow has sent nothing")
    sent = tutorial_game("send_note")
    assert sent.current is not None and sent.current.briefing.for_state(sent).startswith("Moscow's note asks")
    offered = tutorial_game("offer_free_elections")
    assert offered.current is not None and "the very test we" in offered.current.briefing.for_state(offered)
    end = tutorial_game("stay_silent", "elections_first", "drop_exchange", "hold_the_line", "restate_and_denounce",
                        "sign_treaties")
    assert end.ending is not None and end.ending.id == "two_germanys"
    assert end.ending.epilogue.for_state(end).startswith("Moscow never makes its offer")
    told = {t.record.id: t.text for t in end.told() if t.record.kind == "choice"}
    assert told["first_reply"].startswith("The statement of 25 March restates the Western condition")


def test_the_tutorial_follows_an_offer_of_free_elections_to_the_end() -> None:
    state = tutorial_game("offer_free_elections", "elections_first")
    assert state.current is not None and state.current.id == "second_note"
    assert state.current.briefing.for_state(state).startswith("The West has taken our offer at its word")
    state = state.choose("accept_un_commission")
    assert state.current is not None and state.current.id == "second_reply"
    assert state.current.briefing.for_state(state).startswith("Moscow has accepted free elections")
    end = state.choose("sign_anyway").choose("restate_and_denounce").choose("sign_treaties")
    assert end.ending is not None and end.ending.id == "two_germanys"
    assert end.ending.epilogue.for_state(end).startswith("Moscow offered what the West had asked for")
    history = Game(load_scenario(TUTORIAL)).history()
    assert history.ending is not None and history.ending.epilogue.for_state(history).startswith("As in 1952")
