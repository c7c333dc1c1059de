"""The Notes for users and the privacy notice, public in both languages."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.content import document
from convenience_center.components.i18n import t, tf
from convenience_center.i18n.content import (
    NOTES_FOR_USERS,
    PRIVACY_NOTICE,
    PRIVACY_VERSION,
    TERMS_VERSION,
)
from convenience_center.pages import page


@page("/notes-for-users", "notes.title")
def notes_for_users() -> rx.Component:
    """The Notes for users (the seed text of the platform)."""
    return rx.el.article(
        rx.el.h1(t("notes.title")),
        rx.el.p(tf("notes.version", version=TERMS_VERSION), class_name="cc-meta"),
        document(NOTES_FOR_USERS),
        class_name="cc-narrow",
    )


@page("/privacy", "privacy.title")
def privacy() -> rx.Component:
    """The privacy notice for the personal information collected."""
    return rx.el.article(
        rx.el.h1(t("privacy.title")),
        rx.el.p(tf("notes.version", version=PRIVACY_VERSION), class_name="cc-meta"),
        document(PRIVACY_NOTICE),
        class_name="cc-narrow",
    )
