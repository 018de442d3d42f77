from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

M = TypeVar("M", bound=Model)


class StrictPageSize:
    """`page_size` as documented, a whole number of at least 1 (above the maximum gives the maximum);
    anything else is a 400 naming it, not a silent fall back to the default that a client would take
    for the page size it asked for."""

    page_size: int | None
    page_size_query_param: str | None = "page_size"
    max_page_size: int | None = 500

    def get_page_size(self, request: Request) -> int | None:
        name = self.page_size_query_param or "page_size"
        value = request.query_params.get(name)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or int(value) < 1:
            raise ValidationError({name: ["a whole number of at least 1"]})
        return min(int(value), self.max_page_size or int(value))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)  # type: ignore[misc]
        for parameter in parameters:
            if parameter["name"] in ("page", self.page_size_query_param):
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters


class Pagination(StrictPageSize, PageNumberPagination):
    page_size = 50


def paginated(request: Request, queryset: "QuerySet[M]", serialize: Callable[[list[M]], Any],
              view: APIView | None = None) -> Response:
    """A paginated response of `serialize(page)` for list endpoints built on APIView. The view names
    `pagination_class = Pagination`, which also shows the schema the page and its parameters."""
    paginator: PageNumberPagination = (getattr(view, "pagination_class", None) or Pagination)()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serialize(page or []))
