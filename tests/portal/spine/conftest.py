"""The PostgreSQL-only spine tests (concurrent writers, transaction ids, two dispatchers) are
collected on the PostgreSQL leg only: on SQLite there is one writer, so they would test nothing."""
from tests.conftest import ON_POSTGRES

collect_ignore = [] if ON_POSTGRES else ["test_postgres_spine.py"]
