"""The project form: name, status, tracking flags, websites, reporting thresholds, global JS."""

from __future__ import annotations

from typing import Any, get_args

from convert_tui.api.models import ProjectStatus
from convert_tui.ui.forms import checks
from convert_tui.ui.forms.base import Errors, Field, FormSpec, Values


def _threshold(name: str, label: str, integer: bool = True) -> Field:
    return Field(
        f"rs_{name}", label, "integer" if integer else "number", api=f"reporting_settings.{name}",
        low=0, placeholder="0 = no threshold",
    )  # fmt: skip


class ProjectForm(FormSpec):
    kind = "project"
    FIELDS = (
        Field("name", "Name", required=True),
        Field("status", "Status", "choice", choices=get_args(ProjectStatus)),
        Field("websites", "Websites", "lines", height=3, parse=checks.check_websites,
              hint="One website a line, e.g. https://shop.example"),
        Field("include_jquery", "jQuery", "flag", flag01=True,
              hint="Include jQuery in the tracking script"),
        Field("allow_crossdomain_tracking", "Cross-domain", "flag", flag01=True,
              hint="Allow cross-domain tracking"),
        Field("data_anonymization", "Anonymize", "flag", flag01=True,
              hint="Anonymize visitor data"),
        _threshold("min_running_time", "Min. running days"),
        _threshold("min_variation_visitors", "Min. visitors/var."),
        _threshold("max_variation_visitors", "Max. visitors/var."),
        _threshold("min_variation_conversions", "Min. conv./var."),
        _threshold("min_order_value", "Min. order value", integer=False),
        _threshold("max_order_value", "Max. order value", integer=False),
        _threshold("tested_visitors_quota", "Visitors quota"),
        Field("global_javascript", "Global JavaScript", "code", height=5,
              hint="Runs on every page of the project's websites"),
    )  # fmt: skip

    def to_values(self, record: object | None) -> Values:
        values = super().to_values(record)
        if record is None:
            values["status"] = "active"
        return values

    def to_record(self, values: Values) -> dict[str, Any]:
        record = super().to_record(values)
        settings = record.get("reporting_settings") or {}
        if all(value in (None, "") for value in settings.values()):
            record.pop("reporting_settings", None)  # all blank: keep the server's defaults
        return record

    def cross_check(self, values: Values) -> Errors:
        errors: Errors = {}
        for low, high, what in (
            ("rs_min_variation_visitors", "rs_max_variation_visitors", "visitors"),
            ("rs_min_order_value", "rs_max_order_value", "order value"),
        ):
            lo, hi = self.number(values, low), self.number(values, high)
            if lo is not None and hi and hi < lo:
                errors[high] = f"The maximum {what} is below the minimum ({lo:g}): raise it or 0."
        return errors
