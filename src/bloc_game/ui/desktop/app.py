"""The desktop application: window, pygame_gui manager, screens, dialogs and the main loop.

Screens build their widgets for the current window size and are rebuilt when it
changes; the game itself lives in the screen's engine ``State``, never in widgets. No
error reaches the player as a traceback: a :class:`~bloc_game.errors.BlocGameError`
becomes a dialog, and anything unexpected becomes a dialog too, with the details
written to ``errors.log`` in the user's folder for a bug report.

Why one module of ~450 lines: the window, the pygame_gui manager, dialogs, notices and the
loop share the same few pieces of state (surface, manager, open dialog, frame timing), and
the idle rule of the loop (draw only when something can change) needs all of them.
"""

from __future__ import annotations

import contextlib
import gc
import time
import traceback
import warnings
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Protocol, TypeVar

import pygame
import pygame_gui
from pygame_gui.core.utility import translate

from ... import FLAGSHIP, load
from ...errors import BlocGameError
from ...i18n import _, choose_language, current_language, set_language
from ...paths import find_scenario, user_home_or_none
from ...speech import Speaker
from . import theme as th
from .display import init_pygame, open_window
from .gui_text import join, message_window, plain
from .keys import KEYMAP, Keys
from .settings import Settings, read_settings, save_settings
from .titleframe import ui_font

# After the last input, keep drawing this long: pygame_gui's hover states and tooltip
# delays run on frame time. Past it, an unchanging screen is not redrawn at all.
SETTLE_S = 1.5
MAX_DT = 0.5  # a frame after a long sleep must not jump animations
# pygame-ce's event.wait() spins at about 2.5 % of a core under X11 (measured); a short nap
# and a poll costs about 0.3 % and answers input within a frame or two.
IDLE_POLL_S = 0.03


def _libc_trim() -> Optional[Callable[[int], int]]:
    try:
        import ctypes
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc (Windows, macOS, musl): nothing to hand back


_MALLOC_TRIM = _libc_trim()

if TYPE_CHECKING:
    from pygame_gui.core import UIElement

    from ...engine import Game, State
    from .gui_text import Markup

#: A widget handed to a screen's ``add``, which gives back the same widget (its type kept).
E = TypeVar("E", bound="UIElement")

def gui_language(manager: pygame_gui.UIManager) -> None:
    """pygame_gui's own words (a text field's menu, a dialog's Cancel) in the interface's language,
    where pygame_gui has them; else its English."""
    lang = current_language()
    if lang in GUI_LANGUAGES:
        manager.set_locale(lang)


#: The languages pygame_gui 0.6 carries its own words for (pygame_gui/data/translations).
GUI_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "ge", "he", "id", "it", "ja", "ko", "pl", "pt", "ru", "uk",
                           "vi", "zh"})


class Screen:
    """One screen of the game. Subclasses create widgets in :meth:`build` and react in :meth:`handle`."""

    def __init__(self, app: "App") -> None:
        self.app = app
        self.elements: list["UIElement"] = []

    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    def add(self, element: E) -> E:
        self.elements.append(element)
        return element

    def build(self) -> None:
        """Create the widgets for ``self.app.size``."""

    def teardown(self) -> None:
        for element in self.elements:
            element.kill()
        self.elements.clear()

    def rebuild(self) -> None:
        self.teardown()
        self.build()

    def handle(self, event: pygame.event.Event) -> None:
        """An event pygame_gui did not consume (keys, mouse over custom drawings, UI notifications)."""

    def back(self) -> None:
        """Esc: go back one screen (the title screen stays)."""

    def spoken(self) -> str:
        """What read-aloud says for this screen (plain text)."""
        return ""

    def update(self, dt: float) -> None:
        """Advance animations by ``dt`` seconds."""

    def busy(self) -> bool:
        """True while the screen changes without input (an animation, work spread over frames)."""
        return False

    def wake_after(self) -> Optional[float]:
        """Seconds until the screen next needs a frame with no input (a timer), or None."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(th.BACKGROUND)


class ScreenFactory(Protocol):
    """Builds the screens; the app is handed one, so screens and app never import each other back."""

    def title(self, app: "App") -> Screen: ...

    def scenario(self, app: "App") -> Screen: ...

    def side(self, app: "App", path: Path, game: "Game") -> Screen: ...

    def game(self, app: "App", state: "State", news: Optional[list["Markup"]] = None) -> Screen: ...

    def report(self, app: "App", state: "State") -> Screen: ...

    def first(self, app: "App", name: str) -> Screen: ...


class App:
    """The running game. ``frame`` processes one batch of events; ``run`` loops until quit."""

    def __init__(self, settings: Optional[Settings] = None, scenario: Optional[str] = None,
                 start_screen: str = "title", watch: bool = False, *, screens: ScreenFactory,
                 surface: Optional[pygame.Surface] = None) -> None:
        """``surface``: the window, when it is already open (``bloc-game`` drew the title's first frame in it)."""
        init_pygame()
        self.screens = screens
        notice = None
        if settings is None:
            settings, notice = read_settings()
        self.settings = settings
        self.surface = surface if surface is not None else self._open_window()
        self.manager = self._new_manager()
        self.scenario_path: Path = find_scenario(scenario or FLAGSHIP.removesuffix(".yaml"))
        self.running = True
        self.watch = watch  # reload the scenario file when it is saved (for authors)
        self.frames = 0
        self.dialog: Optional["UIElement"] = None
        self.dialog_handle: Any = None
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._games: dict[tuple[str, int, Optional[str], int], "Game"] = {}
        self.keys = Keys(self)
        self.speaker = Speaker()
        self.notice_text = ""  # a short notice ("Saved ...") that fades
        self.notice_left = 0.0
        self.screen: Screen = screens.first(self, start_screen)
        self.screen.build()
        if notice is not None:
            self.message(_("Settings reset"), notice)

    # ----------------------------------------------------------------- window and looks

    def _open_window(self) -> pygame.Surface:
        return open_window(self.settings)

    def _new_manager(self) -> pygame_gui.UIManager:
        self.text_scale = th.text_scale(self.settings.text_size, self.size)
        manager = pygame_gui.UIManager(self.size, th.theme(self.text_scale))
        gui_language(manager)
        # The rich text boxes use bold, italic and small sizes; loading them now avoids a stall mid-game.
        sizes = {th.font_size(base, self.text_scale) for base in (11, 13, 14, 15, 18, 22)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "already loaded" is no news
            manager.preload_fonts([{"name": "noto_sans", "point_size": size, "style": style, "script": th.SCRIPT}
                                   for size in sorted(sizes) for style in ("regular", "bold", "italic")])
        # pygame_gui keys fonts by name, style and size, not script: the default font it made
        # before the theme was read is shaped as 'Latn' (see theme.SCRIPT); set them all alike.
        # (pygame_gui declares loaded_fonts on its font dictionary class, not on the interface it returns.)
        for resource in manager.get_theme().get_font_dictionary().loaded_fonts.values():  # type: ignore[attr-defined]
            font = getattr(resource.loaded_font, "_GUIFontPygame__internal_font", None)
            if font is not None:
                font.set_script(th.SCRIPT)
        return manager

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    def font(self, base: int, bold: bool = False) -> pygame.font.Font:
        size = self.px(base)
        key = (size, bold)
        if key not in self._fonts:
            self._fonts[key] = ui_font(size, bold)
        return self._fonts[key]

    def px(self, base: int) -> int:
        """A font size of the design (at normal text, 1280x800) as drawn now."""
        return th.font_size(base, self.text_scale)

    def game(self, path: Path) -> "Game":
        """The loaded scenario at ``path`` in the player's language (kept while it and its translation are unchanged)."""
        from ...translation import TranslationError, beside, scenario_language

        lang = scenario_language()
        po = beside(path, lang) if lang else None
        key = (str(path.resolve()), path.stat().st_mtime_ns, lang, po.stat().st_mtime_ns if po and po.is_file() else 0)
        if key not in self._games:
            try:
                self._games[key] = load(path, lang=lang)
            except TranslationError as err:  # a broken translation never stops a game: said once, then English
                self._games[key] = load(path)
                self.message(_("Bloc Game"), str(err))  # positioned, like every file problem; in English, as those are
        return self._games[key]

    @property
    def palette(self) -> th.Palette:
        return th.palette(self.settings.colour_blind)

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(1024, size[0]), max(640, size[1]))
        if not self.settings.fullscreen:
            self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
            # Keep the size the player gave the window: Settings shows it and the next start uses it.
            self.settings = replace(self.settings, width=self.size[0], height=self.size[1])
            with contextlib.suppress(OSError):  # the window still has its size; only the next start will not
                save_settings(self.settings)
        self.close_dialog()
        if th.text_scale(self.settings.text_size, self.size) != self.text_scale:
            self.screen.teardown()  # text grows with the window: a new theme
            self.manager = self._new_manager()
            self._fonts.clear()
        else:
            self.manager.set_window_resolution(self.size)
        self.screen.rebuild()

    def apply_settings(self, settings: Settings) -> None:
        """Use and keep new settings: window, theme, palette and language change at once."""
        if settings.language != self.settings.language:
            set_language(choose_language(None, settings.language))  # the screens are rebuilt below, in it
        self.settings = settings
        try:
            save_settings(settings)
        except OSError as err:
            self.message(_("Settings not saved"),
                         _("They apply now but could not be kept: {problem}").format(problem=err.strerror or err))
        self.surface = self._open_window()
        self.screen.teardown()
        self.close_dialog()
        self.manager = self._new_manager()
        self._fonts.clear()
        self.screen.build()

    # ----------------------------------------------------------------- screens and dialogs

    def switch(self, screen: Screen) -> None:
        self.close_dialog()
        self.keys.forget()
        self.screen.teardown()
        self.screen = screen
        self.screen.build()
        if self.settings.read_aloud:
            self.read_aloud()

    def read_aloud(self) -> None:
        """Speak the screen: the briefing, the choices, the news, the report's summary."""
        if not self.speaker.speak(self.screen.spoken()) and not self.speaker.available:
            self.notice(_("Read-aloud needs a speech engine: espeak-ng on Linux\n"
                          "(for example 'apt install espeak-ng'); macOS and Windows have their own."))

    def close_dialog(self) -> None:
        if self.dialog is not None and self.dialog.alive():
            self.dialog.kill()
        self.dialog = None
        self.keys.forget()

    def show_dialog(self, dialog: "UIElement") -> None:
        self.close_dialog()
        clear_hover = getattr(self.screen, "clear_hover", None)
        if clear_hover is not None:
            clear_hover()  # a map tooltip must not float over a dialog
        self.dialog = dialog
        self.dialog_handle = None
        buttons = [getattr(dialog, name, None) for name in ("dismiss_button", "confirm_button")]
        self.keys.focus(next((b for b in buttons if b is not None), None))  # Enter answers a message at once

    def remember(self, handle: Any) -> Any:
        """Keep the open dialog's widgets at hand (``self.dialog_handle``) and return them."""
        self.dialog_handle = handle
        return handle

    def message(self, title: str, text: str) -> None:
        """A readable message in a window (HTML-escaped), as big as its text needs and no bigger."""
        w, h = self.size
        body = join("<br>", text.split("\n"))
        font = self.font(14)
        width = min(max(360, max(font.size(line)[0] for line in text.splitlines() or [""]) + 70), 720, w - 80)
        rows = sum(max(1, -(-font.size(line)[0] // (width - 70))) for line in text.splitlines() or [""])
        height = min(max(200, rows * font.get_linesize() + 150), h - 80)
        rect = pygame.Rect(0, 0, width, height)
        rect.center = (w // 2, h // 2)
        window = message_window(rect, body, self.manager, title, always_on_top=True)
        # pygame_gui gives the button 24 px whatever the text size: fit it to its word.
        button, box, font = window.dismiss_button, window.text_block, self.font(14)
        assert button is not None and box is not None  # a message window is built with both
        button.set_text(plain(_("Close")))  # pygame_gui's own word is "Dismiss" (German: "Zurückweisen")
        size = (font.size(translate(button.text))[0] + 32, font.get_linesize() + 12)
        button.set_dimensions(size)
        button.set_relative_position((-size[0] - 10, -size[1] - 10))
        inner = window.get_container().get_size()
        box.set_dimensions((inner[0], inner[1] - size[1] - 20))
        self.show_dialog(window)

    def show_keymap(self) -> None:
        self.message(_("Keys"), _(KEYMAP))

    def notice(self, text: str, seconds: float = 3.0) -> None:
        """A short notice at the foot of the window that fades ("Saved as ...", "Exported to ...")."""
        self.notice_text, self.notice_left = text, seconds

    def _draw_notice(self, surface: pygame.Surface, dt: float) -> None:
        if self.notice_left <= 0:
            return
        self.notice_left -= dt
        font = self.font(15)
        w, h = self.size
        lines = [font.render(plain(line), True, th.INK) for line in self.notice_text.splitlines()]
        box = pygame.Rect(0, 0, min(w - 40, max(line.get_width() for line in lines) + 32),
                          sum(line.get_height() for line in lines) + 18)
        box.midbottom = (w // 2, h - 112)
        panel = pygame.Surface(box.size, pygame.SRCALPHA)
        panel.fill((*th.PANEL, 235))
        pygame.draw.rect(panel, th.GOOD, panel.get_rect(), width=2, border_radius=6)
        y = 9
        for line in lines:
            panel.blit(line, (16, y))
            y += line.get_height()
        panel.set_alpha(round(255 * min(1.0, self.notice_left / 0.8)))  # the last 0.8 s fade out
        surface.blit(panel, box.topleft)

    # ----------------------------------------------------------------- the loop

    def settle(self) -> None:
        """The screen has gone still: free what the last moves left behind, and hand it back.

        Every move replaces rich text boxes and pictures. pygame_gui's widgets hold reference
        cycles, so a killed widget and its text surfaces (megabytes each) wait for the cyclic
        garbage collector, which counts objects, not bytes, and may not run for many moves;
        and glibc keeps freed pages in its heap. Together they made a session's resident size
        climb with every decision although nothing outlived its screen. Collecting and
        trimming once per pause costs a few milliseconds (benchmarks/xvfb.py measures it).
        """
        gc.collect()
        if _MALLOC_TRIM is not None:
            _MALLOC_TRIM(0)

    def frame(self, events: Iterable[pygame.event.Event], dt: float) -> None:
        """Process events, advance animations and draw one frame. Errors become dialogs."""
        try:
            for event in events:
                self._dispatch(event)
            self.manager.update(dt)
            self.screen.update(dt)
            self.screen.draw(self.surface)
            self.manager.draw_ui(self.surface)
            self.keys.draw(self.surface)
            self._draw_notice(self.surface, dt)
        except BlocGameError as err:
            self.message(_("Bloc Game"), str(err))
        except Exception as err:  # noqa: BLE001 - the player gets a dialog, the log gets the details
            self._report_crash(err)
        self.frames += 1

    def _report_crash(self, err: Exception) -> None:
        """Log an unexpected error and tell the player; this handler itself never raises."""
        log = user_home_or_none()
        where = _("The details could not be written")
        if log is not None:
            try:
                log = log / "errors.log"
                with log.open("a", encoding="utf-8") as handle:
                    handle.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{traceback.format_exc()}\n")
                where = _("The details are in {path}").format(path=log)
            except OSError as log_err:
                where = _("The details could not be written to {path} ({problem})").format(
                    path=log, problem=log_err.strerror or log_err)
        try:
            self.message(_("Something went wrong"),
                         _("Bloc Game hit an unexpected problem ({kind}). {details}; "
                           "please send them with a bug report. Your last decision was autosaved.").format(
                             kind=type(err).__name__, details=where))
        except Exception:  # noqa: BLE001 - even the dialog failed: the next frame still runs
            self.dialog = None

    def _dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return
        if event.type == pygame.KEYDOWN and self.keys.handle(event):
            return
        if self.manager.process_events(event):
            return
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.dialog:
            self.dialog = None
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED and event.ui_element is self.dialog:
            on_confirm = getattr(self.dialog_handle, "parts", {}).get("on_confirm")
            self.dialog = None
            if on_confirm is not None:
                on_confirm()
            return
        self.screen.handle(event)

    def run(self, max_frames: Optional[int] = None, on_first_frame: Optional[Callable[[], None]] = None) -> int:
        """Loop until quit. A frame is drawn only when something can have changed: input in the
        last :data:`SETTLE_S`, a screen that is busy, or a screen timer; otherwise the loop
        naps and polls for input, drawing nothing. ``max_frames`` (tests and the
        start-up benchmark) never sleeps, so it always ends."""
        clock = pygame.time.Clock()
        quiet = slept = 0.0
        settled = False
        while self.running:
            events = pygame.event.get()
            if events:
                quiet, settled = 0.0, False
            elif max_frames is None and quiet >= SETTLE_S and not self.screen.busy():
                if not settled:
                    self.settle()
                    settled = True
                timer = self.screen.wake_after()
                if timer is None or slept < timer:
                    time.sleep(IDLE_POLL_S)
                    slept += IDLE_POLL_S
                    continue
            slept = 0.0
            dt = min(clock.tick(60) / 1000.0, MAX_DT)
            quiet += dt
            self.frame(events, dt)
            pygame.display.flip()
            if self.frames == 1 and on_first_frame is not None:
                on_first_frame()
            if max_frames is not None and self.frames >= max_frames:
                break
        self.speaker.stop()
        pygame.quit()
        return 0
