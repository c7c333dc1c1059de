"""A tab's state tree as a new tab gets it: empty defaults made fresh for each tab, and the
form messages written with the codes they translate (plain vars, not computed at hydration)."""

from __future__ import annotations

import copy
import functools

from reflex.state import State

import convenience_center.convenience_center  # noqa: F401  (the app: every state, installed)
from convenience_center.i18n import translate
from convenience_center.state.auth import LoginState, RegisterState
from convenience_center.state.defaults import install


def _tree() -> State:
    return State(_reflex_internal_init=True)  # type: ignore[call-arg]


def _states(root: type) -> list[type]:
    found, todo = [], [root]
    while todo:
        state = todo.pop()
        found.append(state)
        todo.extend(state.get_substates())
    return found


def test_empty_defaults_are_made_by_the_builtin_constructor_and_never_shared():
    deep_copied = [
        (state.__name__, name) for state in _states(State)
        for name, field in state.get_fields().items()
        if isinstance(field.default_factory, functools.partial)
        and field.default_factory.func is copy.deepcopy
        and field.default_factory.args in (({},), ([],), (set(),))]
    assert deep_copied == []
    assert install() == 0  # installed once, by the app module
    one, two = (tree.get_substate(LoginState.get_full_name().split(".")[1:]) for tree in
                (_tree(), _tree()))
    assert one.error_codes == {} and one.error_list == []
    assert one.error_codes is not two.error_codes and one.error_list is not two.error_list
    one.error_codes = {"password": "login.password_required"}
    assert two.error_codes == {}


def test_form_messages_follow_their_codes_in_both_languages_and_in_form_order():
    form = _tree().get_substate(RegisterState.get_full_name().split(".")[1:])
    form.error_codes = {"password": "login.password_required", "id_number": "id_number.required"}
    assert form.errors_zh == {"password": translate("login.password_required", "zh"),
                              "id_number": translate("id_number.required", "zh")}
    assert form.errors_en["password"] == translate("login.password_required", "en")
    assert [entry["field"] for entry in form.error_list] == ["id_number", "password"]
    assert form.error_list[0]["en"] == translate("id_number.required", "en")
    assert {"errors_zh", "errors_en", "error_list"} <= form.dirty_vars  # sent with the delta
    login = _tree().get_substate(LoginState.get_full_name().split(".")[1:])
    login.notice_code = "login.busy"
    assert login.notice == {"zh": translate("login.busy", "zh"),
                            "en": translate("login.busy", "en")}
    login.notice_params = {"name": "x"}  # the last message's params, then a new code and its own
    login.notice_code, login.notice_params = "sp.pub_saved", {"number": "GK-1"}
    assert login.notice["en"] == translate("sp.pub_saved", "en", number="GK-1")
    login._clear_messages()
    assert (login.errors_zh, login.errors_en, login.error_list, login.notice) == ({}, {}, [], {})


def test_no_state_of_the_app_has_a_computed_var():
    """Reflex loads every state with a computed var into every event of every tab, to see
    whether it changed (on Redis: a read and a write more per event); the app's pages compute
    in the page instead (e.g. the item being withdrawn, picked from the list)."""
    computed = [(state.__name__, name) for state in _states(State)
                if state.__module__.startswith("convenience_center")
                for name in state.computed_vars]
    assert computed == []
