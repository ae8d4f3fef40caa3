"""Database layer: schema (models), engine and sessions, migrations. Imports SQLAlchemy only."""
