"""A bare Reflex 0.10 app: a counter, and one handler doing an SQLModel INSERT + COMMIT and a
SELECT by id — what the framework itself costs for a database event. Nothing of the platform
is imported; the benchmark suite builds and runs it beside the platform."""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx
import sqlmodel
from sqlmodel import Field, SQLModel


class Note(SQLModel, table=True):
    """One row per event."""

    id: int | None = Field(default=None, primary_key=True)
    text: str = ""
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class BareState(rx.State):
    """A counter and the last note saved."""

    count: int = 0
    note: str = ""
    saved: int = 0

    @rx.event
    def increment(self):
        """The cheapest event: change one var."""
        self.count += 1

    @rx.event
    def save(self, form: dict):
        """Insert a row, commit, read it back by id."""
        with rx.session() as session:
            row = Note(text=str(form.get("text", ""))[:200])
            session.add(row)
            session.commit()
            found = session.exec(sqlmodel.select(Note).where(Note.id == row.id)).one()
            self.note = found.text
            self.saved += 1


def index() -> rx.Component:
    return rx.el.main(
        rx.el.h1("Bare app"),
        rx.el.p("Count: ", rx.el.span(BareState.count, id="count")),
        rx.el.button("Increment", on_click=BareState.increment, type="button"),
        rx.el.form(
            rx.el.label("Note", html_for="note"),
            rx.el.input(id="note", name="text"),
            rx.el.button("Save", type="submit"),
            on_submit=BareState.save,
            reset_on_submit=False,
        ),
        rx.el.p("Saved: ", rx.el.span(BareState.saved, id="saved"), " ",
                rx.el.strong(BareState.note, id="note-text")),
    )


def _create_tables() -> None:
    SQLModel.metadata.create_all(sqlmodel.create_engine(rx.config.get_config().db_url))


_create_tables()
app = rx.App()
app.add_page(index, route="/")


