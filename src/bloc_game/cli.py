"""The ``bloc-game`` command: every subcommand's arguments and its thin handler.

Exit codes: 0 success, 1 problems found (a broken scenario, a failed replay
expectation), 2 a usage mistake on the command line, 130 interrupted.
Errors are printed as one clear message; a traceback means a bug in Bloc Game.

Why one module of ~580 lines: it is the argparse table of twelve subcommands, kept
together so ``--help`` and the exit-code rules read in one place; each handler only
parses, imports the module that does the work on demand (``--help`` stays cheap) and
prints. Splitting it by subcommand is the next step if it grows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

from . import FLAGSHIP, __version__, load
from .errors import BlocGameError, ProblemsError, ScenarioError
from .i18n import N_, _
from .paths import find_scenario
from .untrusted import visible

if TYPE_CHECKING:
    from .engine import Game

NO_DISPLAY = N_("bloc-game: the desktop game needs a display and there is none ({reason}); "
                "play in the terminal with 'bloc-game play --text', or start it from a desktop session.")


class UsageError(BlocGameError):
    """A command-line mistake (exit code 2)."""


LANG_HELP = ("the language of the game's words, e.g. en, de, ru (default: the language set in the desktop "
             "game's Settings, else the system's, else English)")
#: The subcommands whose output is words for a player or a class (None: the desktop game); the author's
#: and tester's tools (validate, lint, explore, new, schema) keep English, the language of the scenario
#: format, and so does the class debrief (not translated yet).
WORDY = (None, "play", "replay", "review", "screenshots", "handout", "class")


def choose_language(asked: Optional[str], scenario: Optional[str] = None) -> None:
    """Use ``--lang``, else the settings file's language, else the system's (bloc_game.i18n).

    A ``--lang`` the interface has no catalog for is still right for a ``scenario`` translated
    into it (``NAME.fr.po`` beside it): the scenario is shown in it, the interface in English.
    """
    from .i18n import SOURCE, UnknownLanguage, set_language, setup
    from .ui.desktop.settings import load_settings

    try:
        setup(asked, load_settings().language)
    except UnknownLanguage as err:
        if not (asked and scenario and _translated_into(scenario, asked)):
            raise UsageError(str(err)) from None
        from .translation import use_scenario_language

        set_language(SOURCE)
        use_scenario_language(asked)


def _translated_into(scenario: str, lang: str) -> bool:
    from .translation import translated_into

    try:
        return translated_into(find_scenario(scenario), lang)
    except BlocGameError:
        return False


class _Opponents(Sequence[str]):
    """The policies ``--opponent`` accepts, read from the engine only when argparse checks or
    prints them: ``bloc-game --help`` and ``validate`` do not import the policies."""

    def _names(self) -> list[str]:
        from .engine import POLICY_NAMES

        return [p for p in POLICY_NAMES if p != "scripted"]

    def __getitem__(self, index):
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bloc-game",
        description="Bloc Game: a counterfactual decision simulation of the early Cold War, 1952-1955. "
                    "With no command, bloc-game opens the desktop game on its title screen.",
        epilog="Examples: 'bloc-game' (the desktop game), 'bloc-game play' (the desktop game, at the choice of "
               "side for the flagship), 'bloc-game play --text' (the same game in the terminal).",
    )
    parser.add_argument("--version", action="version", version=f"bloc-game {__version__}")
    parser.add_argument("--lang", metavar="LANG", help=LANG_HELP)
    # The subcommands that show a player words take --lang too (after the subcommand, where people type it);
    # SUPPRESS keeps a --lang given before the subcommand.
    words = argparse.ArgumentParser(add_help=False)
    words.add_argument("--lang", metavar="LANG", default=argparse.SUPPRESS, help=LANG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="play a scenario", description="Play a scenario.", parents=[words])
    play.add_argument("scenario", nargs="?", default=FLAGSHIP.removesuffix(".yaml"),
                      help="a scenario file or a shipped scenario's name (default: %(default)s)")
    play.add_argument("--text", action="store_true", help="play in the terminal (without it, the desktop window opens)")
    play.add_argument("--side", default="ussr",
                      help="the side you play: a side id (ussr, nato), hotseat (two players) or watch (default: ussr)")
    play.add_argument("--seed", type=int, default=None, help="the random seed (default: a new one each game)")
    play.add_argument("--opponent", default="historical", choices=_Opponents(), metavar="POLICY",
                      help="how the other side decides: %(choices)s (default: historical)")
    play.add_argument("--record", type=Path, metavar="FILE", help="write the game as a replay file")
    play.add_argument("--name", help="with --record: the player's name, written into the file (a game to hand in)")
    play.add_argument("--force", action="store_true", help="with --record: replace the file if it exists")
    play.add_argument("--watch", action="store_true",
                      help="reload the scenario whenever its file is saved, re-applying the choices made so far")

    val = sub.add_parser("validate", help="check scenario files",
                         description="Check scenario files and replay their history. Exit 0 clean, 1 problems, 2 usage.")
    val.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders of them")

    rep = sub.add_parser("replay", help="run a replay file and check its expectations", parents=[words],
                         description="Run a replay file, print its transcript and check its expectations.")
    rep.add_argument("file", type=Path, help="the replay file (YAML)")
    rep.add_argument("--json", action="store_true", help="print the transcript as JSON")

    rev = sub.add_parser("review", help="review every decision of a finished game against the best and history's",
                         parents=[words],
                         description="Value each decision of a finished game (a replay file or a save): the choice "
                                     "made, the best choice and history's choice, as the side's expected outcome "
                                     "against history; name the decision that mattered most.")
    rev.add_argument("file", type=Path, help="a replay file (.yaml) or a save file (.json)")
    rev.add_argument("--side", default=None, help="the side to review (default: the human side)")
    rev.add_argument("--json", action="store_true", help="print the review as JSON")

    lint = sub.add_parser("lint", help="find problems only the whole game reveals",
                          description="Beyond validate: points, choices and endings no game of either side reaches "
                                      "against the historical policy (each side's games walked exactly); endings after "
                                      "the catch-all; text variants never shown, and texts with nothing to show; unused "
                                      "flags and variables; missing sources; choices without effects. Notes say what one "
                                      "side never meets. Then each translation file beside a scenario (NAME.LANG.po): texts not "
                                      "translated yet (notes), out of date or unknown (warnings), broken (errors). "
                                      "Exit 0 clean, 1 errors (or warnings with --strict).")
    lint.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders of them")
    lint.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    lint.add_argument("--translations", action="store_true",
                      help="check only the translation files beside each scenario (NAME.LANG.po), which is quick")

    explore = sub.add_parser("explore", help="walk the whole game tree of a scenario",
                             description="Walk every path of the game for one side (every choice tried, equally likely) "
                                         "against a policy; print each ending's probability and the range of outcomes "
                                         "each choice leads to.")
    explore.add_argument("scenario", help="a scenario file or a shipped scenario's name")
    explore.add_argument("--side", default=None, help="the side whose choices are explored (default: the first side)")
    explore.add_argument("--opponent", default="historical", choices=["historical", "random", "lookahead"],
                         help="how the other side decides (default: historical)")
    explore.add_argument("--json", action="store_true", help="print the result as JSON")
    explore.add_argument("--max-states", type=int, default=None, help="stop after this many distinct states")

    new = sub.add_parser("new", help="write a small, commented scenario to start from",
                         description="Write NAME.yaml: a small, valid, commented scenario to start a new one from.")
    new.add_argument("name", help="the new scenario's id (lower-case letters, digits and _)")
    new.add_argument("--directory", type=Path, default=Path("."), help="where to write it (default: here)")

    schema = sub.add_parser("schema", help="print the JSON Schema of the scenario format",
                            description="Print the JSON Schema of the scenario format (for editors), or the field reference.")
    schema.add_argument("--reference", action="store_true", help="print the field reference as Markdown instead")
    schema.add_argument("--install", type=Path, metavar="DIR",
                        help="write the schema into DIR/.bloc-game/, where the scenarios' first line points editors")

    klass = sub.add_parser("class", help="turn a class's games into one debrief", parents=[words],
                           description="Read students' replay and save files (any mix; folders are searched) and "
                                       "write a debrief: HTML page, PNG charts, Markdown and CSV. A file that cannot "
                                       "be read is listed with its reason.")
    klass.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER", help="game files or folders of them")
    klass.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write the debrief into")
    klass.add_argument("--anonymous", action="store_true", help="number the students instead of naming them")

    handout = sub.add_parser("handout", help="write a printable handout pack for a scenario", parents=[words],
                             description="Write one printable HTML pack per side (role brief, objectives, timeline, "
                                         "a sheet per decision point, sources) and a teacher's page.")
    handout.add_argument("scenario", help="a scenario file or a shipped scenario's name")
    handout.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write the pack into")

    strings = sub.add_parser("strings", help="export or import a scenario's texts for translators",
                             description="Scenario translations as PO files (docs/authoring.md, 'Translating a scenario').")
    verbs = strings.add_subparsers(dest="verb", metavar="VERB", required=True)
    export = verbs.add_parser("export", help="write a scenario's texts as a PO file for translators",
                              description="Write every text of a scenario as a PO file: the template (.pot) without "
                                          "--lang; with --lang, that language's file, keeping the translations of an "
                                          "existing one (the -o file, else NAME.LANG.po beside the scenario) and marking "
                                          "those whose English changed as fuzzy.")
    export.add_argument("scenario", help="a scenario file or a shipped scenario's name")
    export.add_argument("--lang", default="", help="the language code, such as de or ru (default: the template)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: print it)")
    imp = verbs.add_parser("import", help="check a translator's PO file and put it beside its scenario",
                           description="Check a translation file against its scenario and copy it beside the scenario "
                                       "as NAME.LANG.po, saying how many texts are translated, missing, out of date "
                                       "or unknown. A file that cannot be read is not copied.")
    imp.add_argument("po_file", type=Path, metavar="PO_FILE", help="the translator's file (NAME.LANG.po or with --lang)")
    imp.add_argument("scenario", help="a scenario file or a shipped scenario's name")
    imp.add_argument("--lang", default="", help="the language code, if the file's name does not carry it")

    shots = sub.add_parser("screenshots", help="render every screen of the desktop game to PNG", parents=[words],
                           description="Render every screen of the desktop game to PNG files (works headless).")
    shots.add_argument("directory", type=Path, help="where to write the PNG files")
    shots.add_argument("--size", action="append", metavar="WxH",
                       help="window size (repeatable; default 1024x640, 1280x800 and 1920x1080)")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # never die on a terminal that cannot show a dash
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in WORDY:
            choose_language(args.lang, args.scenario if args.command == "play" else None)
        if args.command is None:
            return desktop(None, "title")
        commands = {"play": cmd_play, "validate": cmd_validate, "replay": cmd_replay, "screenshots": cmd_screenshots,
                    "lint": cmd_lint, "review": cmd_review, "explore": cmd_explore, "new": cmd_new, "schema": cmd_schema,
                    "class": cmd_class, "handout": cmd_handout, "strings": cmd_strings}
        return commands[args.command](args)
    except UsageError as err:
        parser.exit(2, f"bloc-game: error: {visible(str(err))}\n")
    except ProblemsError as err:
        print(visible(str(err)), file=sys.stderr)
        return 1
    except BlocGameError as err:  # may quote a command-line argument or a file's contents
        print(f"bloc-game: error: {visible(str(err))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n" + _("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return 0  # pragma: no cover - parser.exit never returns


def desktop(scenario: Optional[str], start: str, watch: bool = False) -> int:
    """Open the desktop window; without a display, say in one line how to play in the terminal, at once."""
    import os

    from .ui.desktop.display import NoDisplay, display_problem

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the player's first line is ours
    problem = display_problem()  # before pygame is imported: no SDL messages, no wait
    if problem is not None:
        print(_(NO_DISPLAY).format(reason=problem), file=sys.stderr)
        return 1
    try:
        import pygame

        from .ui.desktop.launch import run_desktop
    except ImportError as err:  # pragma: no cover - pygame-ce is a dependency
        print(_(NO_DISPLAY).format(reason=f"pygame-ce is not installed: {err}"), file=sys.stderr)
        return 1
    try:
        return run_desktop(scenario, start, watch)
    except (pygame.error, NoDisplay) as err:
        if not isinstance(err, NoDisplay) and pygame.display.get_init() and pygame.display.get_surface() is not None:
            # The window did open: this is not a missing display (a 2 MB title once said it was).
            print(_("bloc-game: error: the desktop game stopped: {problem}").format(problem=visible(str(err))),
                  file=sys.stderr)
            return 1
        print(_(NO_DISPLAY).format(reason=visible(str(err).strip()) or _("SDL could not open a window")), file=sys.stderr)
        return 1


def cmd_screenshots(args: argparse.Namespace) -> int:
    sizes = []
    for text in args.size or ["1024x640", "1280x800", "1920x1080"]:
        try:
            w, h = (int(v) for v in text.lower().split("x"))
        except ValueError:
            raise UsageError(f"--size takes WIDTHxHEIGHT such as 1280x800, not '{text}'") from None
        if not (1024 <= w <= 7680 and 640 <= h <= 4320):
            raise UsageError(f"--size {text} is outside 1024x640 to 7680x4320")
        sizes.append((w, h))
    if args.directory.exists() and not args.directory.is_dir():
        raise UsageError(f"'{visible(str(args.directory))}' is a file; screenshots go into a folder")
    from .ui.desktop.screenshots import capture

    for path in capture(args.directory, tuple(sizes)):
        print(path)
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    if not args.text:
        find_scenario(args.scenario)  # a wrong name is reported here, before any window opens
        return desktop(args.scenario, "side", watch=args.watch)
    import random

    from .engine import Seating

    path = find_scenario(args.scenario)
    game = in_language(path)
    allowed = Seating.choices(game.scenario.side_ids)
    if args.side not in allowed:
        raise UsageError(_("--side must be one of {sides}, not '{side}'").format(sides=", ".join(allowed), side=args.side))
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    if args.record is not None:
        check_record_target(args.record, path, args.force)
    if args.name is not None and args.record is None:
        raise UsageError(_("--name goes with --record FILE (the file the name is written into)"))
    from .ui.text import TextGame

    return TextGame(game, args.side, seed, args.opponent, path, args.record, watch=args.watch, name=args.name).run()


def in_language(path: Path) -> "Game":
    """A scenario loaded in the language the game's words are shown in (a game played, replayed or reviewed
    for a reader; its record is the same in every language). A translation file that cannot be read is
    reported and the scenario's own words are used: a broken translation never stops a game."""
    from .translation import TranslationError, scenario_language

    try:
        return load(path, lang=scenario_language())
    except TranslationError as err:
        print(f"{visible(str(err))}\nbloc-game: the translation cannot be used, so the scenario is shown in its own "
              "words; fix the file (bloc-game lint --translations SCENARIO) or remove it", file=sys.stderr)
        return load(path)


def cmd_strings(args: argparse.Namespace) -> int:
    from .translation.commands import export_command, import_command

    if args.verb == "export":
        text, note = export_command(find_scenario(args.scenario), args.lang, args.output)
        if args.output is None:
            print(text, end="")
        print(note, file=sys.stderr if args.output is None else sys.stdout)
        return 0
    if not args.po_file.is_file():
        raise UsageError(f"'{visible(str(args.po_file))}': no such file")
    print(import_command(args.po_file, find_scenario(args.scenario), args.lang))
    return 0


def cmd_class(args: argparse.Namespace) -> int:
    import time

    from .classroom.analysis import summarise
    from .classroom.debrief import write_debrief
    from .classroom.gather import gather
    from .i18n import decimal, ngettext

    started = time.perf_counter()
    games, failures = gather(args.paths, in_language)  # the scenario's text in the debrief's language
    for failure in failures:
        print(_("skipped {file}: {reason}").format(file=failure.path, reason=failure.reason), file=sys.stderr)
    if not games:
        raise BlocGameError(_("no game could be read from the files given, so there is nothing to report"))
    try:
        written = write_debrief(summarise(games, failures, anonymous=args.anonymous), args.out)
    except OSError as err:
        raise BlocGameError(_("cannot write the debrief to '{folder}': {reason}").format(
            folder=args.out, reason=err.strerror or err)) from None
    if written.charts_note:
        print(_("note: {note}").format(note=written.charts_note), file=sys.stderr)
    print(ngettext("{count} game of {scenario}", "{count} games of {scenario}", len(games)).format(
              count=len(games), scenario=games[0].state.scenario.title) + "; "
          + ngettext("{count} file skipped", "{count} files skipped", len(failures)).format(count=len(failures)) + "; "
          + ngettext("debrief written to {file} ({count} file, {seconds} s)",
                     "debrief written to {file} ({count} files, {seconds} s)", len(written.files)).format(
              file=args.out / "debrief.html", count=len(written.files),
              seconds=decimal(time.perf_counter() - started)))
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    from .classroom.handout import write_handouts
    from .i18n import current_language

    game = load(find_scenario(args.scenario), lang=current_language())  # the scenario's text in the handout's language
    try:
        written = write_handouts(game, args.out)
    except OSError as err:
        raise BlocGameError(f"cannot write the handouts to '{args.out}': {err.strerror or err}") from None
    for path in written:
        print(path)
    return 0


def check_record_target(target: Path, scenario: Path, force: bool) -> None:
    """Refuse a ``--record`` file that would replace something it should not."""
    shown = visible(str(target))
    if not target.resolve().parent.is_dir():
        raise UsageError(_("cannot write the replay to '{file}': its folder does not exist").format(file=shown))
    if target.exists() or target.is_symlink():
        if target.resolve() == scenario.resolve() or (target.exists() and target.samefile(scenario)):
            raise UsageError(_("'{file}' is the scenario being played; record the replay to another file").format(file=shown))
        if not target.is_file():
            raise UsageError(_("cannot write the replay to '{file}': it is not a regular file").format(file=shown))
        if not force:
            raise UsageError(_("'{file}' exists already; add --force to replace it, or name another file").format(file=shown))


def scenario_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                raise UsageError(f"'{path}' holds no .yaml files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise UsageError(f"'{visible(str(path))}' is not a regular file (a pipe, a device or a socket)")
        else:
            raise UsageError(f"'{visible(str(path))}': no such file or folder")
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    status = 0
    for path in scenario_files(args.paths):
        try:  # what validate() does, keeping the game to describe it (it used to be loaded twice)
            game = load(path)
            problems = game.check_history()
        except ScenarioError as err:
            problems = list(err.problems)
        if problems:
            status = 1
            for problem in problems:
                print(problem)
            print(f"{visible(str(path))}: {len(problems)} problem(s)", file=sys.stderr)
        else:
            sc = game.scenario
            print(f"{visible(str(path))}: ok - {len(sc.points)} decision points, {len(sc.events)} events, "
                  f"{len(sc.endings)} endings; history replays cleanly")
    return status


def cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint

    status = 0
    for path in scenario_files(args.paths):
        problems = lint(path, translations_only=args.translations)
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity == "warning"]
        notes = len(problems) - len(errors) - len(warnings)
        for problem in problems:
            print(problem)
        if errors or (args.strict and warnings):
            status = 1  # notes say what a side never meets; they are not mistakes
        summary = "clean" if not errors and not warnings else f"{len(errors)} error(s), {len(warnings)} warning(s)"
        if notes:
            summary += f", {notes} note(s)"
        print(f"{visible(str(path))}: {summary}", file=sys.stderr if errors or warnings else sys.stdout)
    return status


def cmd_explore(args: argparse.Namespace) -> int:
    from .explore import MAX_STATES, explore

    if args.max_states is not None and args.max_states < 1:
        raise UsageError(f"--max-states must be at least 1, not {args.max_states}")
    game = load(find_scenario(args.scenario))
    sc = game.scenario
    side = args.side or sc.side_ids[0]
    if side not in sc.side_ids:
        raise UsageError(f"--side must be one of {', '.join(sc.side_ids)}, not '{side}'")
    result = explore(game, (side,), args.opponent, progress=not args.json,
                     max_states=MAX_STATES if args.max_states is None else args.max_states)
    titles = {e.id: e.title for e in sc.endings}
    if args.json:
        import json

        print(json.dumps({
            "scenario": sc.id, "side": side, "opponent": args.opponent, "states": result.states,
            "paths": result.paths, "seconds": round(result.seconds, 3), "endings": result.endings,
            "choices": [{"point": c.point_id, "choice": c.choice_id, "low": round(c.low, 3), "high": round(c.high, 3)}
                        for c in result.choices],
        }, indent=2))
        return 0
    print(f"{sc.title}: every choice of the {sc.side(side).name} against a {args.opponent} opponent")
    print(f"{result.paths:,} distinct paths, {result.states:,} states, {result.seconds:.2f} s")
    print("\nEndings (probability if the explored side chooses at random):")
    for ending_id, p in sorted(result.endings.items(), key=lambda item: -item[1]):
        print(f"  {100 * p:6.2f}%  {titles[ending_id]}")
    print(f"\nWhat each choice can lead to for the {sc.side(side).name} (objectives against history, worst to best):")
    last = None
    for c in result.choices:
        point = sc.point(c.point_id)
        if point.id != last:
            print(f"  {point.date}  {sc.side(point.actor).name}: {point.title}")
            last = point.id
        choice = point.choice(c.choice_id)
        assert choice is not None  # the explorer reports only the point's own choices
        label = choice.label
        print(f"      {signed_range(c.low, c.high):>17}  {label}")
    return 0


def signed_range(low: float, high: float) -> str:
    from .transcript import signed

    return signed(low) if abs(high - low) < 0.05 else f"{signed(low)} .. {signed(high)}"


def cmd_new(args: argparse.Namespace) -> int:
    from .authoring import write_new_scenario

    path = write_new_scenario(args.name, args.directory)
    print(f"Wrote {visible(str(path))} (and the schema editors read, in {visible(str(path.parent / '.bloc-game'))}). "
          f"Check it with: bloc-game validate {visible(str(path))}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .scenario.schema import reference_markdown, schema_text

    if args.install is not None:
        from .authoring import install_schema

        if not args.install.is_dir():
            raise UsageError(f"'{args.install}': no such folder")
        print(f"Wrote {install_schema(args.install)}")
        return 0
    print(reference_markdown() if args.reference else schema_text(), end="")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from .replay import load_replay, run_replay
    from .transcript import to_json, transcript

    if not args.file.is_file():
        shown = visible(str(args.file))
        raise UsageError(f"'{shown}' is not a regular file" if args.file.exists() else f"'{shown}': no such file")
    script = load_replay(args.file)
    result = run_replay(script, loader=in_language)
    if args.json:
        data = to_json(result.state, review=True)
        data["failures"] = list(result.failures)
        import json

        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(transcript(result.state), end="")
    if result.failures:
        print(f"\n{visible(str(args.file))}: {len(result.failures)} expectation(s) failed:", file=sys.stderr)
        for failure in result.failures:
            print(f"  {visible(failure)}", file=sys.stderr)
        return 1
    if not args.json:
        print(f"\nAll {len(script.expectations)} expectation(s) hold.")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from .review import review
    from .transcript import format_review, review_json

    if not args.file.is_file():
        raise UsageError(f"'{args.file}': no such file")
    if args.file.suffix.lower() == ".json":
        from .saves import load_game

        state = load_game(args.file, loader=in_language)
    else:
        from .replay import load_replay, run_replay

        state = run_replay(load_replay(args.file), loader=in_language).state
    side = args.side
    if side is not None and side not in state.scenario.side_ids:
        raise UsageError(f"--side must be one of {', '.join(state.scenario.side_ids)}, not '{side}'")
    if side is None and not state.human_sides:
        raise UsageError("both sides of this game were played by policies; name the side to review with --side")
    result = review(state, side)
    if args.json:
        import json

        print(json.dumps(review_json(result), indent=2, ensure_ascii=False))
        return 0
    sc = state.scenario
    over = "" if state.is_over else f" (unfinished: it stops at {state.date})"
    print(f"{sc.title}: decision review for the {result.side_name}{over}")
    print(format_review(result))
    how = "read from the cache" if result.from_cache else "solved exactly"
    print(f"\n{result.states:,} states {how} in {result.seconds:.2f} s.")
    return 0
