import { useEffect, useState } from "react";
import { assetThumbnailUrl } from "../../api/assets";
import type { Asset } from "../../api/types";
import { StatusBadge } from "../../components/StatusBadge";
import { Link } from "../../lib/router";
import { paths } from "../../lib/routes";
import { splitForMiddle } from "../../lib/truncate";

const MAX_IMG_RETRIES = 5;
const IMG_RETRY_MS = 2000;

/** One asset: its thumbnail once the thumbnail job made it, a placeholder until then. */
export function AssetTile({ asset }: { asset: Asset }) {
  const [attempt, setAttempt] = useState(0);
  const [failed, setFailed] = useState(false);

  // A 404 can race the `thumbnail_ready` flag: retry a few times with a fresh URL.
  useEffect(() => {
    if (!failed || attempt >= MAX_IMG_RETRIES) return;
    const t = window.setTimeout(() => {
      setAttempt((a) => a + 1);
      setFailed(false);
    }, IMG_RETRY_MS * (attempt + 1));
    return () => window.clearTimeout(t);
  }, [failed, attempt]);

  const showImg = asset.thumbnail_ready && !failed;
  return (
    <Link
      to={paths.asset(asset.project, asset.id)}
      className="asset-tile"
      data-testid="asset-tile"
      data-asset-id={asset.id}
      data-status={asset.status}
      data-thumbnail-ready={asset.thumbnail_ready ? "true" : "false"}
      title={`${asset.name} (${asset.width}×${asset.height})`}
    >
      <div className="asset-thumb-box">
        {showImg ? (
          <img
            data-testid="asset-thumb"
            data-asset-id={asset.id}
            src={assetThumbnailUrl(asset.id, attempt || undefined)}
            alt={asset.name}
            loading="lazy"
            decoding="async"
            onError={() => setFailed(true)}
          />
        ) : (
          <div className="asset-thumb-placeholder" data-testid="asset-thumb-placeholder" data-asset-id={asset.id}>
            {asset.thumbnail_ready && attempt >= MAX_IMG_RETRIES ? "no preview" : <span className="spinner" aria-label="thumbnail pending" />}
          </div>
        )}
      </div>
      <div className="asset-tile-meta">
        <MiddleTruncated name={asset.name} />
        <StatusBadge status={asset.status} />
      </div>
      <div className="asset-tile-sub muted">
        {asset.width}×{asset.height}
        {asset.label_count > 0 && <span> · {asset.label_count} label{asset.label_count > 1 ? "s" : ""}</span>}
      </div>
    </Link>
  );
}

/** The name cut in the middle when it does not fit: the head shrinks with an ellipsis, the tail (frame number, extension) stays. */
function MiddleTruncated({ name }: { name: string }) {
  const [head, tail] = splitForMiddle(name);
  return (
    <span className="asset-name" data-testid="asset-name" aria-label={name}>
      <span className="asset-name-head" aria-hidden="true">{head}</span>
      <span className="asset-name-tail" aria-hidden="true">{tail}</span>
    </span>
  );
}
