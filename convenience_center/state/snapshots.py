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

On a page load the browser sends the hashes of the defaults it was compiled with, and Reflex
sends only the vars that differ from them: it serializes every var of every state to compare.
A state whose part was built here from its defaults differs in nothing, so where its hash
matches it is left out without being compared (profiled: that comparison was half of a
page load's hydration on the wizard, 8% of a connect's CPU).

The results are exactly what Reflex's own methods return (tests/state/test_snapshots.py
compares them on fresh, used and changed trees). The version of Reflex is pinned below 0.11.
"""

from __future__ import annotations

import copy
from typing import Any

import reflex.state
from reflex.state import BaseState
from reflex.utils import types
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.vars.base import is_computed_var

from convenience_center.state.lazy_tree import LazySubstates, substates_in_order

_original_dict: Any = None
_original_reset: Any = None
_original_diff: Any = None
_MISSING = object()
# state class -> ((var name, default), ...) and its part of a snapshot; None: no fast path.
_plans: dict[type, tuple[tuple[tuple[str, Any], ...], dict[str, Any]] | None] = {}
_client_storage: dict[type, tuple[str, ...]] = {}
# state class -> the parts of it and of every state under it, from their defaults; None: some
# state of that subtree has no plan.
_subtrees: dict[type, tuple[tuple[str, dict[str, Any]], ...] | None] = {}


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


class _Defaults(dict):
    """A state's part of a snapshot built from its defaults (so known to differ in nothing
    from the compiled ``initialState`` of the same build)."""


def _is_pristine(state: BaseState, defaults: tuple[tuple[str, Any], ...]) -> bool:
    values = state.__dict__
    for name, default in defaults:
        value = values.get(name, _MISSING)
        if value is not _MISSING and (type(value) is not type(default) or value != default):
            return False
    return True


def _subtree_defaults(cls: type[BaseState]) -> tuple[tuple[str, dict[str, Any]], ...] | None:
    """The snapshot parts of a state not made yet and of the states under it (all at their
    defaults), or None if one of them cannot be built from its defaults."""
    if cls in _subtrees:
        return _subtrees[cls]
    plan = _plan(cls)
    parts: tuple[tuple[str, dict[str, Any]], ...] | None = None
    if plan is not None:
        below = [_subtree_defaults(sub) for sub in cls.get_substates()]
        if all(each is not None for each in below):
            parts = ((cls.get_full_name(), plan[1]),
                     *(part for each in below for part in each or ()))
    _subtrees[cls] = parts
    return parts


def _own_part(self: BaseState, include_computed: bool, initial: bool) -> dict[str, Any]:
    """A state's own part of ``BaseState.dict`` (its substates left out)."""
    if include_computed:
        self._mark_dirty_computed_vars()
    values = {name: self.get_value(name) for name in self.base_vars}
    if include_computed:
        for name, cv in self.computed_vars.items():
            if cv._backend:
                continue
            unset = not is_computed_var(cv) or isinstance(cv._initial_value, types.Unset)
            values[name] = self.get_value(name) if not initial or unset else cv._initial_value
    return {name + FIELD_MARKER: values[name] for name in sorted(values)}


def _dict(self: BaseState, include_computed: bool = True, initial: bool = False,
          **kwargs: Any) -> dict[str, Any]:
    """``BaseState.dict``, with the part of a state still at its defaults built once, and
    the states not made yet (state/lazy_tree.py) taken from their defaults."""
    plan = _plan(type(self))
    snapshot: dict[str, Any]
    if plan is not None and _is_pristine(self, plan[0]):
        if include_computed:
            self._mark_dirty_computed_vars()  # as Reflex does: dependents elsewhere are marked
        snapshot = {self.get_full_name(): _Defaults(plan[1])}
    elif type(self.substates) is not LazySubstates:
        return _original_dict(self, include_computed=include_computed, initial=initial,
                              **kwargs)
    else:
        snapshot = {self.get_full_name(): _own_part(self, include_computed, initial)}
    for substate, cls in substates_in_order(self):
        parts = _subtree_defaults(cls) if substate is None else None
        if parts is not None:
            snapshot.update((name, _Defaults(part)) for name, part in parts)
            continue
        if substate is None:
            substate = self.substates[cls.get_name()]
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
    for substate, _cls in substates_in_order(self):
        if substate is not None:  # one not made yet holds its defaults
            substate._reset_client_storage()


async def _diff_against_initial_state(root_cls: type[BaseState], delta: dict[str, Any],
                                      hashes: list[str]) -> dict[str, Any]:
    """Reflex's ``_diff_against_initial_state``, passing over the parts built from defaults:
    those of states whose compiled hash the browser's matches are left out, the others'
    (a browser of another build) are sent whole, as Reflex would."""
    untouched = [name for name, part in delta.items() if type(part) is _Defaults]
    if not untouched:
        return await _original_diff(root_cls, delta, hashes)
    rest = {name: part for name, part in delta.items() if type(part) is not _Defaults}
    diff = await _original_diff(root_cls, rest, hashes)  # also makes the cache it reads
    cached = reflex.state._initial_snapshot_cache[root_cls]
    if diff is rest:  # the browser's build has other states: everything is sent
        return delta
    theirs = dict(zip(sorted(cached.hashes), hashes[1:], strict=True))
    for name in untouched:
        if name not in cached.serialized or theirs.get(name) != cached.hashes.get(name):
            diff[name] = delta[name]
    return {name: diff[name] for name in delta if name in diff}  # in the snapshot's order


def install() -> bool:
    """Put the methods in place (once, before any event); False if already done."""
    global _original_dict, _original_reset, _original_diff
    if _original_dict is not None:
        return False
    _original_dict, _original_reset = BaseState.dict, BaseState._reset_client_storage
    _original_diff = reflex.state._diff_against_initial_state
    BaseState.dict = _dict  # type: ignore[method-assign]
    BaseState._reset_client_storage = _reset_client_storage  # type: ignore[method-assign]
    reflex.state._diff_against_initial_state = _diff_against_initial_state  # type: ignore[assignment]
    return True


def originals() -> tuple[Any, Any, Any]:
    """Reflex's own ``dict``, ``_reset_client_storage`` and hydration diff (for the tests
    that compare)."""
    return _original_dict, _original_reset, _original_diff
