"""Query plans of real pages: capture every statement a request runs (Tortoise logs each one on
the `tortoise.db_client` logger, with its parameters) and ask the database how it would run it
(SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN` with sequential scans switched off, so a small
test table does not hide a missing index behind a cheap scan).

What fails: reading a whole table that grows with the site, either row by row (SQLite `SCAN t`,
PostgreSQL `Seq Scan`) or along an index without a condition (a whole index is the whole table
again), and any COUNT over such a table that is not listed below with the reason it stays small.
A scan that delivers rows in the order asked for, without a sorting step, up to a LIMIT is
accepted (the board's first page: the top 20 by trend): it stops after the first rows. The plan
cannot tell how far a selective filter makes such a scan read; bench/run.py measures that."""
from __future__ import annotations

import contextlib
import json
import logging
import re

from tortoise.connection import get_connections
from tortoise.transactions import in_transaction

# Tables that do not grow with the site, and why a full read of them is cheap.
SMALL_TABLES = {
    "idea_tag": "the product areas staff offer (a dozen or two)",
    "idea_priority_weights": "one row: the priority formula's weights",
    "idea_count": "one row per status and hidden flag (14 at most)",
    "campaign": "staff open a few campaigns a year",
    "consumer_cursor": "one row per event consumer",
    "sqlite_stat1": "SQLite's planner statistics: one row per index (the front page's estimate)",
}

# COUNTs a page may make over a growing table, found by a piece of their SQL, with the reason the
# rows they read stay few (each is narrowed by an index to one member's rows).
SMALL_COUNTS = {
    '"author_id"=': "a member's own hidden ideas on the board's total (ideas/board.py _total), a member's "
                    "ideas and comments on their profile (ideas/profile.py, counted past the first five)",
    '"member_id"=': "a member's unread notifications (the badge in the header), the shipped ideas a "
                    "member co-authored (their profile)",
}

_WRITES_AND_READS = ("SELECT", "UPDATE", "DELETE", "WITH")


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, list]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "%s: %s" and len(args) == 2 and isinstance(args[0], str):
            sql, values = args
            if sql.lstrip().upper().startswith(_WRITES_AND_READS):
                self.statements.append((sql, list(values or [])))


@contextlib.contextmanager
def captured():
    """Every SELECT, UPDATE and DELETE run inside the block, as (sql, parameters)."""
    logger = logging.getLogger("tortoise.db_client")
    handler, level = _Capture(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _has_limit(sql: str) -> bool:
    return re.search(r"\bLIMIT\b", sql, re.IGNORECASE) is not None


async def _sqlite_problems(sql: str, values: list) -> list[str]:
    connection = get_connections().get("default")
    _, rows = await connection.execute_query("EXPLAIN QUERY PLAN " + sql, values)
    details = [row[3] for row in rows]
    # Rows read in the order asked for (no sorting step) up to a LIMIT: the scan stops early.
    # SQLite names no index when that order is the rowid's (newest first).
    top_n = (_has_limit(sql) and re.search(r"\bORDER BY\b", sql, re.IGNORECASE) is not None
             and not any("TEMP B-TREE FOR ORDER BY" in detail for detail in details))
    problems = []
    for detail in details:
        match = re.match(r"SCAN (\w+)(?: AS \w+)?", detail)
        if match and match.group(1) not in SMALL_TABLES and not top_n:
            problems.append(detail)
    return problems


# Nodes that read all their input before giving the first row: a LIMIT above them stops nothing.
_READ_ALL = {"Sort", "Aggregate", "Hash", "Materialize", "WindowAgg", "SetOp", "Unique"}


def _walk(node: dict, limited: bool = False):
    yield node, limited
    limited = (limited or node["Node Type"] == "Limit") and node["Node Type"] not in _READ_ALL
    for child in node.get("Plans", ()):
        yield from _walk(child, limited)


async def _postgres_problems(sql: str, values: list) -> list[str]:
    async with in_transaction() as connection:
        await connection.execute_script("SET LOCAL enable_seqscan = off")
        rows = await connection.execute_query_dict("EXPLAIN (FORMAT JSON) " + sql, values)
    plan = rows[0]["QUERY PLAN"]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    problems = []
    for node, limited in _walk(plan[0]["Plan"]):
        table = node.get("Relation Name")
        if table is None or table in SMALL_TABLES:
            continue
        if node["Node Type"] == "Seq Scan":
            problems.append(f"Seq Scan on {table}")
        elif node["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in node and not limited:
            problems.append(f"{node['Node Type']} using {node.get('Index Name')} on {table} (a whole index, no LIMIT)")
    return problems


async def sorts_rows(sql: str, values: list) -> bool:
    """Whether the database would sort the rows of this statement itself (SQLite's temporary
    B-tree for ORDER BY, a PostgreSQL Sort node) rather than read them in order from an index.
    PostgreSQL is asked with sorting discouraged: a test table is small enough that sorting it
    would be cheaper, so the plan sorts only where no index gives the order."""
    connection = get_connections().get("default")
    if connection.capabilities.dialect == "sqlite":
        _, rows = await connection.execute_query("EXPLAIN QUERY PLAN " + sql, values)
        return any("TEMP B-TREE FOR ORDER BY" in row[3] for row in rows)
    async with in_transaction() as connection:
        await connection.execute_script("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
        rows = await connection.execute_query_dict("EXPLAIN (FORMAT JSON) " + sql, values)
    plan = rows[0]["QUERY PLAN"]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return any(node["Node Type"] in ("Sort", "Incremental Sort") for node, _ in _walk(plan[0]["Plan"]))


def _growing_tables(sql: str) -> set[str]:
    named = set(re.findall(r'(?:FROM|JOIN|UPDATE)\s+"?(\w+)"?', sql, re.IGNORECASE))
    return named - set(SMALL_TABLES)


async def problems_of(sql: str, values: list) -> list[str]:
    """What is wrong with the plan of one statement (empty: every growing table is read through
    an index)."""
    connection = get_connections().get("default")
    if connection.capabilities.dialect == "sqlite":
        problems = await _sqlite_problems(sql, values)
    else:
        problems = await _postgres_problems(sql, values)
    if re.search(r"\bCOUNT\(", sql, re.IGNORECASE) and _growing_tables(sql) and not any(
            piece in sql for piece in SMALL_COUNTS):
        problems.append("COUNT over a table that grows: keep a counter, estimate, or page without a total")
    return problems


async def assert_indexed(client, paths: list[str]) -> int:
    """Request each path (each must answer 200) and fail, naming the path, the statement and the
    plan, when one of its statements reads a growing table whole. Returns how many statements
    were checked (so a test can tell the capture saw them)."""
    failures, checked = [], 0
    for path in paths:
        with captured() as statements:
            response = await client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        for sql, values in statements:
            checked += 1
            for problem in await problems_of(sql, values):
                failures.append(f"{path}\n    {sql}\n    -> {problem}")
    assert not failures, "full scans of growing tables:\n" + "\n".join(failures)
    return checked
