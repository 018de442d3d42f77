"""The ?from=&to= date range of report endpoints (inclusive days, UTC)."""

from dataclasses import dataclass
from datetime import date

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


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
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [f"'{raw}' is not a date (YYYY-MM-DD)"]}) from None


def date_range(request: Request) -> DateRange:
    start, end = _parse(request, "from"), _parse(request, "to")
    if start and end and end < start:
        raise ValidationError({"to": [f"'to' ({end}) is before 'from' ({start})"]})
    return DateRange(start, end)
