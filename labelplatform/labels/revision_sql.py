"""A label save as one PostgreSQL statement: the label row, its new revision and the revision's objects.

Three inserts (or an update and two inserts) chained in data-modifying CTEs: one round trip
instead of three, and no ORM query building on the hot path. An update names the revision it
started from in its WHERE clause, so a concurrent save that got there first leaves it no row
(a stale revision) without a separate SELECT ... FOR UPDATE: under READ COMMITTED the UPDATE
waits for the other save's row lock and re-checks the condition on the committed row.

services.py keeps the ORM path for SQLite; tests/api/test_labels.py runs every label test on both.
"""

import json
from datetime import datetime
from typing import Any

from django.db import connection

from labelplatform.labels.objects import CheckedObject

_CREATE_LABEL = """
l AS (
    INSERT INTO labels_label (asset_id, author_id, revision, status, time_spent_s, created_at, updated_at)
    VALUES (%(asset)s, %(author)s, 1, %(status)s, %(spent)s, %(now)s, %(now)s)
    RETURNING id, revision, time_spent_s)"""

_UPDATE_LABEL = """
l AS (
    UPDATE labels_label
    SET revision = revision + 1, status = %(status)s, time_spent_s = time_spent_s + %(spent)s, updated_at = %(now)s
    WHERE id = %(label)s AND revision = %(edited)s
    RETURNING id, revision, time_spent_s)"""

_REVISION_AND_OBJECTS = """,
r AS (
    INSERT INTO labels_labelrevision (label_id, number, editor_id, status, ontology_version, classifications,
                                      time_spent_s, created_at)
    SELECT l.id, l.revision, %(editor)s, %(status)s, %(ontology)s, %(classifications)s::jsonb, %(spent)s, %(now)s
    FROM l
    RETURNING id, label_id),
o AS (
    INSERT INTO labels_labelobject (revision_id, "order", class_id, counts, area, bbox, attributes, track)
    SELECT r.id, u.ord - 1, u.class_id, u.counts, u.area, u.bbox::jsonb, u.attributes::jsonb, u.track
    FROM r, unnest(%(classes)s::integer[], %(counts)s::text[], %(areas)s::bigint[], %(bboxes)s::text[],
                   %(attributes)s::text[], %(tracks)s::integer[])
            WITH ORDINALITY AS u(class_id, counts, area, bbox, attributes, track, ord)
    RETURNING id, "order")
SELECT l.id, l.revision, l.time_spent_s, r.id, ARRAY(SELECT o.id FROM o ORDER BY o."order")
FROM l JOIN r ON r.label_id = l.id
"""

CREATE_SQL = "WITH" + _CREATE_LABEL + _REVISION_AND_OBJECTS
UPDATE_SQL = "WITH" + _UPDATE_LABEL + _REVISION_AND_OBJECTS

Written = tuple[int, int, float, int, list[int]]  # label id, revision number, label time, revision id, object ids


def write(sql: str, *, editor: int, status: str, spent: float, now: datetime, ontology: int,
          classifications: dict[str, Any], objects: list[CheckedObject], **label: Any) -> Written | None:
    """Run CREATE_SQL (label: asset, author) or UPDATE_SQL (label: label, edited); None when an
    update found no label at the edited revision."""
    params = {
        **label, "editor": editor, "status": status, "spent": spent, "now": now, "ontology": ontology,
        "classifications": json.dumps(classifications),
        "classes": [o.class_id for o in objects], "counts": [o.counts for o in objects],
        "areas": [o.area for o in objects], "bboxes": [json.dumps(o.bbox) for o in objects],
        "attributes": [json.dumps(o.attributes) for o in objects], "tracks": [o.track for o in objects],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3], list(row[4]))
