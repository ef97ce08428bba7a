"""The interface's language: which one, its translated words, and dates as the language writes them.

One module owns the choice so every front end (terminal, desktop, reports, CLI messages)
agrees: ``--lang``, else the settings file's ``language``, else the system locale
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English. The engine never
imports this: it has no words of its own (the scenario's text is the author's).

The languages that ship are the catalogs that exist, ``locale/<lang>/LC_MESSAGES/bloc_game.po``
beside this module, plus English (the source text). A catalog is compiled in memory from its
``.po`` the first time the language is chosen (Babel), so there is no ``.mo`` to go stale;
English loads nothing and parses nothing (start-up is not slowed). Dates in English keep
their fixed form ("31 March 1954"); in another language Babel writes them from CLDR
("31. März 1954", "31 марта 1954 г.").

Translatable text is marked ``_("...")``, ``ngettext(...)``, ``pgettext(context, ...)``; a
table defined at import time marks its entries ``N_("...")`` and translates them where
they are shown (``_(entry)``). ``pybabel extract`` finds all four (see babel.cfg).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Iterator, Optional, Protocol

from .errors import BlocGameError

DOMAIN = "bloc_game"
SOURCE = "en"  # the language the interface is written in (the msgids)
LOCALE_DIR = Path(__file__).with_name("locale")
#: Environment variables that name the system's language, in the order gettext reads them.
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class UnknownLanguage(BlocGameError, ValueError):
    """A language was asked for that Bloc Game has no catalog for."""


class Translations(Protocol):
    """What :mod:`gettext` catalogs offer (and the test's pseudo-locale imitates)."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...

    def pgettext(self, context: str, message: str) -> str: ...


_language = SOURCE
_catalog: Optional[Translations] = None  # None: English, the msgids themselves
_compiled: dict[str, Translations] = {}


# ----------------------------------------------------------------------------- the words

def _(message: str) -> str:
    """``message`` in the current language (itself in English or when the catalog lacks it)."""
    return message if _catalog is None else _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` (the language's plural rule: Russian has three)."""
    if _catalog is None:
        return singular if n == 1 else plural
    return _catalog.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in ``context`` (one English word, two meanings: "Load" a game, "Load" a file)."""
    return message if _catalog is None else _catalog.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; it is translated where shown, with ``_(message)``."""
    return message


# ----------------------------------------------------------------------------- the languages

def available_languages() -> tuple[str, ...]:
    """English and every language with a catalog shipped beside this module (the one list of them)."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE, *(lang for lang in found if lang != SOURCE))


def language_name(lang: str) -> str:
    """The language's own name for itself: English, Deutsch, Русский."""
    if lang == SOURCE:
        return "English"
    try:
        from babel import Locale, UnknownLocaleError

        try:
            name = Locale.parse(lang).get_display_name(lang)
        except (UnknownLocaleError, ValueError):
            return lang
    except ImportError:  # pragma: no cover - babel is a dependency
        return lang
    return name[:1].upper() + name[1:] if name else lang


def current_language() -> str:
    """The interface's language code now ("en", "de", "ru"): what the scenario translations follow."""
    return _language


def _normalise(value: str) -> str:
    """``de_DE.UTF-8@euro`` -> ``de``; ``pt-BR`` -> ``pt``; "" for C and POSIX."""
    code = value.split(".")[0].split("@")[0].replace("-", "_").strip()
    if code in ("", "C", "POSIX"):
        return ""
    return code.split("_")[0].lower()


def system_language(environ: Optional[dict[str, str]] = None) -> Optional[str]:
    """The first shipped language the system's locale variables name, or None."""
    env = os.environ if environ is None else environ
    shipped = available_languages()
    for var in ENV_VARS:
        value = env.get(var, "")
        if not value:
            continue
        # LANGUAGE is a list of preferences ("de:en"); the others name one locale and the first set one decides.
        for item in value.split(":") if var == "LANGUAGE" else [value]:
            code = _normalise(item)
            if code in shipped:
                return code
        if var != "LANGUAGE":
            return None
    return None


def choose_language(asked: Optional[str] = None, setting: Optional[str] = None,
                    environ: Optional[dict[str, str]] = None) -> str:
    """The language to use: ``asked`` (``--lang``), else ``setting``, else the system's, else English.

    An ``asked`` language without a catalog is an error naming the ones there are; a
    setting that names one no longer shipped falls through to the system's.
    """
    shipped = available_languages()
    if asked:
        code = asked.replace("-", "_").strip()
        for candidate in (code, _normalise(code)):
            if candidate in shipped:
                return candidate
        raise UnknownLanguage(
            f"There is no '{asked}' translation of Bloc Game. The languages are: "
            + ", ".join(f"{lang} ({language_name(lang)})" for lang in shipped) + ".")
    if setting and setting in shipped:
        return setting
    return system_language(environ) or SOURCE


def catalog(lang: str) -> Optional[Translations]:
    """The compiled catalog of a shipped language (None for English), compiled once per process."""
    if lang == SOURCE:
        return None
    if lang not in _compiled:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        try:
            source = path.read_bytes()
        except OSError as err:
            raise UnknownLanguage(f"The '{lang}' catalog {path} cannot be read: {err.strerror or err}") from err
        _compiled[lang] = _compile(source, lang)
    return _compiled[lang]


#: Bumped when the compiled form changes (the cached .mo files of older versions are then ignored).
MO_CACHE_VERSION = 1


def _compile(source: bytes, lang: str) -> Translations:
    """The catalog compiled from a ``.po`` file's bytes.

    Babel's import and compile cost ~30 ms of CPU, a fifth of the first frame, so the result
    is kept as a ``.mo`` in the user's ``cache`` folder, named by the ``.po``'s content hash:
    later starts read it with the standard library in under a millisecond, and a changed
    catalog is compiled afresh. A cache file that is damaged or cannot be written costs
    only the compile.
    """
    import gettext
    import hashlib
    import os
    import struct
    from io import BytesIO

    digest = hashlib.sha256(b"%d %s\n" % (MO_CACHE_VERSION, lang.encode()) + source).hexdigest()[:24]
    from .paths import user_folder
    from .userfiles import staging_path

    try:
        cached: Optional[Path] = user_folder("cache") / f"{DOMAIN}-{lang}-{digest}.mo"
    except (OSError, BlocGameError):
        cached = None
    if cached is not None and cached.is_file():
        try:
            return gettext.GNUTranslations(BytesIO(cached.read_bytes()))
        except (OSError, ValueError, LookupError, struct.error):
            pass  # damaged: compiled again and replaced below
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buffer = BytesIO()
    write_mo(buffer, read_po(BytesIO(source), locale=lang, domain=DOMAIN),
             use_fuzzy=False)  # a fuzzy entry is a guess: English is shown instead
    if cached is not None:
        temporary = staging_path(cached)
        try:
            with temporary.open("xb") as handle:
                handle.write(buffer.getvalue())
            os.replace(temporary, cached)
        except OSError:
            temporary.unlink(missing_ok=True)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(lang: str, translations: Optional[Translations] = None) -> str:
    """Use ``lang`` from now on (its shipped catalog, or ``translations`` given: the tests' pseudo-locale)."""
    global _language, _catalog
    _catalog = translations if translations is not None else catalog(lang)
    _language = lang
    return lang


def setup(asked: Optional[str] = None, setting: Optional[str] = None) -> str:
    """Choose the language (see :func:`choose_language`) and use it; returns its code."""
    return set_language(choose_language(asked, setting))


def using(lang: str, translations: Optional[Translations] = None) -> "_Using":
    """``with using("en"): ...``: a language for a block (a transcript compared with a recorded one)."""
    return _Using(lang, translations)


class _Using:
    def __init__(self, lang: str, translations: Optional[Translations]) -> None:
        self.lang, self.translations = lang, translations
        self.saved: tuple[str, Optional[Translations]] = (SOURCE, None)

    def __enter__(self) -> str:
        self.saved = (_language, _catalog)
        return set_language(self.lang, self.translations)

    def __exit__(self, *exc: object) -> None:
        global _language, _catalog
        _language, _catalog = self.saved


# ----------------------------------------------------------------------------- numbers and dates

def decimal(x: float, places: "int | None" = 1, sign: bool = False) -> str:
    """A number with ``places`` decimals (None: as few as it needs) and the language's decimal mark:
    32.1, 32,1 (German, Russian)."""
    spec = "g" if places is None else f".{places}f"
    text = format(x, ("+" if sign else "") + spec)
    if _catalog is None or _language == SOURCE or places == 0:
        return text
    from babel.core import UnknownLocaleError
    from babel.numbers import get_decimal_symbol

    try:
        return text.replace(".", get_decimal_symbol(_language))
    except (UnknownLocaleError, ValueError):  # a test's pseudo-locale
        return text


def long_date(day: date) -> str:
    """A date as the language writes it in prose: 31 March 1954, 31. März 1954, 31 марта 1954 г."""
    if _catalog is None or _language == SOURCE:
        return f"{day.day} {day:%B %Y}"
    return _babel_date(day, "long")


def short_date(day: date) -> str:
    """A date abbreviated as the language does: 1 Mar 1952, 1. März 1952, 1 мар. 1952 г."""
    if _catalog is None or _language == SOURCE:
        return f"{day.day} {day:%b %Y}"
    return _babel_date(day, "yMMMd")


def prose_date(day: "date | str") -> str:
    """A date inside a sentence of the reports: ISO in English (the form transcripts and replays have
    always shown, kept byte for byte), the language's short form otherwise (13. Nov. 1954)."""
    if _catalog is None or _language == SOURCE:
        return str(day)
    return short_date(date.fromisoformat(day) if isinstance(day, str) else day)


def month_year(day: date) -> str:
    """A month as the language names it in a heading: March 1954, März 1954, март 1954 г."""
    if _catalog is None or _language == SOURCE:
        return f"{day:%B %Y}"
    return _babel_date(day, "yMMMM")


def _babel_date(day: date, form: str) -> str:
    # CLDR joins "1954 г." with a narrow no-break space, three pixels wide in the game's font at
    # 20 px: on screen it reads "1954г.". A plain no-break space keeps the two together and shows.
    return _babel_date_cldr(day, form).replace("\u202f", "\u00a0")


def _babel_date_cldr(day: date, form: str) -> str:
    from babel.core import UnknownLocaleError
    from babel.dates import format_date, format_skeleton

    try:
        if form == "long":
            return format_date(day, format="long", locale=_language)
        return format_skeleton(form, day, locale=_language)
    except (UnknownLocaleError, ValueError, KeyError):  # a test's pseudo-locale: CLDR does not know it
        return {"long": f"{day.day} {day:%B %Y}", "yMMMM": f"{day:%B %Y}"}.get(form, f"{day.day} {day:%b %Y}")


def iter_catalog_paths() -> Iterator[Path]:
    """Every shipped catalog's ``.po`` (for the tests and the docs' commands)."""
    for lang in available_languages()[1:]:
        yield LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
