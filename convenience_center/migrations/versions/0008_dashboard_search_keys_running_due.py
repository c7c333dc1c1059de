"""dashboard: search keys of cases (prefix search), the running due date (due soonest first)

Revision ID: 0008_dashboard
Revises: 0007_participation
Create Date: 2026-12-01 12:00:00

``case_search_key`` holds the normalised forms of each case's number and applicant's name
(see ``domain/search_keys.py``); the cases there are keyed here. ``running_due_date`` is a
generated column: the due date while the clock runs (VIRTUAL on SQLite, which cannot add a
STORED column to a table; STORED on PostgreSQL, whose indexes need it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_dashboard'
down_revision: str | None = '0007_participation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNNING_DUE_SQL = ("CASE WHEN status IN ('submitted', 'accepted', 'in_review', 'approved') "
                   "THEN due_date END")
CHUNK = 5_000


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column('application_case', sa.Column(
        'running_due_date', sa.Date(), sa.Computed(RUNNING_DUE_SQL, persisted=postgres),
        nullable=True))
    op.create_index('ix_case_running_due_id', 'application_case', ['running_due_date', 'id'])
    op.create_index('ix_case_office_running_due', 'application_case',
                    ['office_code', 'running_due_date'])
    key_type = sa.String(60).with_variant(sa.String(60, collation="C"), "postgresql")
    keys = op.create_table(
        'case_search_key',
        sa.Column('key', key_type, nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['application_case.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('key', 'case_id'),
    )
    op.create_index('ix_case_search_key_case', 'case_search_key', ['case_id', 'key'])
    _key_existing_cases(keys)


def _key_existing_cases(keys: sa.Table) -> None:
    from convenience_center.domain.search_keys import case_keys

    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.text(
            "SELECT id, case_no, applicant_name, id_last4 FROM application_case "
            "WHERE id > :last ORDER BY id LIMIT :chunk"), {"last": last, "chunk": CHUNK}).all()
        if not rows:
            return
        values = [{"key": key, "case_id": row.id} for row in rows
                  for key in case_keys(case_no=row.case_no, applicant_name=row.applicant_name,
                                       id_last4=row.id_last4)]
        if values:
            op.bulk_insert(keys, values)
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index('ix_case_search_key_case', table_name='case_search_key')
    op.drop_table('case_search_key')
    op.drop_index('ix_case_office_running_due', table_name='application_case')
    op.drop_index('ix_case_running_due_id', table_name='application_case')
    op.drop_column('application_case', 'running_due_date')
