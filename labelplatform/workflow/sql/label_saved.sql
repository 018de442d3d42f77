-- workflow_label_saved: services.label_saved in one round trip (the ORM path SQLite keeps). On a
-- submit it ends the editor's open label-stage claim on the asset, records the submission (sampled
-- for review, on a gold asset too, so that review does not tell gold apart) or sends a resubmitted
-- rejected label back to review; then it moves the asset's status by the rules of
-- services.asset_status_compute. It answers the gold label, the new status and the asset's newest
-- prediction. tests/workflow/test_label_saved_paths.py runs both paths on the same histories and
-- compares every row they write.
--
-- p_take_slot: first services.label_slot_check's rule (a POST through the queue, or a draft's first
-- submit), which SQLite runs before the write: allowed with the author's open label-stage claim on
-- the asset, on a gold asset, for a label submitted before (a draft taken back: its slot is
-- counted), or while submissions + other people's open leases < p_needed; otherwise SQLSTATE LP409
-- (services.label_saved answers 409 and the transaction rolls back). The label is already written:
-- a new one (first revision) has no submission yet, and a second label of its author cannot exist
-- (the unique constraint refused it), so nothing here counts it. The asset row is locked first so
-- two saves cannot both take its last slot; FOR NO KEY UPDATE because the label's insert holds FOR
-- KEY SHARE on it, which FOR UPDATE would wait on (two saves: a deadlock).
CREATE OR REPLACE FUNCTION workflow_label_saved(
    p_label bigint, p_editor bigint, p_author bigint, p_asset bigint, p_project bigint,
    p_submitted boolean, p_first_revision boolean, p_sampled boolean, p_needed integer, p_now timestamptz,
    p_take_slot boolean)
RETURNS TABLE (o_gold_label bigint, o_status varchar, o_prediction bigint)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    gold_label bigint;
    is_gold boolean;
    state varchar;
    states varchar[];
    new_status varchar;
BEGIN
    IF p_take_slot THEN
        PERFORM 1 FROM assets_asset a WHERE a.id = p_asset FOR NO KEY UPDATE;
    END IF;
    SELECT g.label_id INTO gold_label FROM quality_goldstandard g WHERE g.asset_id = p_asset;
    is_gold := FOUND;
    IF p_take_slot AND NOT is_gold
       AND NOT EXISTS (SELECT 1 FROM workflow_claim c
                       WHERE c.asset_id = p_asset AND c.user_id = p_author AND c.stage = 'label'
                         AND c.ended_at IS NULL AND c.expires_at > p_now)
       AND (p_first_revision OR NOT EXISTS (SELECT 1 FROM workflow_submission s WHERE s.label_id = p_label))
       AND (SELECT count(*) FROM workflow_submission s WHERE s.asset_id = p_asset)
         + (SELECT count(*) FROM workflow_claim c
            WHERE c.asset_id = p_asset AND c.user_id <> p_author AND c.stage = 'label'
              AND c.ended_at IS NULL AND c.expires_at > p_now) >= p_needed THEN
        RAISE EXCEPTION USING ERRCODE = 'LP409', MESSAGE = 'no free label slot on asset ' || p_asset;
    END IF;
    IF p_submitted THEN
        UPDATE workflow_claim SET ended_at = p_now, end_reason = 'submitted'
        WHERE asset_id = p_asset AND user_id = p_editor AND stage = 'label' AND ended_at IS NULL;
        -- A label's first revision cannot have been submitted before: no lookup.
        IF NOT p_first_revision THEN
            SELECT s.review_state INTO state FROM workflow_submission s WHERE s.label_id = p_label FOR UPDATE;
        END IF;
        IF p_first_revision OR NOT FOUND THEN
            INSERT INTO workflow_submission (label_id, project_id, asset_id, author_id, review_state, submitted_at)
            VALUES (p_label, p_project, p_asset, p_author,
                    CASE WHEN p_sampled THEN 'pending' ELSE 'not_sampled' END, p_now);
        ELSIF state = 'rejected' AND p_editor = p_author THEN
            UPDATE workflow_submission SET review_state = 'pending', resubmitted_at = p_now WHERE label_id = p_label;
        END IF;
    END IF;

    IF is_gold THEN
        new_status := 'done';
    ELSE
        SELECT COALESCE(array_agg(s.review_state), '{}') INTO states FROM workflow_submission s
        WHERE s.asset_id = p_asset;
        IF cardinality(states) < p_needed THEN
            new_status := CASE
                WHEN EXISTS (SELECT 1 FROM labels_label l WHERE l.asset_id = p_asset)
                  OR EXISTS (SELECT 1 FROM workflow_claim c
                             WHERE c.asset_id = p_asset AND c.ended_at IS NULL AND c.expires_at > p_now)
                THEN 'in_progress' ELSE 'new' END;
        ELSIF 'rejected' = ANY (states) THEN new_status := 'rework';
        ELSIF 'pending' = ANY (states) THEN new_status := 'in_review';
        ELSIF 'accepted' = ANY (states) THEN new_status := 'done';
        ELSE new_status := 'labeled';
        END IF;
    END IF;
    UPDATE assets_asset SET status = new_status WHERE id = p_asset AND status <> new_status;

    o_gold_label := gold_label;
    o_status := new_status;
    IF p_submitted THEN
        SELECT p.id INTO o_prediction FROM prelabel_prediction p WHERE p.asset_id = p_asset
        ORDER BY p.created_at DESC, p.id DESC LIMIT 1;
    END IF;
    RETURN NEXT;
END
$fn$
