"""The full snapshot a tab is sent at (re)connect is exactly what Reflex itself would send:
on a new tab's tree, on one whose states were read and used, and after vars went back to
their defaults (state/snapshots.py builds the parts of untouched states once per class).
So is what a page load is sent when the browser gives the hashes of the build it holds:
only what differs from them, whether the browser's build is this one, has one state of
other defaults, or other states."""

from __future__ import annotations

import json

from reflex.istate.delta import _resolve_delta
from reflex.state import BaseState, State, state_snapshot_hashes

import convenience_center.convenience_center  # noqa: F401  (the app: every state, installed)
from convenience_center.state import snapshots
from convenience_center.state.auth import LoginState
from convenience_center.state.base import AppState
from convenience_center.state.participation import ConsultState
from convenience_center.state.wizard import WizardState
from tests.state import loops

original_dict, original_reset, original_diff = snapshots.originals()


def _tree() -> State:
    return State(_reflex_internal_init=True)  # type: ignore[call-arg]


def _in(tree: State, cls: type[BaseState]) -> BaseState:
    return tree.get_substate(cls.get_full_name().split(".")[1:])


def _reflex_dict(state: BaseState) -> dict:
    """What Reflex's own ``dict`` gives for the tree (its recursion through the originals)."""
    own = original_dict.__get__(state)
    saved = BaseState.dict
    BaseState.dict = original_dict  # type: ignore[method-assign]
    try:
        return own()
    finally:
        BaseState.dict = saved  # type: ignore[method-assign]


def _same(tree: State) -> None:
    ours, theirs = tree.dict(), _reflex_dict(tree)
    assert json.dumps(ours, sort_keys=True, default=str) == json.dumps(theirs, sort_keys=True,
                                                                          default=str)
    assert list(ours) == list(theirs)  # the same states, in the same order


def test_installed_by_the_app_once():
    assert snapshots.install() is False
    assert BaseState.dict is not original_dict


def test_a_new_tabs_snapshot_is_reflexs():
    _same(_tree())


def test_used_and_changed_states_are_sent_as_they_are():
    tree = _tree()
    app = _in(tree, AppState)
    app.lang, app.signed_in, app.user_display = "en", True, "李娜"
    wizard = _in(tree, WizardState)
    wizard.step, wizard.loaded = "spouse", True
    wizard.fields = [{"name": "spouse_name", "label_zh": "配偶姓名", "value": "王伟"}]
    consult = _in(tree, ConsultState)
    consult.items.append({"number": "Q1", "status_zh": "待答复"})  # through the proxy
    _same(tree)
    sent = tree.dict()
    assert sent[WizardState.get_full_name()]["step_rx_state_"] == "spouse"
    assert sent[ConsultState.get_full_name()]["items_rx_state_"][0]["number"] == "Q1"
    assert sent[AppState.get_full_name()]["lang_rx_state_"] == "en"


def test_a_state_set_back_to_its_defaults_and_one_read_only_are_like_new():
    tree = _tree()
    login = _in(tree, LoginState)
    login.error_codes = {"password": "login.password_required"}
    login.error_codes = {}
    _ = _in(tree, ConsultState).items  # read: its default is made
    _same(tree)
    fresh = _tree().dict()
    assert tree.dict()[LoginState.get_full_name()] == fresh[LoginState.get_full_name()]


def test_an_equal_value_of_another_type_is_not_taken_for_the_default():
    tree = _tree()
    wizard = _in(tree, WizardState)
    default = WizardState.get_fields()["position"].default_value()
    assert default == 0
    wizard.position = 0.0  # equal to the default, but sent as 0.0
    _same(tree)


def test_snapshots_of_two_tabs_do_not_share_their_state_dicts():
    one, two = _tree().dict(), _tree().dict()
    name = ConsultState.get_full_name()
    one[name]["items_rx_state_"] = ["changed"]
    assert two[name]["items_rx_state_"] == []
    assert _tree().dict()[name]["items_rx_state_"] == []


def test_client_storage_is_reset_as_reflex_resets_it():
    tree = _tree()
    _in(tree, AppState).lang = "en"  # not client storage: kept
    tree._reset_client_storage()
    assert _in(tree, AppState).lang == "en"
    other = _tree()
    _in(other, AppState).lang = "en"
    original_reset(other)  # Reflex's own method, at the root only: substates through ours
    _same(tree)
    assert tree.dict() == other.dict()


def test_every_state_but_the_root_has_its_snapshot_built_once():
    todo, without = [State], []
    while todo:
        state = todo.pop()
        todo.extend(state.get_substates())
        if snapshots._plan(state) is None:
            without.append(state.__name__)
    # The root holds the router (never the default); no state of the app has a computed var
    # (tests/state/test_state_tree.py).
    assert sorted(without) == ["State"]


# --- a page load: the browser sends the hashes of its compiled defaults ---------------------

def _page_load(tree: State, hashes: list[str]) -> tuple[dict, dict]:
    """What the tab is sent (ours), and what Reflex's own snapshot and diff send."""
    async def both() -> tuple[dict, dict]:
        ours = await snapshots._diff_against_initial_state(
            State, await _resolve_delta(tree.dict()), hashes)
        theirs = await original_diff(State, await _resolve_delta(_reflex_dict(tree)), hashes)
        return ours, theirs
    return loops.run(both())


def _compiled_hashes() -> list[str]:
    """The hashes a browser holding this build sends (those of a new tree's snapshot, as the
    compiler takes them)."""
    return state_snapshot_hashes(loops.run(_resolve_delta(_reflex_dict(_tree()))))


def _used_tree() -> State:
    tree = _tree()
    _in(tree, AppState).lang = "en"
    wizard = _in(tree, WizardState)
    wizard.step, wizard.loaded = "spouse", True
    _in(tree, ConsultState).items.append({"number": "Q1"})
    return tree


def test_a_page_load_of_this_build_is_sent_only_what_differs():
    for tree in (_tree(), _used_tree()):
        ours, theirs = _page_load(tree, _compiled_hashes())
        assert json.dumps(ours, default=str) == json.dumps(theirs, default=str)
    ours, _ = _page_load(_used_tree(), _compiled_hashes())
    assert ours[WizardState.get_full_name()] == {"step_rx_state_": "spouse",
                                                 "loaded_rx_state_": True}
    assert LoginState.get_full_name() not in ours  # untouched: the browser has it


def test_a_browser_with_one_state_of_other_defaults_is_sent_that_state_whole():
    hashes = _compiled_hashes()
    names = sorted(_reflex_dict(_tree()))
    login = names.index(LoginState.get_full_name())
    hashes[1 + login] = "0" * 16  # the browser's LoginState was compiled with other defaults
    ours, theirs = _page_load(_used_tree(), hashes)
    assert json.dumps(ours, default=str) == json.dumps(theirs, default=str)
    assert ours[LoginState.get_full_name()] == _tree().dict()[LoginState.get_full_name()]


def test_a_browser_of_another_build_is_sent_everything():
    hashes = ["f" * 16, *_compiled_hashes()[1:]]  # its states have other names
    ours, theirs = _page_load(_used_tree(), hashes)
    assert json.dumps(ours, default=str) == json.dumps(theirs, default=str)
    assert len(ours) == len(_tree().dict())
