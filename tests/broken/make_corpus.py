"""Regenerates the broken-scenario corpus: one mistake per file, from a valid base.

Each file starts with ``# expect: LINE:COL: fragment``. The position is where the
mistake sits in the text (found from a marker substring), not whatever the loader
prints, so ``tests/test_broken_corpus.py`` checks the loader against intent.
Run: python tests/broken/make_corpus.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

BASE = """\
format: 1
id: broken_base
title: Base scenario
start: 1952-03-01
end: 1952-06-30
sides:
  ussr:
    name: Soviet Union
    colour: "#c0392b"
    objectives:
      - label: Low tension
        value: -tension
  nato:
    name: Western Allies
    objectives:
      - label: Cohesion
        value: cohesion
variables:
  tension: {label: Tension, min: 0, max: 100, initial: 50}
  cohesion: {label: Cohesion, min: 0, max: 100, initial: 50}
flags:
  treaty: {label: Treaty signed}
points:
  - id: note
    date: 1952-03-10
    actor: ussr
    title: A note
    briefing: Send a note?
    sources: [a source]
    choices:
      - id: send
        label: Send it
        consequence: It is sent.
        historical: true
        effects: [tension -= 5]
      - id: wait
        label: Wait
        consequence: Nothing happens.
  - id: reply
    date: 1952-03-25
    actor: nato
    title: A reply
    briefing: Reply?
    sources: [a source]
    choices:
      - id: sign
        label: Sign
        consequence: Signed.
        historical: true
        effects: [treaty = true, cohesion += 10]
      - id: talk
        label: Talk
        consequence: Talks.
        when: tension < 60
events:
  - id: scare
    date: 1952-04-01
    title: A scare
    text: Something.
    sources: [a source]
    when: not treaty
    chance: 0.5
    effects: [tension += 20]
endings:
  - id: treaty_ending
    title: Treaty
    when: treaty
    historical: true
    epilogue: The treaty holds.
  - id: other
    title: Otherwise
    epilogue: Something else.
"""

# name: (text to find, replacement, marker in the new text where the error is, which occurrence (1-based),
#        extra columns past the marker's start, expected message fragment)
MUTATIONS: dict[str, tuple[str, str, str, int, int, str]] = {
    "yaml_unclosed_bracket": ("effects: [tension -= 5]", "effects: [tension -= 5", "- id: wait", 1, 4,
                              "started at line 36, column 18"),
    "yaml_tab_indent": ("    title: A note", "\ttitle: A note", "\ttitle", 1, 0, "indent with spaces, not tabs"),
    "duplicate_key": ("    title: A note\n", "    title: A note\n    title: Another note\n", "title: Another", 1, 0,
                      "duplicate key 'title'"),
    "duplicate_top_key": ("id: broken_base\n", "id: broken_base\nid: again\n", "id: again", 1, 0, "duplicate key 'id'"),
    "missing_title": ("    title: A note\n", "", "id: note", 1, 0, "missing the key 'title'"),
    "unknown_key_typo": ("    title: A note", "    titel: A note", "titel", 1, 0, "did you mean 'title'"),
    "unknown_top_key": ("sides:\n", "sidez:\n", "sidez", 1, 0, "did you mean 'sides'"),
    "choices_not_a_list": ("    choices:\n      - id: sign", "    choices: yes\n    old:\n      - id: sign", "yes", 1, 0,
                           "should be a list"),
    "number_is_text": ("min: 0, max: 100, initial: 50}\n  cohesion", "min: low, max: 100, initial: 50}\n  cohesion",
                       "low", 1, 0, "should be a number"),
    "boolean_is_text": ("        historical: true\n        effects: [tension", "        historical: \"true\"\n        effects: [tension",
                        "\"true\"", 1, 0, "should be true or false"),
    "impossible_date": ("date: 1952-03-25", "date: 1952-13-40", "1952-13-40", 1, 0, "not a valid date"),
    "partial_date": ("date: 1952-03-25", "date: 1952-03", "1952-03\n", 1, 0, "full date"),
    "dates_out_of_order": ("date: 1952-03-25", "date: 1952-03-05", "1952-03-05", 1, 0, "earlier than the one before it"),
    "date_outside_period": ("date: 1952-04-01", "date: 1953-04-01", "1953-04-01", 1, 0, "outside the scenario's period"),
    "unknown_actor": ("actor: nato", "actor: usa", "usa", 1, 0, "unknown side 'usa'"),
    "actor_typo": ("actor: nato", "actor: natto", "natto", 1, 0, "did you mean 'nato'"),
    "unknown_variable_in_when": ("when: tension < 60", "when: tensoin < 60", "tensoin", 1, 0,
                                 "unknown name 'tensoin' (did you mean 'tension'?)"),
    "unknown_flag_in_effect": ("effects: [treaty = true", "effects: [treati = true", "treati", 1, 0,
                               "unknown name 'treati' (did you mean 'treaty'?)"),
    "expression_syntax": ("when: tension < 60", "when: tension <", "tension <", 1, 9, "expected a value"),
    "expression_type": ("when: tension < 60", "when: tension and treaty", "tension and", 1, 0,
                        "needs a true/false value"),
    "flag_incremented": ("treaty = true, cohesion", "treaty += 1, cohesion", "treaty +=", 1, 7, "is a flag"),
    "hostile_call": ("when: tension < 60", "when: __import__('os')", "__import__", 1, 0, "is not a function"),
    "attribute_access": ("when: tension < 60", "when: tension.real < 60", "tension.real", 1, 7, "attribute access"),
    "initial_out_of_range": ("min: 0, max: 100, initial: 50}\n  cohesion", "min: 0, max: 100, initial: 150}\n  cohesion",
                             "150", 1, 0, "between 0 and 100"),
    "min_not_below_max": ("tension: {label: Tension, min: 0, max: 100", "tension: {label: Tension, min: 100, max: 0",
                          "max: 0", 1, 5, "must be greater than its min"),
    "chance_out_of_range": ("chance: 0.5", "chance: 1.5", "1.5", 1, 0, "between 0 and 1"),
    "two_historical_choices": ("        consequence: Nothing happens.\n", "        consequence: Nothing happens.\n        historical: true\n",
                               "true\n  - id: reply", 1, 0, "already has a historical choice"),
    "duplicate_point_id": ("  - id: reply", "  - id: note", "note\n    date: 1952-03-25", 1, 0, "used twice"),
    "duplicate_choice_id": ("      - id: wait", "      - id: send", "send\n        label: Wait", 1, 0, "used twice"),
    "invalid_id": ("  - id: reply", "  - id: The Reply", "The Reply", 1, 0, "not a valid id"),
    "no_fallback_ending": ("    title: Otherwise\n", "    title: Otherwise\n    when: not treaty\n", "- id: treaty_ending", 1, 0,
                           "no ending is left without a 'when'"),
    "future_format": ("format: 1", "format: 2", "2\n", 1, 0, "newer than this Bloc Game reads"),
    "python_tag": ("title: Base scenario", "title: !!python/object/apply:os.system [ls]", "!!python", 1, 0, "is not allowed"),
    "two_historical_endings": ("    title: Otherwise\n", "    title: Otherwise\n    historical: true\n", "true\n    epilogue: Something",
                               1, 0, "only one can be"),
    "choices_empty": ("    choices:\n      - id: sign", "    choices: []\n    unused:\n      - id: sign", "[]", 1, 0, "has no choices"),
    "bad_colour": ('colour: "#c0392b"', "colour: red", "red", 1, 0, "should be written like #c0392b"),
    "flag_named_like_variable": ("  treaty: {label: Treaty signed}", "  treaty: {label: Treaty signed}\n  tension: {label: Dup}",
                                 "tension: {label: Dup}", 1, 0, "already a variable"),
    "keyword_as_variable": ("  cohesion: {label: Cohesion", "  not: {label: Not}\n  cohesion: {label: Cohesion", "not:", 1, 0,
                            "word of the expression language"),
    "two_documents": ("format: 1\n", "format: 1\n---\nformat: 1\n", "---", 1, 0, "more than one YAML document"),
    "top_level_list": (BASE, "- just\n- a list\n", "- just", 1, 0, "should be a mapping"),
    "empty_file": (BASE, "", "", 1, 0, "empty"),
    "unknown_map_region": ("endings:\n", "map:\n  regions: {frg: nato, westgermany: nato}\nendings:\n", "westgermany", 1, 0,
                           "unknown map region 'westgermany'"),
    "unknown_map_bloc": ("endings:\n", "map:\n  regions: {frg: nato}\n  rules:\n    - {regions: [gdr], bloc: warsaw}\nendings:\n",
                         "warsaw", 1, 0, "unknown bloc 'warsaw'"),
    # Caught by the history replay that `validate` runs, not by the loader.
    "history_choice_unavailable": ("        historical: true\n        effects: [treaty",
                                   "        historical: true\n        when: tension > 60\n        effects: [treaty",
                                   "- id: sign", 1, 2, "not available when history is replayed"),
    "history_event_unmarked": ("when: not treaty\n    chance: 0.5", "when: treaty\n    chance: 1", "- id: scare", 1, 2,
                               "not marked historical"),
    # Text that follows the path: a variant list's mistakes.
    "variant_after_unconditional": ("    briefing: Reply?\n", "    briefing:\n      - text: Reply?\n      - when: treaty\n        text: Too late\n",
                                    "- when: treaty", 1, 2, "can never be shown"),
    "variant_unknown_name": ("    briefing: Reply?\n", "    briefing:\n      - when: tension > 50 and treatty\n        text: A\n      - text: B\n",
                             "treatty", 1, 0, "unknown name 'treatty' (did you mean 'treaty'?)"),
    "variant_not_a_mapping": ("    briefing: Reply?\n", "    briefing:\n      - Reply?\n", "Reply?\n    sources", 1, 0,
                              "should be a mapping"),
    "ai_weight_not_an_expression": ("        consequence: Talks.\n", "        consequence: Talks.\n        ai_weight: 1 +* tension\n",
                                    "+* tension", 1, 1, "ai_weight of choice 'talk'"),
    # Issue 13: ranges checked at load, untrusted characters, text lengths, ASCII digits.
    "product_beyond_limit": ("effects: [tension += 20]", "effects: [cohesion = cohesion * tension * tension * tension * 1000000]",
                             "* 1000000", 1, 0, "beyond the limit of ±1,000,000,000,000"),
    "division_without_bound": ("when: tension < 60", "when: 100 / (tension / 2) > 1", "/ (", 1, 0, "has no bound"),
    "escape_sequence_in_title": ("    title: A note", '    title: "A \\e[2J\\e]0;pwned\\anote"', '"A ', 1, 0,
                                 "control character U+001B"),
    "clipboard_write_in_label": ("        label: Send it", '        label: "Send \\e]52;c;aGVsbG8=\\a it"', '"Send', 1, 0,
                                 "control character U+001B"),
    "bidi_override_in_consequence": ("consequence: Nothing happens.", "consequence: Nothing \u202ehappens.", "\u202e", 1, 0,
                                     "control character U+202E"),
    "control_in_key": ("    title: A note", '    "ti\\x9btle": A note', '"ti', 1, 0, "control character U+009B"),
    "title_too_long": ("    title: A note", "    title: " + "A" * 121, "A" * 121, 1, 0, "the limit for a title is 120"),
    "label_too_long": ("        label: Wait", "        label: " + "W" * 20_000, "W" * 20_000, 1, 0,
                       "the limit for a label is 120"),
    "non_ascii_digit": ("when: tension < 60", "when: tension < \u09ee", "\u09ee", 1, 0, "unexpected character"),
    # Added with the YAML dialect, the hints and the no-cascade rule (issue 18).
    "variable_value_not_a_number": ("initial: 50}\n  cohesion", "initial: fifty}\n  cohesion", "fifty", 1, 0,
                                    "should be a number"),
    "yaml11_boolean": ("        historical: true\n        effects: [tension", "        historical: yes\n        effects: [tension",
                       "yes\n", 1, 0, "write true, not yes"),
    "yaml11_boolean_as_text": ("        label: Wait", "        label: No", "No\n", 1, 0, 'quote it: "No"'),
    "yaml11_sexagesimal": ("cohesion: {label: Cohesion, min: 0, max: 100", "cohesion: {label: Cohesion, min: 0, max: 1:40",
                           "1:40", 1, 0, "write plain digits"),
    "yaml11_date_as_text": ("    title: A reply", "    title: 1952-03-25", "1952-03-25\n    briefing: Reply", 1, 0,
                            'quote it: "1952-03-25"'),
    "yaml_colon_in_text": ("consequence: Nothing happens.", "consequence: Nothing happens: yet.", ": yet", 1, 0,
                           "put the text in quotes"),
    "yaml_unclosed_quote": ("    title: A note", '    title: "A note', '"A note', 1, 0, "never closed"),
    "yaml_tab_in_a_list": ("      - id: wait", "\t  - id: wait", "\t  - id: wait", 1, 0, "indent with spaces, not tabs"),
}


def position(text: str, marker: str, occurrence: int, extra: int) -> tuple[int, int]:
    if not marker:
        return 1, 1
    index = -1
    for _ in range(occurrence):
        index = text.index(marker, index + 1)
    index += extra
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def main() -> None:
    for old in HERE.glob("*.yaml"):
        old.unlink()
    for n, (name, (find, replace, marker, occurrence, extra, fragment)) in enumerate(MUTATIONS.items(), 1):
        assert find in BASE, name
        body = BASE.replace(find, replace, 1)
        header_probe = "# expect: 0:0: x\n"
        line, column = position(header_probe + body, marker, occurrence, extra)
        text = f"# expect: {line}:{column}: {fragment}\n" + body
        (HERE / f"{n:02d}_{name}.yaml").write_text(text, encoding="utf-8")
    (HERE / "00_base_is_valid.yaml.txt").write_text(BASE, encoding="utf-8")


if __name__ == "__main__":
    main()
