"""Building request bodies and parsing answers: the model <-> JSON edge of the client."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from convert_tui.api._body import has_surrogate_escape
from convert_tui.api.endpoints import ENDPOINTS
from convert_tui.api.errors import DecodeError, ValidationError
from convert_tui.api.pagination import MAX_PAGE_SIZE
from convert_tui.lazy import OnFirstUse

# The models (and pydantic with them) load when the first record is parsed or built, not when
# the client is imported: the app's first request, and the first page of projects shown as
# the server sent it, need neither.
if TYPE_CHECKING:
    import pydantic

    from convert_tui.api import _lenient, models
else:
    models = OnFirstUse("convert_tui.api.models")
    _lenient = OnFirstUse("convert_tui.api._lenient")
    pydantic = OnFirstUse("pydantic")

M = TypeVar("M", bound="models.ApiModel")

IdLike = str | int


def label(operation: str) -> str:
    return ENDPOINTS[operation].label


def str_ids(**ids: IdLike) -> dict[str, str]:
    return {name: str(value) for name, value in ids.items()}


def _pydantic_problems(error: pydantic.ValidationError) -> dict[str, str]:
    problems: dict[str, str] = {}
    for detail in error.errors(include_url=False):
        location = ".".join(str(part) for part in detail["loc"]) or "(body)"
        problems.setdefault(location, detail["msg"])
    return problems


# --- requests ------------------------------------------------------------------------------------


def refuse(operation: str, fields: Mapping[str, str]) -> ValidationError:
    """A request rejected before sending (status None: the server never saw it)."""
    return ValidationError("invalid request, not sent", operation=label(operation), fields=fields)


def as_record(operation: str, record: M | Mapping[str, Any], model: type[M]) -> M:
    """Dicts are validated strictly (our side): a bad enum or range never reaches the server."""
    if isinstance(record, model):
        return record
    try:
        return model.model_validate(dict(record))
    except pydantic.ValidationError as exc:
        raise refuse(operation, _pydantic_problems(exc)) from None


# A value the models kept as the server sent it (an unknown enum string, a number out of its
# range: models.py) goes back as it came. It may not match its field's type (a 1.2e16 in a
# 0/1 flag), and pydantic would say so on stderr: `warnings=False` everywhere a record is dumped.


def create_body(record: models.ApiModel, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    # None means "not given" for a new record; the server applies its defaults.
    return record.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude=set(exclude), warnings=False
    )


def update_body(record: models.ApiModel, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    # Only what was read or set (fields and unknown extras): the server merges the rest.
    return record.model_dump(
        mode="json", by_alias=True, exclude_unset=True, exclude=set(exclude), warnings=False
    )


def with_derived_score(hypothesis: models.Hypothesis) -> models.Hypothesis:
    """The contract defines the score as the attributes' mean: keep it in step when they're sent."""
    if "prioritization_score_attributes" not in hypothesis.model_fields_set:
        return hypothesis
    score = hypothesis.computed_score()
    if score is None or score == hypothesis.prioritization_score:
        return hypothesis
    updated = hypothesis.model_copy()
    updated.prioritization_score = score
    return updated


def page_body(operation: str, page: int, results_per_page: int) -> dict[str, Any]:
    problems: dict[str, str] = {}
    if page < 1:
        problems["page"] = "must be 1 or more"
    if not 1 <= results_per_page <= MAX_PAGE_SIZE:
        problems["results_per_page"] = f"must be between 1 and {MAX_PAGE_SIZE}"
    if problems:
        raise refuse(operation, problems)
    return {"page": page, "results_per_page": results_per_page}


def add_filters(body: dict[str, Any], **filters: Any) -> dict[str, Any]:
    """Add the filters that are given; None, "" and [] mean "no filter" and are left out."""
    for name, value in filters.items():
        if value is None or value == "" or (isinstance(value, list | tuple) and not value):
            continue
        body[name] = list(value) if isinstance(value, list | tuple) else value
    return body


def check_choices(
    operation: str, field: str, values: Sequence[str] | None, enum: Any
) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):  # a lone string is one value, not a sequence of letters
        values = [values]
    allowed = get_args(enum)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise refuse(operation, {field: f"unknown value(s) {unknown}; allowed: {list(allowed)}"})
    return list(values)


def check_range(
    operation: str, field: str, value: float | None, low: float, high: float
) -> float | None:
    if value is not None and not low <= value <= high:
        raise refuse(operation, {field: f"must be between {low:g} and {high:g}"})
    return value


def time_range_body(
    operation: str, start_timestamp: int | None, end_timestamp: int | None
) -> dict[str, Any]:
    # An empty object asks for the whole life of the experience.
    if (
        start_timestamp is not None
        and end_timestamp is not None
        and start_timestamp > end_timestamp
    ):
        raise refuse(operation, {"end_timestamp": "must not be before start_timestamp"})
    body: dict[str, Any] = {}
    if start_timestamp is not None:
        body["start_timestamp"] = start_timestamp
    if end_timestamp is not None:
        body["end_timestamp"] = end_timestamp
    return body


# --- answers -------------------------------------------------------------------------------------


def _shape_error(
    operation: str, model: type[models.ApiModel], problems: Mapping[str, str]
) -> DecodeError:
    items = list(problems.items()) or [("(body)", "invalid")]
    (where, what), more = items[0], len(items) - 1
    extra = f" (and {more} more)" if more else ""
    return DecodeError(
        f"unexpected {model.__name__} in the answer: {where}: {what}{extra}",
        operation=label(operation),
    )


def parse_one(operation: str, data: Any, model: type[M]) -> M:
    try:
        return model.model_validate(data, context=_lenient.READ_CONTEXT)
    except pydantic.ValidationError as exc:
        raise _shape_error(operation, model, _pydantic_problems(exc)) from exc


def parse_one_json(content: bytes, model: type[M]) -> M | None:
    """The answer's body checked by `model` in one pass with pydantic's own JSON parser (a
    report so ~35% faster than `json.loads` and then the model). None when the body has a
    lone-surrogate escape or does not pass: the caller then takes the path that mends such
    text and says what is wrong (`decode_json`, `parse_one`)."""
    if has_surrogate_escape(content):
        return None
    try:
        return model.model_validate_json(content, context=_lenient.READ_CONTEXT)
    except pydantic.ValidationError:
        return None


def json_array(operation: str, data: Any, of: str) -> list[Any]:
    """`data` if the answer is a JSON array (of `of` records), else the DecodeError."""
    if not isinstance(data, list):
        raise DecodeError(
            f"expected a JSON array of {of}, got {type(data).__name__}",
            operation=label(operation),
        )
    return data


def parse_list(operation: str, data: Any, model: type[M]) -> list[M]:
    records: list[M] = []
    for index, item in enumerate(json_array(operation, data, model.__name__)):
        try:
            records.append(model.model_validate(item, context=_lenient.READ_CONTEXT))
        except pydantic.ValidationError as exc:
            problems = {
                f"[{index}].{where}": what for where, what in _pydantic_problems(exc).items()
            }
            raise _shape_error(operation, model, problems) from exc
    return records
