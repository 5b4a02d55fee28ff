"""The audience form: name, description, type and firing rule (RuleObject JSON)."""

from __future__ import annotations

from typing import Any, get_args

from convert_tui.api.models import AudienceType
from convert_tui.ui.forms.base import Field, FormSpec, Values

TYPE_HINT = "segmentation = a segment; permanent keeps visitors in it, transient re-checks"


class AudienceForm(FormSpec):
    kind = "audience"
    FIELDS = (
        Field("audience_name", "Name", required=True),
        Field("description", "Description", "multiline", height=2),
        Field("audience_type", "Type", "choice", choices=get_args(AudienceType), required=True,
              hint=TYPE_HINT),
        Field("firing_rule", "Firing rule", "rules", height=6,
              placeholder='{"OR": [{"AND": [{"OR_WHEN": [{"rule_type": "cookie", ...}]}]}]}',
              hint="JSON; blank = everyone. It reads as shown above."),
    )  # fmt: skip

    def to_values(self, record: Any | None) -> Values:
        values = super().to_values(record)
        if record is None:
            values["audience_type"] = "permanent"
        return values
