"""`convert-tui` as a user starts it (cli.main, the real terminal driver), for the signal tests
on a pseudo-terminal (tests/test_ui_signals.py). Two changes: drafts are not written on the
0.5 s timer, so a draft on disk after a signal proves the signal's own flush wrote it; and once
a form is ready to keep drafts, the file named by FORM_READY_FILE (if set) is created, so the
test types only then.

    python signal_driver.py [convert-tui arguments]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from convert_tui.cli import main
from convert_tui.ui.screens import form, form_drafts

form_drafts.DRAFT_DELAY = 3600.0
_offer_draft = form.RecordFormScreen._offer_draft


def _offer_draft_then_say_ready(self: form.RecordFormScreen) -> None:
    _offer_draft(self)
    ready_file = os.environ.get("FORM_READY_FILE")
    if ready_file and self._draft_ready:
        Path(ready_file).touch()


form.RecordFormScreen._offer_draft = _offer_draft_then_say_ready  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
