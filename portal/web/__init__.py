"""The web baseline: templating, CSRF, security headers, auth resolution, errors, pagination."""
# First of all: route paths compile their `{id:int}` parameters when route modules are imported,
# and every route module imports from this package, so the bounded convertor is in place before
# any route is created (huge ids are a 404, not a database error).
from portal.web import convertors  # noqa: F401
