"""``bloc-game strings export`` and ``strings import``: the work behind the two commands."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Optional

from ..atomic import write_text_atomic
from ..errors import BlocGameError
from ..untrusted import visible
from . import _located, beside, check_lang, export
from .check import standing
from .pofile import lang_of, read_translation, render


def _write(path: Path, text: str) -> None:
    try:
        write_text_atomic(path, text)
    except OSError as err:
        raise BlocGameError(f"cannot write '{visible(str(path))}': {err.strerror or err}") from None


def export_command(scenario_path: Path, lang: str, output: Optional[Path]) -> tuple[str, str]:
    """The PO text and a line saying what was done (written to ``output`` if given)."""
    if output is not None and output.exists() and output.resolve() == scenario_path.resolve():
        raise BlocGameError(f"'{visible(str(output))}' is the scenario itself; write the PO file to another name")
    previous = None
    if lang:
        previous = output if output is not None and output.is_file() else beside(scenario_path, lang)
    text = export(scenario_path, lang, previous if previous is not None and previous.is_file() else None)
    kept = ""
    if previous is not None and previous.is_file():
        kept = f", keeping the translations of {visible(str(previous))}"
    count = text.count("\nmsgid ") - 1  # less the header
    what = f"{count} texts for translation into {lang}" if lang else f"the template: {count} texts"
    if output is None:
        return text, f"{what}{kept}"
    _write(output, text)
    return text, f"Wrote {visible(str(output))}: {what}{kept}."


def import_command(po_path: Path, scenario_path: Path, lang: str = "") -> str:
    """Check a translator's file against its scenario and merge it into ``NAME.LANG.po`` beside it."""
    lang = lang or lang_of(po_path)
    if not lang:
        raise BlocGameError(f"'{visible(po_path.name)}' does not say its language: name it like "
                            f"{scenario_path.stem}.de.po, or add --lang de")
    check_lang(lang)
    incoming = read_translation(po_path)  # a file that cannot be read stops here, before anything is copied
    scenario, msgs = _located(scenario_path)
    found = standing(msgs, incoming, scenario.path)
    target = beside(scenario_path, lang)
    entries = {k: e for k, e in incoming.entries.items() if e.text.strip()}
    if target.is_file() and target.resolve() != po_path.resolve():
        kept = read_translation(target)
        entries = {**{k: e for k, e in kept.entries.items() if e.text.strip()}, **entries}
    merged = replace(incoming, lang=lang, entries=entries)
    _write(target, render(msgs, scenario_path.name, scenario.id, lang, merged))
    report = [f"Imported {visible(str(po_path))} as {visible(str(target))}: {found.counts}."]
    report += [str(p) for p in found.problems if p.severity == "error"]
    if len(found.problems) > len(report) - 1:
        report.append(f"See every entry that needs work with: bloc-game lint {visible(str(scenario_path))}")
    return "\n".join(report)
