"""Form drafts on disk (config.drafts.DraftStore) and the quit check that protects them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text

from convert_tui.config.drafts import Draft, DraftStore
from convert_tui.ui import time_zone
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.text import clean

if TYPE_CHECKING:
    from textual.app import App

    from convert_tui.state import AppState

DRAFT_KIND = "form"


def draft_key(state: AppState, kind: str, project_id: str | None, record_id: str | None) -> str:
    """One draft per (profile, kind, project, record or "new")."""
    profile = state.profile.name if state.profile else "-"
    return f"{profile}|{kind}|{project_id or '-'}|{record_id or 'new'}"


def saved_time(draft: Draft) -> str:
    return time_zone.shown(draft.saved_at).strftime("%H:%M")  # local or UTC: config.toml


def unsaved_drafts() -> list[Draft]:
    """Every draft on disk (forms and any other editor's), newest first."""
    try:
        return DraftStore().list()
    except OSError:
        return []


def confirm_quit(app: App[Any], quit_now: Callable[[], None]) -> None:
    """Quit at once, or first ask when unsaved drafts exist (they stay on disk either way)."""
    for screen in app.screen_stack:  # open forms write what was typed in the last 0.5 s
        flush = getattr(screen, "flush_draft", None)
        if callable(flush):
            flush()
    drafts = unsaved_drafts()
    if not drafts:
        quit_now()
        return
    body = Text(f"{len(drafts)} unsaved draft{'s' if len(drafts) > 1 else ''}:\n")
    for draft in drafts[:5]:
        title = draft.payload.get("title") or f"{draft.kind} {draft.key}"
        body.append(f"  • {clean(title, one_line=True)}  ({saved_time(draft)})\n")
    if len(drafts) > 5:
        body.append(f"  … and {len(drafts) - 5} more\n")
    body.append("\nThey stay on disk: reopen the same form to restore one.")
    dialog = ConfirmDialog("Quit with unsaved drafts?", body, confirm_label="Quit", danger=False)
    app.push_screen(dialog, lambda yes: quit_now() if yes else None)
