"""Nothing that passes `validate` makes play, explore, lint or the desktop raise (issue 13).

Hypothesis writes whole scenario files: variables with bounds from the extremes the loader
allows, conditions, effects and objectives built from the expression grammar (long
products, divisions by variables that can be 0), and text full of HTML, braces, percent
signs and non-Latin letters. A file the loader refuses is skipped; every file it accepts is
played in the terminal (by a player typing anything) and by policies, explored, linted and,
for fewer examples, driven through the desktop screens. Only Bloc Game's own errors, with a
message, may come out.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_expr_bounds import NUMERIC  # noqa: E402  (the grammar over variables a, b, c, d, z)

import bloc_game  # noqa: E402
from bloc_game.errors import BlocGameError  # noqa: E402
from bloc_game.explore import explore  # noqa: E402
from bloc_game.lint import lint  # noqa: E402
from bloc_game.scoring import score  # noqa: E402
from bloc_game.ui.text import TextGame  # noqa: E402

EXTREMES = [-1_000_000, -100, -1, 0, 1, 100, 1_000_000]
TEXT = st.lists(st.sampled_from(list("ab <>&%{}'/=\"É日ﾀ -.") + ["<img src='/dev/zero'>", "%{x}", "{0}", "<b>"]),
                min_size=1, max_size=5).map("".join).map(str.strip).filter(bool)  # within every text limit but a name's
CONDITION = st.one_of(
    st.tuples(NUMERIC, st.sampled_from(["<", ">=", "==", "!="]), NUMERIC).map(" ".join),
    st.sampled_from(["f", "not g", "f or g"]),
)
EFFECT = st.one_of(
    st.tuples(st.sampled_from(["a", "b", "c", "d", "z"]), st.sampled_from(["=", "+=", "-="]), NUMERIC).map(" ".join),
    st.tuples(st.sampled_from(["f", "g"]), CONDITION).map(lambda t: f"{t[0]} = {t[1]}"),
)


def q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


@st.composite
def variable(draw: st.DrawFn, name: str) -> str:
    low, high = sorted(draw(st.lists(st.sampled_from(EXTREMES), min_size=2, max_size=2, unique=True)))
    initial = draw(st.sampled_from([low, high, max(low, min(high, 0))]))
    return f"  {name}: {{label: {q(draw(TEXT))}, min: {low}, max: {high}, initial: {initial}}}\n"


@st.composite
def choice(draw: st.DrawFn, cid: str, historical: bool) -> str:
    lines = [f"      - id: {cid}\n        label: {q(draw(TEXT))}\n        consequence: {q(draw(TEXT))}\n"]
    if historical:
        lines.append("        historical: true\n")
    elif draw(st.booleans()):
        lines.append(f"        when: {q(draw(CONDITION))}\n")
    if draw(st.booleans()):
        lines.append(f"        hint: {q(draw(TEXT))}\n")
    if draw(st.booleans()):  # an expression: how strongly the computer leans to it here (never below 0)
        lines.append(f"        ai_weight: {q(draw(NUMERIC))}\n")
    effects = draw(st.lists(EFFECT, max_size=2))
    if effects:
        lines.append(f"        effects: {json.dumps(effects)}\n")
    return "".join(lines)


@st.composite
def scenario_text(draw: st.DrawFn) -> str:
    out = [f"format: 1\nid: generated\ntitle: {q(draw(TEXT))}\nsummary: {q(draw(TEXT))}\n"
           "start: 1952-01-01\nend: 1955-12-31\nsides:\n"]
    for side in ("ussr", "nato"):
        objectives = "".join(f"      - label: {q(draw(TEXT))}\n        value: {q(draw(NUMERIC))}\n"
                             f"        weight: {draw(st.sampled_from([1, -1, 0.5, 1000]))}\n"
                             for _ in range(draw(st.integers(1, 2))))
        out.append(f"  {side}:\n    name: {q(draw(TEXT)[:60])}\n    description: {q(draw(TEXT))}\n    objectives:\n{objectives}")
    out.append("variables:\n" + "".join(draw(variable(n)) for n in ("a", "b", "c", "d")))
    out.append("  z: {label: Zero, min: 0, max: 1, initial: 0}\n")
    out.append("flags:\n  f: {label: F}\n  g: {label: G, initial: true}\n")
    day = date(1952, 2, 1)
    out.append("points:\n")
    for i in range(draw(st.integers(1, 4))):
        day += timedelta(days=draw(st.integers(1, 200)))
        out.append(f"  - id: p{i}\n    date: {day}\n    actor: {('ussr', 'nato')[i % 2]}\n    title: {q(draw(TEXT))}\n"
                   f"    briefing: {q(draw(TEXT))}\n    choices:\n")
        out.extend(draw(choice(f"c{k}", k == 0)) for k in range(draw(st.integers(1, 3))))
    events = draw(st.lists(st.lists(EFFECT, min_size=1, max_size=2), max_size=2))
    if events:
        out.append("events:\n")
        for i, effects in enumerate(events):
            out.append(f"  - id: e{i}\n    date: 1955-0{i + 1}-01\n    title: {q(draw(TEXT))}\n    text: {q(draw(TEXT))}\n"
                       f"    historical: true\n    effects: {json.dumps(effects)}\n")
    out.append("endings:\n")
    for i, condition in enumerate(draw(st.lists(CONDITION, max_size=2))):
        out.append(f"  - id: end{i}\n    title: {q(draw(TEXT))}\n    epilogue: {q(draw(TEXT))}\n    when: {q(condition)}\n")
    out.append(f"  - id: otherwise\n    title: {q(draw(TEXT))}\n    epilogue: {q(draw(TEXT))}\n")
    return "".join(out)


def valid_scenario(text: str, folder: Path) -> Path:
    """The generated file, with the ending its history reaches marked historical, if it validates."""
    path = folder / "generated.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        reached = bloc_game.load(path).history().ending
    except BlocGameError:
        reached = None
    assume(reached is not None)
    marker = f"  - id: {reached.id}\n"
    path.write_text(text.replace(marker, marker + "    historical: true\n"), encoding="utf-8")
    assume(bloc_game.validate(path) == [])
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                    HealthCheck.function_scoped_fixture])
@given(scenario_text(), st.lists(st.sampled_from(["1", "2", "3", "u", "s", "?", "²", "99", "", "x"]), max_size=25),
       st.sampled_from(["historical", "random", "lookahead"]), st.integers(0, 2**31))
def test_a_scenario_that_validates_plays_explores_and_lints_without_raising(
        folder: Path, text: str, answers: list[str], opponent: str, seed: int) -> None:
    path = valid_scenario(text, folder)
    game = bloc_game.load(path)
    typed = iter(answers)

    def read(_prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    assert TextGame(game, "ussr", seed, opponent, path, read=read, out=out).run() == 0
    assert TextGame(game, "watch", seed, opponent, path, out=io.StringIO()).run() == 0
    state = game.start("watch", seed=seed, opponent=opponent)
    assert state.is_over
    report = score(state)
    assert all(abs(o.delta) < float("inf") for o in report.outcomes)
    with contextlib.suppress(BlocGameError):  # "the game tree has more than N states": a message, not a crash
        explore(game, ("nato",), opponent if opponent != "random" else "historical", progress=False, max_states=3000)
    lint(path)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                   HealthCheck.function_scoped_fixture])
@given(scenario_text(), st.integers(0, 2**31))
def test_a_scenario_that_validates_runs_through_the_desktop_screens_without_error(
        folder: Path, tmp_path_factory: pytest.TempPathFactory, text: str, seed: int) -> None:
    from test_desktop import click, open_app, pump

    from bloc_game.ui.desktop.screens import GameScreen, ReportScreen, SideScreen
    from bloc_game.ui.desktop.settings import Settings

    path = valid_scenario(text, folder)
    home = tmp_path_factory.mktemp("home")
    os.environ["BLOC_GAME_HOME"] = str(home)
    try:
        app = open_app(Settings(), scenario=str(path))
        game = app.game(path)
        app.switch(SideScreen(app, path, game))
        pump(app)
        screen = GameScreen(app, game.start("ussr", seed=seed, opponent="random"))
        app.switch(screen)
        for _ in range(6):
            if screen.state.is_over or not screen.choice_buttons:
                break
            click(app, screen.choice_buttons[-1])
        if screen.state.is_over:
            app.switch(ReportScreen(app, screen.state))
            pump(app)
        assert not (home / "errors.log").exists(), (home / "errors.log").read_text()
    finally:
        del os.environ["BLOC_GAME_HOME"]
