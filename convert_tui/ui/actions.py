"""Actions shared by the main and experience screens: status change, delete, copy.

Each asks through a dialog first and then calls one `AppState` method; nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.widgets import Input

from convert_tui.state import CHILD_FIELD, Selection, record_name
from convert_tui.ui.text import clean

if TYPE_CHECKING:
    from convert_tui.ui.app import ConvertApp

# (status sent, verb shown). The verbs are what a person says; the value is what the API stores.
EXPERIENCE_STATUS_VERBS = [
    ("active", "Start"),
    ("paused", "Pause"),
    ("completed", "Complete"),
    ("archived", "Archive"),
]
HYPOTHESIS_STATUSES = ["draft", "active", "paused", "completed", "scheduled", "archived"]

# Rule: a key acts on the record under the cursor, never on a parent; elsewhere it does
# nothing but say so in one line. Action -> (key, the node kinds it acts on, what it does).
RECORDS = frozenset({"project", "experience", "goal", "audience", "hypothesis"})
ACTS_ON: dict[str, tuple[str, frozenset[str], str]] = {
    "delete": ("d", RECORDS, "delete"),
    "edit": ("e", RECORDS, "edit"),
    "copy_id": ("y", RECORDS, "copy"),
    "copy_json": ("Y", RECORDS, "copy"),
    "status": ("s", frozenset({"experience", "hypothesis"}), "change the status of"),
    "report": ("R", frozenset({"experience"}), "open the report of"),
    "variations": ("v", frozenset({"experience"}), "open the variations of"),
}
KIND_WORDS = {
    RECORDS: "a project or a record",
    frozenset({"experience", "hypothesis"}): "an experience or a hypothesis",
    frozenset({"experience"}): "an experience",
}
NODE_WORDS = {"account": "the account", "group": "a group", "status": "a status group"}


def not_here(action: str, kind: str) -> str:
    """Why a record key does nothing on a line of `kind` (one line)."""
    key, kinds, verb = ACTS_ON[action]
    where = NODE_WORDS.get(kind, f"a {kind}" if kind in RECORDS else "this line")
    on = KIND_WORDS[kinds]
    return f"Nothing to {verb} here: {key} acts on {on} under the cursor, not on {where}."


def refuse_read_only_key(app: ConvertApp, event: events.Key, keys: set[str]) -> None:
    """A change key pressed in read-only mode: its binding is hidden, so say why nothing happens."""
    if app.state.read_only and event.character in keys and not isinstance(app.focused, Input):
        event.stop()
        app.state.refuse_read_only("Changing data")


def _describe(app: ConvertApp, sel: Selection, record: Any) -> Text:
    kind = sel.kind
    name = record_name(kind, record) or "(unnamed)"
    text = Text.assemble(
        (clean(name, one_line=True), "bold"), f"  (id {sel.record_id or sel.project_id})"
    )
    if kind != "project" and sel.project_id:
        text.append(f"\nin project {clean(app.state.project_name(sel.project_id), one_line=True)}")
    return text


def change_status(
    app: ConvertApp, sel: Selection, on_done: Callable[[Any], None] | None = None
) -> None:
    """Choose a status, confirm, then change it (experiences and hypotheses)."""
    from convert_tui.ui.dialogs.choice import ChoiceDialog  # (dialogs load when first asked)
    from convert_tui.ui.dialogs.confirm import ConfirmDialog

    state = app.state
    if sel.kind not in ("experience", "hypothesis") or not sel.project_id or not sel.record_id:
        return
    if state.refuse_read_only("Changing the status"):
        return
    record = state.find(sel.kind, sel.project_id, sel.record_id)
    if record is None:
        app.notify("That record is no longer loaded; press r to refresh.", severity="warning")
        return
    pid, rid = sel.project_id, sel.record_id
    if sel.kind == "experience":
        current = record.experience_status
        verbs = dict(EXPERIENCE_STATUS_VERBS)
        options = [
            (v, f"{verb} ({v}){' — current' if v == current else ''}", v != current)
            for v, verb in EXPERIENCE_STATUS_VERBS
        ]
    else:
        current = record.status
        verbs = {s: f"Set to {s}" for s in HYPOTHESIS_STATUSES}
        options = [
            (s, f"{s.capitalize()}{' — current' if s == current else ''}", s != current)
            for s in HYPOTHESIS_STATUSES
        ]
    title = Text.assemble(
        "New status for ", (clean(record_name(sel.kind, record), one_line=True), "bold")
    )
    title.append(f"\ncurrently {clean(current, one_line=True) or 'unknown'}", "dim")

    def chosen(status: str | None) -> None:
        if not status:
            return
        verb = verbs[status]

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            if sel.kind == "experience":
                state.set_experience_status(pid, rid, status, on_success=on_done)
            else:
                state.change_hypothesis_status(pid, rid, status, on_success=on_done)

        dialog = ConfirmDialog(
            f"{verb} this {sel.kind}?",
            _describe(app, sel, record),
            confirm_label=verb,
            danger=status in ("completed", "archived"),
        )
        app.push_screen(dialog, confirmed)

    app.push_screen(ChoiceDialog(title, options), chosen)


def delete_record(
    app: ConvertApp, sel: Selection, on_done: Callable[[Any], None] | None = None
) -> None:
    """Confirm (naming the record), then delete it."""
    from convert_tui.ui.dialogs.confirm import ConfirmDialog
    from convert_tui.ui.dialogs.type_name import TypeNameDialog

    state = app.state
    if sel.kind == "account" or sel.project_id is None:
        return
    if state.refuse_read_only(f"Deleting this {sel.kind}"):
        return
    record = state.find(sel.kind, sel.project_id, sel.record_id)
    if record is None:
        app.notify("That record is no longer loaded; press r to refresh.", severity="warning")
        return
    body = _describe(app, sel, record)
    body.append("\n\nThis cannot be undone.", "bold")
    if sel.kind == "project":
        body.append(" Its experiences, goals, audiences and hypotheses go with it.")
    pid, rid = sel.project_id, sel.record_id or sel.project_id

    def confirmed(yes: bool | None) -> None:
        if yes:
            state.delete(sel.kind, pid, rid, on_success=on_done)  # type: ignore[arg-type]

    title = f"Delete this {sel.kind}?"
    if _costly_to_lose(app, sel, record):
        name = clean(record_name(sel.kind, record), one_line=True).strip() or str(rid)
        dialog: TypeNameDialog | ConfirmDialog = TypeNameDialog(
            title, body, name, confirm_label="Delete"
        )
    else:
        dialog = ConfirmDialog(title, body, confirm_label="Delete")
    app.push_screen(dialog, confirmed)


def _costly_to_lose(app: ConvertApp, sel: Selection, record: Any) -> bool:
    """Whether deleting asks for the name to be typed: a project with anything in it, or an
    active or paused experience that has (or may have: no report loaded) visitors. Drafts
    and empty records keep the one-key `y`."""
    state = app.state
    if sel.kind == "project":
        kids = state.project_children.get(sel.project_id or "")
        return kids is None or any(getattr(kids, attr) for attr in CHILD_FIELD.values())
    if sel.kind != "experience" or record.experience_status not in ("active", "paused"):
        return False
    report = state.reports.get((sel.project_id or "", sel.record_id or ""))
    if report is None:
        return True  # unknown: the safe side
    return any(v.visitors for goal in report.goals for v in goal.variations)


def copy_selection(app: ConvertApp, sel: Selection, *, as_json: bool) -> None:
    """`y` copies the id, `Y` the record's JSON (OSC 52: works over ssh in most terminals)."""
    record = app.state.find(sel.kind, sel.project_id, sel.record_id)
    if record is None:
        return
    if as_json:
        app.copy_to_clipboard(record.model_dump_json(indent=2, exclude_unset=True, warnings=False))
        app.notify(f"Copied the {sel.kind}'s JSON to the clipboard.", markup=False)
    else:
        rid = sel.record_id or sel.project_id or ""
        app.copy_to_clipboard(rid)
        app.notify(f"Copied {sel.kind} id {clean(rid, one_line=True)}.", markup=False)


def offer_read_only(app: ConvertApp) -> None:
    """After a 403 on a change: offer to mark the profile read-only, which hides the keys
    that change data (a retry with this key cannot succeed)."""
    from convert_tui.ui.dialogs.confirm import ConfirmDialog

    state = app.state
    if state.read_only or any(isinstance(s, ConfirmDialog) for s in app.screen_stack):
        return
    name = state.profile.name if state.profile else "this profile"
    body = Text.assemble(
        "The server refused a change made with this API key (HTTP 403): it may read but not "
        "change data, so retrying will not help.\n\n",
        "Read-only hides the keys that change data",
        (" and the profile remembers it" if name in app.saved_profile_names() else ""),
        ". To change it later, log in again (ctrl+p).",
    )

    def chosen(yes: bool | None) -> None:
        if yes:
            mark_read_only(app)

    dialog = ConfirmDialog(
        f"Mark profile {clean(name, one_line=True)} read-only?",
        body, confirm_label="Mark read-only", danger=False,
    )  # fmt: skip
    app.push_screen(dialog, chosen)


def mark_read_only(app: ConvertApp) -> None:
    """Hide the change keys now, and keep it in the saved profile (if it is one)."""
    import dataclasses

    from convert_tui.config import profiles

    app.state.read_only = True
    profile = app.current_profile
    if profile is not None and profile.name in app.saved_profile_names():
        try:
            profiles.save_profile(dataclasses.replace(profile, read_only=True))
        except Exception as exc:  # the session is read-only either way
            app.notify(f"Read-only for this session; the profile was not saved: {exc}",
                       title="Read-only", severity="warning", markup=False)  # fmt: skip
            return
    app.notify("Read-only: the keys that change data are hidden.", title="Read-only",
               timeout=4, markup=False)  # fmt: skip
