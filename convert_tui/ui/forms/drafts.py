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
    from convert_tui.ui.forms.base import FormSpec

DRAFT_KIND = "form"


def draft_key(state: AppState, kind: str, project_id: str | None, record_id: str | None) -> str:
    """One draft per (profile, kind, project, record or "new")."""
    profile = state.profile.name if state.profile else "-"
    return f"{profile}|{kind}|{project_id or '-'}|{record_id or 'new'}"


def values_problem(spec: FormSpec, values: Any) -> str | None:
    """What makes a draft's values unusable by this form (None: each has its widget's type).

    A draft is a file: it may be corrupt or hand-edited, and a wrong type would only fail
    later, inside a widget. Unknown names are ignored (the form has no place for them).
    """
    if not isinstance(values, dict):
        return "its values are not an object"
    for field in spec.fields():
        if field.kind == "computed" or field.name not in values:
            continue
        value = values[field.name]
        if field.kind == "flag":
            ok = isinstance(value, bool)
        elif field.kind == "choice":
            ok = value is None or isinstance(value, str)
        elif field.kind == "multi":
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, str)
        if not ok:
            return f"the value of {field.name!r} has the wrong type ({type(value).__name__})"
    return None


def saved_time(draft: Draft) -> str:
    return time_zone.shown(draft.saved_at).strftime("%H:%M")  # local or UTC: config.toml


def unsaved_drafts() -> list[Draft]:
    """Every draft on disk (forms and any other editor's), newest first."""
    try:
        return DraftStore().list()
    except OSError:
        return []


def _variation_title(app: App[Any], draft: Draft) -> str | None:
    """A variation draft by what the user knows: its name and its experience's (the key
    holds only ids: "<project>/<experience>/<draft id>")."""
    if draft.kind != "variation" or draft.key.count("/") != 2:
        return None
    pid, eid, _ = draft.key.split("/")
    state = getattr(app, "state", None)
    experience = state.find("experience", pid, eid) if state is not None else None
    where = (experience.name if experience is not None else None) or f"experience {eid}"
    name = str(draft.payload.get("name") or "").strip() or "(unnamed)"
    return f"variation “{name}” of “{where}”"


def confirm_quit(app: App[Any], quit_now: Callable[[], None]) -> None:
    """Quit at once, or first ask when unsaved drafts exist (they stay on disk either way)."""
    unwritten: list[str] = []
    for screen in app.screen_stack:  # open forms write what was typed in the last 0.5 s
        flush = getattr(screen, "flush_draft", None)
        failed = flush() if callable(flush) else None
        if isinstance(failed, str):
            unwritten.append(failed)
    if unwritten:  # quitting now would lose that edit: only if the user says so
        body = Text(f"An open form's draft could not be written ({unwritten[0]}).\n\n")
        body.append("Quit anyway and lose that edit? No goes back to the form.")
        dialog = ConfirmDialog("Unsaved edit not on disk", body, confirm_label="Quit")
        app.push_screen(dialog, lambda yes: quit_now() if yes else None)
        return
    drafts = unsaved_drafts()
    if not drafts:
        quit_now()
        return
    body = Text(f"{len(drafts)} unsaved draft{'s' if len(drafts) > 1 else ''}:\n")
    for draft in drafts[:5]:
        title = draft.payload.get("title") or _variation_title(app, draft) or draft.kind
        body.append(f"  • {clean(title, one_line=True)}  ({saved_time(draft)})\n")
    if len(drafts) > 5:
        body.append(f"  … and {len(drafts) - 5} more\n")
    body.append("\nThey stay on disk: reopen the same form to restore one.")
    dialog = ConfirmDialog("Quit with unsaved drafts?", body, confirm_label="Quit", danger=False)
    app.push_screen(dialog, lambda yes: quit_now() if yes else None)
