"""Every word the front ends show goes through the translation functions.

Reads the front-end modules and fails on a string literal with words in it handed straight
to something that shows text (a widget, a dialog, a drawn label, the terminal's ``say``,
``print``, a notice, an HTML template) instead of through ``_()`` / ``ngettext`` /
``pgettext``. HTML templates (``markup``) may hold tags and ``{}`` fields but no words.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src" / "bloc_game"
FRONT_ENDS = sorted([*(SRC / "ui").rglob("*.py"), *(SRC / "classroom").glob("*.py"), SRC / "transcript.py"])
#: Calls whose arguments a player reads.
SINKS = {
    "UILabel", "UIButton", "UIDropDownMenu", "UISelectionList", "UIWindow", "UICheckBox", "UIMessageWindow",
    "UIConfirmationDialog", "UITextBox",
    "plain", "tip", "fit", "text_box", "set_html", "tooltip", "message_window", "confirmation_dialog", "markup",
    "message", "notice", "say", "print", "read", "render", "set_caption", "set_text", "Fact", "esc", "paragraphs",
    # the class debrief and handouts: page tables and titles, the charts' words, a failed file's reason
    "table", "document", "image", "set_xlabel", "set_ylabel", "set_title", "set_yticks", "text", "barh", "scatter", "_caption",
    "Failure",
}
TRANSLATORS = {"_", "ngettext", "pgettext", "npgettext"}
# Words that are not the interface's: file-name stems, separators with a letter, the game's name in a log.
ALLOWED = {
    ("ui/desktop/screenshots.py", "*"),  # names of screenshot files, never shown in the game
}
#: Keyword arguments that are keys or styles, never words (ids, matplotlib's alignments and markers).
NOT_SHOWN = {"object_id", "prefix", "name", "ha", "va", "marker", "color", "loc", "hatch", "orientation"}
NOT_WORDS = re.compile(r"<[^<>]*>|\{[^{}]*\}|&\w+;|%\(\w+\)[sd]")


def callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def words(node: ast.AST) -> str:
    """The letters a literal (or the literal parts of an f-string) would show, tags and fields aside."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    else:
        return ""
    return "".join(c for c in NOT_WORDS.sub("", text) if c.isalpha())


def unwrapped(path: Path, root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or callee(node) not in SINKS:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg not in NOT_SHOWN)]:
            parts = ([arg.left, arg.right] if isinstance(arg, ast.BinOp)
                     else list(arg.elts) if isinstance(arg, (ast.List, ast.Tuple)) else [arg])
            for part in parts:
                if words(part):
                    out.append(f"{path.relative_to(root)}:{part.lineno}: {ast.unparse(part)[:70]} in {callee(node)}()")
    return out


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda p: str(p.relative_to(SRC)))
def test_no_front_end_shows_a_literal_word_without_translating_it(path: Path) -> None:
    rel = str(path.relative_to(SRC))
    if (rel, "*") in ALLOWED:
        return
    found = unwrapped(path)
    assert not found, "wrap these in _() (bloc_game.i18n):\n" + "\n".join(found)


def test_the_scan_finds_an_unwrapped_button_label_and_passes_a_wrapped_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('UIButton(rect, "Undo", manager)\nUIButton(rect, _("Undo"), manager)\n'
                      'markup("<b>{}</b>", x)\nmarkup("<b>Undone.</b> {}", x)\nsay(f"Seed {seed}")\n'
                      'UIDropDownMenu(["small", "large"], "small", rect, manager)\n', encoding="utf-8")
    assert sorted(line.split(": ", 1)[0] for line in unwrapped(sample, tmp_path)) == [
        "sample.py:1", "sample.py:4", "sample.py:5", "sample.py:6", "sample.py:6", "sample.py:6"]
