"""Ranges checked at load: an expression whose worst case is unbounded or beyond ±MAX_VALUE is
refused with its position; one that is accepted never overflows, never gives NaN and stays
within the bounds the loader computed (issue 13, class 1)."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import bloc_game
from bloc_game.expr import (
    MAX_VALUE,
    ExprError,
    Symbols,
    compile_condition,
    compile_effects,
    compile_quantity,
)
from bloc_game.lint import lint

from conftest import BROKEN

BIG = 1_000_000  # the loader's limit on a variable's bounds
EXTREME = Symbols(
    {"a": (0, -BIG, BIG), "b": (1, 0, BIG), "c": (2, -BIG, 0), "d": (3, -1, 1), "z": (4, 0, 0)},
    {"f": 0},
)
CORNERS = [(-BIG, -1, 0, 1, BIG), (0, 1, BIG), (-BIG, -1, 0), (-1, 0, 1), (0,)]
BASE = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8")


def corner_states():
    for values in itertools.product(*CORNERS):
        for flag in (None, True):
            yield list(values), [flag]


@pytest.mark.parametrize("text, fragment", [
    ("a * a * a", "product can reach 1e+18"),
    ("a * b * 2", "product can reach 2e+12"),
    ("a / (d / 2) > 0", "has no bound"),
    ("a / 0.000001 * a", "beyond the limit"),
    ("a * a + a * a", "sum can reach 2e+12"),
])
def test_an_unbounded_or_huge_expression_is_refused_at_its_operator(text: str, fragment: str) -> None:
    with pytest.raises(ExprError) as err:
        compile_quantity(text, EXTREME)
    assert fragment in err.value.message
    assert text[err.value.offset] in "*/+"


@pytest.mark.parametrize("text", [
    "100 / a", "a / b", "a * a", "a * b / (d + 1)", "min(a, b) / max(c, d)", "abs(c) / a * 1000000",
])
def test_ordinary_divisions_and_products_at_the_limits_are_accepted_and_stay_finite(text: str) -> None:
    q = compile_quantity(text, EXTREME)
    assert math.isfinite(q.low) and math.isfinite(q.high) and max(abs(q.low), abs(q.high)) <= MAX_VALUE
    for values, flags in corner_states():
        v = q(values, flags)
        assert math.isfinite(v) and q.low <= v <= q.high, (text, values, v)


def test_a_whole_number_divisor_bounds_the_quotient_by_the_dividend() -> None:
    q = compile_quantity("100 / a", EXTREME)
    assert (q.low, q.high) == (-100, 100)  # a is 0 (giving 0) or at least 1 in size


def test_the_flagship_style_division_lints_without_crashing(tmp_path) -> None:
    """`lint` crashed (math.floor of an infinite range) on `100 / <variable that can be 0>`."""
    text = BASE.replace("effects: [tension += 20]", "effects: [cohesion = 100 / tension, tension += 20]")
    path = tmp_path / "division.yaml"
    path.write_text(text, encoding="utf-8")
    assert bloc_game.validate(path) == []
    assert all(p.severity != "error" for p in lint(path))  # warnings and notes only, and no crash


def test_a_cube_of_a_wide_variable_is_refused_at_load_with_its_position(tmp_path) -> None:
    text = BASE.replace("min: 0, max: 100, initial: 50}\n  cohesion", "min: -1000000, max: 1000000, initial: 50}\n  cohesion")
    text = text.replace("effects: [tension += 20]", "effects: [tension = tension * tension * tension]")
    path = tmp_path / "cube.yaml"
    path.write_text(text, encoding="utf-8")
    problems = bloc_game.validate(path)
    line = text.splitlines().index("    effects: [tension = tension * tension * tension]") + 1
    column = len("    effects: [tension = tension * tension ") + 1
    assert [(p.where.line, p.where.column) for p in problems] == [(line, column)], problems
    assert "beyond the limit" in problems[0].message


# ------------------------------------------------------------------------------ the property

NAMES = st.sampled_from(["a", "b", "c", "d", "z"])
LITERALS = st.sampled_from(["0", "1", "2", "0.5", "0.000001", "999999.5", "1000000", "3.25"])


def _numeric(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda x: f"-{x}"),
        children.map(lambda x: f"abs({x})"),
        st.lists(children, min_size=1, max_size=3).flatmap(
            lambda xs: st.sampled_from(["min", "max"]).map(lambda f: f"{f}({', '.join(xs)})")),
        # Long flat chains (no nesting) reach the extremes: 60 factors of a million overflow a float.
        st.lists(children, min_size=2, max_size=60).flatmap(
            lambda xs: st.sampled_from([" * ", " + ", " - ", " / "]).map(lambda op: f"({op.join(xs)})")),
    )


NUMERIC = st.recursive(st.one_of(NAMES, LITERALS), _numeric, max_leaves=12)
CONDITIONS = st.one_of(
    st.tuples(NUMERIC, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), NUMERIC).map(" ".join),
    NUMERIC.map(lambda x: f"f or {x} > 0"),
)


def _finite_within(value: float, low: float, high: float) -> bool:
    slack = 1e-9 * max(1.0, abs(low), abs(high))  # float rounding of the corners
    return math.isfinite(value) and low - slack <= value <= high + slack


@settings(max_examples=300, deadline=None)
@given(NUMERIC)
def test_a_grammar_built_quantity_is_refused_or_finite_and_within_its_bounds_everywhere(text: str) -> None:
    try:
        q = compile_quantity(text, EXTREME)
    except ExprError as err:
        assert "limit" in err.message or "no bound" in err.message or "nested" in err.message or "long" in err.message
        return
    assert max(abs(q.low), abs(q.high)) <= MAX_VALUE
    for values, flags in corner_states():
        assert _finite_within(q(values, flags), q.low, q.high), (text, values)


@settings(max_examples=200, deadline=None)
@given(CONDITIONS, NUMERIC, st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(["=", "+=", "-="]))
@example("a > 0", "(" + " * ".join(["a"] * 52) + " * 0.5)", "a", "=")  # 10^312: a float overflow before this issue
@example("a / 2 * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a "
         "* a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a * a > a - a",
         "b", "b", "+=")
def test_grammar_built_conditions_and_effects_never_fail_at_run_time(condition: str, value: str, target: str,
                                                                     op: str) -> None:
    try:
        check = compile_condition(condition, EXTREME)
        effects = compile_effects([f"{target} {op} {value}"], EXTREME)
    except ExprError:
        return
    i, low, high = EXTREME.variables[target]
    for values, flags in corner_states():
        assert check(values, flags) in (True, False)
        effects.apply(values, flags, None)  # type: ignore[arg-type]
        assert isinstance(values[i], int) and low <= values[i] <= high
