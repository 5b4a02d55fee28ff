"""What an explorer tree node stands for: the key the tree keeps its cursor and open nodes by,
and what the screens are told was chosen."""

from __future__ import annotations

from dataclasses import dataclass

from convert_tui.state import CHILD_FIELD, Selection


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for. `group` is a child kind; `status` an experience status."""

    kind: str  # account | project | group | status | loading | experience | goal | ...
    project_id: str | None = None
    record_id: str | None = None
    group: str | None = None
    status: str | None = None

    @property
    def is_record(self) -> bool:
        return self.kind in CHILD_FIELD

    @property
    def selection(self) -> Selection:
        if self.is_record:
            return Selection(self.kind, self.project_id, self.record_id)  # type: ignore[arg-type]
        if self.project_id is not None:
            # A group node ("Experiences", "Active 6") shows its records' summary.
            return Selection("project", self.project_id, group=self.group, status=self.status)
        return Selection("account")
