"""Several machines serving one site need PostgreSQL and Redis: these tests are collected on the
PostgreSQL leg only (`.ci/run` starts Redis when it is not running)."""
from tests.conftest import ON_POSTGRES

collect_ignore = [] if ON_POSTGRES else ["test_two_machines.py"]
