"""How a translation file stands against its scenario, entry by entry; the translations fit to show.

Each of the scenario's texts is **translated** (a current entry), **missing** (no entry, or
an empty one) or **out of date** (``fuzzy``, or made from English that has changed since).
A translated entry can still be refused: **broken markup** (see :func:`markup_problem`) or
text the game will not show (control characters, far too long). Entries whose key the
scenario no longer has are **unknown** (the text was removed or its id renamed). The game
shows the English text for everything that is not translated and sound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Problem
from ..untrusted import FORBIDDEN, TEXT_LIMITS, describe, visible
from .messages import Message
from .pofile import Entry, TranslationFile, canonical, source_hash

_URL = re.compile(r"https?://\S+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> int:
    """How many blank-line-separated paragraphs a text has (the desktop and the terminal keep them apart)."""
    return len([p for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()])


def markup_problem(english: str, translation: str) -> str:
    """What the translation loses of the English's structure ("" if nothing).

    Scenario text is plain text: the only structure is blank lines between paragraphs, and
    web addresses, which must reach the reader unchanged.
    """
    want, got = paragraphs(english), paragraphs(translation)
    if want != got:
        return (f"the English has {want} paragraph(s) and the translation {got}; separate paragraphs with one "
                "blank line, as the English does")
    lost = [u for u in _URL.findall(english) if u not in translation]
    if lost:
        return f"the web address {lost[0]} must appear in the translation unchanged"
    return ""


def shaped(english: str, translation: str) -> str:
    """The translation laid out as the English is: a one-line text stays on one line; otherwise its
    paragraphs are kept (their lines rejoined, as every front end shows them) and it ends with a
    newline where the English does."""
    if "\n" not in english:
        return " ".join(translation.split())
    return canonical(translation) + ("\n" if english.endswith("\n") else "")


def text_problem(english: str, translation: str) -> str:
    """Why the game will not show this translation ("" if it will)."""
    bad = FORBIDDEN.search(translation)
    if bad:
        return (f"the translation holds the control character {describe(bad.group())}, which the game never shows; "
                "delete it")
    limit = min(TEXT_LIMITS["prose"], 2 * len(english) + 40)
    if len(translation) > limit:
        return (f"the translation is {len(translation):,} characters long, more than twice the English "
                f"({len(english):,}); the game's layout is made for the English length, so shorten it")
    return ""


@dataclass
class Standing:
    """A translation file measured against its scenario."""

    translated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    #: key -> the translation to show (translated and sound entries only), shaped like its English.
    usable: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def counts(self) -> str:
        return (f"{len(self.translated)} translated, {len(self.missing)} missing, {len(self.outdated)} out of date, "
                f"{len(self.broken)} refused, {len(self.unknown)} unknown key(s)")


def standing(messages: list[Message], tfile: TranslationFile, scenario_file: str = "") -> Standing:
    """Measure ``tfile`` against the scenario's ``messages``; every finding is a positioned problem."""
    out = Standing()
    known = {m.key for m in messages}
    for m in messages:
        entry = tfile.entries.get(m.key)
        if entry is None or not entry.text.strip():
            out.missing.append(m.key)
            where = tfile.where(entry) if entry else tfile.where()
            out.problems.append(Problem(where, f"{m.key}: not translated yet ({_at(m, scenario_file)})", "note"))
            continue
        if not entry.current_for(m.source):
            out.outdated.append(m.key)
            out.problems.append(Problem(tfile.where(entry), f"{m.key}: {_stale(entry, m)}; the game shows the English "
                                                            "until it is revised", "warning"))
            continue
        text = shaped(m.source, entry.text)
        reason = markup_problem(m.source, text) or text_problem(m.source, text)
        if reason:
            out.broken.append(m.key)
            out.problems.append(Problem(tfile.where(entry), f"{m.key}: {reason}; the game shows the English instead"))
            continue
        out.translated.append(m.key)
        out.usable[m.key] = text
    for key, entry in tfile.entries.items():
        if key not in known:
            out.unknown.append(key)
            out.problems.append(Problem(tfile.where(entry), (
                f"{visible(key)}: the scenario has no such text (removed, or its id renamed); delete the entry, or "
                "run 'bloc-game strings export SCENARIO --lang xx' to keep it as an obsolete entry"), "warning"))
    return out


def _at(m: Message, scenario_file: str) -> str:
    return f"the English is at {m.where}" if m.where.line else f"in {scenario_file or 'the scenario'}"


def _stale(entry: Entry, m: Message) -> str:
    if entry.fuzzy:
        return "marked fuzzy (the English changed, or the translator asked for review); revise it and remove the mark"
    return (f"out of date: the English changed since it was translated (source hash {entry.hash}, now "
            f"{source_hash(m.source)}; the English is at {m.where})")

