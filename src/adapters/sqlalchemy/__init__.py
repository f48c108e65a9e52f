"""SQLAlchemy 2 Core adapters: tables, explicit row<->domain mapping, the unit of work, migrations."""
