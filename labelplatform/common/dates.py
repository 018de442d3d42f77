"""The ?from=&to= date range of report endpoints (inclusive days, UTC)."""

import re
from dataclasses import dataclass
from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
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
    if not raw:
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
