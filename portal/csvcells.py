"""Cells for CSV files people open in spreadsheets."""
from __future__ import annotations

import json


def safe_cell(value) -> str:
    """A value as CSV text that no spreadsheet runs as a formula.

    A cell starting with = + - @ (or a tab or carriage return) is a formula to spreadsheet
    programs: it gets a leading apostrophe. Lists and objects are written as JSON."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
