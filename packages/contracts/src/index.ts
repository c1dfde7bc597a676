// @inlet/contracts: what the server and the dashboard agree on (form and input schemas,
// live items, the live filter, and recognising repeated items). Pure and browser-safe: zod,
// and nothing else.
export * from "./schemas.ts";
export * from "./live-item.ts";
export * from "./live-filter.ts";
export * from "./roles.ts";
export * from "./snippets.ts";
export * from "./api-keys.ts";
export * from "./received-at-bounds.ts";
export * from "./recent-ids.ts";
