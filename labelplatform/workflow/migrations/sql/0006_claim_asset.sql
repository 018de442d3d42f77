-- workflow_claim_asset: the asset queue's claim in one round trip (called by queue.py, and by
-- workflow_queue_next_label). Lock the best candidate with FOR UPDATE SKIP LOCKED, then, as a NEW
-- statement (READ COMMITTED gives each statement in a volatile function a fresh snapshot, so every
-- claim committed on the asset before we locked it is counted), insert the claim only if a slot is
-- still free; a miss moves on to the next candidate. queue.py's SQLite path runs the same two steps.
--
-- A single CTE statement cannot do this: its sub-queries all share one snapshot, so a claim committed
-- on a candidate after that snapshot (the asset row itself unchanged, e.g. the 2nd of k consensus
-- slots) would not be seen and the slot would be handed out twice.
--
-- `c.label_id + 0 IS NULL` (the same test as `c.label_id IS NULL`) keeps the planner off
-- claim_open_by_label for the per-candidate lease count: with stale statistics it picked that index,
-- whose `label_id IS NULL` range holds every claim ended since the last vacuum (14.8 ms instead of
-- 0.36 ms for the candidate scan at 100k assets after ~3,700 claims).
--
-- `SET enable_seqscan = off`: every statement here has an index path and the claims table changes
-- fast; a plan made on statistics from when it was young otherwise scans it whole on every claim.
--
-- The choice values ('new', 'label', ...) are those of assets.AssetStatus and workflow.models;
-- tests/workflow/test_sql_files.py checks that they still are.
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
