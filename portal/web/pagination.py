"""Moved to portal/pagination.py (services page their results, so it sits below them). This name
stays only for modules being rewritten in parallel (ideas/service.py); import portal.pagination."""
from portal.pagination import MAX_PER_PAGE, Page, page_number, paginate

__all__ = ["MAX_PER_PAGE", "Page", "page_number", "paginate"]
