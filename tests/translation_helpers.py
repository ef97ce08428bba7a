"""Shared by the translation tests: a scenario copied to a folder of its own, and a translator's tool."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Mapping

from babel.messages.pofile import read_po, write_po

from bloc_game.translation import export


def scenario_copy(source: Path, folder: Path) -> Path:
    """The scenario copied into ``folder`` (translations are looked for beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder / source.name))


def translate(po_text: str, translations: Mapping[str, str], unfuzzy: bool = False) -> str:
    """What a translator's tool does: fill ``msgstr`` for the given keys (and, with ``unfuzzy``, clear the
    fuzzy marks of those entries), leaving everything else as it was."""
    catalog = read_po(io.StringIO(po_text))
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
            if unfuzzy:
                message.flags.discard("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=76)
    return out.getvalue().decode("utf-8")


def write_translation(scenario: Path, lang: str, translations: Mapping[str, str]) -> Path:
    """``NAME.lang.po`` beside ``scenario`` with ``translations`` filled in, the rest left empty."""
    path = scenario.with_name(f"{scenario.stem}.{lang}.po")
    path.write_text(translate(export(scenario, lang), translations), encoding="utf-8")
    return path


def msgstrs(po_text: str) -> dict[str, str]:
    return {m.id: m.string for m in read_po(io.StringIO(po_text)) if m.id}
