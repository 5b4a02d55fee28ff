"""The draft of a record form: written half a second after the last edit, offered back when
the form opens again, removed when a save succeeds (a mixin of `RecordFormScreen`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from convert_tui.config.drafts import Draft, DraftStore
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.forms.base import Values
from convert_tui.ui.forms.drafts import DRAFT_KIND, saved_time, values_problem

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from convert_tui.state import RecordKind
    from convert_tui.ui.forms import FormSpec
    from convert_tui.ui.forms.widgets import FormView

    _Screen = Screen[None]
else:
    _Screen = object

DRAFT_DELAY = 0.5  # seconds of no typing before the draft is written


class FormDrafts(_Screen):
    """Needs from the screen: `form`, `spec`, `key`, `kind`, `editing`, `base`, `drafts`,
    `draft_title()` and `show_message()`."""

    if TYPE_CHECKING:
        spec: FormSpec
        key: str
        kind: RecordKind
        editing: bool
        base: Values | None
        drafts: DraftStore
        _draft_ready: bool
        _draft_timer: Timer | None
        _typed: Values | None

        @property
        def form(self) -> FormView: ...
        def draft_title(self) -> str: ...
        def show_message(self, text: str | None, tone: str = "info") -> None: ...

    @property
    def dirty(self) -> bool:
        return self._unsaved(self.form.values())

    def _unsaved(self, values: Values) -> bool:
        return self.base is not None and values != self.base

    def _offer_draft(self) -> None:
        draft = self.drafts.load(DRAFT_KIND, self.key)
        values = draft.payload.get("values") if draft else None
        problem = draft and (
            values_problem(self.spec, values)
            or (self.editing and values_problem(self.spec, draft.payload.get("base") or {}))
        )
        if problem:
            self.drafts.set_aside(DRAFT_KIND, self.key, problem)
        if draft is None or problem or not isinstance(values, dict) or values == self.form.values():
            self._draft_ready = True
            return
        changed = [
            row.label for row in self.form.rows()
            if row.field.name in values and values[row.field.name] != row.get()
        ]  # fmt: skip
        body = Text(f"Unsaved changes to this {self.kind}: {', '.join(changed)}.\n\n")
        body.append("Yes puts them back; No discards the draft and keeps the saved version.")

        def answered(restore: bool | None) -> None:
            if restore:
                self._restore(draft, values)
            else:
                self.drafts.delete(DRAFT_KIND, self.key)
            self._draft_ready = True

        title = f"Restore draft from {saved_time(draft)}?"
        self.app.push_screen(ConfirmDialog(title, body, confirm_label="Restore", danger=False),
                             answered)  # fmt: skip

    def _restore(self, draft: Draft, values: Values) -> None:
        self.form.set_values(values)
        base = draft.payload.get("base")
        if self.editing and isinstance(base, dict):
            # The version the draft was typed over: a server change since then is a conflict.
            self.base = base
        self.show_message(f"Draft from {saved_time(draft)} restored. ctrl+s saves it.")

    def _schedule_draft(self, values: Values) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._typed = values
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.flush_draft)

    def on_unmount(self) -> None:
        # A quit within DRAFT_DELAY of the last keystroke keeps it too. The fields may be gone
        # by now, so the draft is written from the values the last edit left.
        if self._draft_timer is not None and self._draft_ready and self._typed is not None:
            self._draft_timer.stop()
            self._draft_timer = None
            self._write_draft(self._typed)

    def flush_draft(self) -> str | None:
        """Write (or, when nothing differs from the loaded version, remove) the draft now.
        Returns why it could not be written (a full disk...), None when it is on disk."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if not self._draft_ready or not self.is_mounted:
            return None
        return self._write_draft(self.form.values())

    def _write_draft(self, values: Values) -> str | None:
        try:
            if self._unsaved(values):
                payload = {"values": values, "base": self.base, "title": self.draft_title()}
                self.drafts.save(DRAFT_KIND, self.key, payload)
            else:
                self.drafts.delete(DRAFT_KIND, self.key)
        except OSError as exc:
            why = exc.strerror or str(exc)
            self.notify(f"Could not keep the draft: {why}", severity="warning", markup=False)
            return why
        return None

    def _forget_draft(self) -> None:
        self._draft_ready = False
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self.drafts.delete(DRAFT_KIND, self.key)
