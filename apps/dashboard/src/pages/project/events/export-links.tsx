interface ExportFilters {
  name?: string;
  userIdentifier?: string;
  tokenId?: string;
  sentInBatch?: boolean;
  from?: string;
  to?: string;
}

/** The server's export route for these filters, in the read API's parameter names. */
export function exportUrl(projectId: string, format: "csv" | "ndjson", filters: ExportFilters) {
  const query = new URLSearchParams({ format });
  if (filters.name) query.set("name", filters.name);
  if (filters.userIdentifier) query.set("user", filters.userIdentifier);
  if (filters.tokenId) query.set("token", filters.tokenId);
  if (filters.sentInBatch !== undefined) query.set("batch", String(filters.sentInBatch));
  if (filters.from) query.set("from", filters.from);
  if (filters.to) query.set("to", filters.to);
  return `/export/projects/${encodeURIComponent(projectId)}/events?${query.toString()}`;
}

/**
 * Plain links: the browser downloads the server's stream straight to disk, so an export of
 * millions of events never sits in this page's memory.
 */
export function ExportLinks({
  projectId,
  filters,
  disabled,
}: {
  projectId: string;
  filters: ExportFilters;
  disabled: boolean;
}) {
  return (
    <div className="export-links" role="group" aria-label="Export">
      <span className="muted small">
        Export {Object.keys(filters).length > 0 ? "the filtered events" : "all events"}:
      </span>
      {(["csv", "ndjson"] as const).map((format) =>
        disabled ? (
          <span key={format} className="button button-small" aria-disabled="true">
            {format.toUpperCase()}
          </span>
        ) : (
          <a
            key={format}
            className="button button-small"
            href={exportUrl(projectId, format, filters)}
            download
          >
            {format.toUpperCase()}
          </a>
        ),
      )}
    </div>
  );
}
