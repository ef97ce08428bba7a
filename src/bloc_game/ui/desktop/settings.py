"""The player's settings, kept as JSON in the user's folder; a damaged file falls back to defaults.

A missing file is the first start and says nothing; an unreadable or damaged one (a pipe, a
device, a huge file, broken JSON, values of the wrong type) falls back to the defaults with
one notice for the player, and is replaced the next time the settings are saved.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ...atomic import write_text_atomic
from ...i18n import _, available_languages
from ...paths import settings_file
from ...userfiles import FileProblem, parse_json, read_capped

#: Largest settings file read, in bytes (the real one is about 120).
MAX_SETTINGS_BYTES = 64 * 1024

WINDOW_SIZES = ((1280, 800), (1440, 900), (1600, 1000), (1920, 1080))
TEXT_SIZES = ("small", "normal", "large", "largest")


@dataclass(frozen=True)
class Settings:
    width: int = 1280
    height: int = 800
    fullscreen: bool = False
    text_size: str = "normal"
    colour_blind: bool = False
    player_name: str = ""  # asked the first time a game is handed in
    hand_in_folder: str = ""  # where the last game was handed in
    read_aloud: bool = False  # speak each new screen and decision (R reads the screen whenever asked)
    language: str = ""  # the interface's language ("de"); "" follows the system's (bloc_game.i18n)

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults if there are none or they cannot be read."""
    return read_settings(path)[0]


def read_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings and, if the file exists but could not be used, a notice saying so."""
    path = path or settings_file()
    if not path.exists() and not path.is_symlink():
        return Settings(), None
    try:
        data = parse_json(read_capped(path, MAX_SETTINGS_BYTES))
    except FileProblem as err:
        return Settings(), _("The settings file {path} could not be read ({problem}); the default settings are used.").format(
            path=path, problem=err)
    if not isinstance(data, dict):
        return Settings(), _("The settings file {path} is damaged (not a set of settings); "
                             "the default settings are used.").format(path=path)
    settings = Settings()
    for f in fields(Settings):
        value = data.get(f.name)
        if isinstance(value, type(getattr(settings, f.name))) and not (f.type == "int" and isinstance(value, bool)):
            settings = replace(settings, **{f.name: value})
    if len(settings.player_name) > 60 or not settings.player_name.isprintable():
        settings = replace(settings, player_name="")
    if settings.language and settings.language not in available_languages():
        settings = replace(settings, language="")  # a catalog no longer shipped: follow the system's
    if settings.text_size not in TEXT_SIZES:
        settings = replace(settings, text_size="normal")
    if not (640 <= settings.width <= 7680 and 480 <= settings.height <= 4320):
        settings = replace(settings, width=1280, height=800)
    return settings, None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    write_text_atomic(path or settings_file(), json.dumps(asdict(settings), indent=1))
