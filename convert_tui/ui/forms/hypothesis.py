"""The hypothesis form: status, texts, dates, tags and PIE/ICE attributes with a live score."""

from __future__ import annotations

from typing import Any, get_args

from rich.text import Text

from convert_tui.api.models import ExperienceStatus, ScoreType, round_score
from convert_tui.ui.forms import checks
from convert_tui.ui.forms.base import Errors, Field, FormSpec, Values, dig, is_blank, to_value

# The attribute keys of each score type, in the order of the three attribute fields.
ATTRIBUTE_KEYS: dict[str, tuple[str, str, str]] = {
    "PIE": ("potential", "importance", "ease"),
    "ICE": ("impact", "confidence", "ease"),
}
ATTRIBUTE_FIELDS = ("attr_1", "attr_2", "attr_3")


def _attribute(name: str) -> Field:
    return Field(name, name, "number", api=f"prioritization_score_attributes.{name}",
                 low=0, high=10, placeholder="0..10")  # fmt: skip


def _tags(text: str) -> list[str]:
    names = [t.strip() for t in text.split(",") if t.strip()]
    for name in names:
        if len(name) > 100:
            raise checks.Invalid(f"The tag {name[:20]!r}… is over 100 characters: shorten it.")
    return list(dict.fromkeys(names))  # duplicates once


class HypothesisForm(FormSpec):
    kind = "hypothesis"
    FIELDS = (
        Field("name", "Name", required=True),
        Field("status", "Status", "choice", choices=get_args(ExperienceStatus), required=True),
        Field("objective", "Objective", "multiline", height=2),
        Field("score_type", "Score type", "choice", api="prioritization_score_type",
              choices=get_args(ScoreType), required=True,
              hint="Which three 0..10 scores are asked below"),
        *(_attribute(name) for name in ATTRIBUTE_FIELDS),
        Field("score", "Score", "computed", api="prioritization_score"),
        Field("start_date", "Start date", placeholder="YYYY-MM-DD", parse=checks.parse_date),
        Field("end_date", "End date", placeholder="YYYY-MM-DD", parse=checks.parse_date),
        Field("tags", "Tags", placeholder="comma-separated, e.g. checkout, mobile", parse=_tags),
        Field("summary", "Summary", "multiline", height=2),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tag_ids: dict[str, str] = {}  # tag name -> id, from every record seen

    @staticmethod
    def score_type(values: Values) -> str:
        kind = values.get("score_type")
        return kind if isinstance(kind, str) and kind in ATTRIBUTE_KEYS else "PIE"

    def to_values(self, record: Any | None) -> Values:
        values = super().to_values(record)
        kind = str(dig(record, "prioritization_score_type") or "")
        attributes = dig(record, "prioritization_score_attributes")
        if kind not in ATTRIBUTE_KEYS:  # older records: tell by the attribute names
            kind = "ICE" if dig(attributes, "impact") is not None else "PIE"
        values["score_type"] = kind
        for name, key in zip(ATTRIBUTE_FIELDS, ATTRIBUTE_KEYS[kind], strict=True):
            values[name] = to_value(self.field(name), dig(attributes, key))
        tags = dig(record, "tags") or []
        self._tag_ids.update({str(t.name): str(t.id) for t in tags if t.id is not None})
        values["tags"] = ", ".join(str(t.name) for t in tags if t.name)
        if record is None:
            values["status"] = "draft"
        return values

    def to_record(self, values: Values) -> dict[str, Any]:
        record = super().to_record(values)
        numbers = record.pop("prioritization_score_attributes", {})
        keys = ATTRIBUTE_KEYS[self.score_type(values)]
        if all(isinstance(numbers.get(n), int | float) for n in ATTRIBUTE_FIELDS):
            record["prioritization_score_attributes"] = {
                key: numbers[name] for name, key in zip(ATTRIBUTE_FIELDS, keys, strict=True)
            }
        else:
            record["prioritization_score_attributes"] = None
        tags = record.get("tags")
        if isinstance(tags, list):
            record["tags"] = [
                {"id": self._tag_ids[n], "name": n} if n in self._tag_ids else {"name": n}
                for n in tags
            ]
        return record

    def labels(self, values: Values) -> dict[str, str]:
        keys = ATTRIBUTE_KEYS[self.score_type(values)]
        return {name: key.capitalize() for name, key in zip(ATTRIBUTE_FIELDS, keys, strict=True)}

    def score(self, values: Values) -> float | None:
        numbers = [self.number(values, name) for name in ATTRIBUTE_FIELDS]
        if any(n is None or not 0 <= n <= 10 for n in numbers):
            return None
        return round_score(sum(n for n in numbers if n is not None) / 3)

    def previews(self, values: Values) -> dict[str, Text]:
        score = self.score(values)
        if score is None:
            text = Text("— fill the three scores (0..10) to see it", style="dim")
        else:
            keys = ", ".join(ATTRIBUTE_KEYS[self.score_type(values)])
            text = Text.assemble((f"{score:.1f}", "bold"), (f"  mean of {keys}", "dim"))
        return {"score": text}

    def cross_check(self, values: Values) -> Errors:
        errors: Errors = {}
        blank = [name for name in ATTRIBUTE_FIELDS if is_blank(values.get(name))]
        if blank and len(blank) < len(ATTRIBUTE_FIELDS):
            errors[blank[0]] = "Fill all three scores (0..10), or clear all three."
        start, end = (str(values.get(f) or "").strip() for f in ("start_date", "end_date"))
        # Compared only as two real dates: a date that is no date is said so by its own field.
        if start and end and _is_date(start) and _is_date(end) and end < start:
            errors["end_date"] = f"The end date is before the start ({start}): pick a later one."
        return errors

    def field_for(self, api_key: str) -> str | None:
        # ICE keys (impact, confidence) and the whole-object message go to the attribute rows.
        prefix = "prioritization_score_attributes"
        if api_key.startswith(prefix):
            key = api_key[len(prefix) + 1 :]
            for keys in ATTRIBUTE_KEYS.values():
                if key in keys:
                    return ATTRIBUTE_FIELDS[keys.index(key)]
            return ATTRIBUTE_FIELDS[0]
        return super().field_for(api_key)


def _is_date(text: str) -> bool:
    try:
        checks.parse_date(text)
    except checks.Invalid:
        return False
    return True
