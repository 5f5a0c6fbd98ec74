"""Input and output that hostile or careless input cannot turn against the user.

* :func:`read_regular`: read at most ``limit + 1`` bytes, and only from a regular file. A FIFO, a
  device (``/dev/zero``), a socket or a directory is refused at once, before anything is read: opening
  is non-blocking, so a FIFO with no writer cannot hang the process.
* :func:`atomic_write`: write a file through a temporary file in the same directory and a rename, so a
  failed or killed run leaves the old file whole; temporary files a killed run left are removed.
* :func:`escape_controls` / :data:`CONTROL`: control characters (C0, C1, DEL), bidi overrides and
  isolates, line and paragraph separators, zero-width and lone surrogate code points, which could
  rewrite a terminal, forge a line in a log or break an XML or iCalendar file, shown as escapes.
* :func:`excerpt`: a short, escaped excerpt of a value, for error messages (never a whole file).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from typing import IO

# Characters that are layout or terminal commands rather than text.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")
# The same without TAB and LF: what a free text (a note) may keep where it is laid out as text.
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")


def _escape_one(m: re.Match) -> str:
    o = ord(m.group())
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def escape_controls(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control, bidi and lone surrogate character written as ``\\xNN``/``\\uNNNN``."""
    pattern = CONTROL_IN_TEXT if keep_newlines else CONTROL
    return pattern.sub(_escape_one, text) if pattern.search(text) else text


def excerpt(value: object, limit: int = 60) -> str:
    """A short, escaped excerpt of ``value`` (its repr), cut to ``limit`` characters with an ellipsis."""
    text = value if isinstance(value, str) and value.startswith(("'", '"')) else repr(value)
    text = escape_controls(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- reading ----------------------------------------------------------------------------------------

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


class NotRegularFile(OSError):
    """The path exists but is not a regular file (``strerror`` says what it is)."""


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str | os.PathLike, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (one more than allowed, so that the
    caller can tell "too large"). Raises :class:`OSError` (``strerror`` set) for anything else."""
    with open_regular(path) as fh:  # non-blocking open: a FIFO with no writer is refused, not waited for
        return fh.read(limit + 1)


def read_stream(stream: IO[bytes], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a stream (standard input): a stream longer than the limit is
    refused as soon as the limit is passed, not at its end."""
    return stream.read(limit + 1)


class LineTooLong:
    """A batch line longer than the limit, in place of its bytes (which were skipped, never kept)."""

    def __init__(self, size: int) -> None:
        self.size = size

    def strip(self) -> "LineTooLong":  # the batch skips blank lines with `line.strip()`: this one is not blank
        return self


def bounded_lines(stream: IO[bytes], limit: int):
    """The lines of a binary stream, each read with a bound: a line longer than ``limit`` bytes is
    given as a :class:`LineTooLong` and its bytes are skipped up to the next newline, never held."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                more = stream.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield LineTooLong(size)
            continue
        yield line


# --- writing ----------------------------------------------------------------------------------------

MAX_YAML_BYTES = 2_000_000  # a rule or martial-law file (here, not in _yaml: reading the bound must not import PyYAML)
_STALE_SECONDS = 3600  # a temporary file older than this belongs to a run that was killed


def clean_stale(directory: str, prefix: str, suffix: str = ".tmp") -> None:
    """Remove ``prefix*suffix`` files in ``directory`` older than an hour (left by a killed run)."""
    now = time.time()
    try:
        with os.scandir(directory) as it:
            for entry in it:
                if entry.name.startswith(prefix) and entry.name.endswith(suffix):
                    try:
                        if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS:
                            os.unlink(entry.path)
                    except OSError:
                        pass
    except OSError:
        pass


def prune(directory: str, keep: int, suffix: str = ".json") -> int:
    """Keep a cache directory bounded: when it holds more than ``keep`` ``*suffix`` entries, remove the
    least recently written until three quarters of ``keep`` remain. Entries are keyed by content, so an
    entry of an edited source is never read again; removing one that is still in use costs one rebuild.
    Returns how many were removed."""
    try:
        with os.scandir(directory) as it:
            found = []
            for entry in it:
                if entry.name.endswith(suffix) and not entry.name.startswith("."):
                    try:
                        if entry.is_file(follow_symlinks=False):
                            found.append((entry.stat(follow_symlinks=False).st_mtime, entry.name, entry.path))
                    except OSError:
                        pass
    except OSError:
        return 0
    if len(found) <= keep:
        return 0
    found.sort()
    removed = 0
    for _, _, path in found[: len(found) - keep * 3 // 4]:
        try:
            os.unlink(path)
            removed += 1
        except OSError:
            pass
    return removed


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file beside it, then a rename. A
    symlink is written through (its target is replaced); a device or FIFO (``/dev/null``, ``/dev/stdout``)
    is written directly, as there is nothing there to lose. Raises :class:`OSError`."""
    target = os.path.realpath(os.fspath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", os.fspath(path))
        with open(target, "wb") as fh:
            fh.write(data)
        return
    directory, name = os.path.split(target)
    prefix = f".{name}.procedure-"
    clean_stale(directory, prefix)
    import tempfile  # only when writing a file: a run that reads imports none of shutil, random, bz2 ...

    fd, tmp = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class AtomicFile:
    """A binary file written whole or not at all (for output streamed in pieces, such as a batch):
    ``commit()`` renames it into place; ``discard()`` (or leaving without commit) removes it."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.target = os.path.realpath(os.fspath(path))
        try:
            st = os.stat(self.target)
        except FileNotFoundError:
            st = None
        self._mode = stat.S_IMODE(st.st_mode) if st is not None and stat.S_ISREG(st.st_mode) else None
        self.direct = st is not None and not stat.S_ISREG(st.st_mode)
        if self.direct:
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", os.fspath(path))
            self.tmp = None
            self.fh = open(self.target, "wb")
            return
        directory, name = os.path.split(self.target)
        prefix = f".{name}.procedure-"
        clean_stale(directory, prefix)
        import tempfile

        fd, self.tmp = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
        self.fh = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> None:
        self.fh.flush()
        if self.tmp is None:
            self.fh.close()
            return
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.chmod(self.tmp, self._mode if self._mode is not None else 0o666 & ~_umask())
        os.replace(self.tmp, self.target)
        self.tmp = None

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


def short_message(message: str, instance: object, limit: int = 40) -> str:
    """A validator's message with the value it quotes cut to a short, escaped excerpt: a schema error
    on a file that is not what it claims to be (a symlink to /etc/passwd) never prints the file."""
    full = repr(instance)
    if full in message:
        if isinstance(instance, dict):  # a mapping or list is never quoted: it may be a whole foreign file
            message = message.replace(full, f"a mapping with keys {excerpt(sorted(map(str, instance))[:5], limit)}")
        elif isinstance(instance, (list, tuple)):
            message = message.replace(full, f"a list of {len(instance)}")
        elif len(full) > limit:
            message = message.replace(full, excerpt(instance, limit))
    message = escape_controls(message)
    return message if len(message) <= 200 else message[:199] + "…"


def open_regular(path: str | os.PathLike) -> IO[bytes]:
    """A regular file opened for binary reading (not a FIFO, device or directory: refused at once)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _kind(mode)
            raise NotRegularFile(errno.EINVAL, f"not a regular file ({kind})" if kind != "not a regular file" else kind,
                                 os.fspath(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


# --- Ctrl-C -----------------------------------------------------------------------------------------------

def _interrupted(signum, frame) -> None:  # pragma: no cover - runs only on a real Ctrl-C
    import sys

    try:
        sys.stderr.write("error: interrupted\n")
        sys.stderr.flush()
    finally:
        os._exit(130)


def quiet_sigint() -> None:
    """Until the command line takes over: Ctrl-C ends the process with one line and exit code 130
    (while the package is still loading there is nowhere else to catch it)."""
    import signal

    try:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _interrupted)
    except (ValueError, OSError):  # not the main thread
        pass


def restore_sigint() -> None:
    """Ctrl-C raises KeyboardInterrupt again (the command line turns it into exit 130 itself)."""
    import signal

    try:
        if getattr(signal.getsignal(signal.SIGINT), "__name__", "") == "_interrupted":  # ours (here or the package's)
            signal.signal(signal.SIGINT, signal.default_int_handler)
    except (ValueError, OSError):
        pass
