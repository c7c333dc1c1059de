"""A tab's full snapshot made cheaply, the same as Reflex makes it.

At every (re)connect Reflex sends the tab's whole state tree (``hydrate_and_load`` calls
``State.dict()``): the 43 states of this app, of which a tab has used two or three. Profiled
(py-spy, 20 tabs connecting at once), building those parts and clearing client storage were
a fifth of a connect's CPU. Two things are the same for every tab and are found once per
state class here:

- the part of the snapshot of a state none of whose vars holds anything but its default, for
  a state without computed vars (a value never read is still the default: Reflex makes
  defaults when first read);
- which vars of a state are client storage (cookies, local storage), which hydration resets.

The results are exactly what Reflex's own methods return (tests/state/test_snapshots.py
compares them on fresh, used and changed trees). The version of Reflex is pinned below 0.11.
"""

from __future__ import annotations

import copy
from typing import Any

from reflex.state import BaseState
from reflex_base.constants.state import FIELD_MARKER

_original_dict: Any = None
_original_reset: Any = None
_MISSING = object()
# state class -> ((var name, default), ...) and its part of a snapshot; None: no fast path.
_plans: dict[type, tuple[tuple[tuple[str, Any], ...], dict[str, Any]] | None] = {}
_client_storage: dict[type, tuple[str, ...]] = {}


def _plan(cls: type[BaseState]) -> tuple[tuple[tuple[str, Any], ...], dict[str, Any]] | None:
    if cls in _plans:
        return _plans[cls]
    fields = cls.get_fields()
    plan = None
    if not any(not cv._backend for cv in cls.computed_vars.values()) and all(
            name in fields and fields[name]._owner is cls and not cls._is_client_storage(
                fields[name]) for name in cls.base_vars):
        defaults = tuple((name, fields[name].default_value()) for name in sorted(cls.base_vars))
        part = {name + FIELD_MARKER: copy.deepcopy(value) for name, value in defaults}
        plan = (defaults, part)
    _plans[cls] = plan
    return plan


def _is_pristine(state: BaseState, defaults: tuple[tuple[str, Any], ...]) -> bool:
    values = state.__dict__
    for name, default in defaults:
        value = values.get(name, _MISSING)
        if value is not _MISSING and (type(value) is not type(default) or value != default):
            return False
    return True


def _dict(self: BaseState, include_computed: bool = True, initial: bool = False,
          **kwargs: Any) -> dict[str, Any]:
    """``BaseState.dict``, with the part of a state still at its defaults built once."""
    plan = _plan(type(self))
    if plan is None or not _is_pristine(self, plan[0]):
        return _original_dict(self, include_computed=include_computed, initial=initial,
                              **kwargs)
    if include_computed:
        self._mark_dirty_computed_vars()  # as Reflex does: dependents elsewhere are marked
    snapshot = {self.get_full_name(): dict(plan[1])}
    for substate in self.substates.values():
        snapshot.update(substate.dict(include_computed=include_computed, initial=initial,
                                      **kwargs))
    return snapshot


def _reset_client_storage(self: BaseState) -> None:
    """``BaseState._reset_client_storage``, with the client-storage vars found once per class."""
    cls = type(self)
    names = _client_storage.get(cls)
    if names is None:
        fields = cls.get_fields()
        names = _client_storage[cls] = tuple(
            name for name in cls.base_vars if cls._is_client_storage(fields[name]))
    if names:
        fields = cls.get_fields()
        for name in names:
            setattr(self, name, fields[name].default_value())
    for substate in self.substates.values():
        substate._reset_client_storage()


def install() -> bool:
    """Put the two methods in place (once, before any event); False if already done."""
    global _original_dict, _original_reset
    if _original_dict is not None:
        return False
    _original_dict, _original_reset = BaseState.dict, BaseState._reset_client_storage
    BaseState.dict = _dict  # type: ignore[method-assign]
    BaseState._reset_client_storage = _reset_client_storage  # type: ignore[method-assign]
    return True


def originals() -> tuple[Any, Any]:
    """Reflex's own ``dict`` and ``_reset_client_storage`` (for the tests that compare)."""
    return _original_dict, _original_reset
