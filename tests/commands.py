"""Running a management command as an operator would, for tests: its output, and its error if any."""

import io
import sys

from django.core.management import CommandError, call_command
from django.test import TestCase


def run_command(name, *args, stdin=None):
    """Run `name`; return (stdout, stderr, CommandError or None). Work it leaves for after the
    commit (renditions, search documents) runs, as it would outside the test's transaction."""
    out, err = io.StringIO(), io.StringIO()
    error = None
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command(name, *args, stdout=out, stderr=err)
    except CommandError as raised:
        error = raised
    finally:
        sys.stdin = old_stdin
    return out.getvalue(), err.getvalue(), error
