"""Bounded reading and atomic writing: no input can exhaust memory, no failed write leaves half a file."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from .errors import InputError, OutputError

#: Bytes read per call when reading an input.
CHUNK = 1 << 20


def read_bounded(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` bytes of a file, device, FIFO or ``-`` (standard input).

    The size a file reports is not trusted (devices, pipes and ``/proc`` files
    report 0): the input is read in chunks and refused once it passes the limit.

    Parameters
    ----------
    path : path-like
        What to read; ``-`` is standard input.
    max_bytes : int
        Largest input accepted; a larger one is refused, not truncated.

    Returns
    -------
    bytes
        The whole input.

    Raises
    ------
    InputError
        The input is missing, a directory, unreadable or larger than ``max_bytes``.
    """
    name = os.fspath(path)
    if name == "-":
        return _read_stream(sys.stdin.buffer, max_bytes, "<stdin>")
    try:
        st = os.stat(name)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a directory, not a file")
        if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
            raise InputError(f"{name}: file is too large ({st.st_size:,} bytes; the limit is {max_bytes:,})")
        with open(name, "rb") as fh:
            return _read_stream(fh, max_bytes, name)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None


def _read_stream(fh: BinaryIO, max_bytes: int, label: str) -> bytes:
    """Read ``fh`` to its end in chunks, refusing it once more than ``max_bytes`` have come."""
    buf = bytearray()
    while len(buf) <= max_bytes:
        chunk = fh.read(min(CHUNK, max_bytes + 1 - len(buf)))
        if not chunk:
            return bytes(buf)
        buf += chunk
    raise InputError(f"{label}: input is too large (the limit is {max_bytes:,} bytes)")


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise :class:`OutputError` when ``path`` clearly cannot be written, before any work is done."""
    dest = Path(path)
    parent = dest.parent
    if dest.is_dir():
        raise OutputError(f"{dest}: is a directory")
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "does not exist"
        raise OutputError(f"{dest}: directory {parent} {what}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{dest}: cannot write (permission denied on {parent})")


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], object]) -> None:
    """Have ``write`` fill a temporary file beside ``path``, then move it into place.

    A failure never leaves a half-written file where an earlier one stood.

    Parameters
    ----------
    path : path-like
        Destination.
    write : callable
        Writes the whole output to the path it is given.

    Raises
    ------
    OutputError
        The destination or its directory cannot be written.
    """
    dest = Path(path)
    check_writable(dest)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    except OSError as exc:
        raise OutputError(f"{dest}: cannot write ({exc.strerror or exc})") from None
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp's private mode is not what a user expects of an export
        os.replace(tmp, dest)
    except OSError as exc:
        raise OutputError(f"{dest}: cannot write ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
