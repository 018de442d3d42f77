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

    def to_representation(self, job: Job) -> dict[str, Any]:
        out: dict[str, Any] = super().to_representation(job)
        # context["labeler"]: the id of a labeler reading, who may download only their own jobs' result files
        # (datasets.apis.JobResultApi): an export holds the gold references.
        reader = self.context.get("labeler")
        if reader is not None and job.created_by_id != reader and isinstance(out.get("result"), dict):
            out["result"] = {key: value for key, value in out["result"].items() if key != "download"}
        return out
