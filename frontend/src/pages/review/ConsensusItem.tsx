import { useMemo, useState } from "react";
import { assetImageUrl, getLabel } from "../../api/assets";
import { getConsensus, pickConsensus } from "../../api/quality";
import type { Ontology } from "../../api/types";
import type { ConsensusAsset } from "../../api/workflowTypes";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";
import { consensusKeyAction, enabledConsensusActions, formatAgreement, labelIndexOf, MAX_LABEL_KEYS } from "./consensusLogic";
import { parseColor } from "./maskOverlay";
import { ReviewCanvas } from "./ReviewCanvas";
import { useShortcuts } from "./useReviewShortcuts";

interface Props {
  item: ConsensusAsset;
  ontology: Ontology;
  userId: number | undefined;
  helpOpen: boolean;
  onChosen: (message: string) => void;
  onNext: () => void;
}

const NO_PINS: never[] = [];

/** One consensus image: its labels' masks one at a time (keys 1..k), and "Choose this label". */
export function ConsensusItem({ item, ontology, userId, helpOpen, onChosen, onNext }: Props) {
  const consensus = useAsync((signal) => getConsensus(item.asset, signal), [item.asset]);
  const labels = consensus.data?.labels ?? [];
  const [shown, setShown] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const current = labels[shown];
  const label = useAsync((signal) => (current ? getLabel(current.id, signal) : Promise.resolve(null)), [current?.id]);
  const shownLabel = label.data && label.data.id === current?.id ? label.data : null;
  const own = !!current && current.author.id === userId;

  const colors = useMemo(() => {
    const byId = new Map(ontology.classes.map((c) => [c.id, c.color]));
    return (shownLabel?.objects ?? []).map((o) => parseColor(byId.get(o.class)));
  }, [shownLabel, ontology]);
  const masks = useMemo(() => (shownLabel?.objects ?? []).map((o) => o.mask), [shownLabel]);

  const choose = async () => {
    if (!current || busy || own) return;
    setBusy(true);
    try {
      await pickConsensus(item.asset, current.id);
      onChosen(`Chose label #${current.id} by ${current.author.username} for ${item.name}.`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  useShortcuts(
    {
      enabled: () => enabledConsensusActions({ helpOpen, labels: labels.length, shown, busy, ownShown: own }),
      run: (action) => {
        const index = labelIndexOf(action);
        if (index !== null) setShown(index);
        else if (action === "choose") void choose();
        else if (action === "next") onNext();
      },
    },
    consensusKeyAction,
  );

  if (consensus.error) return <ErrorMessage error={consensus.error} />;
  if (!consensus.data) return <Spinner label="Loading the labels…" />;
  const choice = consensus.data.choice;
  return (
    <div className="review-main" data-testid="consensus-item" data-asset-id={item.asset}>
      <div className="review-toolbar">
        <span className="review-asset-name" title={item.name}>
          {item.name}
        </span>
        <span className="muted small">
          {labels.length} labels · chosen now: {choice ? `#${choice.label} (${choice.method === "picked" ? `picked by ${choice.chosen_by?.username ?? "?"}` : "by agreement"})` : "none"}
        </span>
      </div>
      <div className="review-toolbar" role="group" aria-label="Labels">
        {labels.map((l, i) => (
          <button
            key={l.id}
            type="button"
            className={`chip${i === shown ? " chip-active" : ""}`}
            aria-pressed={i === shown}
            data-testid="consensus-label"
            data-label-id={l.id}
            title={i < MAX_LABEL_KEYS ? `Show this label (${i + 1})` : "Show this label"}
            onClick={() => setShown(i)}
          >
            {i + 1} · {l.author.username} · {formatAgreement(l.agreement)}
            {choice?.label === l.id ? " ✓" : ""}
          </button>
        ))}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-primary"
          data-testid="consensus-choose"
          disabled={!current || busy || own}
          title={own ? "Your own label: someone else settles this one" : "Choose this label (C)"}
          onClick={() => void choose()}
        >
          Choose this label
        </button>
        <button type="button" className="btn" disabled={busy} title="Next image, choosing nothing (N)" onClick={onNext}>
          Next
        </button>
      </div>
      <ErrorMessage error={error ?? label.error} onDismiss={() => setError(null)} />
      <ReviewCanvas
        imageUrl={assetImageUrl(item.asset)}
        width={item.width}
        height={item.height}
        masks={masks}
        colors={colors}
        opacity={0.45}
        highlight={-1}
        zoom="fit"
        pins={NO_PINS}
        earlierPins={NO_PINS}
        selectedPin={null}
        onSelectPin={() => undefined}
      />
    </div>
  );
}
