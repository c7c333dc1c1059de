"""A tab's states made when first used, not all 43 when the tab connects.

Reflex's in-memory state manager (the embedded default: SQLite, one worker) makes a new tab's
whole tree at once: the root and every state under it, recursively, 43 objects here, of which
a tab uses three or four (the root, the app's base state, its page's state, the page-load
state). Profiled (py-spy, page loads of the wizard one after another, SQLite): making the tree
was 12.5% of a connect's CPU and its snapshot 6%; ``State()`` takes about 1.2-1.6 ms on this
machine.

Here a state's ``substates`` is a dict that makes a substate the first time it is looked up
by name (``get_state``, ``get_substate``, a delta, a dirty mark), exactly as Reflex would have
made it at the start. Whatever walks all of them (``values()``, ``items()``, iterating,
``len``, pickling, ``reset``) makes the rest first, so it sees the same tree as in Reflex. The
two walks a connect does are the snapshot and the reset of client storage
(``state/snapshots.py``): a state not made yet is still at its defaults and holds no client
storage, so the snapshot takes the part of it built once per class from its defaults (which
Reflex's own diff then leaves out on a page load: the browser was compiled with the same
defaults), and the reset has nothing to reset in it. A class whose part cannot be built from
its defaults (computed vars that are sent, client storage: only the root state here) is made
when the snapshot needs it.

Only the in-memory manager is changed: the Redis manager already loads a tab's states one by
one. The version of Reflex is pinned below 0.11; tests/state/test_lazy_tree.py compares the
trees, snapshots and deltas with Reflex's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken
from reflex.state import BaseState

_original_get_or_create: Any = None


class LazySubstates(dict):
    """The substates of one state, each made when first looked up by name."""

    __slots__ = ("_order", "_owner", "_pending")

    def __init__(self, owner: BaseState, classes: Any) -> None:
        super().__init__()
        self._owner = owner
        self._order = tuple((cls.get_name(), cls) for cls in classes)  # as Reflex makes them
        self._pending: dict[str, type[BaseState]] = dict(self._order)

    # -- looked up by name: make that one --

    def __missing__(self, name: str) -> BaseState:
        cls = self._pending.pop(name, None)
        if cls is None:
            raise KeyError(name)
        state = make(cls, self._owner)
        dict.__setitem__(self, name, state)
        return state

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in self._pending

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        if name in self:
            return self[name]  # made now if it was not yet
        return default

    def __setitem__(self, name: str, state: BaseState) -> None:  # e.g. shared states' links
        self._pending.pop(name, None)
        dict.__setitem__(self, name, state)

    def __delitem__(self, name: str) -> None:
        if self._pending.pop(name, None) is None:
            dict.__delitem__(self, name)

    def pop(self, name: str, *default: Any) -> Any:  # type: ignore[override]
        if name in self._pending:
            self.__missing__(name)  # made, then taken out as Reflex's dict would give it
        return dict.pop(self, name, *default)

    def setdefault(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[name] if name in self else dict.setdefault(self, name, default)

    # -- walked whole: make all first --

    def make_all(self) -> None:
        """Make every substate not made yet (their own substates stay lazy)."""
        for name in list(self._pending):
            self.__missing__(name)

    def __iter__(self) -> Iterator[str]:
        self.make_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._pending)

    def keys(self) -> Any:
        self.make_all()
        return dict.keys(self)

    def values(self) -> Any:
        self.make_all()
        return dict.values(self)

    def items(self) -> Any:
        self.make_all()
        return dict.items(self)

    def copy(self) -> dict[str, BaseState]:
        self.make_all()
        return dict(dict.items(self))

    def clear(self) -> None:
        self._pending.clear()
        dict.clear(self)

    def __eq__(self, other: object) -> bool:
        self.make_all()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazySubstates(made={list(dict.keys(self))}, not yet={list(self._pending)})"

    def __reduce__(self) -> Any:  # pickled (e.g. by a test) as the plain dict Reflex has
        self.make_all()
        return (dict, (dict(dict.items(self)),))

    # -- for the snapshot and the client-storage reset (state/snapshots.py) --

    def in_order(self) -> list[tuple[BaseState | None, type[BaseState]]]:
        """Each substate in Reflex's order, as (the state, its class), with None for the state
        of one not made yet (all at its defaults); then any put in by name (links)."""
        made = dict(dict.items(self))
        listed = [(made.pop(name, None), cls) for name, cls in self._order]
        return [*listed, *((state, type(state)) for state in made.values())]


def make(cls: type[BaseState], parent: BaseState | None) -> BaseState:
    """A state of ``cls`` under ``parent``, as Reflex makes it, with lazy substates."""
    state = cls(parent_state=parent, init_substates=False, _reflex_internal_init=True)
    object.__setattr__(state, "substates", LazySubstates(state, cls.get_substates()))
    return state


def substates_in_order(state: BaseState) -> list[tuple[BaseState | None, type[BaseState]]]:
    """A state's substates in Reflex's order, as (the state or None if not made yet, its
    class)."""
    substates = state.substates
    if type(substates) is LazySubstates:
        return substates.in_order()
    return [(each, type(each)) for each in substates.values()]


def _get_or_create_state(self: StateManagerMemory, token: Any) -> Any:
    if isinstance(token, BaseStateToken) and token.cache_key not in self.states:
        self.states[token.cache_key] = make(cast(Any, token.cls).get_root_state(), None)
    return _original_get_or_create(self, token)


def install() -> bool:
    """Make the in-memory manager's new trees lazy (once, before any event); False if done."""
    global _original_get_or_create
    if _original_get_or_create is not None:
        return False
    _original_get_or_create = StateManagerMemory._get_or_create_state
    StateManagerMemory._get_or_create_state = _get_or_create_state  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    """Reflex's own manager again (for the tests that compare)."""
    global _original_get_or_create
    if _original_get_or_create is not None:
        StateManagerMemory._get_or_create_state = _original_get_or_create  # type: ignore[method-assign]
        _original_get_or_create = None
