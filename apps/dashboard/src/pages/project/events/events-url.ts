/** How the events were sent: "" for any way. */
export type SentVia = "" | "batch" | "single";

/** The Events filter inputs as typed. */
export interface EventFilterDraft {
  name: string;
  userIdentifier: string;
  from: string;
  to: string;
  tokenId: string;
  sentVia: SentVia;
}

export const EMPTY_EVENT_FILTERS: EventFilterDraft = {
  name: "",
  userIdentifier: "",
  from: "",
  to: "",
  tokenId: "",
  sentVia: "",
};

// Short keys for the address; the values are the inputs' own (datetime-local for the range).
const KEYS: Record<keyof EventFilterDraft, string> = {
  name: "name",
  userIdentifier: "user",
  from: "from",
  to: "to",
  tokenId: "token",
  sentVia: "sent",
};
const FIELDS = Object.keys(KEYS) as (keyof EventFilterDraft)[];

const sentVia = (text: string | null): SentVia =>
  text === "batch" || text === "single" ? text : "";

/** Reads the Events filters from `?name=…&user=…&from=…&to=…&token=…&sent=batch|single`. */
export function readEventDraft(params: URLSearchParams): EventFilterDraft {
  const draft = { ...EMPTY_EVENT_FILTERS };
  for (const field of FIELDS) {
    if (field !== "sentVia") draft[field] = params.get(KEYS[field]) ?? "";
  }
  // An address edited by hand to an unknown value shows every event, as the select can.
  draft.sentVia = sentVia(params.get(KEYS.sentVia));
  return draft;
}

/** The query string for a draft, without empty fields. */
export function writeEventDraft(draft: EventFilterDraft): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = draft[field].trim();
    if (value) params.set(KEYS[field], value);
  }
  return params;
}
