"""Scenario translations: a PO file beside a scenario translates what players read and nothing else."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from translation_helpers import msgstrs, scenario_copy, translate, write_translation

import bloc_game
from bloc_game import score
from bloc_game.lint import lint
from bloc_game.translation import TranslationError, export, languages, read_translation
from bloc_game.translation.commands import import_command

from conftest import FLAGSHIP, TUTORIAL

GERMAN = {
    "scenario/title": "Tutorial: Die Stalin-Note",
    "side/ussr/name": "Sowjetunion",
    "point/first_note/title": "Die erste Note",
    "point/first_note/briefing/1": "Genosse Minister, die Westmächte stehen wenige Wochen vor der Unterzeichnung.",
    "choice/first_note/send_note/label": "Die Note wie entworfen absenden",
    "point/first_reply/briefing/2": "Moskau hat nichts geschickt, und die Vertragsverhandlungen gehen ungestört weiter.",
    "variable/tension/low": "Ruhe",
    "flag/note_sent/label/1": "Moskau schlägt einen Friedensvertrag für ein neutrales Deutschland vor",
}


@pytest.fixture()
def tutorial_de(tmp_path: Path) -> Path:
    path = scenario_copy(TUTORIAL, tmp_path)
    write_translation(path, "de", GERMAN)
    return path


def test_a_translation_beside_the_scenario_replaces_its_texts_and_nothing_else(tutorial_de: Path) -> None:
    english = bloc_game.load(tutorial_de).scenario
    german = bloc_game.load(tutorial_de, lang="de").scenario
    assert german.title == "Tutorial: Die Stalin-Note" and german.language == "de"
    assert german.side("ussr").name == "Sowjetunion"
    assert german.point("first_note").briefing.texts == (GERMAN["point/first_note/briefing/1"] + "\n",)
    assert german.variables[0].low_label == "Ruhe" and german.variables[0].high_label == "brink of war"
    # The second variant of a three-way briefing is translated; the others fall back to English; the
    # conditions choosing between them are the source's.
    reply, english_reply = german.point("first_reply").briefing, english.point("first_reply").briefing
    assert reply.variants[1].text.startswith("Moskau hat nichts geschickt")
    assert reply.variants[0].text == english_reply.variants[0].text
    assert [v.when for v in reply.variants] == [v.when for v in english_reply.variants]
    # Ids, dates, rules and the identity of the file are untouched.
    assert (german.path, german.content_hash) == (english.path, english.content_hash)
    assert [s.id for s in german.timeline] == [s.id for s in english.timeline]
    assert german.point("first_note").choices[0].effects == english.point("first_note").choices[0].effects
    # Untranslated, and without the language: the scenario's own words.
    assert bloc_game.load(tutorial_de, lang="ru").scenario.title == english.title
    assert bloc_game.load(tutorial_de).scenario.title == "Tutorial: The Stalin Note"
    assert languages(tutorial_de) == ["de"]


def test_a_game_played_in_german_replays_in_english_and_scores_the_same(tutorial_de: Path) -> None:
    german, english = bloc_game.load(tutorial_de, lang="de"), bloc_game.load(tutorial_de)
    state = german.start("ussr", seed=11)
    while not state.is_over:
        state = state.choose(state.choices[-1].id)
    record = state.record()
    assert record.scenario_hash == english.scenario.content_hash
    in_english = english.replay(record)
    assert in_english.record() == record and in_english.log == state.log
    assert german.replay(in_english.record()).log == state.log  # and back
    assert score(in_english).ending.id == score(state).ending.id
    assert score(in_english).fidelity == score(state).fidelity


def test_the_terminal_game_plays_in_the_chosen_language(tutorial_de: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bloc_game", "play", str(tutorial_de), "--text", "--lang", "de", "--seed", "1"],
        input="1\nq\ny\n", capture_output=True, text=True, timeout=60)
    assert "TUTORIAL: DIE STALIN-NOTE" in done.stdout
    assert "English · Deutsch (de)\n" in done.stdout  # the languages it has, for --lang
    assert "Genosse Minister, die Westmächte" in done.stdout and "1. Die Note wie entworfen absenden" in done.stdout
    assert "Offer free all-German elections" in done.stdout  # untranslated: English
    assert "Traceback" not in done.stderr


def test_out_of_date_and_broken_entries_fall_back_to_english_entry_by_entry(tmp_path: Path) -> None:
    path = scenario_copy(TUTORIAL, tmp_path)
    po = write_translation(path, "de", {
        "point/first_note/title": "Die erste Note",
        "scenario/title": "Tutorial\x1b[2J: Die Stalin-Note",  # a control character: never shown
        "point/first_note/briefing/1": "Erster Absatz.\n\nZweiter Absatz.",  # the English has one paragraph
        "choice/first_note/send_note/label": "Die Note absenden",
    })
    text = po.read_text(encoding="utf-8")
    # The English of the choice's label changed since it was translated (as if the author edited it).
    po.write_text(text.replace('msgctxt "Send the note as drafted"', 'msgctxt "Send the old note"')
                  .replace("#. source-hash: " + _hash("Send the note as drafted"), "#. source-hash: 0badc0de"),
                  encoding="utf-8")
    sc = bloc_game.load(path, lang="de").scenario
    assert sc.point("first_note").title == "Die erste Note"
    assert sc.title == "Tutorial: The Stalin Note"
    assert sc.point("first_note").briefing.texts[0].startswith("Comrade Minister")
    assert sc.point("first_note").choices[0].label == "Send the note as drafted"
    found = {(p.severity, p.message.split(":")[0]) for p in lint(path, translations_only=True)}
    assert ("error", "scenario/title") in found and ("error", "point/first_note/briefing/1") in found
    assert ("warning", "choice/first_note/send_note/label") in found
    assert ("note", "point/first_note/debrief/1") in found  # not translated yet


def _hash(text: str) -> str:
    from bloc_game.translation.pofile import source_hash

    return source_hash(text)


def test_editing_one_english_briefing_makes_lint_report_its_translations_out_of_date(tmp_path: Path) -> None:
    path = scenario_copy(TUTORIAL, tmp_path)
    key = "point/first_note/briefing/1"
    for lang, text in (("de", "Genosse Minister, die Westmächte ..."), ("ru", "Товарищ министр, западные державы ...")):
        po = write_translation(path, lang, {key: text, "point/first_note/title": "Die erste Note"})
        assert not [p for p in lint(path, translations_only=True) if key in p.message and p.severity != "note"]
        assert po.is_file()
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("Comrade Minister, the Western powers are weeks away",
                                   "Comrade Minister, the Western powers are days away"), encoding="utf-8")
    stale = [p for p in lint(path, translations_only=True) if p.severity == "warning"]
    assert sorted((Path(p.where.path).name, p.message.split(":")[0]) for p in stale) == [
        ("tutorial_stalin_note.de.po", key), ("tutorial_stalin_note.ru.po", key)]
    assert all("out of date" in p.message and p.where.line > 0 for p in stale)
    # The game shows the new English until the translation is revised; the title is still German.
    sc = bloc_game.load(path, lang="de").scenario
    assert "days away" in sc.point("first_note").briefing.texts[0] and sc.point("first_note").title == "Die erste Note"


def test_a_merge_keeps_translations_and_marks_changed_english_fuzzy_with_the_old_english(tmp_path: Path) -> None:
    path = scenario_copy(TUTORIAL, tmp_path)
    po = write_translation(path, "de", GERMAN)
    path.write_text(path.read_text(encoding="utf-8").replace("label: Send the note as drafted",
                                                             "label: Send the note as the Ministry drafted it"),
                    encoding="utf-8")
    merged = export(path, "de", po)
    kept = msgstrs(merged)
    assert all(kept[k] == v for k, v in GERMAN.items())
    entry = read_translation(_written(tmp_path / "merged.de.po", merged)).entries["choice/first_note/send_note/label"]
    assert entry.fuzzy and entry.source == "Send the note as the Ministry drafted it"
    assert entry.previous == "Send the note as drafted"
    assert "#. previous English: Send the note as drafted" in merged
    # Still fuzzy, the game shows the English; the translator revises it and clears the mark.
    po.write_text(merged, encoding="utf-8")
    assert bloc_game.load(path, lang="de").scenario.point("first_note").choices[0].label.startswith("Send the note as the")
    po.write_text(translate(merged, {"choice/first_note/send_note/label": "Die Note wie vom Ministerium entworfen"},
                            unfuzzy=True), encoding="utf-8")
    sc = bloc_game.load(path, lang="de").scenario
    assert sc.point("first_note").choices[0].label == "Die Note wie vom Ministerium entworfen"
    assert "previous English" not in export(path, "de", po)


def test_a_long_previous_english_survives_being_merged_again(tmp_path: Path) -> None:
    path = scenario_copy(TUTORIAL, tmp_path)
    key = "point/first_note/briefing/1"
    po = write_translation(path, "de", {key: "Genosse Minister, ..."})
    old = bloc_game.load(path).scenario.point("first_note").briefing.texts[0]
    path.write_text(path.read_text(encoding="utf-8").replace("weeks away", "days away"), encoding="utf-8")
    once = export(path, "de", po)
    twice = export(path, "de", _written(tmp_path / "once.de.po", once))
    for text in (once, twice):
        entry = read_translation(_written(tmp_path / "x.de.po", text)).entries[key]
        assert entry.fuzzy and entry.previous.split() == old.split() and entry.text == "Genosse Minister, ..."


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_checks_counts_and_puts_the_file_beside_the_scenario(tmp_path: Path) -> None:
    path = scenario_copy(TUTORIAL, tmp_path / "game")
    incoming = tmp_path / "from_translator" / "tutorial_stalin_note.de.po"
    incoming.parent.mkdir()
    text = translate(export(path, "de"), GERMAN)
    text += '\n#. source-hash: 12345678\nmsgctxt "A text since removed"\nmsgid "point/gone/title"\nmsgstr "Weg"\n'
    incoming.write_text(text, encoding="utf-8")
    report = import_command(incoming, path)
    total = len(msgstrs(export(path)))
    assert f"{len(GERMAN)} translated, {total - len(GERMAN)} missing, 0 out of date, 0 refused, 1 unknown key(s)" in report
    placed = path.with_name("tutorial_stalin_note.de.po")
    assert msgstrs(placed.read_text(encoding="utf-8"))["side/ussr/name"] == "Sowjetunion"
    assert "#~ msgid \"point/gone/title\"" in placed.read_text(encoding="utf-8")  # kept, as obsolete
    assert bloc_game.load(path, lang="de").scenario.title == GERMAN["scenario/title"]
    # A second translator's file adds to the one in place rather than replacing it.
    other = tmp_path / "from_translator" / "more.po"
    other.write_text(translate(export(path, "de"), {"side/nato/name": "Westmächte"}), encoding="utf-8")
    import_command(other, path, "de")
    sc = bloc_game.load(path, lang="de").scenario
    assert sc.side("nato").name == "Westmächte" and sc.side("ussr").name == "Sowjetunion"


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ('msgid "scenario/title"\nmsgstr "x"\nthis is not PO\n', 3, "not a valid PO file"),
    ('msgid "scenario/title"\n', 1, "not a valid PO file"),
    (b'msgid "scenario/title"\nmsgstr "\xff"\n', 2, "not UTF-8"),
    ('msgid "scenario/title"\nmsgstr "a"\n\nmsgid "scenario/title"\nmsgstr "b"\n', 4, "translated twice"),
])
def test_a_broken_translation_file_gets_one_clear_message_with_its_line(
        tmp_path: Path, content: str | bytes, line: int, fragment: str) -> None:
    path = scenario_copy(TUTORIAL, tmp_path)
    po = path.with_name("tutorial_stalin_note.de.po")
    po.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(TranslationError) as caught:
        bloc_game.load(path, lang="de")
    assert f"tutorial_stalin_note.de.po:{line}:" in str(caught.value) and fragment in str(caught.value)
    # The game says so once and goes on in the scenario's own words: a broken translation never stops a game.
    done = subprocess.run([sys.executable, "-m", "bloc_game", "play", str(path), "--text", "--lang", "de", "--seed", "1"],
                          capture_output=True, text=True, timeout=60, input="q\ny\n")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert f"tutorial_stalin_note.de.po:{line}:" in done.stderr and "shown in its own words" in done.stderr
    assert "TUTORIAL: THE STALIN NOTE" in done.stdout
    # lint reports it too, and the English game is unaffected.
    assert any(f":{line}:" in str(p) for p in lint(path, translations_only=True))
    assert bloc_game.load(path).scenario.title == "Tutorial: The Stalin Note"


def test_translated_text_is_escaped_like_all_scenario_text(tmp_path: Path) -> None:
    from bloc_game.ui.desktop.gui_text import esc

    path = scenario_copy(TUTORIAL, tmp_path)
    write_translation(path, "de", {"point/first_note/title": '<img src="/dev/zero"> Note'})
    title = bloc_game.load(path, lang="de").scenario.point("first_note").title
    assert title == '<img src="/dev/zero"> Note' and esc(title) == '&lt;img src="/dev/zero"&gt; Note'


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\"\\"), min_size=1,
                max_size=40).filter(lambda s: s.strip() != "")


@functools.lru_cache(maxsize=1)
def _template() -> str:
    return export(TUTORIAL, "de")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_export_fill_import_export_keeps_every_translation(tmp_path_factory: pytest.TempPathFactory,
                                                           data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("round")
    path = scenario_copy(TUTORIAL, folder / "game")
    template = _template()
    keys = sorted(msgstrs(template))
    chosen = data.draw(st.lists(st.sampled_from(keys), unique=True, min_size=1, max_size=40))
    filled = {key: data.draw(_TEXT) for key in chosen}
    incoming = folder / "tutorial_stalin_note.de.po"
    incoming.write_text(translate(template, filled), encoding="utf-8")
    import_command(incoming, path)
    again = msgstrs(export(path, "de", path.with_name("tutorial_stalin_note.de.po")))
    assert {key: again[key] for key in filled} == filled


def test_a_language_with_no_file_plays_the_scenario_in_its_own_words() -> None:
    assert bloc_game.load(FLAGSHIP, lang="xx").scenario == bloc_game.load(FLAGSHIP).scenario


def test_the_guide_s_translation_steps_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """docs/authoring.md, "Translating a scenario": each command of the section, on the guide's example."""
    from bloc_game.authoring import write_new_scenario
    from bloc_game.cli import main

    guide = (Path(__file__).resolve().parents[1] / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = guide.split("## 13. Translating a scenario", 1)[1].split("\n## ", 1)[0]
    commands = [line for block in section.split("```sh\n")[1:] for line in block.split("```")[0].splitlines()]
    assert [c.split()[1] for c in commands] == ["strings", "strings", "lint", "play", "strings"]
    monkeypatch.chdir(tmp_path)
    write_new_scenario("austria_1955", tmp_path)
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    for command in commands:
        args = command.replace("~/Downloads/", f"{downloads}/").split()[1:]
        if args[0] == "play":
            done = subprocess.run([sys.executable, "-m", "bloc_game", *args, "--seed", "2"], input="1\nq\ny\n",
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 0 and "Die Konferenz von Berlin" in done.stdout, done.stderr
            continue
        assert main(args) == 0, command
        if args[:2] == ["strings", "export"]:  # the translator's work, sent back by e-mail
            po = tmp_path / "austria_1955.de.po"
            (downloads / po.name).write_text(translate(po.read_text(encoding="utf-8"), {
                "point/berlin_austria/title": "Die Konferenz von Berlin"}), encoding="utf-8")
    out = capsys.readouterr().out
    assert "Imported" in out and "1 translated" in out and "de: 1 translated" in out


_PO_PIECES = st.sampled_from(['msgid "scenario/title"\n', 'msgstr "x"\n', 'msgctxt "a"\n', '"continued"\n', '#, fuzzy\n',
                              '#. source-hash: 1234abcd\n', '#~ msgid "old"\n', 'msgstr[0] "y"\n', 'msgid_plural "p"\n',
                              'msgstr[x] "z"\n', '"\\q"\n', '#: file.yaml:x\n', '\n', 'msgid ""\n', '"Language: de\\n"\n'])


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(_PO_PIECES | st.text(max_size=12), max_size=14))
def test_any_translation_file_is_read_or_refused_with_a_position_never_a_traceback(pieces: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        po = Path(folder) / "x.de.po"
        po.write_text("".join(pieces), encoding="utf-8")
        try:
            read_translation(po)
        except TranslationError as err:
            assert err.problems and all(str(p.where).startswith(str(po)) for p in err.problems)


def test_strings_command_mistakes_get_one_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bloc_game.cli import main

    path = scenario_copy(TUTORIAL, tmp_path)
    stray = tmp_path / "translation.po"
    stray.write_text(export(path, "de"), encoding="utf-8")
    for args, fragment in (
        (["strings", "export", str(path), "--lang", "../de"], "'../de' is not a language code"),
        (["strings", "export", str(path), "--lang", "qq"], "'qq' is not a language code Babel knows"),
        (["strings", "export", str(path), "-o", str(path)], "is the scenario itself"),
        (["strings", "import", str(stray), str(path)], "does not say its language"),
        (["strings", "import", str(tmp_path / "none.de.po"), str(path)], "no such file"),
    ):
        try:
            assert main(args) == 1
        except SystemExit as exit_:  # a usage mistake: argparse's exit 2
            assert exit_.code == 2
        assert fragment in capsys.readouterr().err, args
    assert path.read_text(encoding="utf-8") == TUTORIAL.read_text(encoding="utf-8")  # never overwritten
    with pytest.raises(bloc_game.BlocGameError, match="not a language code"):
        bloc_game.load(path, lang="../../etc/passwd")


def test_a_language_only_the_scenario_is_translated_into_plays_with_the_interface_in_english(tmp_path: Path) -> None:
    path = scenario_copy(TUTORIAL, tmp_path)
    write_translation(path, "fr", {"point/first_note/title": "La première note"})
    play = [sys.executable, "-m", "bloc_game", "play", str(path), "--text", "--lang", "fr", "--seed", "1"]
    done = subprocess.run(play, input="1\nq\ny\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "La première note" in done.stdout and "Your choice" in done.stdout, done.stderr
    alone = subprocess.run([*play[:4], str(TUTORIAL), *play[5:]], input="", capture_output=True, text=True, timeout=60)
    assert alone.returncode == 2 and "There is no 'fr' translation of Bloc Game" in alone.stderr


def test_a_replay_file_holds_its_expectations_read_in_german_and_its_transcript_is_german() -> None:
    import gettext

    from bloc_game import i18n
    from bloc_game.cli import in_language
    from bloc_game.replay import load_replay, run_replay
    from bloc_game.transcript import transcript

    from conftest import REPLAYS

    script = load_replay(REPLAYS / "molotov_history_ussr.yaml")
    english = run_replay(script)
    with i18n.using("de", gettext.NullTranslations()):  # the interface's words stay English here
        german = run_replay(script, loader=in_language)
    assert german.state.scenario.language == "de" and not german.failures and not english.failures
    assert german.state.record() == english.state.record()
    text = transcript(german.state)
    assert "Die erste Stalin-Note" in text and "The first Stalin Note" not in text


@functools.lru_cache(maxsize=None)
def _flagship(lang: str) -> bloc_game.Game:
    return bloc_game.load(FLAGSHIP, lang=lang or None)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), picks=st.lists(st.integers(0, 5), max_size=30),
       side=st.sampled_from(["ussr", "nato", "hotseat"]))
def test_every_shipped_language_plays_the_same_game(seed: int, picks: list[int], side: str) -> None:
    """The same choices and seed give the same record, ending and scores in English, German and Russian."""
    ends = set()
    for lang in ("", "de", "ru"):
        game = _flagship(lang)
        assert game.scenario.language == lang
        state = game.start(side, seed=seed)
        turn = 0
        while not state.is_over:  # the picks, then the first choice to the end
            pick = picks[turn] if turn < len(picks) else 0
            state = state.choose(state.choices[pick % len(state.choices)].id)
            turn += 1
        report = score(state)
        ends.add((state.record(), report.ending.id, report.fidelity, report.distance))
    assert len(ends) == 1
