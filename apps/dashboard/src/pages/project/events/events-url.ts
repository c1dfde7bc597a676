/** The Events filter inputs as typed. */
export interface EventFilterDraft {
  name: string;
  userIdentifier: string;
  from: string;
  to: string;
  tokenId: string;
}

export const EMPTY_EVENT_FILTERS: EventFilterDraft = {
  name: "",
  userIdentifier: "",
  from: "",
  to: "",
  tokenId: "",
};

// Short keys for the address; the values are the inputs' own (datetime-local for the range).
const KEYS: Record<keyof EventFilterDraft, string> = {
  name: "name",
  userIdentifier: "user",
  from: "from",
  to: "to",
  tokenId: "token",
};
const FIELDS = Object.keys(KEYS) as (keyof EventFilterDraft)[];

/** Reads the Events filters from `?name=…&user=…&from=…&to=…&token=…`. */
export function readEventDraft(params: URLSearchParams): EventFilterDraft {
  const draft = { ...EMPTY_EVENT_FILTERS };
  for (const field of FIELDS) draft[field] = params.get(KEYS[field]) ?? "";
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
