import { setSearchParams } from "../../lib/router";

/** The review page's tabs in a consensus project: the review queue, or settling consensus (?tab=consensus). */
export function ReviewTabs({ consensus }: { consensus: boolean }) {
  return (
    <div className="tabs" role="tablist">
      {(["queue", "consensus"] as const).map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={(t === "consensus") === consensus}
          data-testid={`review-tab-${t}`}
          className={`tab${(t === "consensus") === consensus ? " tab-active" : ""}`}
          onClick={() => setSearchParams({ tab: t === "consensus" ? t : null })}
        >
          {t === "queue" ? "Review queue" : "Consensus"}
        </button>
      ))}
    </div>
  );
}
