"""The player's settings, kept as JSON in the user's folder; a damaged file falls back to defaults."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ...atomic import write_text_atomic
from ...paths import settings_file

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

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    settings = Settings()
    for f in fields(Settings):
        value = data.get(f.name)
        if isinstance(value, type(getattr(settings, f.name))) and not (f.type == "int" and isinstance(value, bool)):
            settings = replace(settings, **{f.name: value})
    if len(settings.player_name) > 60 or not settings.player_name.isprintable():
        settings = replace(settings, player_name="")
    if settings.text_size not in TEXT_SIZES:
        settings = replace(settings, text_size="normal")
    if not (640 <= settings.width <= 7680 and 480 <= settings.height <= 4320):
        settings = replace(settings, width=1280, height=800)
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    write_text_atomic(path or settings_file(), json.dumps(asdict(settings), indent=1))
