"""The page cache's per-process copy of its hottest answers, for a shared cache that is another
server (Redis): a hit on a copy held here reads only the version record and the retirement clock,
never the page itself, over the wire. Each copy remembers the clock reading at which its tags' stamps
last proved it good; while the clock has not moved, nothing anywhere was retired since, and the copy
is answered after that one small round trip. When it has moved, the stamps are read again. So a copy
is exactly as fresh as the shared entry. Bounded by entries and bytes; the least recently answered
goes first."""

import threading
from collections import OrderedDict


class HotCopies:
    def __init__(self, max_entries, max_bytes):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._copies = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # runserver and threaded workers share one middleware

    def get(self, key):
        """(entry, the clock reading it was last proved good at), or None."""
        with self._lock:
            held = self._copies.get(key)
            if held is not None:
                self._copies.move_to_end(key)
            return held

    def keep(self, key, entry, proved_at):
        size = len(entry[3])
        if size > self.max_bytes // 8:
            return  # one huge answer (a sitemap) would push out many hot pages
        with self._lock:
            self._remove(key)
            self._copies[key] = (entry, proved_at)
            self._bytes += size
            while len(self._copies) > self.max_entries or self._bytes > self.max_bytes:
                self._remove(next(iter(self._copies)))

    def drop(self, key):
        with self._lock:
            self._remove(key)

    def _remove(self, key):
        held = self._copies.pop(key, None)
        if held is not None:
            self._bytes -= len(held[0][3])

    def __len__(self):
        return len(self._copies)
