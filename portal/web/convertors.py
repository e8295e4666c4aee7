"""The `{name:int}` path convertor, bounded to the ids our tables hold.

Every id column is a 32-bit IntField (PostgreSQL `integer`), and Starlette's own int convertor
matches any number of digits: /ideas/99999999999999999999999 reached the database and failed
there (OverflowError on SQLite, a DataError on PostgreSQL) as a 500. This convertor's pattern
matches only 0 … 2^31-1, so a larger number simply matches no route: 404 for pages and API alike.

Registered under the name "int" when this module is imported, which portal/app.py does before it
imports any routes (a route compiles its path, and looks up its convertors, when it is created)."""
from __future__ import annotations

from starlette.convertors import IntegerConvertor, register_url_convertor

ID_MAX = 2**31 - 1


def pattern_up_to(limit: int) -> str:
    """A regular expression (no anchors) for the decimal numbers 0 … limit, without leading zeros
    beyond the limit's length: shorter numbers, then each number of the limit's length that is
    smaller at its first differing digit, then the limit itself."""
    digits = str(limit)
    options = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for position, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - position - 1
            options.append(digits[:position] + f"[0-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    options.append(digits)
    return "(?:" + "|".join(options) + ")"


class IdConvertor(IntegerConvertor):
    regex = pattern_up_to(ID_MAX)


register_url_convertor("int", IdConvertor())
