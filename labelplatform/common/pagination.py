from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

M = TypeVar("M", bound=Model)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        """`page_size` as documented, a whole number of at least 1 (above 500 gives 500); anything
        else is a 400 naming it, not a silent fall back to 50 that a client would take for the page."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or int(value) < 1:
            raise ValidationError({self.page_size_query_param: ["a whole number of at least 1"]})
        return min(int(value), self.max_page_size)


def paginated(request: Request, queryset: "QuerySet[M]", serialize: Callable[[list[M]], Any],
              view: APIView | None = None) -> Response:
    """A paginated response of `serialize(page)` for list endpoints built on APIView. The view names
    `pagination_class = Pagination`, which also shows the schema the page and its parameters."""
    paginator: PageNumberPagination = (getattr(view, "pagination_class", None) or Pagination)()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serialize(page or []))
