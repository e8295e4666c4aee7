"""The web baseline: templating, CSRF, security headers, auth resolution, errors, pagination."""
