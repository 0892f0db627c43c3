"""The paths of background tasks that queued rows may still name, kept working.

A queued task is stored by its import path, and one can wait for weeks (a "now live" notice for a
story scheduled far ahead). The tasks once all lived here; each now lives beside its work, and these
names keep the old paths pointing at them. Nothing in the app imports this module: queue a task from
its own module.
"""

from .core.background import delete_files  # noqa: F401
from .desk.live import make_live_renditions  # noqa: F401
from .desk.notifications import send_comment_emails, send_transition_emails  # noqa: F401
from .desk.workflow import announce_live  # noqa: F401
from .editing.indexing import refresh_articles  # noqa: F401
from .editing.library import make_renditions  # noqa: F401
