"""indexes for the queues of wide jurisdictions (city, province)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 22:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('application_case', schema=None) as batch_op:
        batch_op.create_index('ix_case_submitted_id', ['submitted_at', 'id'], unique=False)
        batch_op.create_index('ix_case_due_id', ['due_date', 'id'], unique=False)
        batch_op.create_index('ix_case_status_office_due', ['status', 'office_code', 'due_date'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('application_case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_status_office_due')
        batch_op.drop_index('ix_case_due_id')
        batch_op.drop_index('ix_case_submitted_id')
