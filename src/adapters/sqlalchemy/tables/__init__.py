"""The schema: one module of SQLAlchemy Core tables per context, all on one MetaData.

Alembic migrations must produce exactly these tables (tests/integration/test_migrations.py checks it).
Importing this package registers every context's tables, so ``metadata`` is always complete.
"""

from adapters.sqlalchemy.tables import profiles as profiles
from adapters.sqlalchemy.tables import shared as shared
from adapters.sqlalchemy.tables.base import metadata as metadata
