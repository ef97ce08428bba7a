"""The terminal front end: briefings, numbered choices, the other side's answers, the end report.

Works the same at a keyboard and with piped input (one answer per line), so a
class can script a game. End of input and Ctrl-C leave cleanly; with
``--record`` the game played so far is written as a replay file either way.
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path
from typing import Callable, Optional, TextIO

from ..engine import Game, Seating, SeatingMode, State
from ..i18n import N_, _, ngettext
from ..replay import record
from ..transcript import WIDTH, format_report, side_name, wrap
from ..translation import language_line, languages
from .presenter import log_lines, policy_word

HELP = N_("""\
  Type the number of a choice and press Enter.
  u  undo your last decision      s  the situation: what each scale's ends mean, every fact
  save [NAME]  save the game      load [NAME]  open a saved game (the desktop's saves too)
  ?  this help                    q  quit (asks first, and offers to save)""")

FACTS_SHOWN = 4  # the situation lists the latest facts; 's' lists them all


class QuitGame(Exception):
    """The player asked to leave."""


class ScenarioChanged(Exception):
    """The watched scenario file was saved while the player was thinking."""


class GameLoaded(Exception):
    """The player opened a saved game; play goes on from it."""

    def __init__(self, state: State) -> None:
        super().__init__()
        self.state = state


def fill(text: str, indent: str, subsequent: str) -> str:
    """One paragraph wrapped with its indent kept on every line; a URL or a long word is never cut."""
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=subsequent,
                         break_long_words=False, break_on_hyphens=False)


class TextGame:
    """One game in the terminal. :meth:`run` returns the process exit code."""

    def __init__(
        self, game: Game, side: str, seed: int, opponent: str, scenario_path: Path,
        record_path: Optional[Path] = None, read: Callable[[str], str] = input, out: Optional[TextIO] = None,
        watch: bool = False, name: Optional[str] = None,
    ) -> None:
        self.game = game
        self.side = side
        self.seed = seed
        self.opponent = opponent
        self.scenario_path = scenario_path
        self.record_path = record_path
        self.name = name
        self.read = read
        self.out = out if out is not None else sys.stdout  # looked up now, not when this module was imported
        self.state: Optional[State] = None
        self.watcher = None
        self._typed = ""  # what was read from the terminal beyond the line asked for (watch mode)
        if watch:
            from ..watch import ScenarioWatcher

            self.watcher = ScenarioWatcher(scenario_path)
            self.read = self._read_watching

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def run(self) -> int:
        try:
            self.play()
            return 0
        except QuitGame:
            self.say(_("You left the game before its end."))
            return 0
        except EOFError:
            self.say("\n" + _("Input ended before the game did; leaving."))
            return 0
        except KeyboardInterrupt:
            self.say("\n" + _("Interrupted; leaving the game."))
            return 130
        finally:
            self.save_record()

    def _read_watching(self, prompt: str) -> str:
        """Read a line, looking at the scenario file every half second while waiting."""
        import select

        assert self.watcher is not None
        print(prompt, end="", flush=True, file=self.out)
        while True:
            if "\n" in self._typed:  # answers that came in one piece ("q" then "n"): select sees no more
                line, self._typed = self._typed.split("\n", 1)
                return line.rstrip("\r")
            try:
                ready = bool(select.select([sys.stdin], [], [], 0.5)[0])
            except (OSError, ValueError):  # no select on this stream (Windows consoles): check between answers
                ready = True
            if ready:
                try:
                    chunk = os.read(sys.stdin.fileno(), 4096).decode(errors="replace")
                except (OSError, ValueError):
                    chunk = sys.stdin.readline()
                if not chunk:
                    if self._typed:
                        line, self._typed = self._typed, ""
                        return line
                    raise EOFError
                self._typed += chunk
                continue
            if self.watcher.changed():
                self.say()
                raise ScenarioChanged

    def save_record(self) -> None:
        if self.record_path is None or self.state is None:
            return
        try:
            record(self.state, self.record_path, name=self.name)
        except OSError as err:
            self.say(_("Could not write the replay to {path}: {problem}").format(
                path=self.record_path, problem=err.strerror or err))
            return
        done = (_("Replay of the finished game written to {path}") if self.state.is_over
                else _("Replay of the unfinished game written to {path}"))
        self.say(done.format(path=self.record_path))

    # ----------------------------------------------------------------- the loop

    def play(self) -> None:
        sc = self.game.scenario
        self.say(sc.title.upper())
        self.say(_("{start} to {end}").format(start=sc.start, end=sc.end))
        if sc.path and languages(Path(sc.path)):  # the languages it has, for --lang
            self.say(language_line(Path(sc.path), codes=True))
        if sc.summary:
            self.say(wrap(sc.summary))
        self.say()
        seating = Seating.parse(self.side, sc.side_ids)
        if seating.side is not None:
            self.say(wrap(_("You play the {side}; the other side follows the {policy} policy. Seed {seed}.").format(
                side=sc.side(seating.side).name, policy=policy_word(self.opponent), seed=self.seed)))
        elif seating.mode is SeatingMode.HOTSEAT:
            self.say(_("Hot-seat: two players take turns at this keyboard. Seed {seed}.").format(seed=self.seed))
        else:
            self.say(_("Watching two {policy} policies play. Seed {seed}.").format(policy=policy_word(self.opponent),
                                                                                 seed=self.seed))
        self.say(_("Type ? at any prompt for help."))
        state = self.game.start(seating, seed=self.seed, opponent=self.opponent)
        self.state = state
        shown = 0
        while True:
            shown = self.show_log(state, shown)
            if state.is_over:
                self.say()
                self.say("=" * 78)
                self.say(format_report(state, review=True))
                if self.watcher is None:
                    if state.human_sides:  # a watched game has no player to hand it in
                        self.offer_hand_in(state)
                    return
                self.say(_("Watching the scenario file: save it to replay the game on the new version (Ctrl-C to stop)."))
                self._wait_for_change()
                state, shown = self._reload(state, shown)
                continue
            try:
                state = self.decide(state)
            except GameLoaded as loaded:
                state, shown = loaded.state, len(loaded.state.log)
            except ScenarioChanged:
                state, shown = self._reload(state, shown)
            self.state = state

    def offer_hand_in(self, state: State) -> None:
        """'Hand in...': write the game with the player's name to a folder they type (Enter skips)."""
        from ..classroom.handin import clean_name, hand_in, remember_name, remembered_name
        from ..errors import BlocGameError

        try:
            folder = self.read("\n" + _("Hand in this game for a class debrief? Type a folder to write it to "
                                      "(Enter to finish): ")).strip()
            if not folder:
                return
            name = clean_name(self.name or remembered_name())
            while not name:
                name = clean_name(self.read(_("Your name (asked once, kept for next time): ")))
            remember_name(name)
        except EOFError:
            return
        try:
            path = hand_in(state, Path(folder).expanduser(), name)
        except BlocGameError as err:
            self.say(_("Not handed in: {problem}").format(problem=err))
            return
        self.say(_("Handed in as {name}: {path}").format(name=name, path=path))

    def _wait_for_change(self) -> None:
        import time

        assert self.watcher is not None
        while not self.watcher.changed():
            time.sleep(0.5)

    def _reload(self, state: State, shown: int) -> tuple[State, int]:
        assert self.watcher is not None
        result = self.watcher.reload(state)
        self.say(result.summary(self.scenario_path))
        if result.state is None:
            return state, shown
        self.game = result.state.game
        return result.state, len(result.state.log)

    # ----------------------------------------------------------------- leaving, saving, loading

    def confirm_quit(self, state: State) -> bool:
        """Ask before leaving a game that is not over, offering to save it; True to leave."""
        if state.is_over:
            return True
        while True:
            # The answer keys are translated with the question, so a German player types j / n / a.
            # Translators: the question's three answers; their first letters are the keys of the next three messages.
            answer = self.read(_("The game is not over. Save it before you leave? [y]es / [n]o, leave / [c]ancel: "))
            answer = answer.strip().lower()[:1]
            # Translators: only the first letter counts: the key that answers "yes" to the question above.
            yes = _("y (the key for yes)")[:1]
            # Translators: only the first letter counts: the key that answers "no, leave".
            no = _("n (the key for no, leave)")[:1]
            # Translators: only the first letter counts: the key that answers "cancel".
            cancel = _("c (the key for cancel)")[:1]
            # The language's own keys first; the English ones too (a keyboard without the language's letters).
            for keys in ((yes, no, cancel), ("y", "n", "c")):
                if answer and answer in keys:
                    return self.save(state, "") if answer == keys[0] else answer == keys[1]
            self.say(_("Type y to save and leave, n to leave without saving, c to carry on."))

    def save(self, state: State, name: str) -> bool:
        """Save to the desktop game's save folder (the same files); True when saved."""
        from ..errors import BlocGameError
        from ..paths import user_folder
        from ..saves import save_game, slot_path

        name = name or f"{state.scenario.id}-{state.date:%Y-%m-%d}"
        try:
            path = slot_path(user_folder("saves"), name)
            save_game(state, path)
        except BlocGameError as err:
            self.say(_("Not saved: {problem}").format(problem=err))
            return False
        self.say(_("Saved as '{name}' ({path}). Open it here with 'load {name}', or in the desktop game.").format(
            name=name, path=path))
        return True

    def loader(self, path: Path) -> Game:
        """A scenario loaded in the language this game is shown in (a save resumes in it)."""
        from .. import load

        return load(path, lang=self.game.scenario.language or None)

    def load(self, name: str) -> None:
        """Open a save by name, or list the saves and ask which; play goes on from it."""
        from ..errors import BlocGameError
        from ..paths import user_folder
        from ..saves import list_saves, load_game

        saves = [s for s in list_saves(user_folder("saves")) if s.game_date]
        if not saves:
            self.say(_("There are no saved games yet."))
            return
        if not name:
            for number, save in enumerate(saves, 1):
                who = save.side_label or save.side
                self.say(fill(f"{number}. {save.slot}: {save.scenario_title}, {save.game_date}, {who}", "  ", "     "))
            name = self.read(_("Which save [1-{n}, or Enter to carry on]: ").format(n=len(saves))).strip()
            if not name:
                return
            if name.isdigit() and 1 <= int(name) <= len(saves):
                name = saves[int(name) - 1].slot
        chosen = next((s for s in saves if s.slot == name), None)
        if chosen is None:
            self.say(_("No save named '{name}'; 'load' alone lists them.").format(name=name))
            return
        try:
            state = load_game(chosen.path, loader=self.loader)
        except BlocGameError as err:
            self.say(_("That save cannot be opened: {problem}").format(problem=err))
            return
        self.game, self.state = state.game, state
        record = state.record()
        self.side, self.seed, self.opponent = str(record.seating), record.seed, record.opponent
        self.scenario_path = Path(state.scenario.path)
        self.say(_("Loaded '{name}': {title}, {date}.").format(name=name, title=state.scenario.title,
                                                               date=state.date))
        raise GameLoaded(state)

    def show_log(self, state: State, shown: int) -> int:
        for line in log_lines(state, shown):
            self.say()
            if line.by_human:
                self.say(wrap("> " + _("{side} chose: {choice}").format(side=line.actor, choice=line.label) + line.mark()))
            elif line.is_choice:
                self.say(f"{line.happening.date}  {line.actor.upper()} - {line.title}{line.mark()}")
                self.say("> " + _("They chose: {choice}").format(choice=line.label))
            elif line.is_event:
                event = _("EVENT")  # not inside the f-string: pybabel does not look there
                self.say(f"{line.happening.date}  {event} - {line.title}{line.mark()}")
            else:
                self.say(f"{line.happening.date}  {line.headline}{line.mark()}")
            if line.text:
                self.say(wrap(line.text, "  "))
        return len(state.log)

    def meters(self, state: State) -> str:
        """Each variable on a line: its value and what the ends of its scale mean, and every fact (``s``)."""
        sc = state.scenario
        width = max(len(v.label) for v in sc.variables)
        lines = [f"  {v.label:<{width}}  {v.number(x):>5}   ({v.scale})" for v, x in zip(sc.variables, state.values)]
        return "\n".join(lines + [self.facts(state, every_fact=True)])

    def help(self, state: State) -> str:
        """The keys, then what each number means (the ``?`` answer)."""
        lines = [_(HELP), "", "  " + _("What the numbers mean:")]
        lines += [textwrap.fill(f"{v.label}: {v.explanation}", WIDTH, initial_indent="  - ", subsequent_indent="    ",
                                break_on_hyphens=False) for v in state.scenario.variables]
        return "\n".join(lines)

    def facts(self, state: State, every_fact: bool = False) -> str:
        """The facts established, by date; the latest few unless ``every_fact``."""
        sc = state.scenario
        dated = sorted(((d, f.label.for_state(state)) for f, d in zip(sc.flags, state.flags) if d is not None),
                       key=lambda pair: pair[0])
        if not dated:
            return "  " + _("Established: none yet")
        shown = dated if every_fact else dated[-FACTS_SHOWN:]
        earlier = len(dated) - len(shown)
        lines = ["  " + (ngettext("Established (the latest {shown}; s lists all {all}):",
                                  "Established (the latest {shown}; s lists all {all}):", len(dated)).format(
            shown=len(shown), all=len(dated)) if earlier else _("Established:"))]
        lines += [fill(f"{day}  {label}", "    ", " " * 16) for day, label in shown]
        return "\n".join(lines)

    def situation(self, state: State) -> str:
        """The compact summary shown above every briefing."""
        sc = state.scenario
        values = " | ".join(f"{v.label} {v.number(x)}" for v, x in zip(sc.variables, state.values))
        return "\n".join([fill(values, "  ", "  "), self.facts(state)])

    def decide(self, state: State) -> State:
        point = state.current
        assert point is not None
        choices = state.choices
        self.say()
        self.say("-" * 78)
        self.say(f"{point.date}  {side_name(state, point.actor).upper()} - {point.title}")
        if point.is_counterfactual:
            self.say("  " + _("(counterfactual: this moment never arose in history)"))
        self.say(self.situation(state))
        self.say()
        self.say(wrap(point.briefing.for_state(state), "  "))
        if point.sources:
            self.say()
            self.say("  " + _("Sources:"))
            for source in point.sources:
                self.say(fill(source, "  - ", "    "))
        self.say()
        for number, choice in enumerate(choices, 1):
            self.say(fill(f"{number}. {choice.label}", "  ", "     "))
            if choice.hint:
                self.say(fill(choice.hint, "     ", "     "))
        ask = (_("{side}, your choice [1-{n}, u, s, save, load, ?, q]: ") if len(state.human_sides) > 1
               else _("Your choice [1-{n}, u, s, save, load, ?, q]: ")).format(side=side_name(state, point.actor),
                                                                               n=len(choices))
        while True:
            raw = self.read(ask).strip()
            answer = raw.lower()
            command, _space, name = raw.partition(" ")
            # ASCII digits only: str.isdigit accepts '²' and other scripts' digits, which int() refuses.
            if answer.isascii() and answer.isdigit() and len(answer) <= 6 and 1 <= int(answer) <= len(choices):
                return state.choose(choices[int(answer) - 1].id)
            if answer in ("q", "quit", "exit"):
                if self.confirm_quit(state):
                    raise QuitGame
            elif command.lower() == "save":
                self.save(state, name.strip())
            elif command.lower() == "load":
                self.load(name.strip())
            elif answer in ("?", "h", "help"):
                self.say(self.help(state))
            elif answer in ("s", "status"):
                self.say(self.meters(state))
            elif answer in ("u", "undo"):
                if state.can_undo:
                    earlier = state.undo()
                    assert earlier.current is not None
                    self.say(_("Undone: back to {date}, {title}.").format(date=earlier.current.date,
                                                                          title=earlier.current.title))
                    return earlier
                self.say(_("Nothing to undo yet."))
            elif answer:
                self.say(_("Type a number from 1 to {n} (or ? for help).").format(n=len(choices)))
