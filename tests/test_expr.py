"""The expression language: what authors write works; what attackers write is refused, never run."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bloc_game.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExprError,
    Symbols,
    compile_condition,
    compile_effects,
    compile_quantity,
)

SYMBOLS = Symbols({"tension": (0, 0, 100), "alignment": (1, -100, 100)}, {"edc": 0, "frg_in_nato": 1})
D = date(1954, 8, 30)


def cond(text: str, values=(50, 0), flags=(None, None)) -> bool:
    return compile_condition(text, SYMBOLS)(values, flags)


@pytest.mark.parametrize("text, expected", [
    ("tension > 40 and not edc", True),
    ("tension > 60 or frg_in_nato", False),
    ("not tension > 40 and edc", False),  # not binds tighter than and
    ("tension - 10 * 2 == 30", True),  # * before -
    ("(tension - 10) * 2 == 80", True),
    ("min(tension, 10, 70) == 10 and max(alignment, -5) == 0", True),
    ("abs(alignment - 20) == 20", True),
    ("tension / 0 == 0", True),  # division by zero gives 0 rather than failing mid-game
    ("edc == false", True),
    ("-tension < 0", True),
])
def test_conditions_evaluate_as_documented(text: str, expected: bool) -> None:
    assert cond(text) is expected


def test_flags_read_their_dates() -> None:
    assert cond("edc and frg_in_nato", flags=(D, D))
    assert not cond("edc and frg_in_nato", flags=(D, None))


def test_quantity_bounds_follow_the_variables_ranges() -> None:
    q = compile_quantity("alignment * 2 + tension", SYMBOLS)
    assert (q.low, q.high) == (-200.0, 300.0)
    assert q((10, 5), (None, None)) == 20
    flag = compile_quantity("edc", SYMBOLS)
    assert (flag.low, flag.high) == (0.0, 1.0) and flag((0, 0), (D, None)) == 1


def test_effects_clamp_round_and_date_flags() -> None:
    fx = compile_effects(["tension += 70; alignment = 2.5", "edc = true"], SYMBOLS)
    values, flags = [50, 0], [None, None]
    fx.apply(values, flags, D)
    assert values == [100, 3] and flags == [D, None]
    fx.apply(values, flags, date(1955, 1, 1))
    assert flags[0] == D, "a flag keeps the date it first became true"
    compile_effects(["edc = false"], SYMBOLS).apply(values, flags, D)
    assert flags[0] is None
    assert fx.writes == {"tension", "alignment", "edc"}


HOSTILE = [
    "__import__('os').system('ls')", "tension.__class__", "().__class__.__bases__", "open('x')",
    "eval('1')", "exec('1')", "lambda: 1", "[x for x in tension]", "{1: 2}", "tension[0]",
    "tension ** 999999999", "9 ** 9 ** 9", "10000000000", "'a' * 100000", '"abc"', "tension @ 2",
    "tension if edc else 0", "getattr(tension, 'x')", "globals()", "locals()", "vars()", "dir()",
    "import os", "tension; import os", "x := 1", "tension % 2", "tension & 1", "tension | 1", "~tension",
    "tension << 2", "!edc", "edc && frg_in_nato", "edc || frg_in_nato", "tension > 1 > 0", "0 < tension < 9",
    "tension and", "and edc", "(" * 100 + "1" + ")" * 100, "not " * 100 + "edc", "- " * 100 + "1",
    "x" * (MAX_LENGTH + 1), "tension = 5", "tension += 1", "nope > 1", "__builtins__", "_private",
    "tension.real", "min()", "abs(1, 2)", "max(edc, 1) > 0", "edc + 1 > 0", "tension == edc", "\\x00",
    "tension\n> 1; os", "`ls`", "${HOME}", "tension # comment", "1e999 > 0",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_expressions_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(ExprError) as err:
        compile_condition(text, SYMBOLS)
    assert err.value.message and 0 <= err.value.offset <= max(len(text), MAX_LENGTH)


def test_the_hostile_corpus_is_large() -> None:
    assert len(HOSTILE) >= 50


@pytest.mark.parametrize("text, fragment", [
    ("edc += 1", "is a flag"),
    ("tension = edc", "cannot be set to a true/false value"),
    ("tenson += 1", "did you mean 'tension'"),
    ("tension += 1;; edc = true", "empty statement"),
    ("tension ++ 1", "an effect looks like"),
    ("print(1)", "an effect looks like"),
])
def test_bad_effects_say_what_to_write(text: str, fragment: str) -> None:
    with pytest.raises(ExprError) as err:
        compile_effects([text], SYMBOLS)
    assert fragment in err.value.message


def test_nesting_limit_is_enforced_and_documented_depth_is_accepted() -> None:
    ok = "(" * (MAX_DEPTH - 2) + "tension > 1" + ")" * (MAX_DEPTH - 2)
    assert cond(ok)
    with pytest.raises(ExprError, match="nested"):
        compile_condition("(" * (MAX_DEPTH + 1) + "edc" + ")" * (MAX_DEPTH + 1), SYMBOLS)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="tensio_alg edcfrgn<>=!+-*/(),;.0123456789andortuefls ", max_size=80))
def test_any_text_either_compiles_or_raises_expr_error(text: str) -> None:
    for compile_ in (compile_condition, compile_quantity):
        try:
            compiled = compile_(text, SYMBOLS)
        except ExprError:
            continue
        compiled((50, -20), (D, None))  # whatever compiles also runs
    with contextlib.suppress(ExprError):
        compile_effects([text], SYMBOLS).apply([1, 2], [None, None], D)


numbers = st.integers(min_value=-100, max_value=100)


@settings(max_examples=300, deadline=None)
@given(numbers, numbers, st.sampled_from(["+", "-", "*"]))
def test_quantity_values_stay_within_their_computed_bounds(t: int, a: int, op: str) -> None:
    q = compile_quantity(f"tension {op} alignment", SYMBOLS)
    value = q((max(0, t), a), (None, None))
    assert q.low <= value <= q.high
