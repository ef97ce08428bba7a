"""Scenario translations: PO files beside a scenario, applied without touching it.

A scenario ``NAME.yaml`` plays in language ``xx`` when ``NAME.xx.po`` sits beside it. The
translation is applied to the loaded scenario (:func:`.messages.translated`), never to the
file: ids, rules and the content hash stay the source's, so records, replays and scores do
not depend on the language a game was played in. Texts without a sound, current
translation show in the scenario's own language, entry by entry.

``bloc-game strings export`` writes the template or a language's file (merging one that
exists), ``bloc-game strings import`` checks a translator's file and puts it in place, and
``bloc-game lint`` reports each language file's missing, out-of-date and broken entries.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Optional

from ..errors import Position, Problem
from ..scenario import Scenario
from ..scenario.yaml_source import Node
from .check import Standing, standing
from .messages import Message, locations, messages, translated
from .pofile import LANG_CODE, TranslationError, TranslationFile, lang_of, read_translation, render

__all__ = [
    "Message", "Standing", "TranslationError", "TranslationFile", "apply", "beside", "export",
    "language_line", "languages", "messages", "read_translation", "scenario_language", "standing", "translated_into",
    "translation_files", "use_scenario_language",
]


#: A language only scenario translations offer (``--lang fr`` where the interface has no French).
_scenario_only: Optional[str] = None


def use_scenario_language(lang: Optional[str]) -> None:
    """Show scenarios in ``lang`` while the interface, which has no catalog for it, stays in English."""
    global _scenario_only
    _scenario_only = lang


def scenario_language() -> Optional[str]:
    """The language the front ends show a scenario in: the interface's (:mod:`bloc_game.i18n`), or
    one only scenario translations offer; ``None`` for English, the source (the file's own words)."""
    from ..i18n import SOURCE, current_language

    current = current_language()
    return _scenario_only if current == SOURCE else current


def translated_into(scenario_path: Path, lang: str) -> bool:
    """True if ``NAME.lang.po`` sits beside the scenario (``lang`` a valid code)."""
    return bool(LANG_CODE.match(lang)) and beside(scenario_path, lang).is_file()


def beside(scenario_path: Path, lang: str) -> Path:
    """Where a scenario's translation into ``lang`` lives: ``NAME.lang.po`` in the scenario's folder."""
    check_lang(lang)  # a code, never a path
    return scenario_path.with_name(f"{scenario_path.stem}.{lang}.po")


def translation_files(scenario_path: Path) -> list[Path]:
    """The translation files beside a scenario, by language code."""
    found = [p for p in scenario_path.parent.glob(f"{scenario_path.stem}.*.po")
             if lang_of(p) and p.name == f"{scenario_path.stem}.{lang_of(p)}.po"]
    return sorted(found, key=lambda p: lang_of(p))


def languages(scenario_path: Path) -> list[str]:
    """The language codes a scenario has a translation file for (whatever its state)."""
    return [lang_of(p) for p in translation_files(scenario_path)]


def language_line(scenario_path: Path, codes: bool = False) -> str:
    """The languages a scenario can be played in, each named in itself: its own and each translation
    beside it ("English · Deutsch · Русский"; with ``codes``, "Deutsch (de)", for ``--lang``)."""
    from ..i18n import SOURCE, language_name

    return " · ".join(language_name(lang) + (f" ({lang})" if codes and lang != SOURCE else "")
                      for lang in (SOURCE, *languages(scenario_path)))


def _located(scenario_path: Path) -> tuple[Scenario, list[Message]]:
    """The scenario in a file and its messages, each placed at its text's own line."""
    from ..errors import ScenarioError
    from ..scenario import load_scenario_text, yaml_source

    display = str(scenario_path)
    try:
        text = yaml_source.read_text(scenario_path, display)
    except yaml_source.YamlFailure as failure:
        raise ScenarioError([failure.problem]) from None
    scenario = load_scenario_text(text, display)
    return scenario, _placed(messages(scenario), yaml_source.parse(text, display, []))


def _placed(msgs: list[Message], root: Node) -> list[Message]:
    lines = locations(root)
    placed = [replace(m, where=Position(m.where.path, lines[m.key], 1)) if m.key in lines else m for m in msgs]
    return sorted(placed, key=lambda m: m.where.line)  # in file order, as a translator reads the scenario


def export(scenario_path: Path, lang: str = "", previous: Optional[Path] = None) -> str:
    """The PO text for a scenario: the template without ``lang``, else that language's file merged
    with ``previous`` (a translation file; its translations are kept)."""
    check_lang(lang, allow_empty=True)
    scenario, msgs = _located(scenario_path)
    old = read_translation(previous) if previous is not None and previous.exists() else None
    return render(msgs, scenario_path.name, scenario.id, lang, old)


def check_lang(lang: str, allow_empty: bool = False) -> None:
    from ..errors import BlocGameError

    if (lang or not allow_empty) and not LANG_CODE.match(lang):
        raise BlocGameError(f"'{lang}' is not a language code; use one such as de, ru, fr, pl or pt_BR")


def apply(scenario: Scenario, lang: Optional[str]) -> Scenario:
    """``scenario`` in ``lang``: translated where ``NAME.lang.po`` beside it has sound, current entries.

    No ``lang``, or no file for it, gives ``scenario`` itself (it plays in its own language).
    A file that is not a PO file raises :class:`TranslationError` naming its line.
    """
    if not lang or not scenario.path:
        return scenario
    path = beside(Path(scenario.path), lang)
    if not path.is_file():
        return scenario
    usable = standing(messages(scenario), read_translation(path), scenario.path).usable
    return replace(translated(scenario, lambda key, _source: usable.get(key)), language=lang)


def lint_translations(scenario: Scenario) -> list[Problem]:
    """Every translation file beside a scenario, measured against it (lint's part for translations)."""
    problems: list[Problem] = []
    files = translation_files(Path(scenario.path))
    if not files:
        return problems
    msgs = _located(Path(scenario.path))[1]
    for path in files:
        try:
            found = standing(msgs, read_translation(path), scenario.path)
        except TranslationError as err:
            problems.extend(err.problems)
            continue
        problems.extend(found.problems)
        problems.append(Problem(Position(str(path)), f"{lang_of(path)}: {found.counts} (of {len(msgs)} texts)", "note"))
    return problems
