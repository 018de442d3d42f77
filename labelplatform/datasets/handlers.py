"""Job handlers of the datasets app: export, import and version compare."""

from typing import Any

from celery import group
from django.core.files.storage import default_storage

from labelplatform.buckets.services import export_deliver
from labelplatform.datasets.compare import versions_compare
from labelplatform.datasets.exporting import export_assemble, export_plan, export_result, parts_wait
from labelplatform.datasets.models import PartStatus
from labelplatform.datasets.selectors import version_named
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.registry import job_handler


@job_handler("export")
def export(job: Job, progress: Progress) -> dict[str, Any]:
    parts = export_plan(job)
    progress.set_total(sum(p.planned for p in parts))
    if job.result_file and default_storage.exists(job.result_file):
        # a retry after the zip was renamed into place
        return _delivered(job, export_result(job, parts, job.result_file))
    progress.set_done(sum(p.assets for p in parts if p.status == PartStatus.DONE))
    open_parts = [p.pk for p in parts if p.status != PartStatus.DONE]
    if len(open_parts) > 1:
        from labelplatform.datasets.tasks import export_part

        # Other workers take parts from the queue; this task works through the rest itself.
        group(export_part.s(part_id) for part_id in open_parts).apply_async()
    parts = parts_wait(job)
    path = export_assemble(job, parts)
    Job.objects.filter(pk=job.pk).update(result_file=path)
    job.result_file = path
    return _delivered(job, export_result(job, parts, path))


def _delivered(job: Job, result: dict[str, Any]) -> dict[str, Any]:
    """The result also written to the export's bucket destination, when it names one (its key in the result)."""
    destination = job.params.get("destination")
    if destination:
        result["bucket_key"] = export_deliver(destination=destination, stored=job.result_file)
    return result


@job_handler("import")
def import_(job: Job, progress: Progress) -> dict[str, Any]:
    from labelplatform.datasets.importing.run import import_run

    return import_run(job, progress)


@job_handler("compare")
def compare(job: Job, progress: Progress) -> dict[str, Any]:
    params, project = job.params, job.project
    assert project is not None, "compare jobs are project-bound (compare_start)"
    return versions_compare(version_named(project, params["a"]), version_named(project, params["b"]),
                            limit=params["limit"], progress=progress)
