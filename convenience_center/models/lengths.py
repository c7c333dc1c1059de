"""The length limits the tables declare, for the services that cut a value to fit its column.

A limit is declared once, on the model (``Field(max_length=...)`` or the length of its own
``sa_column``); a service that stores or looks up a value of that column reads it from there
instead of repeating the number.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlmodel import SQLModel


def max_length(model: type[SQLModel], field: str) -> int:
    """The length of the string column ``field`` of the table ``model``.

    Raises ``KeyError`` for a field that is not a column and ``ValueError`` for a column
    without a length (``Text``, numbers, dates): there is nothing to cut it to.
    """
    length = getattr(inspect(model).columns[field].type, "length", None)
    if not isinstance(length, int):
        raise ValueError(f"{model.__name__}.{field} is not a column of bounded length")
    return length


def clip(model: type[SQLModel], field: str, value: str) -> str:
    """``value`` cut to the length of the column ``model.field`` (unchanged if it fits)."""
    return value[:max_length(model, field)]
