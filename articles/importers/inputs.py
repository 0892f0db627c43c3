"""What an import reads: files, folders and standard input, each with its stable source key.

A file inside a folder is known by its path inside that folder ("2024/story.txt"), so that
"a/story.txt" and "b/story.txt" stay two articles; a file directly in the folder, or given by
itself, by its name, as before. Standard input (copied to a file by the command, so that it can be
read twice) is known by its headline, or by the key its items carry.
Folders are walked following symbolic links, each real folder once; a link that loops, or leads
back to a folder already walked, is reported as a loop rather than skipped or walked forever.
"""

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from .base import ImportFailed

STDIN = "-"
# What a folder is searched for: every format import_article reads (see formats.py).
SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".ndjson", ".xml", ".html", ".htm")
LOOP = "a symbolic link loop"


@dataclass(frozen=True)
class Input:
    name: str  # what the summary calls it (a path, or <stdin>)
    key: str | None  # the source key; None for standard input
    path: Path | None = None  # None for standard input until the command has copied it
    problem: str = ""  # why it cannot be read at all


def inputs(arguments):
    """Every Input the command-line arguments name, in order; unreadable ones carry their problem."""
    for argument in arguments:
        if argument == STDIN:
            yield Input("<stdin>", None)
            continue
        path = Path(argument)
        problem = _stat_problem(path)
        if problem:
            yield Input(printable(argument), None, problem=problem)
        elif path.is_dir():
            found = list(_walk(path))
            if not found:
                yield Input(
                    printable(argument),
                    None,
                    problem="the directory holds no files to import (" + ", ".join(SUFFIXES) + ")",
                )
            yield from found
        else:
            yield Input(printable(argument), printable(path.name), path)


def read(item: Input, limit: int) -> bytes:
    """The file's bytes, refused before they are read when there are more than `limit`."""
    size = item.path.stat().st_size
    if size > limit:
        raise ImportFailed(f"the file is {_size(size)}; the limit is {_size(limit)} (--max-size)")
    with item.path.open("rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ImportFailed(f"the file grew past the limit of {_size(limit)} (--max-size) while it was read")
    return data


def printable(name) -> str:
    """A file name as text that can be printed and stored: undecodable bytes shown as \\xNN."""
    return str(name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _walk(folder):
    walked, unreadable = set(), []
    for root, folders, files in os.walk(folder, followlinks=True, onerror=unreadable.append):
        for error in unreadable:
            yield Input(printable(error.filename), None, problem=f"cannot be read: {error.strerror}")
        unreadable.clear()
        here = Path(root)
        real = os.stat(here)
        if (real.st_dev, real.st_ino) in walked:
            folders.clear()
            yield Input(printable(here), None, problem=f"{LOOP}: it leads back to a folder above it")
            continue
        walked.add((real.st_dev, real.st_ino))
        folders.sort()
        for name in sorted(files):
            path = here / name
            problem = _stat_problem(path)
            if problem and (name.lower().endswith(SUFFIXES) or problem == LOOP):
                yield Input(printable(path), None, problem=problem)
            elif not problem and name.lower().endswith(SUFFIXES) and path.is_file():
                yield Input(printable(path), printable(path.relative_to(folder).as_posix()), path)
    for error in unreadable:
        yield Input(printable(error.filename), None, problem=f"cannot be read: {error.strerror}")


def _stat_problem(path):
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return LOOP
        if error.errno == errno.ENOENT:
            return "a broken symbolic link" if path.is_symlink() else "no such file or directory"
        return f"cannot be read: {error.strerror}"
    return ""


def _size(size):
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
