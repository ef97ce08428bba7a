"""Scenario files: YAML in, a validated immutable :class:`Scenario` out."""

from .loader import load_scenario, load_scenario_text
from .model import (
    FORMAT_VERSION,
    Choice,
    DecisionPoint,
    Ending,
    Event,
    Flag,
    Objective,
    Scenario,
    Side,
    Situation,
    Step,
    Text,
    Variable,
    Variant,
)

__all__ = [
    "FORMAT_VERSION", "Choice", "DecisionPoint", "Ending", "Event", "Flag", "Objective", "Scenario",
    "Side", "Situation", "Step", "Text", "Variable", "Variant", "load_scenario", "load_scenario_text",
]
