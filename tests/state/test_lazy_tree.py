"""A tab's states are made when first used (state/lazy_tree.py), and the tab sees exactly what
Reflex's whole tree would show it: the same snapshot, in the same order, after the same
changes the same deltas, and the same tree when something walks all of it."""

from __future__ import annotations

import json
import pickle
from typing import Any

from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken
from reflex.state import BaseState, OnLoadInternalState, State

import convenience_center.convenience_center  # noqa: F401  (the app: every state, installed)
from convenience_center.state import lazy_tree
from convenience_center.state.auth import LoginState
from convenience_center.state.base import AppState
from convenience_center.state.participation import ConsultState
from convenience_center.state.wizard import WizardState
from tests.state import loops


def _whole() -> State:
    return State(_reflex_internal_init=True)  # type: ignore[call-arg]


def _lazy() -> State:
    return lazy_tree.make(State, None)  # type: ignore[return-value]


def _path(cls: type[BaseState]) -> list[str]:
    return cls.get_full_name().split(".")[1:]


def _made(state: BaseState) -> int:
    """How many states of the tree under ``state`` are made (without making more)."""
    substates = state.substates
    made = dict.values(substates) if type(substates) is lazy_tree.LazySubstates \
        else substates.values()
    return 1 + sum(_made(each) for each in made)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _change(tree: State) -> None:
    app = tree.get_substate(_path(AppState))
    app.lang, app.signed_in, app.user_display = "en", True, "李娜"  # type: ignore[attr-defined]
    wizard = tree.get_substate(_path(WizardState))
    wizard.step, wizard.loaded = "spouse", True  # type: ignore[attr-defined]
    wizard.fields = [{"name": "spouse_name", "value": "王伟"}]  # type: ignore[attr-defined]
    consult = tree.get_substate(_path(ConsultState))
    consult.items.append({"number": "Q1"})  # type: ignore[attr-defined]  (through the proxy)


def test_the_app_makes_new_trees_lazily_in_memory():
    assert lazy_tree.install() is False  # done by the app module, once

    async def new_tab() -> State:
        manager = StateManagerMemory()
        token = BaseStateToken(ident="tab-1", cls=State)
        async with manager.modify_state(token) as state:
            return state  # type: ignore[return-value]

    tree = loops.run(new_tab())
    assert type(tree.substates) is lazy_tree.LazySubstates
    assert _made(tree) == 1
    assert len(tree.substates) == len(State.get_substates())


def test_a_new_tab_is_sent_what_the_whole_tree_sends_making_few_states():
    lazy, whole = _lazy(), _whole()
    sent = lazy.dict()
    assert _json(sent) == _json(whole.dict())
    assert list(sent) == list(whole.dict())  # the same states, in the same order
    assert _made(lazy) < 5 < _made(whole) == len(sent)


def test_used_states_are_sent_and_changed_as_in_the_whole_tree():
    lazy, whole = _lazy(), _whole()
    for tree in (lazy, whole):
        tree._clean()
        _change(tree)
    assert _json(loops.run(lazy._get_resolved_delta())) == \
        _json(loops.run(whole._get_resolved_delta()))
    assert _json(lazy.dict()) == _json(whole.dict())
    assert list(lazy.dict()) == list(whole.dict())
    assert _made(lazy) < _made(whole) / 3


def test_reached_by_name_a_state_is_made_with_its_defaults():
    lazy = _lazy()
    loader = loops.run(lazy.get_state(OnLoadInternalState))
    assert isinstance(loader, OnLoadInternalState) and loader.parent_state is lazy
    login = lazy.get_substate(_path(LoginState))
    assert login.parent_state is lazy.get_substate(_path(LoginState)[:-1])
    whole_login = _whole().get_substate(_path(LoginState))
    assert _json(login.dict()) == _json(whole_login.dict())
    assert login.get_name() in lazy.get_substate(_path(LoginState)[:-1]).substates
    assert "no-such-state" not in lazy.substates
    assert lazy.substates.get("no-such-state") is None


def test_walking_the_whole_tree_makes_all_of_it():
    lazy, whole = _lazy(), _whole()
    names = sorted(lazy.substates)  # iterating makes the children (theirs stay lazy)
    assert names == sorted(whole.substates)
    assert _made(lazy) == 1 + len(names)
    lazy.reset()  # Reflex's reset walks every state
    assert _made(lazy) == _made(whole)


def test_client_storage_reset_and_pickling_keep_the_tree():
    lazy, whole = _lazy(), _whole()
    for tree in (lazy, whole):
        _change(tree)
    made = _made(lazy)
    lazy._reset_client_storage()
    whole._reset_client_storage()
    assert _made(lazy) == made  # a state not made yet holds nothing to reset
    assert _json(lazy.dict()) == _json(whole.dict())
    again, whole_again = pickle.loads(pickle.dumps(lazy)), pickle.loads(pickle.dumps(whole))
    assert type(again.substates) is dict
    assert _json(again.dict()) == _json(whole_again.dict())
