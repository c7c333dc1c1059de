"""security fixes of issue 12: the browser a sign-in code is bound to, the password reset a
misuse report requires, and the queue of "forgot password" requests

Revision ID: 0006_security
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import convenience_center.models.types

revision: str = '0006_security'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('login_handoff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('browser_hash', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'reset_required_at', convenience_center.models.types.UTCDateTime(timezone=True),
            nullable=True))
    op.create_table(
        'password_reset_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email_key', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=45), nullable=True),
        sa.Column('created_at', convenience_center.models.types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('password_reset_request')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('reset_required_at')
    with op.batch_alter_table('login_handoff', schema=None) as batch_op:
        batch_op.drop_column('browser_hash')
