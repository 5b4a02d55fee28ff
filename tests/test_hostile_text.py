"""Server text with terminal escapes never reaches the terminal, whichever path shows it.

One hostile string (an OSC 52 clipboard write, a screen wipe, a C1 CSI, a bidi override) is
served as a project name, a server error message and a 422's field names and values; every
toast, title, dialog, line on screen and log line that shows it must show it inert. The rule:
text from the network or a file becomes display text in one place (`convert_tui.display`):
the app's `notify` for every toast, `ui.text` for widgets, `printable` for the CLI and logs.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from support.bad_server import bad_server, http_response
from support.ui import CONTROL_CHARS, notifications, profile_for, screen_text, use_fast_client
from test_ui_explorer import settle
from test_ui_forms import open_form, type_into

from convert_tui.display import clean, printable
from convert_tui.ui.app import ConvertApp

HOSTILE = "Shop \x1b]52;c;cHduZWQ=\x07 \x1b[2J\x9b31m\u202eevil\u200b"
UNSAFE = CONTROL_CHARS | {"\x9b", "\u202e", "\u200b"}


def _unsafe_in(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if ch in UNSAFE})


def _hostile_server(request: bytes) -> bytes:
    """Projects named HOSTILE; its lists fail with HOSTILE; a create gets a HOSTILE 422."""
    line = request.split(b"\r\n", 1)[0].decode()
    path = line.split(" ")[1]
    if path.endswith("/projects/add"):
        body = {"isError": True, "code": 422, "message": HOSTILE, "fields": {HOSTILE: HOSTILE}}
        return http_response(422, json.dumps(body).encode())
    if path.endswith("/projects"):
        return http_response(200, json.dumps([{"id": "1", "name": HOSTILE}]).encode())
    body = {"isError": True, "code": 500, "message": HOSTILE}
    return http_response(500, json.dumps(body).encode())


async def test_hostile_server_text_reaches_no_toast_title_or_screen_raw(config_dir: Path) -> None:
    with bad_server(_hostile_server) as server:
        app = ConvertApp(profile_for(server.base_url))
        use_fast_client(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("j", "l")  # open the project: its lists fail -> a toast
            await settle(pilot)
            form = await open_form(pilot, "project", None, None)
            await type_into(pilot, form, "name", "New shop")
            await pilot.press("ctrl+s")  # the server answers 422 with hostile fields
            await settle(pilot)
            toasts = notifications(app)
            shown = screen_text(app)
    assert any("failed" in toast and "evil" in toast for toast in toasts), toasts
    assert any("evil" in toast and "Fix" in toast for toast in toasts), toasts
    for toast in toasts:
        assert not _unsafe_in(toast), toast
    assert not _unsafe_in(shown), shown


def test_the_debug_log_writes_server_text_inert(config_dir: Path) -> None:
    from convert_tui.config import debuglog

    path = debuglog.enable_debug_log("a-secret")
    try:
        logging.getLogger("convert_tui.state").warning("server said %s", HOSTILE)
    finally:
        debuglog.disable_debug_log()
    written = path.read_text(encoding="utf-8")
    assert "server said" in written and "evil" in written
    assert not _unsafe_in(written), written


def test_one_rule_for_both_spellings() -> None:
    """The TUI's pictures and the CLI's escapes replace the same characters."""
    shown, printed = clean(HOSTILE, one_line=True), printable(HOSTILE)
    assert not _unsafe_in(shown) and not _unsafe_in(printed)
    assert "\u241b" in shown and "\\x1b" in printed  # ESC is visible in both
    assert clean("Café ✓ 日本") == printable("Café ✓ 日本") == "Café ✓ 日本"
