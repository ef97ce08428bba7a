"""The interface's languages: the catalogs are complete and current, the language is chosen as
documented, dates read as each language writes them, and English costs nothing at start-up."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bloc_game import i18n
from bloc_game.engine import Seating
from bloc_game.ui.text import TextGame

from conftest import FLAGSHIP, ROOT, Pseudo

POT = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
EXTRACT = ('pybabel extract -F babel.cfg -c "Translators:" --project "Bloc Game" --version 0.1 --no-wrap '
           "-o src/bloc_game/locale/bloc_game.pot src/bloc_game")
FIELD = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]|%[sd]")


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def message_ids(catalog: Catalog) -> set[object]:
    return {m.id for m in catalog if m.id}


def problems(template: Catalog, catalog: Catalog) -> list[str]:
    """Every message of ``template`` that ``catalog`` leaves untranslated, fuzzy, or with other placeholders."""
    out = []
    for message in template:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        found = catalog.get(key, message.context)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if found is None:
            out.append(f"missing: {key!r}")
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if found.fuzzy:
            out.append(f"fuzzy: {key!r}")
        elif not all(strings):
            out.append(f"untranslated: {key!r}")
        else:
            wanted = sorted(set(FIELD.findall(ids[-1])))
            for text in strings:
                # A plural form may leave out the number ("одна" for 1), never add a placeholder.
                have = sorted(set(FIELD.findall(text)))
                if have != wanted and not (len(ids) > 1 and set(have) < set(wanted)):
                    out.append(f"placeholders of {key!r}: {wanted} in English, {have} in {text!r}")
    return out


def test_no_translated_string_hides_where_the_extractor_does_not_look() -> None:
    """pybabel does not look inside f-string fields: a _() there never reaches the template."""
    marked = set()
    for path in (ROOT / "src" / "bloc_game").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_", "ngettext", "pgettext") and node.args):
                arg = node.args[1] if node.func.id == "pgettext" and len(node.args) > 1 else node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    marked.add(arg.value)
    committed = {m if isinstance(m, str) else m[0] for m in message_ids(read_catalog(POT))}
    assert marked <= committed, f"not in the template (inside an f-string?): {sorted(marked - committed)}"


def test_the_template_holds_every_string_the_code_marks() -> None:
    """A string wrapped in _() but missing from the .pot never reaches a translator."""
    extracted = {m[2] if isinstance(m[2], str) else m[2][0]
                 for m in extract_from_dir(str(ROOT / "src" / "bloc_game"), method_map=[("**.py", "python")],
                                           comment_tags=("Translators:",))}
    committed = {m if isinstance(m, str) else m[0] for m in message_ids(read_catalog(POT))}
    assert extracted == committed, (
        f"the template is out of date; run (from the repository root):\n  {EXTRACT}\n"
        f"new: {sorted(extracted - committed)[:10]}\ngone: {sorted(committed - extracted)[:10]}")


@pytest.mark.parametrize("lang", i18n.available_languages()[1:] or ["(none shipped yet)"])
def test_every_shipped_language_translates_every_interface_string(lang: str) -> None:
    if lang not in i18n.available_languages():
        pytest.skip("no catalog besides English ships yet; the checker itself is tested below")
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    found = problems(read_catalog(POT), read_catalog(path))
    assert not found, f"{path}: {len(found)} problem(s)\n" + "\n".join(found[:30])
    assert i18n.catalog(lang) is not None  # it compiles


def test_the_completeness_check_finds_a_missing_a_fuzzy_and_a_broken_entry() -> None:
    template = read_catalog(POT)
    catalog = Catalog(locale="de")
    for message in template:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            catalog.add(message.id, tuple(ids[-1] for _ in range(2)) if len(ids) > 1 else ids[0], context=message.context)
    assert problems(template, catalog) == []
    catalog.delete("Undo")
    catalog["Save"].flags.add("fuzzy")
    catalog["The end: {title}"].string = "Das Ende: {titel}"
    assert sorted(problems(template, catalog)) == [
        "fuzzy: 'Save'", "missing: 'Undo'",
        "placeholders of 'The end: {title}': ['{title}'] in English, ['{titel}'] in 'Das Ende: {titel}'"]


def test_a_catalog_is_compiled_from_its_po_with_fuzzy_entries_left_in_english(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(locale="de")
    catalog.add("Undo", "Rückgängig")
    catalog.add("Save", "Speichern", flags=["fuzzy"])
    catalog.add(("{n} event", "{n} events"), ("{n} Ereignis", "{n} Ereignisse"))
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "bloc_game.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_compiled", {})
    assert i18n.available_languages() == ("en", "de")
    with i18n.using("de"):
        assert (i18n._("Undo"), i18n._("Save"), i18n._("Quit")) == ("Rückgängig", "Save", "Quit")
        assert [i18n.ngettext("{n} event", "{n} events", n).format(n=n) for n in (1, 2)] == ["1 Ereignis", "2 Ereignisse"]
        assert i18n.current_language() == "de"
    assert i18n.current_language() == "en" and i18n._("Undo") == "Undo"


def test_the_language_is_the_one_asked_for_else_the_setting_else_the_system_else_english(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "available_languages", lambda: ("en", "de", "ru"))
    choose = i18n.choose_language
    assert choose("ru", "de", {"LANG": "de_DE.UTF-8"}) == "ru"
    assert choose("de-AT", None, {}) == "de"
    assert choose(None, "ru", {"LANG": "de_DE.UTF-8"}) == "ru"
    assert choose(None, "", {"LANG": "de_DE.UTF-8"}) == "de"
    assert choose(None, "fr", {"LANGUAGE": "fr:ru", "LANG": "de_DE.UTF-8"}) == "ru"  # a stale setting, a preference list
    assert choose(None, None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "de_DE.UTF-8"}) == "en"  # LC_ALL decides: no French
    assert choose(None, None, {"LANG": "C.UTF-8"}) == "en"
    assert choose(None, None, {}) == "en"
    with pytest.raises(i18n.UnknownLanguage, match=r"no 'fr' translation.*en \(English\), de \(Deutsch\), ru \(Русский\)"):
        choose("fr", "de", {})


def test_an_unknown_lang_on_the_command_line_is_one_line_naming_the_languages() -> None:
    result = subprocess.run([sys.executable, "-m", "bloc_game", "play", "--text", "--lang", "xx"],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "bloc-game: error: There is no 'xx' translation of Bloc Game. The languages are: "
        + ", ".join(f"{lang} ({i18n.language_name(lang)})" for lang in i18n.available_languages()) + "."]


@pytest.mark.parametrize("lang, long, short, month", [
    ("en", "31 March 1954", "31 Mar 1954", "March 1954"),
    ("de", "31. März 1954", "31. März 1954", "März 1954"),
    # CLDR's narrow no-break space before "г." made a plain one: the narrow one looked like none on screen
    ("ru", "31 марта 1954\u00a0г.", "31 мар. 1954\u00a0г.", "март 1954\u00a0г."),
])
def test_dates_are_written_as_each_language_writes_them(lang: str, long: str, short: str, month: str) -> None:
    with i18n.using(lang, Pseudo() if lang != "en" else None):
        assert (i18n.long_date(date(1954, 3, 31)), i18n.short_date(date(1954, 3, 31))) == (long, short)
        assert i18n.month_year(date(1954, 3, 31)) == month
        # Inside the reports' sentences English keeps the ISO form its transcripts have always had.
        assert i18n.prose_date("1954-03-31") == ("1954-03-31" if lang == "en" else short)


def test_english_loads_and_parses_no_catalog_at_start_up() -> None:
    """The first frame must not wait for Babel: English is the messages themselves."""
    code = ("import sys; from bloc_game import i18n; from bloc_game.ui import presenter; "
            "from datetime import date; i18n.setup(None, ''); print(i18n.current_language(), "
            "i18n.long_date(date(1954, 3, 31)), presenter.percent(0.8), "
            "sorted(m for m in sys.modules if m.split('.')[0] in ('babel', 'gettext')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "en 31 March 1954 80% []", result.stderr


def test_the_terminal_game_speaks_the_chosen_language() -> None:
    """Under the pseudo-locale every interface line of a whole game is translated (none left in English)."""
    import bloc_game

    game = bloc_game.load(FLAGSHIP)
    answers = iter(["?", "s", "u"] + ["1"] * 60)
    out = io.StringIO()
    with i18n.using("en_XA", Pseudo()):
        TextGame(game, str(Seating.parse("ussr", game.scenario.side_ids)), 3, "historical", FLAGSHIP,
                 read=lambda prompt: (out.write(prompt), next(answers))[1], out=out).run()
    text = out.getvalue()
    english = {m.id for m in read_catalog(POT) if isinstance(m.id, str) and m.id}
    shown = [m for m in english if len(m) > 12 and "{" not in m and m in text]
    assert not shown, f"shown in English under the pseudo-locale: {shown[:5]}"
    assert Pseudo().gettext("Type ? at any prompt for help.") in text
    assert Pseudo().gettext("SCORE AGAINST HISTORY") in text


@pytest.mark.parametrize("lang, mark", [("en", "."), ("de", ","), ("ru", ",")])
def test_numbers_take_the_languages_decimal_mark(lang: str, mark: str) -> None:
    from bloc_game.ui.presenter import signed

    with i18n.using(lang, Pseudo() if lang != "en" else None):
        assert (i18n.decimal(32.1), signed(-4.5), signed(12.0), i18n.decimal(7, places=0)) == (
            f"32{mark}1", f"-4{mark}5", f"+12{mark}0", "7")


def test_the_catalogs_are_package_data_so_an_installed_game_has_them() -> None:
    """(Checked by hand too: a wheel built with a German catalog holds it, and `--lang de` found it when installed.)"""
    import fnmatch

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["bloc_game"]
    # The source tree's catalogs (the test may run against an installed copy, whose are already there).
    package = ROOT / "src" / "bloc_game"
    catalogs = sorted((package / "locale").glob("*/LC_MESSAGES/*.po"))
    assert catalogs, "no catalog in the source tree"
    for path in [package / "locale" / f"{i18n.DOMAIN}.pot", *catalogs]:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), f"{relative} would not be installed"


def test_read_aloud_speaks_with_the_voice_of_the_interfaces_language(tmp_path: Path) -> None:
    from bloc_game import speech

    assert "-v" not in speech._command("/usr/bin/espeak-ng", None)
    with i18n.using("ru", Pseudo()):
        assert speech._command("/usr/bin/espeak-ng", None)[-2:] == ["-v", "ru"]
        speaker = speech.Speaker()
        if speaker.program is None or "espeak" not in speaker.program:
            pytest.skip("no espeak-ng here to render the Russian voice")
        assert speaker.to_wav("Советская нота от 31 марта 1954 года.", tmp_path / "ru.wav")


def test_the_terminal_quit_question_takes_the_languages_keys_and_the_english_ones() -> None:
    import bloc_game

    class German(Pseudo):
        WORDS = {"y (the key for yes)": "j (Ja)", "n (the key for no, leave)": "n (Nein, verlassen)",
                 "c (the key for cancel)": "a (Abbrechen)"}

        def gettext(self, message: str) -> str:
            return self.WORDS.get(message, message)

    game = bloc_game.load(FLAGSHIP)
    state = game.start(Seating.parse("ussr", game.scenario.side_ids), seed=1)
    with i18n.using("de", German()):
        for typed, leaves in (("a", False), ("c", False), ("n", True)):
            text = TextGame(game, "ussr", 1, "historical", FLAGSHIP, read=lambda _prompt, t=typed: t, out=io.StringIO())
            assert text.confirm_quit(state) is leaves, typed


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_the_handouts_are_written_in_each_shipped_language(lang: str, tmp_path: Path) -> None:
    import bloc_game
    from bloc_game.classroom.handout import write_handouts

    game = bloc_game.load(FLAGSHIP)
    with i18n.using(lang):
        written = write_handouts(game, tmp_path)
        heading, month = i18n._("Your objectives"), i18n.month_year(game.scenario.start)
    pack = written[0].read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in pack and f"<h3>{heading}</h3>" in pack and month in pack
