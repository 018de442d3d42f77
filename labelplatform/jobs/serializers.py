from typing import Any

from rest_framework import serializers

from labelplatform.jobs.models import Job


class JobOutSerializer(serializers.ModelSerializer[Job]):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = ["id", "kind", "project", "params", "status", "progress", "error", "result", "attempts", "created_by",
                  "created_at", "started_at", "finished_at"]

    def get_progress(self, job: Job) -> dict[str, Any]:
        return {"done": job.done, "total": job.total}
