import { useEffect, useMemo, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import type { Editor, OntologyClass as EditorClass, ZoomState } from "../../editor";
import { benchEditorReady } from "./benchHooks";
import { ConflictDialog } from "./ConflictDialog";
import { HelpOverlay } from "./HelpOverlay";
import { ThreadsPanel } from "../../components/threads/ThreadsPanel";
import { useThreadPins } from "../../components/threads/useThreadPins";
import { ThreadPinOverlay } from "../review/ThreadPinOverlay";
import { ReviewBanner, ReviewPinLayer, StageImageBox, useLabelReviews } from "./ReviewNotes";
import { reviewNotice } from "./reviewNotes";
import { ProposalBar } from "./ProposalBar";
import { SegmentBar } from "./SegmentBar";
import { SequenceFrameBanner } from "./SequenceFrameBanner";
import { SidePanel } from "./SidePanel";
import { TOOL_LABELS, ToolPanel } from "./ToolPanel";
import { TopBar } from "./TopBar";
import type { LabelSession } from "./session";
import { useEditorSnapshot, useMountedEditor } from "./useEditor";
import { useLabelNavigation } from "./useLabelNavigation";
import { usePrelabelConfidence } from "./usePrelabelConfidence";
import { useProposals } from "./useProposals";
import { ZoomBadge } from "./ZoomBadge";
import { useSaver } from "./useSaver";
import { useSegment } from "./useSegment";

/** The labeling screen: tools left, image centre, classes, objects and attributes right. */
export function LabelWorkspace({ session, userId }: { session: LabelSession; userId: number }) {
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const classes = useMemo<EditorClass[]>(
    () => session.ontology.classes.filter((c) => !c.archived).map((c) => ({ id: c.id, name: c.name, color: c.color, kind: c.kind })),
    [session.ontology],
  );
  const { editor, error } = useMountedEditor(host, session.image, classes, session.start.content);

  return (
    <div className="label-page" data-testid="label-page" onPointerDownCapture={() => editor?.timeTracker.recordInput()}>
      {editor && <Connected editor={editor} session={session} userId={userId} />}
      <div className="label-stage-wrap">
        {error != null && <ErrorMessage error={error} />}
        <div className="label-stage" ref={setHost} data-testid="label-stage" />
      </div>
    </div>
  );
}

/** Everything that needs the mounted editor; rendered around the stage with CSS grid areas. */
function Connected({ editor, session, userId }: { editor: Editor; session: LabelSession; userId: number }) {
  const snapshot = useEditorSnapshot(editor);
  const saving = useSaver(editor, session, userId);
  const labelId = saving.state?.labelId ?? session.ownLabel?.id ?? null;
  const { reviews, assetStatus } = useLabelReviews(labelId, session.asset, saving.state?.lastSavedAt ?? null);
  const notice = reviewNotice(reviews, assetStatus);
  const navigation = useLabelNavigation(session, saving.saver, notice?.kind === "rework", () => editor.segmentState.proposal !== null);
  const [help, setHelp] = useState(false);
  const segment = useSegment(editor, session.project.id, session.asset.id);
  const proposals = useProposals(editor, session.asset.id, snapshot.tool.tool === "proposals");
  const [pinsShown, setPinsShown] = useState(true);
  const threadPins = useThreadPins();
  const confidence = usePrelabelConfidence(editor, session.start.prelabel, snapshot.objects);

  useEffect(() => benchEditorReady(editor), [editor]);
  useEffect(
    () =>
      editor.on("action", (action) => {
        if (action === "app.help") setHelp((h) => !h);
        else if (action === "app.nextImage") navigation.go("next");
        else if (action === "app.previousImage") navigation.go("previous");
        else if (action === "app.submitAndNext") void navigation.submitAndNext();
        else if (action === "app.acceptConfident") confidence.acceptAbove();
      }),
    [editor, navigation, confidence],
  );
  useEffect(() => {
    if (!help) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      // Capture phase, stopped here: Escape closes the overlay without also cancelling a path or auto-segment prompts.
      e.stopPropagation();
      setHelp(false);
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, [help]);

  const conflict = saving.state?.conflict ?? null;
  return (
    <>
      <TopBar session={session} saving={saving} navigation={navigation} onHelp={() => setHelp(true)} />
      <ToolPanel editor={editor} snapshot={snapshot} />
      <SidePanel editor={editor} snapshot={snapshot} ontology={session.ontology} confidence={confidence}>
        <ThreadsPanel projectId={session.project.id} assetId={session.asset.id} canWrite labelId={labelId} pickPoint={threadPins.pickPoint} onThreads={threadPins.setThreads} selected={threadPins.selected} />
      </SidePanel>
      <div className="label-notices">
        <SequenceFrameBanner projectId={session.project.id} assetId={session.asset.id} />
        {notice && <ReviewBanner notice={notice} reviews={reviews} pinsShown={pinsShown} onTogglePins={() => setPinsShown((v) => !v)} />}
        {/* One strip of fixed height for every tool, so that picking auto-segment never moves the image. */}
        <div className="tool-strip" data-testid="tool-strip">
          {snapshot.tool.tool === "segment" ? (
            <SegmentBar editor={editor} snapshot={snapshot} segment={segment} classes={editor.classes} />
          ) : snapshot.tool.tool === "proposals" ? (
            <ProposalBar editor={editor} proposals={proposals} />
          ) : (
            <div className="segment-bar tool-hint" data-testid="tool-hint">
              <div className="segment-row">
                <strong className="segment-title">{TOOL_LABELS[snapshot.tool.tool].short}</strong>
                <span className="segment-status-text muted">
                  {TOOL_LABELS[snapshot.tool.tool].label === TOOL_LABELS[snapshot.tool.tool].short ? "" : `${TOOL_LABELS[snapshot.tool.tool].label} · `}
                  <kbd>?</kbd> lists every tool and shortcut
                </span>
              </div>
            </div>
          )}
        </div>
      </div>
      {notice && pinsShown && notice.review.pins.length > 0 && (
        <ReviewPinLayer review={notice.review} zoom={snapshot.zoom} imageWidth={session.asset.width} imageHeight={session.asset.height} />
      )}
      {threadPins.pinned.length > 0 && (
        <StageImageBox zoom={snapshot.zoom} imageWidth={session.asset.width} imageHeight={session.asset.height} testId="thread-pin-layer">
          <ThreadPinOverlay threadPins={threadPins} width={session.asset.width} height={session.asset.height} displayWidth={session.asset.width * snapshot.zoom.scale} />
        </StageImageBox>
      )}
      {threadPins.picking && (
        <div
          className="thread-pick-layer"
          data-testid="thread-pick-layer"
          role="button"
          tabIndex={-1}
          aria-label="Click the image where the comment is about; Escape cancels"
          onKeyDown={(e) => e.key === "Escape" && threadPins.finishPick(null)}
          onPointerDown={(e) => {
            e.stopPropagation();
            const box = e.currentTarget.getBoundingClientRect();
            threadPins.finishPick(stageToImage({ x: e.clientX - box.left, y: e.clientY - box.top }, snapshot.zoom, session.asset));
          }}
          ref={(el) => el?.focus()}
        >
          <span className="thread-pick-hint">Click where the comment is about · Esc cancels</span>
        </div>
      )}
      <ZoomBadge zoom={snapshot.zoom} />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {conflict && saving.saver && (
        <ConflictDialog
          current={conflict}
          classes={session.ontology.classes}
          mineObjects={snapshot.objects.length}
          onKeepMine={() => void saving.saver?.keepMine()}
          onTakeTheirs={() => {
            const theirs = saving.saver?.takeTheirs();
            if (theirs) saving.loadQuietly(theirs);
          }}
        />
      )}
    </>
  );
}

/** The image pixel under a point of the stage (screen = image * scale + offset), kept inside the image. */
function stageToImage(screen: { x: number; y: number }, zoom: ZoomState, size: { width: number; height: number }) {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return { x: clamp((screen.x - zoom.offsetX) / zoom.scale, size.width), y: clamp((screen.y - zoom.offsetY) / zoom.scale, size.height) };
}
