"""The goal form: name, type, triggering rule (RuleObject JSON) and DOM interactions."""

from __future__ import annotations

from typing import Any, get_args

from convert_tui.api.models import GoalType
from convert_tui.ui.forms import checks
from convert_tui.ui.forms.base import Field, FormSpec, Values

RULE_EXAMPLE = '{"OR": [{"AND": [{"OR_WHEN": [{"rule_type": "url", ...}]}]}]}'


class GoalForm(FormSpec):
    kind = "goal"
    FIELDS = (
        Field("goal_name", "Name", required=True),
        Field("description", "Description", "multiline", height=2),
        Field("goal_type", "Type", "choice", choices=get_args(GoalType), required=True),
        Field("triggering_rule", "Triggering rule", "rules", height=6,
              placeholder=RULE_EXAMPLE, hint="JSON; blank = no rules. It reads as shown above."),
        Field("dom_interaction", "DOM interactions", "lines", height=2,
              parse=checks.parse_dom_interactions,
              hint="One a line: event, space, CSS selector (click #buy-now)"),
    )  # fmt: skip

    def to_values(self, record: Any | None) -> Values:
        values = super().to_values(record)
        dom = getattr(record, "dom_interaction", None) or []
        values["dom_interaction"] = "\n".join(
            f"{d.event or ''} {d.selector or ''}".strip() for d in dom
        )
        if record is None:
            values["goal_type"] = "visits_page"
        return values
