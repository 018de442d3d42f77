-- workflow_queue_next_label: the whole label-stage answer of queue/next in one round trip: the
-- caller's open claim (renewed), else their oldest rejected label (rework), else
-- workflow_claim_asset. It returns the asset row and its label count too, so the API answers
-- without another query. queue.py's general path does the same in several statements.
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
