"""The label claim as PostgreSQL functions: one round trip, one transaction per claim.

`workflow_claim_asset` is the asset queue: lock the best candidate with FOR UPDATE SKIP LOCKED,
then, as a NEW statement (READ COMMITTED gives each statement in a volatile function a fresh
snapshot, so every claim committed on the asset before we locked it is counted), insert the
claim only if a slot is still free; a miss moves on to the next candidate. This is the same
two-step algorithm queue.py ran as separate round trips, now inside the database.

`workflow_queue_next_label` is the whole label-stage answer: the caller's open claim (renewed),
else their oldest rejected label (rework), else `workflow_claim_asset`. It returns the asset
row and its label count too, so the API answers without another query.

A single CTE statement cannot do this: its sub-queries all share one snapshot, so a claim
committed on a candidate after that snapshot (the asset row itself unchanged, e.g. the 2nd of
k consensus slots) would not be seen and the slot would be handed out twice.

`c.label_id + 0 IS NULL` (the same test as `c.label_id IS NULL`) keeps the planner off
claim_open_by_label for the per-candidate lease count: with stale statistics (a young claims
table) it picked that index, whose `label_id IS NULL` range holds every claim ended since the
last vacuum, so each candidate cost O(claim history): 14.8 ms instead of 0.36 ms for the
candidate scan at 100k assets after ~3,700 claims. On claim_open_by_asset it is one probe.

`SET enable_seqscan = off` (for these functions only): every statement in them has an index
path, and the claims table changes fast; a plan made on statistics from when it was young (or
empty, right after a reset) otherwise scans it whole on every claim, so each claim cost grows
with the claims made since the last ANALYZE (0.75 -> 1.2 ms per claim over 1,600 claims here,
flat at ~0.5 ms with the setting).

SQLite has no functions: queue.py keeps its serialized multi-statement path there.
"""

from django.db import migrations

CLAIM_ASSET = """
CREATE OR REPLACE FUNCTION workflow_claim_asset(
    p_project bigint, p_user bigint, p_needed integer, p_now timestamptz, p_expires timestamptz,
    p_attempts integer DEFAULT 8)
RETURNS TABLE (o_claim bigint, o_asset bigint)
LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $fn$
DECLARE
    missed bigint[] := '{}';
    candidate bigint;
    inserted bigint;
BEGIN
    FOR attempt IN 1..p_attempts LOOP
        -- The partial index workflow_asset_queue (project_id, priority DESC, id) serves the scan.
        -- The ARRAY (an InitPlan: once per statement, same snapshot) lists assets whose slots open
        -- leases fill: the leased items at the head of the queue are passed over by one array test
        -- before the per-row counts below, which stay the exact rule.
        SELECT a.id INTO candidate FROM assets_asset a
        WHERE a.project_id = p_project AND a.status IN ('new', 'in_progress') AND a.id <> ALL (missed)
          AND a.id <> ALL (ARRAY(SELECT c.asset_id FROM workflow_claim c
                                 WHERE c.project_id = p_project AND c.ended_at IS NULL AND c.stage = 'label'
                                   AND c.expires_at > p_now AND c.label_id + 0 IS NULL
                                 GROUP BY c.asset_id HAVING COUNT(*) >= p_needed))
          AND NOT EXISTS (SELECT 1 FROM labels_label l WHERE l.asset_id = a.id AND l.author_id = p_user)
          AND NOT EXISTS (SELECT 1 FROM workflow_claim s
                          WHERE s.user_id = p_user AND s.asset_id = a.id AND s.end_reason = 'skipped')
          AND (SELECT COUNT(*) FROM workflow_claim c
               WHERE c.project_id = p_project AND c.asset_id = a.id AND c.ended_at IS NULL AND c.expires_at > p_now
                 AND c.stage = 'label' AND c.label_id + 0 IS NULL)
            + (SELECT COUNT(*) FROM workflow_submission m WHERE m.asset_id = a.id) < p_needed
        ORDER BY a.priority DESC, a.id
        LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
        IF candidate IS NULL THEN
            RETURN;
        END IF;
        -- A fresh snapshot with the row lock held: claim only if a slot is still free, and then
        -- (same statement) mark the asset in progress.
        inserted := NULL;
        WITH claimed AS (
            INSERT INTO workflow_claim (project_id, asset_id, user_id, stage, label_id, created_at, expires_at,
                                        ended_at, end_reason, skip_reason)
            SELECT p_project, candidate, p_user, 'label', NULL, p_now, p_expires, NULL, '', ''
            WHERE (SELECT COUNT(*) FROM workflow_claim c
                   WHERE c.project_id = p_project AND c.asset_id = candidate AND c.ended_at IS NULL
                     AND c.expires_at > p_now AND c.stage = 'label' AND c.label_id + 0 IS NULL)
                + (SELECT COUNT(*) FROM workflow_submission m WHERE m.asset_id = candidate) < p_needed
              AND NOT EXISTS (SELECT 1 FROM labels_label l WHERE l.asset_id = candidate AND l.author_id = p_user)
            RETURNING id
        ), marked AS (
            UPDATE assets_asset SET status = 'in_progress'
            WHERE id = candidate AND status = 'new' AND EXISTS (SELECT 1 FROM claimed)
        )
        SELECT id INTO inserted FROM claimed;
        IF inserted IS NOT NULL THEN
            o_claim := inserted;
            o_asset := candidate;
            RETURN NEXT;
            RETURN;
        END IF;
        missed := missed || candidate;  -- claimed by someone between our snapshot and our lock
    END LOOP;
END
$fn$
"""

QUEUE_NEXT_LABEL = """
CREATE OR REPLACE FUNCTION workflow_queue_next_label(
    p_project bigint, p_user bigint, p_needed integer, p_now timestamptz, p_expires timestamptz)
RETURNS TABLE (r_claim bigint, r_label bigint, r_created timestamptz, r_expires timestamptz, r_rework boolean,
               r_asset assets_asset, r_label_count bigint)
LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $fn$
DECLARE
    v_claim bigint;
    v_asset bigint;
    v_label bigint;
    v_created timestamptz := p_now;
BEGIN
    -- 1. asking again hands back the open claim, renewed
    UPDATE workflow_claim c SET expires_at = p_expires
    WHERE c.id = (SELECT h.id FROM workflow_claim h
                  WHERE h.user_id = p_user AND h.project_id = p_project AND h.stage = 'label'
                    AND h.ended_at IS NULL AND h.expires_at > p_now
                  ORDER BY h.id LIMIT 1)
    RETURNING c.id, c.asset_id, c.label_id, c.created_at INTO v_claim, v_asset, v_label, v_created;
    -- 2. rework: the caller's rejected labels, oldest review first
    IF v_claim IS NULL THEN
        SELECT m.label_id, m.asset_id INTO v_label, v_asset FROM workflow_submission m
        WHERE m.project_id = p_project AND m.author_id = p_user AND m.review_state = 'rejected'
        ORDER BY m.reviewed_at, m.id LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF v_label IS NOT NULL THEN
            INSERT INTO workflow_claim (project_id, asset_id, user_id, stage, label_id, created_at, expires_at,
                                        ended_at, end_reason, skip_reason)
            VALUES (p_project, v_asset, p_user, 'label', v_label, p_now, p_expires, NULL, '', '')
            RETURNING id INTO v_claim;
            v_created := p_now;
        END IF;
    END IF;
    -- 3. the asset queue
    IF v_claim IS NULL THEN
        SELECT q.o_claim, q.o_asset INTO v_claim, v_asset
        FROM workflow_claim_asset(p_project, p_user, p_needed, p_now, p_expires) q;
        IF v_claim IS NULL THEN
            RETURN;
        END IF;
        v_label := NULL;
        v_created := p_now;
    END IF;
    RETURN QUERY
    SELECT v_claim, v_label, v_created, p_expires, v_label IS NOT NULL, a,
           (SELECT COUNT(*) FROM labels_label l WHERE l.asset_id = a.id)
    FROM assets_asset a WHERE a.id = v_asset;
END
$fn$
"""

# Open label leases by project and asset: serves the array of fully leased assets (by project) and
# the per-asset lease counts (a claim's project is always its asset's, so both conditions hold);
# neither may go through the project's whole claim history (the project_id foreign key index).
OPEN_BY_PROJECT = (
    "CREATE INDEX IF NOT EXISTS workflow_claim_open_by_project ON workflow_claim (project_id, asset_id) "
    "WHERE ended_at IS NULL AND stage = 'label'"
)

DROP = [
    "DROP FUNCTION IF EXISTS workflow_queue_next_label(bigint, bigint, integer, timestamptz, timestamptz)",
    "DROP FUNCTION IF EXISTS workflow_claim_asset(bigint, bigint, integer, timestamptz, timestamptz, integer)",
]


def create_functions(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CLAIM_ASSET)
        schema_editor.execute(QUEUE_NEXT_LABEL)


def drop_functions(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("labels", "0002_counts_lz4"),
        ("workflow", "0002_asset_queue_index"),
    ]

    operations = [
        migrations.RunSQL(OPEN_BY_PROJECT, "DROP INDEX IF EXISTS workflow_claim_open_by_project"),
        migrations.RunPython(create_functions, drop_functions),
    ]
