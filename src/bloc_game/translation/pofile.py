"""Scenario translations as standard gettext PO files (written and read with Babel).

One entry per translatable text (see :mod:`.messages` for the key scheme)::

    #. point first_note: briefing
    #. source-hash: 1a2b3c4d
    #: tutorial_stalin_note.yaml:118
    msgctxt "Comrade Minister, the Western powers are ..."
    msgid "point/first_note/briefing/1"
    msgstr "Genosse Minister, ..."

- ``msgid`` is the stable key; ``msgctxt`` is the English the translation was made from,
  so a translator's tool shows it beside the box to fill (as players see it: each paragraph
  on one line, paragraphs apart by a blank line); ``source-hash`` is a short hash of that
  English (the first 8 hex digits of the SHA-256 of that form).
- An entry is **current** when it is translated, not marked ``fuzzy``, and its hash is the
  hash of the scenario's English today. Otherwise the game shows the English text for it.
- A merge (``strings export --lang xx`` over an existing file) keeps every translation; an
  entry whose English changed gets the new English and hash, the ``fuzzy`` flag, and a
  ``previous English:`` comment holding the text it was translated from.

A PO file is untrusted input: it is read with a size cap, must be UTF-8, and a file that
is not a PO file is refused with its line and what to do (:class:`TranslationError`).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ..errors import Position, Problem, ScenarioError
from ..untrusted import visible
from ..userfiles import FileProblem, read_capped
from .messages import Message

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

#: Largest PO file read (the flagship's full translation is about 1 MB).
MAX_PO_BYTES = 8 * 1024 * 1024
_HASH = re.compile(r"^source-hash:\s*([0-9a-f]{8})\s*$")
_PREVIOUS = "previous English:"
#: A language code as file names carry it: ``de``, ``ru``, ``pt_BR``, ``sr_Latn``.
LANG_CODE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$")


class TranslationError(ScenarioError):
    """A translation file cannot be read; each problem names the file and line and what to do.

    A :class:`ScenarioError` too: the scenario cannot be loaded in that language, and every
    place that reports a broken scenario (the live reload, ``validate``) reports this alike.
    """


def canonical(text: str) -> str:
    """A text as every front end shows it: paragraphs (split at blank lines) with their lines rejoined.

    The form ``msgctxt`` shows and the hash is taken of, so rewrapping the English in the
    scenario file, which no player sees, leaves its translations current.
    """
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text.strip()))
    return "\n\n".join(p for p in paragraphs if p)


def source_hash(text: str) -> str:
    """The short hash of an English text recorded beside its translation (of its :func:`canonical` form)."""
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Entry:
    """One entry of a translation file."""

    key: str
    #: The English the translation was made from (``msgctxt``).
    source: str
    #: The hash recorded for that English (from the ``source-hash`` comment, else of ``source``).
    hash: str
    text: str
    fuzzy: bool
    line: int
    #: For a fuzzy entry, the English it was translated from before the last merge.
    previous: str = ""

    def current_for(self, english: str) -> bool:
        """Translated, not fuzzy, and made from this English."""
        return bool(self.text.strip()) and not self.fuzzy and self.hash == source_hash(english)


@dataclass(frozen=True)
class TranslationFile:
    """A read translation file: its entries by key, in file order."""

    path: Path
    lang: str
    entries: dict[str, Entry]
    revision_date: Optional[datetime] = None

    def where(self, entry: Optional[Entry] = None) -> Position:
        return Position(str(self.path), entry.line, 1) if entry else Position(str(self.path))


def lang_of(path: Path) -> str:
    """The language code in a translation file's name: ``molotov_1954.de.po`` -> ``de`` ("" if none)."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-1] == "po" and LANG_CODE.match(parts[-2]) else ""


def _catalog(lang: str, scenario_id: str, revision: Optional[datetime] = None) -> Catalog:
    # Babel is imported on first use here and below: the game imports this package to find a
    # scenario's language files, and an English game never reads one.
    from babel.core import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog

    from .. import __version__

    try:
        if lang:
            Locale.parse(lang)  # Babel's catalog takes an unknown code silently
        catalog = Catalog(locale=lang or None, project=f"Bloc Game scenario {scenario_id}", version=__version__,
                          fuzzy=not lang, charset="utf-8", revision_date=revision)
    except (UnknownLocaleError, ValueError):
        from ..errors import BlocGameError

        raise BlocGameError(f"'{visible(lang)}' is not a language code Babel knows; use one such as de, ru, fr, "
                            "pl or pt_BR") from None
    catalog.header_comment = (f"# Translation of the Bloc Game scenario '{scenario_id}'.\n"
                              "# Translate msgstr; msgctxt shows the English. See docs/authoring.md,\n"
                              "# \"Translating a scenario\". Keep msgid and the source-hash comments.")
    return catalog


def render(messages: list[Message], file_name: str, scenario_id: str, lang: str = "",
           previous: Optional[TranslationFile] = None) -> str:
    """The PO text for ``messages``: a template (``lang`` empty) or a language's file merged with ``previous``."""
    from babel.messages.catalog import Message as PoMessage
    from babel.messages.pofile import write_po

    catalog = _catalog(lang, scenario_id, previous.revision_date if previous else None)
    old = previous.entries if previous else {}
    for m in messages:
        comments = [m.note] if m.note else []
        comments.append(f"source-hash: {source_hash(m.source)}")
        flags: list[str] = []
        text = ""
        entry = old.get(m.key)
        if entry is not None and entry.text.strip():
            text = entry.text
            if entry.fuzzy or entry.hash != source_hash(m.source):
                flags.append("fuzzy")
                before = entry.previous or entry.source
                if before.split() != m.source.split():
                    comments.append(f"{_PREVIOUS} {before}")
        location = [(file_name, m.where.line)] if m.where.line else []
        catalog[m.key] = PoMessage(m.key, text, locations=location, flags=flags, auto_comments=comments,
                                   context=canonical(m.source))
    known = {m.key for m in messages}
    for key, entry in old.items():  # texts the scenario no longer has: kept, commented out, as gettext does
        if key not in known and entry.text.strip():
            catalog.obsolete[key] = PoMessage(key, entry.text, context=entry.source)
    out = io.BytesIO()
    write_po(out, catalog, width=76)
    return out.getvalue().decode("utf-8")


@lru_cache(maxsize=1)
def _strict_catalog() -> type:
    from babel.messages.catalog import Catalog

    class StrictCatalog(Catalog):
        """A catalog that notes a key given twice (Babel's own merges the two silently)."""

        def __init__(self) -> None:
            super().__init__(locale=None, domain=None)
            self.duplicates: list[tuple[str, int, int]] = []
            self._lines: dict[object, int] = {}

        def __setitem__(self, id: Any, message: Any) -> None:
            if id and id in self._lines:
                self.duplicates.append((str(id), self._lines[id], message.lineno or 0))
                return
            if id:
                self._lines[id] = message.lineno or 0
            super().__setitem__(id, message)

    return StrictCatalog


def _previous(comments: list[str]) -> str:
    """The previous English of a merged entry: the comment that starts with it and the lines the
    writer wrapped it onto (it is written last), joined again."""
    for i, comment in enumerate(comments):
        if comment.startswith(_PREVIOUS):
            return " ".join([comment[len(_PREVIOUS):].strip(), *comments[i + 1:]]).strip()
    return ""


def read_translation(path: Path) -> TranslationFile:
    """Read a translation file; raises :class:`TranslationError` naming file:line for a broken one."""
    shown = str(path)
    try:
        data = read_capped(path, MAX_PO_BYTES)
    except FileProblem as err:
        raise TranslationError([Problem(Position(shown), f"cannot read the translation file: {err}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise TranslationError([Problem(Position(shown, line), "the translation file is not UTF-8; save it as UTF-8 "
                                         "(Poedit and most editors offer it under 'Save as' or the encoding menu)")]) from None
    from babel.messages.pofile import PoFileError, PoFileParser

    catalog = _strict_catalog()()
    try:
        PoFileParser(catalog, abort_invalid=True).parse(io.StringIO(text))
    except PoFileError as err:
        raise TranslationError([Problem(Position(shown, err.lineno + 1), (
            f"this is not a valid PO file here ({err.args[0].rsplit(' on ', 1)[0].lower()}); fix the line, or "
            "start again from 'bloc-game strings export SCENARIO --lang xx'"))]) from None
    except (ValueError, IndexError, KeyError, TypeError) as err:  # Babel's parser on input it does not expect
        raise TranslationError([Problem(Position(shown), f"this is not a valid PO file ({visible(str(err))}); start "
                                        "again from 'bloc-game strings export SCENARIO --lang xx'")]) from None
    entries: dict[str, Entry] = {}
    problems = [Problem(Position(shown, line, 1), f"'{visible(key)}' is translated twice (first at line {first}); "
                                                   "keep one of them") for key, first, line in catalog.duplicates]
    for message in catalog:
        if not message.id:
            continue  # the header
        line = message.lineno or 0
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            problems.append(Problem(Position(shown, line), "plural forms have no place in a scenario translation; "
                                                           "write one msgid and one msgstr"))
            continue
        if message.id in entries:
            problems.append(Problem(Position(shown, line), f"'{visible(message.id)}' is translated twice (first at line "
                                                           f"{entries[message.id].line}); keep one of them"))
            continue
        source = message.context or ""
        recorded = next((m.group(1) for m in map(_HASH.match, message.auto_comments) if m), source_hash(source))
        previous = _previous(message.auto_comments)
        entries[message.id] = Entry(message.id, source, recorded, message.string, message.fuzzy, line, previous)
    if problems:
        raise TranslationError(problems)
    lang = lang_of(path) or str(catalog.locale or "")
    revision = catalog.revision_date if isinstance(catalog.revision_date, datetime) else None
    if revision is not None and revision.tzinfo is None:
        revision = revision.replace(tzinfo=timezone.utc)
    return TranslationFile(path, lang, entries, revision)
