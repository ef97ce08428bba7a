"""The one escaping rule for pygame_gui (issue 13, class 3) and trimming in O(log n) (class 4).

pygame_gui reads text boxes, tooltips and message windows as HTML that can load images
from any path. These tests read every desktop module and fail if any code other than
``gui_text`` hands text to pygame_gui another way, then play a scenario full of HTML
through the real screens and check that none of it is obeyed.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

import bloc_game  # noqa: E402
from bloc_game.ui.desktop.gui_text import Markup, ellipsize, esc, join, markup, paragraphs  # noqa: E402

from conftest import BROKEN, ROOT  # noqa: E402

DESKTOP = ROOT / "src" / "bloc_game" / "ui" / "desktop"
MODULES = sorted(p for p in DESKTOP.rglob("*.py") if p.name != "gui_text.py")
HTML_SINKS = {"UITextBox", "UIMessageWindow", "UIConfirmationDialog", "create_tool_tip", "append_html_text", "Markup",
              "UITooltip"}
PLAIN_WIDGETS = {"UILabel", "UIButton", "UICheckBox"}
TITLE_KEYWORDS = {"window_display_title", "window_title"}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_call_to(node: ast.expr, names: set[str]) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) in names


def _safe(node: ast.expr | None, wrappers: set[str]) -> bool:
    """A literal, None, or a call of one of ``wrappers`` (also on both sides of ``a if c else b``)."""
    if node is None or isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.IfExp):
        return _safe(node.body, wrappers) and _safe(node.orelse, wrappers)
    return _is_call_to(node, wrappers)


def _assignments(tree: ast.AST) -> dict[int, dict[str, ast.expr]]:
    """For each function (by id), the last value assigned to each plain name in it."""
    out: dict[int, dict[str, ast.expr]] = {}
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names: dict[str, ast.expr] = {}
            for node in ast.walk(func):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    names[node.targets[0].id] = node.value
            for node in ast.walk(func):
                out[id(node)] = names
    return out


def violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scopes = _assignments(tree)
    found = []

    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path

    def bad(node: ast.AST, what: str) -> None:
        found.append(f"{shown}:{node.lineno}: {what}")  # type: ignore[attr-defined]

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in HTML_SINKS:
            bad(node, f"{name} outside gui_text (use its text_box, set_html, tip, tooltip, message_window, ...)")
        if name in PLAIN_WIDGETS and len(node.args) > 1 and not _safe(node.args[1], {"plain"}):
            bad(node, f"the text of a {name} is neither a literal nor plain(...)")
        if name == "set_text" and node.args and not _safe(node.args[0], {"plain"}):
            bad(node, "set_text with text that is neither a literal nor plain(...) (HTML boxes: set_html)")
        if name == "UISelectionList" and len(node.args) > 1:
            items = node.args[1]
            if isinstance(items, ast.Name):
                items = scopes.get(id(node), {}).get(items.id, items)
            if not (isinstance(items, ast.ListComp) and _is_call_to(items.elt, {"plain"})):
                bad(node, "the items of a UISelectionList are not [plain(...) for ...]")
        if isinstance(node.func, ast.Name) and name in ("markup", "join") and node.args \
                and not isinstance(node.args[0], ast.Constant):
            bad(node, f"{name}() needs a literal template or separator (values go in its other arguments)")
        for keyword in node.keywords:
            if keyword.arg == "tool_tip_text" and not _safe(keyword.value, {"tip"}):
                bad(node, "tool_tip_text is neither a literal nor tip(...)")
            if keyword.arg in TITLE_KEYWORDS and not _safe(keyword.value, {"plain"}):
                bad(node, f"{keyword.arg} is neither a literal nor plain(...)")
            if (keyword.arg in ("html_text", "text") and name not in ("plain", "esc")
                    and not _safe(keyword.value, {"plain", "tip"})):
                bad(node, f"{keyword.arg}= is neither a literal nor plain(...)")
            value = keyword.value
            if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name):  # labels[0] of plain labels
                items = scopes.get(id(node), {}).get(value.value.id)
                value = items.elt if isinstance(items, ast.ListComp) else value
            if keyword.arg == "default_selection" and not _safe(value, {"plain"}):
                bad(node, "default_selection is neither a literal nor plain(...)")
    return found


def test_no_desktop_module_hands_text_to_pygame_gui_except_through_gui_text() -> None:
    assert len(MODULES) >= 10  # the screens package and the app are all read
    problems = [v for path in MODULES for v in violations(path)]
    assert problems == [], "\n".join(problems)


def test_the_check_catches_each_way_of_handing_raw_text(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(sc, manager, rect):\n"
        "    UITextBox(sc.title, rect, manager)\n"
        "    UIButton(rect, sc.title, manager, tool_tip_text=sc.hint)\n"
        "    UILabel(rect, f'{sc.title}!', manager)\n"
        "    box.set_text(sc.summary)\n"
        "    items = [s.title for s in sc.saves]\n"
        "    UISelectionList(rect, items, manager)\n"
        "    markup(sc.title)\n"
        "    UIWindow(rect, manager, window_display_title=sc.title)\n"
        "    manager.create_tool_tip(sc.hint, (0, 0), (0, 0), None, None)\n", encoding="utf-8")
    assert len(violations(sample)) == 9


def test_escaping_shows_html_and_controls_literally_and_passes_markup_through() -> None:
    hostile = "<img src='/dev/zero'> & <font size=7>\x1b]0;x\x07"
    assert esc(hostile) == "&lt;img src='/dev/zero'&gt; &amp; &lt;font size=7&gt;\\x1b]0;x\\x07"
    assert esc(esc(hostile)) == esc(hostile)  # Markup is not escaped twice
    assert markup("<b>{}</b>", hostile) == f"<b>{esc(hostile)}</b>" and isinstance(markup("<b>{}</b>", "x"), Markup)
    assert join("<br>", ["<i>", markup("<i>{}</i>", "a")]) == "&lt;i&gt;<br><i>a</i>"
    assert paragraphs("one <b>\ntwo\n\nthree") == "one &lt;b&gt; two<br><br>three"


def test_trimming_a_twenty_thousand_character_label_takes_a_logarithmic_number_of_measurements() -> None:
    pygame.font.init()
    font = pygame.font.Font(None, 18)
    calls = 0
    real_size = font.size

    class Counting:
        def size(self, text: str) -> tuple[int, int]:
            nonlocal calls
            calls += 1
            return real_size(text)

    label = "A long label, " * 1500  # about 21,000 characters
    fitted = ellipsize(Counting(), label, 400)  # type: ignore[arg-type]
    assert fitted.endswith("...") and real_size(fitted)[0] <= 400 < real_size(fitted[:-3] + "x...")[0] + 20
    assert calls <= 2 + len(label).bit_length(), calls  # was one measurement per character removed
    assert ellipsize(font, "short", 400) == "short"


HOSTILE = "<img src='{image}'>&lt;b&gt; <font size=7>%{{x}} {{0}}"


def _hostile_scenario(folder: Path, image: Path) -> Path:
    text = (BROKEN / "00_base_is_valid.yaml.txt").read_text(encoding="utf-8")
    h = HOSTILE.format(image=image)
    for old, new in [("title: A note", f'title: "{h}"'), ("label: Send it", f'label: "{h}"'),
                     ("consequence: It is sent.", f'consequence: "{h}"'), ("briefing: Send a note?", f'briefing: "{h}"'),
                     ("    name: Soviet Union", f'    name: "{h[:55]}"\n    description: "{h}"'),
                     ("label: Low tension", f'label: "{h}"'), ("label: Wait", f'label: "W {"x" * 100}"\n        hint: "{h}"'),
                     ("title: Base scenario", f'title: "{h}"')]:
        assert old in text, old
        text = text.replace(old, new, 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    assert bloc_game.validate(path) == [], bloc_game.validate(path)
    return path


def test_a_scenario_full_of_html_is_shown_literally_and_opens_no_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    from test_desktop import click, open_app, pump

    from bloc_game.ui.desktop.screens import GameScreen, ScenarioScreen, SideScreen
    from bloc_game.ui.desktop.settings import Settings

    image = Path(tempfile.mkdtemp(prefix="i")) / "w.png"  # a short path: the hostile text fits the label limit
    pygame.image.save(pygame.Surface((4, 4)), str(image))
    opened: list[str] = []
    real_load = pygame.image.load
    monkeypatch.setattr(pygame.image, "load", lambda f, *a: opened.append(str(f)) or real_load(f, *a))
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path / "home"))
    path = _hostile_scenario(tmp_path / "home" / "scenarios", image)  # the player's own scenarios are listed
    app = open_app(Settings(width=1280, height=800, text_size="large"), scenario=str(path))
    game = bloc_game.load(path)
    shown: list[str] = []

    side = SideScreen(app, path, game)
    app.switch(side)
    shown += [side.description.html_text] + [b.tool_tip_text or "" for b in side.option_buttons.values()]
    screen = GameScreen(app, game.start("ussr", seed=1))
    app.switch(screen)
    pump(app)
    for button in screen.choice_buttons:  # hover each choice long enough for its tooltip
        pump(app, [pygame.event.Event(pygame.MOUSEMOTION, pos=button.rect.center, rel=(0, 0), buttons=(0, 0, 0))])
        for _ in range(3):
            app.frame([], 1.0)
        shown.append(button.tool_tip_text or "")
    shown.append(screen.briefing.html_text)
    labels = [b.text for b in screen.choice_buttons]
    click(app, screen.choice_buttons[0])
    shown.append(screen.news_box.html_text)
    scenario_screen = ScenarioScreen(app)
    app.switch(scenario_screen)
    entry = next(e for e in scenario_screen.entries if e.path == path)
    scenario_screen.show(entry)
    shown.append(scenario_screen.details.html_text)
    app.message("A message", HOSTILE.format(image=image))
    shown.append(app.dialog.text_block.html_text)

    assert str(image) not in opened, "pygame_gui loaded an image named in scenario text"
    with_img = [s for s in shown if "img" in s]
    assert len(with_img) >= 6 and all("&lt;img" in s and "<img" not in s for s in with_img), shown
    assert any(text.endswith("...") for text in labels), labels  # the long label was fitted
    assert not (tmp_path / "home" / "errors.log").exists()
