"""Reading the files the game opens (saves, settings, scenarios, replays): regular files only,
size-capped, JSON parsed strictly; and the temporary files that atomic writes leave when killed.

A path may name a FIFO (opening it blocks until someone writes), a device such as
``/dev/zero`` (reads never end) or a symlink to either, so a file is opened without
blocking and checked to be a regular file before a byte is read, and never more than its
cap is read. JSON is parsed with every number finite and of sane size and with nesting
errors caught, so any damage is one :class:`FileProblem`, never a traceback.
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path
from typing import Any

from .errors import BlocGameError

#: Longest run of digits accepted in a JSON number (a seed is at most 20 digits).
MAX_DIGITS = 30
#: A temporary file with no live owner older than this is stale, in seconds.
STALE_AFTER = 600
#: Staging files: ``.NAME.PID.RANDOM.tmp`` (the owner's process id lets a later start tell a
#: killed write from one in progress).
_STAGING = re.compile(r"^\..+\.tmp$")
_OWNER = re.compile(r"\.(\d+)\.[^.]+\.tmp$")


class FileProblem(BlocGameError):
    """A file cannot be read or is not what it should be; the message says why (without the name)."""


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (symlinks are followed).

    Raises :class:`FileProblem` for anything else: missing, unreadable, a folder, a FIFO,
    a device, a socket, or too big.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO with no writer returns at once
    except OSError as err:
        raise FileProblem(f"cannot open it: {err.strerror or err}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(f"it is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise FileProblem(f"it is {info.st_size:,} bytes; the limit is {limit:,}")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise FileProblem(f"it is over the limit of {limit:,} bytes")
        return b"".join(chunks)
    except OSError as err:
        raise FileProblem(f"cannot read it: {err.strerror or err}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def is_regular_or_absent(path: Path) -> bool:
    """Whether ``path`` is missing or a regular file (following symlinks); a dangling link counts as absent."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _finite_float(text: str) -> float:
    value = float(text)
    if len(text) > 64 or value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:20]}... is out of range" if len(text) > 20 else f"the number {text} is out of range")
    return value


def _sane_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number has {len(text)} digits")
    return int(text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes) -> Any:
    """Strict JSON from bytes: UTF-8, finite numbers of at most ``MAX_DIGITS`` digits, no
    ``NaN``/``Infinity``, nesting within the interpreter's limit. Raises :class:`FileProblem`."""
    import json  # here: the commands that read no JSON (validate, --help) do not import it

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem("it is not UTF-8 text") from None
    try:
        return json.loads(text, parse_float=_finite_float, parse_int=_sane_int, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise FileProblem(f"line {err.lineno}, column {err.colno}: {err.msg}") from None
    except ValueError as err:
        raise FileProblem(str(err)) from None
    except RecursionError:
        raise FileProblem("it is nested too deeply") from None


def staging_path(path: Path, purpose: str = "") -> Path:
    """A temporary name beside ``path``, unique to this process and call (the caller creates it exclusively)."""
    return path.with_name(f".{path.name}{'.' + purpose if purpose else ''}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # cannot tell cheaply: leave it to the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def clean_stale_temps(folder: Path) -> int:
    """Remove temporary files that killed writes left in ``folder``; returns how many.

    A file whose owner process is gone is stale at once; any other (an old name with no
    owner, or an owner that cannot be checked) once it is older than ``STALE_AFTER``.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _STAGING.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            owner = _OWNER.search(entry.name)
            dead = owner is not None and not _alive(int(owner.group(1)))
            if dead or now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue  # another process cleaned it first, or it is not ours to remove
    return removed
