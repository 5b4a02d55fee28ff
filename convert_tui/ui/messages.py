"""Typed requests for screens that other parts of the UI provide (forms, report, variations).

A screen posts one of these; it bubbles to `ConvertApp`, which opens the screen registered for
it in `convert_tui.ui.app.EXTENSION_SCREENS`. Builders of those screens only add their module.
"""

from __future__ import annotations

from textual.message import Message


class EditRecord(Message):
    """Open the create/edit form. `record_id` None means "create a new one in project_id"."""

    def __init__(self, kind: str, project_id: str | None, record_id: str | None) -> None:
        super().__init__()
        self.kind, self.project_id, self.record_id = kind, project_id, record_id


class OpenReport(Message):
    """Open the full report view of an experience."""

    def __init__(self, project_id: str, experience_id: str) -> None:
        super().__init__()
        self.project_id, self.experience_id = project_id, experience_id


class OpenVariationEditor(Message):
    """Open the variation editor of an experience."""

    def __init__(self, project_id: str, experience_id: str) -> None:
        super().__init__()
        self.project_id, self.experience_id = project_id, experience_id
