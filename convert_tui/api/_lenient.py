"""Validators behind the models' leniency: strict for what we build, tolerant of server answers.

The client validates server answers with `READ_CONTEXT`; constructors, assignments and dicts
passed to the client are validated without it, and so strictly.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError as PydanticValidationError
from pydantic import ValidationInfo
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

# Passed as pydantic validation context when parsing server answers.
FROM_SERVER = "convert_tui.from_server"
READ_CONTEXT: dict[str, Any] = {FROM_SERVER: True}


def reading_server_answer(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and info.context.get(FROM_SERVER) is True


def keep_unknown_string(
    value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
) -> Any:
    try:
        return handler(value)
    except PydanticValidationError:
        if reading_server_answer(info) and isinstance(value, str):
            return value
        raise


def keep_out_of_range_number(
    value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
) -> Any:
    try:
        return handler(value)
    except PydanticValidationError:
        if reading_server_answer(info):
            if blank_to_none(value) is None:
                return None
            number = _as_number(value)
            if number is not None:
                return number
        raise


def _as_number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return None
    return None


def blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def blank_only(text: str) -> None:
    """None for a blank string, ValueError for any other: as a union's last member, it reads
    what `blank_to_none` would turn into None (and a number in text is left to the others)."""
    if blank_to_none(text) is not None:
        raise ValueError("not a number")


def id_to_str(value: Any) -> Any:
    # bool is an int subclass; True is never a valid id.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value
