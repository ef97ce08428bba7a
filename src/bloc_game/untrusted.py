"""Rules for text that comes from files: which characters it may hold and how long it may be.

Scenario, replay and save files are untrusted, and their text is printed to terminals and
drawn in windows. A terminal obeys control characters (ESC sequences clear the screen,
retitle the window or write the clipboard with OSC 52) and bidirectional overrides make a
line read differently from what it holds, so:

- :data:`FORBIDDEN` is the one definition of what may not appear: C0 controls except newline
  and tab, DEL, C1 controls, and the bidi embeddings, overrides and isolates.
- The YAML reader refuses any text or key holding one, with its position, and passes on
  :func:`visible` text, so every later message that echoes a key or id shows it escaped.
- :func:`visible` is also applied wherever text that did not pass the loader is printed
  (command-line errors, messages about saves and file names).

:data:`TEXT_LIMITS` bounds each kind of scenario text (``docs/reliability.md`` lists them).
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Most characters accepted for each kind of scenario text. Shipped scenarios use at most
#: about a fifth of each; the limits keep a window's layout and a terminal's page usable.
TEXT_LIMITS = {
    "title": 120,     # the scenario's, a decision point's, an event's, an ending's title
    "name": 60,       # a side's name
    "label": 120,     # a choice's, variable's, flag's or objective's label
    "hint": 400,      # a choice's hint
    "author": 120,    # one author
    "source": 600,    # one source citation
    "prose": 6_000,   # summary, briefing, consequence, event text, epilogue, description
}


def first_forbidden(text: str) -> int:
    """The index of the first forbidden character in ``text``, or -1."""
    if text.isprintable():  # the common case, checked in C: every forbidden character is unprintable
        return -1
    m = FORBIDDEN.search(text)
    return -1 if m is None else m.start()


def describe(char: str) -> str:
    """A forbidden character named for a message, e.g. ``U+001B``."""
    return f"U+{ord(char):04X}"


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every forbidden character replaced by a printable escape (``\\x1b``, ``\\u202e``)."""
    return FORBIDDEN.sub(_escape, text) if FORBIDDEN.search(text) else text
