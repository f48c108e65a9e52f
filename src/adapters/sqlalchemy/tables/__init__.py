"""The schema: one module of SQLAlchemy Core tables per context, all on one MetaData.

Alembic migrations must produce exactly these tables (tests/integration/test_migrations.py checks it).
Importing this package registers every context's tables, so ``metadata`` is always complete.
"""

from adapters.sqlalchemy.tables import booking as booking
from adapters.sqlalchemy.tables import calendar as calendar
from adapters.sqlalchemy.tables import delivery as delivery
from adapters.sqlalchemy.tables import flags as flags
from adapters.sqlalchemy.tables import identity as identity
from adapters.sqlalchemy.tables import ledger as ledger
from adapters.sqlalchemy.tables import media as media
from adapters.sqlalchemy.tables import messaging as messaging
from adapters.sqlalchemy.tables import moderation as moderation
from adapters.sqlalchemy.tables import onboarding as onboarding
from adapters.sqlalchemy.tables import outbox as outbox
from adapters.sqlalchemy.tables import pages as pages
from adapters.sqlalchemy.tables import payment_calls as payment_calls
from adapters.sqlalchemy.tables import profiles as profiles
from adapters.sqlalchemy.tables import reviews as reviews
from adapters.sqlalchemy.tables import search as search
from adapters.sqlalchemy.tables import search_synonyms as search_synonyms
from adapters.sqlalchemy.tables import shared as shared
from adapters.sqlalchemy.tables.base import metadata as metadata
