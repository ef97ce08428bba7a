"""A language's compiled catalog is kept in the user's cache folder: a later start reads it
without Babel (the first frame in German or Russian stays within 2x a blank frame), and a
changed or damaged catalog is never used stale."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bloc_game import i18n

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "New game"
msgstr "{new_game}"

msgid "one decision"
msgid_plural "{{n}} decisions"
msgstr[0] "{{n}} решение"
msgstr[1] "{{n}} решения"
msgstr[2] "{{n}} решений"
'''


@pytest.fixture
def catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A locale folder of our own with a Russian catalog, and an empty user folder."""
    monkeypatch.setenv("BLOC_GAME_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(i18n, "_compiled", {})
    folder = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "bloc_game.po").write_text(PO.format(new_game="Новая игра"), encoding="utf-8")
    return folder / "bloc_game.po"


def fresh(monkeypatch: pytest.MonkeyPatch, babel: bool = True) -> i18n.Translations:
    """The catalog as a new process would load it (optionally with Babel unimportable)."""
    monkeypatch.setattr(i18n, "_compiled", {})
    if not babel:
        for name in ("babel.messages.mofile", "babel.messages.pofile"):
            monkeypatch.setitem(sys.modules, name, None)  # an import of it now fails
    found = i18n.catalog("ru")
    assert found is not None
    return found


def test_a_second_start_reads_the_compiled_catalog_without_babel(catalogs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert fresh(monkeypatch).gettext("New game") == "Новая игра"
    later = fresh(monkeypatch, babel=False)
    assert later.gettext("New game") == "Новая игра"
    assert [later.ngettext("one decision", "{n} decisions", n) for n in (1, 3, 5)] == [
        "{n} решение", "{n} решения", "{n} решений"]


def test_a_changed_catalog_is_compiled_again(catalogs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert fresh(monkeypatch).gettext("New game") == "Новая игра"
    catalogs.write_text(PO.format(new_game="Начать игру"), encoding="utf-8")
    assert fresh(monkeypatch).gettext("New game") == "Начать игру"


@pytest.mark.parametrize("damage", [b"", b"\x95\x04\x12\xde" + b"\xff" * 40, b"not a catalog at all"])
def test_a_damaged_cache_file_is_compiled_again_and_replaced(catalogs: Path, monkeypatch: pytest.MonkeyPatch,
                                                             damage: bytes) -> None:
    fresh(monkeypatch)
    cached = list((catalogs.parents[3] / "home" / "cache").glob("bloc_game-ru-*.mo"))
    assert len(cached) == 1
    cached[0].write_bytes(damage)
    assert fresh(monkeypatch).gettext("New game") == "Новая игра"
    assert fresh(monkeypatch, babel=False).gettext("New game") == "Новая игра"  # the cache was mended


def test_a_user_folder_that_cannot_be_made_costs_only_the_compile(catalogs: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BLOC_GAME_HOME", str(blocked))
    assert fresh(monkeypatch).gettext("New game") == "Новая игра"
    assert blocked.read_text(encoding="utf-8") == "x"
