"""Read-aloud through the operating system's own speech engine, when it has one.

espeak-ng on Linux (or the older espeak), ``say`` on macOS, the System.Speech voice
through PowerShell on Windows. Nothing is installed for it and nothing in the game
depends on it: without an engine, :func:`engine` is None and speaking does nothing.
The text goes to the engine on its standard input, never on a command line, so no
scenario text is ever read as an option or a shell word.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

from .i18n import SOURCE, current_language

_WINDOWS_SPEAK = ("Add-Type -AssemblyName System.Speech; "
                  "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; {out}"
                  "$s.Speak([Console]::In.ReadToEnd())")


def engine() -> Optional[str]:
    """The speech program found on this machine, or None."""
    if sys.platform == "darwin":
        return shutil.which("say")
    if sys.platform == "win32":
        return shutil.which("powershell") or shutil.which("pwsh")
    return shutil.which("espeak-ng") or shutil.which("espeak")


def plain(markup: str) -> str:
    """Text for the ear from the screens' HTML: tags dropped, entities read, breaks as pauses."""
    text = re.sub(r"<br\s*/?>", "\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _command(program: str, wav: Optional[Path]) -> list[str]:
    name = Path(program).stem.lower()
    if name in ("espeak-ng", "espeak"):
        # The voice of the interface's language: an English voice reading German is no help.
        lang = current_language()
        voice = [] if lang == SOURCE else ["-v", lang]
        return [program, "--stdin", "-s", "165", *voice] + (["-w", str(wav)] if wav else [])
    if name == "say":
        return [program, "-f", "-"] + (["-o", str(wav), "--file-format=WAVE", "--data-format=LEI16@22050"] if wav else [])
    out = f"$s.SetOutputToWaveFile('{wav}'); " if wav else ""
    return [program, "-NoProfile", "-Command", _WINDOWS_SPEAK.format(out=out)]


class Speaker:
    """Speaks one text at a time: a new text stops the one being read."""

    def __init__(self) -> None:
        self.program = engine()
        self._process: Optional[subprocess.Popen[bytes]] = None
        self.last_text = ""

    @property
    def available(self) -> bool:
        return self.program is not None

    def speak(self, text: str) -> bool:
        """Start reading ``text`` aloud (returns at once); False when there is no engine."""
        self.stop()
        self.last_text = text
        if self.program is None or not text.strip():
            return False
        try:
            self._process = subprocess.Popen(_command(self.program, None), stdin=subprocess.PIPE,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            assert self._process.stdin is not None
            self._process.stdin.write(text.encode("utf-8"))
            self._process.stdin.close()
        except OSError:
            self._process = None
            return False
        return True

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
        self._process = None

    def to_wav(self, text: str, path: Path, timeout: float = 60) -> bool:
        """Render ``text`` as speech into the WAV file ``path`` (for tests and for checking a voice)."""
        if self.program is None:
            return False
        try:
            subprocess.run(_command(self.program, path), input=text.encode("utf-8"), check=True, timeout=timeout,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            return False
        return path.exists() and path.stat().st_size > 44
