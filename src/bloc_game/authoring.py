"""``bloc-game new``: a small, valid, commented scenario to start from, and the schema beside it.

The template is the worked example of ``docs/authoring.md`` (a test keeps the two the
same), so what a teacher reads in the guide is what the command writes.

Every scenario, shipped or new, names its JSON Schema with the same first line, a path
relative to the file: ``.bloc-game/scenario.schema.json``. ``new`` (and ``bloc-game schema
--install DIR``) put that copy of the schema into the scenario's folder, so the folder
can be moved, zipped and mailed and an editor still finds the schema; no absolute path or
virtual environment is named anywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

from .atomic import write_text_atomic
from .errors import BlocGameError
from .scenario.schema import schema_text

#: The folder, beside the scenarios, that holds the copy of the schema editors read.
SCHEMA_FOLDER = ".bloc-game"
SCHEMA_NAME = "scenario.schema.json"
#: The first line of every scenario: the YAML language server's modeline, relative to the file.
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{SCHEMA_NAME}"

EXAMPLE_ID = "austria_1955"

TEMPLATE = """\
# A worked example: the Austrian question, 1954-1955 (three decision points).
# Check it with: bloc-game validate FILE, then bloc-game lint FILE.
format: 1
id: austria_1955
title: "The Austrian Question"
summary: >
  Austria has been occupied by the four powers since 1945. Will Moscow trade its troops
  there for Austrian neutrality, and when?
start: 1954-01-01
end: 1955-06-30
authors: ["Your name"]

# The two sides and what each wants. Objectives are scored on the final state and
# compared with the score the real sequence reaches.
sides:
  ussr:
    name: Soviet Union
    colour: "#c0392b"
    objectives:
      - label: No Austrian army in a Western alliance
        value: austria_neutral
        weight: 20
        source: "FRUS 1952-1954, VII, Part 1, doc. 505 (Berlin Conference, last plenary, 18 February 1954: Molotov would accept an Austrian declaration of non-alignment)"
      - label: Win the argument abroad
        value: -world_opinion
        weight: 0.2
        source: "FRUS 1952-1954, VII, Part 1, doc. 505 (Berlin Conference, last plenary, 18 February 1954: Molotov would accept an Austrian declaration of non-alignment)"
  nato:
    name: Western Allies
    colour: "#2e6db4"
    objectives:
      - label: An Austrian treaty, the test of Soviet intentions
        value: austria_neutral
        weight: 20
        source: "https://history.state.gov/historicaldocuments/frus1952-54v07p1/d531"
      - label: Keep tension down
        value: -tension
        weight: 0.1
        source: "FRUS 1955-1957, XX, doc. 48 (Open Skies at Geneva, 21 July 1955)"

# Whole numbers kept between min and max.
variables:
  tension:
    label: East-West tension
    min: 0
    max: 100
    initial: 50
    description: How close the two camps feel to open confrontation.
    low: calm              # what the ends of the meter mean
    high: brink of war
  world_opinion:
    label: World opinion
    min: -100
    max: 100
    initial: 0
    description: Whose case convinces onlookers.
    low: Moscow's case
    high: the West's case

# Facts that become true on a date.
flags:
  neutrality_offered: {label: Moscow offers withdrawal for neutrality}
  memorandum_signed: {label: Moscow Memorandum on Austria}
  austria_neutral: {label: "Austria settled: neutrality pledged, State Treaty signed"}

# Decision points in date order; 'historical: true' marks what really happened.
points:
  - id: berlin_austria
    date: 1954-02-16
    actor: ussr
    title: Austria at the Berlin Conference
    briefing: |
      The Western ministers want an Austrian treaty signed here in Berlin. Our position
      is that occupation troops stay in Austria until a German peace treaty is made, and
      that Austria joins no alliance. We could instead offer to withdraw at once in
      return for a declaration of neutrality, and take away the West's best argument.
    sources:
      - "https://history.state.gov/historicaldocuments/frus1952-54v07p1/d491"
    choices:
      - id: troops_stay
        label: Troops stay until a German peace treaty
        historical: true
        effects: [tension += 5]
        consequence: The West refuses and the conference ends with no Austrian treaty.
      - id: offer_neutrality
        label: Offer withdrawal in return for neutrality
        effects: [neutrality_offered = true, world_opinion -= 10]
        consequence: Vienna is astonished, and the Western ministers must answer.

  # A counterfactual point: it only arises if Moscow made the offer at Berlin.
  - id: western_answer
    date: 1954-03-01
    actor: nato
    title: Moscow offers to leave Austria
    briefing: |
      Moscow now offers to withdraw from Austria if Austria declares itself neutral.
      We have called an Austrian treaty the test of Soviet good faith; refusing would
      be hard to explain. But a neutral Austria opens a gap between our forces in
      Germany and Italy.
    sources:
      - "FRUS 1952-1954, VII, Part 1, doc. 526 (the West offered at Berlin to sign the Austrian treaty on the Soviet text)"
    when: neutrality_offered
    choices:
      - id: accept_now
        label: Accept a neutral Austria now
        effects: [austria_neutral = true, tension -= 10]
        consequence: A treaty is drafted within weeks; the occupation ends a year early.
      - id: hold_out
        label: Hold out for Austria's freedom to choose its alliances
        effects: [world_opinion -= 10]
        consequence: The offer lapses, and Moscow says the West never wanted a treaty.

  - id: moscow_memorandum
    date: 1955-04-15
    actor: ussr
    title: The Moscow Memorandum
    briefing: |
      Chancellor Raab is in Moscow. The memorandum on the table trades Austrian
      neutrality for the withdrawal of every occupation army, and the State Treaty
      could be signed in Vienna within a month.
    sources:
      - 'G. Bischof, "The Anglo-American Powers and Austrian Neutrality, 1953-1955", Mitteilungen des Österreichischen Staatsarchivs 42 (1992)'
    when: not austria_neutral
    choices:
      - id: sign_memorandum
        label: Agree to neutrality in return for withdrawal
        historical: true
        effects: [memorandum_signed = true, world_opinion -= 10]
        consequence: The memorandum is signed on 15 April; the treaty can follow.
      - id: keep_troops
        label: Keep the troops in Austria
        effects: [tension += 10, world_opinion += 10]
        consequence: Raab goes home with nothing, and the occupation goes on.

# Events happen on their date if their 'when' holds.
events:
  - id: state_treaty
    date: 1955-05-15
    title: The Austrian State Treaty
    text: The four powers and Austria sign the State Treaty in Vienna's Belvedere.
    sources: ['G. Bischof, "The Anglo-American Powers and Austrian Neutrality, 1953-1955", Mitteilungen des Österreichischen Staatsarchivs 42 (1992)']
    when: memorandum_signed
    effects: [austria_neutral = true, tension -= 5]
    historical: true

# Endings: the first whose 'when' holds wins; the last has no 'when'.
endings:
  - id: still_occupied
    title: Austria still occupied
    when: not austria_neutral
    epilogue: |
      The four armies stay. Austria waits for a settlement that the Cold War keeps
      putting off.
  - id: neutral_austria
    title: A neutral Austria
    historical: true
    epilogue: |
      Austria regains its independence as a neutral state, as it did in 1955, and the
      last occupation troops leave by October.

# The map: Austria is shown occupied (contested) until it is neutral.
map:
  regions: {austria: contested, frg: nato, italy: nato, hungary: ussr, czechoslovakia: ussr}
  rules:
    - regions: [austria]
      bloc: neutral
      when: austria_neutral
"""

EXAMPLE_REPLAY = """\
# The real sequence, played as the USSR: every dated event on its date.
scenario: austria_1955.yaml
side: ussr
seed: 1
choices:
  - berlin_austria: troops_stay
  - moscow_memorandum: sign_memorandum
expect:
  ending: neutral_austria
  flags: {austria_neutral: true, neutrality_offered: false}
  score: {fidelity: 1.0, divergence: null, distance: 0}
"""

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def scenario_text(name: str) -> str:
    """The template with its id set to ``name`` and the modeline for editors."""
    return f"{MODELINE}\n" + TEMPLATE.replace(f"id: {EXAMPLE_ID}", f"id: {name}", 1)


def install_schema(directory: Path) -> Path:
    """Put the current schema into ``directory/.bloc-game/`` (kept if already current); return its path."""
    target = directory / SCHEMA_FOLDER / SCHEMA_NAME
    text = schema_text()
    try:
        if not (target.is_file() and target.read_text(encoding="utf-8") == text):
            write_text_atomic(target, text)
    except OSError as err:
        raise BlocGameError(f"cannot write {target}: {err.strerror or err}") from None
    return target


def write_new_scenario(name: str, directory: Path) -> Path:
    """Write ``NAME.yaml`` and the schema into ``directory``; refuses to overwrite an existing scenario."""
    if not _NAME.match(name):
        raise BlocGameError(f"'{name}' is not a valid scenario id: use lower-case letters, digits and '_'")
    if directory.exists() and not directory.is_dir():
        raise BlocGameError(f"{directory} is a file, not a folder; give --directory a folder")
    path = directory / f"{name}.yaml"
    if path.exists() or path.is_symlink():
        raise BlocGameError(f"{path} exists already; choose another name or move it away")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        install_schema(directory)
        with path.open("x", encoding="utf-8") as handle:  # "x": never replace what appeared meanwhile
            handle.write(scenario_text(name))
    except OSError as err:
        raise BlocGameError(f"cannot write {path}: {err.strerror or err}") from None
    return path
