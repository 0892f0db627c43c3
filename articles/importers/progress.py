"""How far a long import has come: a bar with the rate and the time left on a terminal, a line now
and then in a log. Short runs show nothing; what it writes goes to standard error, beside the
failures, so that standard output stays the run's record."""

import time

BAR_WIDTH = 30
TERMINAL_EVERY = 0.25  # seconds between redraws of the bar
LOG_EVERY = 10.0  # seconds between lines in a log
QUIET_FOR = 2.0  # a run shorter than this shows no progress at all


class Progress:
    def __init__(self, write, *, terminal, total=None, clock=time.monotonic, log_every=LOG_EVERY):
        """`write(text)` writes text as it is, with no line ending of its own, and flushes it."""
        self.write, self.total, self.clock, self.terminal = write, total, clock, terminal
        self.every = TERMINAL_EVERY if self.terminal else log_every
        self.done = 0
        self.started = clock()
        self.shown_at = self.started + QUIET_FOR - self.every
        self.drawn = False

    def advance(self, count=1):
        self.done += count
        now = self.clock()
        if now - self.shown_at >= self.every:
            self.shown_at = now
            self._show(now)

    def finish(self):
        if self.drawn and self.terminal:
            self._show(self.clock())
            self.write("\n")

    def _show(self, now):
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        counted = f"{self.done:,}" + (f" of {self.total:,}" if self.total else "")
        left = ""
        if self.total and rate > 0:
            left = f", {_duration(max(self.total - self.done, 0) / rate)} left"
        line = f"{counted} items, {rate:,.0f}/s{left}"
        if self.terminal:
            share = min(self.done / self.total, 1) if self.total else 0
            bar = "#" * round(share * BAR_WIDTH)
            self.write(f"\r[{bar:<{BAR_WIDTH}}] {line}\033[K")
        else:
            self.write(f"progress: {line}\n")
        self.drawn = True


def _duration(seconds):
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds}s"
