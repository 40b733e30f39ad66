"""Errors raised by lineage: one base class so callers catch one thing."""

from __future__ import annotations


class LineageError(Exception):
    """Base class of every error lineage raises on purpose; its message is one line for the user."""


class InputError(LineageError):
    """A document could not be read: missing, a directory, empty, binary, undecodable or too large."""


class OutputError(LineageError):
    """A result could not be written: its directory is missing, not writable, or the disk failed."""


class OptionsError(LineageError, ValueError):
    """An option has a value outside its documented range."""


class ArchiveError(LineageError):
    """A persistent archive is missing, corrupt or written by an incompatible version."""
