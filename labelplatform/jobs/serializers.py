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
        # context["reader"]: (user id, role) of who reads; a result file not theirs (Job.result_offered_to,
        # which jobs/{id}/result applies) is offered no download link.
        reader = self.context.get("reader")
        if reader is not None and not job.result_offered_to(*reader) and isinstance(out.get("result"), dict):
            out["result"] = {key: value for key, value in out["result"].items() if key != "download"}
        return out
