interface Props {
  page: number;
  count: number;
  /** Number of results on this page; full pages tell the page size (DRF does not report it). */
  pageLength: number;
  hasNext: boolean;
  hasPrevious: boolean;
  onPage: (page: number) => void;
}

export function pageCount(page: number, count: number, pageLength: number, hasNext: boolean): number {
  if (!hasNext) return page;
  return Math.max(page + 1, Math.ceil(count / Math.max(1, pageLength)));
}

export function Pagination({ page, count, pageLength, hasNext, hasPrevious, onPage }: Props) {
  if (!hasNext && !hasPrevious) return null;
  const pages = pageCount(page, count, pageLength, hasNext);
  return (
    <nav className="pagination" aria-label="Pagination">
      <button type="button" className="btn btn-sm" disabled={!hasPrevious} onClick={() => onPage(page - 1)}>
        ‹ Prev
      </button>
      <span className="muted">
        Page {page} of {pages} · {count} total
      </span>
      <button type="button" className="btn btn-sm" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
    </nav>
  );
}
