"""Create or edit one record: a form per kind (ui/forms/), drafts, conflict check, inline errors.

Saving: check every field locally (errors next to the fields, nothing sent) -> for an edit,
re-read the record and compare it with what the form loaded (a change elsewhere opens the
conflict dialog) -> send only what differs from the server's version. Whatever fails, the form
stays open with every value as typed, and the draft on disk survives until a save succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from convert_tui.api import errors
from convert_tui.config.drafts import DraftStore
from convert_tui.state import record_name
from convert_tui.state.failures import REFUSED_WRITE, refused_write
from convert_tui.ui.dialogs.choice import ChoiceDialog
from convert_tui.ui.forms import FORMS, FormSpec
from convert_tui.ui.forms.base import Values, dig, display
from convert_tui.ui.forms.conflict import ConflictDialog
from convert_tui.ui.forms.drafts import draft_key
from convert_tui.ui.forms.widgets import FieldRow, FormView
from convert_tui.ui.screens.form_drafts import FormDrafts
from convert_tui.ui.text import clean, plain
from convert_tui.ui.widgets.header import StatusHeader

if TYPE_CHECKING:
    from convert_tui.state import AppState, RecordKind
    from convert_tui.ui.app import ConvertApp


class RecordFormScreen(FormDrafts, Screen[None]):
    CSS_PATH = "../forms/forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Check and save", id="form.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave the form (asks if changed)",
                id="form.cancel"),
    ]  # fmt: skip

    def __init__(self, kind: str, project_id: str | None, record_id: str | None) -> None:
        super().__init__()
        self.kind = cast("RecordKind", kind)
        self.project_id, self.record_id = project_id, record_id
        self.editing = record_id is not None
        self.base: Values | None = None  # the values as loaded: "unsaved" means different
        self.drafts = DraftStore()
        self._draft_ready = False  # no draft is written before the restore question is settled
        self._draft_timer: Timer | None = None
        # The values at the last edit: what a draft not yet written will hold.
        self._typed: Values | None = None
        self._saving = False

    @property
    def state(self) -> AppState:
        return cast("ConvertApp", self.app).state

    def compose(self) -> ComposeResult:
        self.spec: FormSpec = FORMS[self.kind](self.state, self.project_id, self.editing)
        self.key = draft_key(self.state, self.kind, self.project_id, self.record_id)
        yield StatusHeader(self.state)
        yield Static(self._title(None), id="form-title")
        yield Static("", id="form-message")
        yield FormView(self.spec)
        yield Footer(compact=True)

    @property
    def form(self) -> FormView:
        return self.query_one(FormView)

    def _title(self, record: Any) -> Text:
        where = ""
        if self.kind != "project" and self.project_id:
            where = f"  ·  project {clean(self.state.project_name(self.project_id), one_line=True)}"
        if not self.editing:
            return Text.assemble((f"New {self.kind}", "bold"), (where, "dim"))
        name = clean(record_name(self.kind, record), one_line=True) if record else "…"
        return Text.assemble(
            (f"Edit {self.kind} ", "bold"),
            (name, "bold"),
            (f"  (id {self.record_id}){where}", "dim"),
        )

    def draft_title(self) -> str:
        return self._title(self.state.find(self.kind, self.project_id, self.record_id)).plain

    # -- loading ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.state.refuse_read_only(f"Editing this {self.kind}"):
            self.call_after_refresh(self._leave)
            return
        self.form.query(FieldRow).first().control.focus()
        if not self.editing:
            self._load(None)
            self.call_after_refresh(self._offer_draft)
            return
        record = self.state.find(self.kind, self.project_id, self.record_id)
        if record is not None:
            self._load(record)
        self.show_message("Loading the latest version…")
        if self._fetch(self._loaded_fresh, self._load_failed) is None:
            self._load_failed(ConnectionError("not connected"))

    def _leave(self) -> None:
        self.dismiss()  # not awaited: a screen cannot await its own dismissal

    def _fetch(
        self, on_result: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> Any:
        """Re-read the record; None when not connected (nothing will call back)."""
        assert self.record_id is not None
        pid = self.project_id or self.record_id
        return self.state.fetch_fresh(self.kind, pid, self.record_id, on_result, on_error)

    def _load(self, record: Any) -> None:
        self.form.set_values(self.spec.to_values(record))
        self.base = self.form.values()  # read back: widgets normalise (line endings...)
        self.form.show_errors({})
        if record is not None:
            self.query_one("#form-title", Static).update(self._title(record))

    def _loaded_fresh(self, record: Any) -> None:
        if self.base is None or not self.dirty:
            self._load(record)
        self.show_message(None)
        self._offer_draft()

    def _load_failed(self, exc: BaseException) -> None:
        self.show_message(f"Could not read the {self.kind}: {exc}. Esc to leave.", "error")
        self._offer_draft()

    # -- editing ---------------------------------------------------------------------------------

    def on_field_row_edited(self, event: FieldRow.Edited) -> None:
        values = self.form.values()
        row = self.form.row(event.name)
        if row.error:  # re-check a field marked wrong, so the mark goes once it is fixed
            row.show_error(self.spec.validate(values).get(event.name))
        self.form.refresh_live(values)
        if self._draft_ready:
            self._schedule_draft(values)

    def show_message(self, text: str | None, tone: str = "info") -> None:
        """The line under the title: progress ("info") or what went wrong ("error")."""
        line = self.query_one("#form-message", Static)
        line.update(plain(text or "", one_line=False))
        line.display = bool(text)
        line.set_class(tone == "error", "-error")

    # -- saving ----------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._saving:
            return
        values = self.form.values()
        problems = self.spec.validate(values)
        self.form.show_errors(problems)
        if problems:
            labels = [self.form.row(name).label for name in problems]
            self.show_message(
                f"Not saved, nothing was sent: fix {', '.join(labels)} (marked ✗).", "error"
            )
            self.form.focus_field(next(iter(problems)))
            return
        if self.editing and self.base is None:
            self.show_message(
                f"The {self.kind} is not loaded, so it cannot be saved. Esc.", "error"
            )
            return
        self.flush_draft()  # a failed save, a crash or a quit keeps what was typed
        self._saving = True
        if not self.editing:
            self.show_message(f"Creating the {self.kind}…")
            self._check(
                self.state.create(self.kind, self.project_id, self.spec.to_record(values),
                                  on_success=self._saved, on_error=self._failed)
            )  # fmt: skip
            return
        self.show_message("Checking the server's version…")
        self._check(self._fetch(lambda server: self._compare(server, values), self._failed))

    def _check(self, worker: Any) -> None:
        if worker is None:  # refused (read-only, not connected): nothing was sent
            self._saving = False
            self.show_message(
                "Not saved: not connected or read-only. Your values are kept.", "error"
            )

    def _api(self, values: Values) -> dict[str, Any]:
        return self.spec.to_record(values)

    def _compare(self, server: Any, mine: Values) -> None:
        """Conflict when the server changed a field since loading and it differs from mine."""
        assert self.base is not None
        theirs_values = self.spec.to_values(server)
        base, theirs, ours = self._api(self.base), self._api(theirs_values), self._api(mine)
        rows = []
        for f in self.spec.editable():
            server_changed = dig(theirs, f.path) != dig(base, f.path)
            if server_changed and dig(ours, f.path) != dig(theirs, f.path):
                row = self.form.row(f.name)
                rows.append((row.label, display(f, mine.get(f.name), row.options),
                             display(f, theirs_values.get(f.name), row.options)))  # fmt: skip
        if not rows:
            self._send_update(server, mine)
            return

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                self._send_update(server, mine)
                return
            self._saving = False
            if choice == "theirs":
                self._load(server)
                self._forget_draft()
                self._draft_ready = True
                self.show_message("Reloaded the server's version; your changes were dropped.")
            else:
                self.show_message("Not saved. Your changes are still here.")

        self.app.push_screen(ConflictDialog(self.kind, rows), chosen)

    def _send_update(self, server: Any, mine: Values) -> None:
        theirs, ours = self._api(self.spec.to_values(server)), self._api(mine)
        changes = {k: v for k, v in ours.items() if theirs.get(k) != v}
        assert self.record_id is not None
        pid, rid = self.project_id or self.record_id, self.record_id
        if not changes:
            self._saved(server, note="Nothing to save: it already has these values.")
            return
        self.show_message(f"Saving the {self.kind}…")
        if self.kind == "hypothesis" and set(changes) == {"status"}:
            worker = self.state.change_hypothesis_status(
                pid, rid, changes["status"], on_success=self._saved, on_error=self._failed
            )
        else:
            worker = self.state.update(
                self.kind, pid, rid, changes, on_success=self._saved, on_error=self._failed
            )
        self._check(worker)

    def _saved(self, record: Any, note: str | None = None) -> None:
        self._saving = False
        self._forget_draft()
        if note:
            self.notify(note, markup=False, timeout=3)
        if self.is_current:
            self.dismiss()

    def _failed(self, exc: BaseException) -> None:
        """Show the server's message; a validation error marks its fields. Values stay."""
        self._saving = False
        if not self.is_mounted:
            return
        marked: dict[str, str] = {}
        rest: list[str] = []
        if isinstance(exc, errors.ValidationError):
            for key, problem in exc.fields.items():
                name = self.spec.field_for(key)
                if name is None:
                    rest.append(f"{key}: {problem}")
                    continue
                where = "" if key == self.spec.field(name).path else f"{key}: "
                marked.setdefault(name, f"{where}{problem} (the server says)")
            self.form.show_errors(marked)
            if marked:
                self.form.focus_field(next(iter(marked)))
        detail = exc.message if isinstance(exc, errors.ConvertError) else str(exc)
        status = (
            f" (HTTP {exc.status})" if isinstance(exc, errors.ConvertError) and exc.status else ""
        )
        text = f"Not saved{status}: {detail}"
        if rest:
            text += f" — {'; '.join(rest)}"
        if refused_write(exc):  # a retry with this key cannot succeed: never suggest one
            self.show_message(f"Not saved: {REFUSED_WRITE} Your values are kept.", "error")
            return
        hint = "fix the fields marked ✗ and press ctrl+s" if marked else "press ctrl+s to retry"
        self.show_message(f"{text}. Your values are kept: {hint}.", "error")

    # -- leaving ---------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.dirty:
            if self._draft_ready:
                self._forget_draft()
            self.dismiss()
            return
        title = Text(f"You have unsaved changes to this {self.kind}")
        options = [
            ("stay", "Keep editing", True),
            ("keep", "Leave, keep them as a draft (offered next time)", True),
            ("discard", "Leave and discard the changes", True),
        ]

        def chosen(choice: str | None) -> None:
            if choice == "keep":
                # Leave only once the draft is on disk: otherwise the edit would be lost.
                failed = self.flush_draft()
                if failed is not None:
                    self.show_message(
                        f"The draft could not be written ({failed}), so you are still here and "
                        "nothing is lost. Save with ctrl+s, or free some space and press Esc "
                        "again.",
                        "error",
                    )
                    return
                self._draft_ready = False
                self.dismiss()
            elif choice == "discard":
                self._forget_draft()
                self.dismiss()

        self.app.push_screen(ChoiceDialog(title, options), chosen)
