"""Dates and times in query parameters: the ?from=&to= date range of report endpoints (inclusive
days, UTC), and date-times like the label stream's ?since=."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# RFC 3339's date-time, the schema's `format: date-time`: seconds and an offset (Z or +hh:mm) required.
MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})")
# The schema's view of the range, for the views that read it with date_range().
PERIOD_PARAMETERS = [OpenApiParameter("from", OpenApiTypes.DATE, description="YYYY-MM-DD, inclusive"),
                     OpenApiParameter("to", OpenApiTypes.DATE, description="YYYY-MM-DD, inclusive")]


@dataclass(frozen=True)
class DateRange:
    start: date | None
    end: date | None

    def filter(self, field: str) -> dict[str, date]:
        """ORM lookups limiting `field` (a datetime) to the range."""
        lookups = {}
        if self.start:
            lookups[f"{field}__date__gte"] = self.start
        if self.end:
            lookups[f"{field}__date__lte"] = self.end
        return lookups


def _parse(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if raw is None:  # given but empty (`?to=`) is not a date: the schema says so too
        return None
    try:
        if not DAY.fullmatch(raw):  # fromisoformat also takes 20261206 and 2026-W49-1
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [f"'{raw}' is not a date (YYYY-MM-DD)"]}) from None


def date_range(request: Request) -> DateRange:
    start, end = _parse(request, "from"), _parse(request, "to")
    if start and end and end < start:
        raise ValidationError({"to": [f"'to' ({end}) is before 'from' ({start})"]})
    return DateRange(start, end)


def moment_param(request: Request, name: str) -> datetime | None:
    """A date-time query parameter (RFC 3339, as the schema's date-time); None when not given."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        if not MOMENT.fullmatch(raw):  # fromisoformat also takes dates, no offset, 20261206T1200
            raise ValueError(raw)
        return datetime.fromisoformat(raw.upper())
    except ValueError:
        hint = " (a '+' in a query string must be sent as %2B)" if " " in raw else ""
        raise ValidationError({name: [f"must be an RFC 3339 time, e.g. 2025-01-31T12:00:00Z{hint}"]}) from None
