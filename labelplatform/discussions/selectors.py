"""Reading threads with their comments in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from labelplatform.discussions.models import Comment, Thread

COMMENTS = Prefetch("comments", queryset=Comment.objects.select_related("author").prefetch_related("mentions"))


def threads_with_comments(threads: QuerySet[Thread], status: str | None = None) -> QuerySet[Thread]:
    if status:
        threads = threads.filter(status=status)
    return threads.select_related("created_by", "resolved_by").prefetch_related(COMMENTS)
