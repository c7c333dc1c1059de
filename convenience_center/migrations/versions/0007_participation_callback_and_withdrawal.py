"""participation: when a rectification's call back was made and its outcome; why a
publication was withdrawn

Until now ``rectification_task.callback_at`` held the moment the task was closed. It becomes
the time of the call as the officer records it, and ``closed_at`` the moment of closing; for
tasks closed before, both keep the closing time (the time of their calls was never recorded).

Revision ID: 0007_participation
Revises: 0006_security
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import convenience_center.models.types

revision: str = '0007_participation'
down_revision: str | None = '0006_security'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('rectification_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('callback_outcome',
                                      sqlmodel.sql.sqltypes.AutoString(length=20),
                                      nullable=True))
        batch_op.add_column(sa.Column('closed_at', convenience_center.models.types.UTCDateTime(),
                                      nullable=True))
    op.execute("UPDATE rectification_task SET closed_at = callback_at WHERE status = 'closed'")
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_reason')
    with op.batch_alter_table('rectification_task', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('callback_outcome')
