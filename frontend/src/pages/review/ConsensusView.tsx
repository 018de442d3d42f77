import { useState } from "react";
import { listConsensus } from "../../api/quality";
import type { Ontology } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";
import { ConsensusItem } from "./ConsensusItem";
import { formatAgreement, nextAsset } from "./consensusLogic";

interface Props {
  projectId: number;
  ontology: Ontology;
  userId: number | undefined;
  helpOpen: boolean;
  onDone: (message: string) => void;
}

/** The review page's Consensus tab: images whose automatic choice agrees too little, lowest first. */
export function ConsensusView({ projectId, ontology, userId, helpOpen, onDone }: Props) {
  const list = useAsync((signal) => listConsensus(projectId, true, 1, signal), [projectId]);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [selected, setSelected] = useState<number | null>(null);

  if (list.error) return <ErrorMessage error={list.error} />;
  if (!list.data) return <Spinner label="Finding images that need a pick…" />;
  const rows = list.data.results.filter((r) => !picked.has(r.asset));
  const open = rows.find((r) => r.asset === selected) ?? rows[0];
  if (!open) {
    return (
      <div className="empty" data-testid="consensus-empty">
        <p>No image needs a pick right now.</p>
        <button type="button" className="btn" onClick={list.reload}>
          Check again
        </button>
      </div>
    );
  }
  const moveOn = () => setSelected(nextAsset(rows, open.asset));
  return (
    <div className="review-layout" data-testid="consensus-panel">
      <ConsensusItem
        key={open.asset}
        item={open}
        ontology={ontology}
        userId={userId}
        helpOpen={helpOpen}
        onNext={moveOn}
        onChosen={(message) => {
          onDone(message);
          moveOn();
          setPicked((p) => new Set(p).add(open.asset));
        }}
      />
      <aside className="review-side">
        <section className="panel">
          <h2>Needs a pick ({list.data.count - picked.size})</h2>
          <ul className="rv-object-list" data-testid="consensus-list">
            {rows.map((r) => (
              <li key={r.asset}>
                <button
                  type="button"
                  className={`chip${r.asset === open.asset ? " chip-active" : ""}`}
                  data-testid="consensus-row"
                  data-asset-id={r.asset}
                  onClick={() => setSelected(r.asset)}
                >
                  {r.name} · {formatAgreement(r.agreement)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      </aside>
    </div>
  );
}
