// The seed document's examples, rewritten for this server and this project's token, so
// what a developer pastes is exactly what the documentation promised would work.

export interface Snippet {
  title: string;
  code: string;
}

function curl(host: string, path: string, body: object, allowCookiesHeader: boolean): string {
  const headers = [`  -H 'Content-Type: application/json' \\`];
  if (allowCookiesHeader) headers.push(`  -H 'Allow-Cookies: false' \\`);
  const json = JSON.stringify(body, null, 2).replace(/\n/g, "\n  ");
  return [`curl -X POST '${host}${path}' \\`, ...headers, `  -d '${json}'`].join("\n");
}

export function curlSnippets(host: string, token: string): Snippet[] {
  return [
    {
      title: "Track a pageview (POST /e)",
      code: curl(
        host,
        "/e",
        {
          projectToken: token,
          name: "$pageview",
          url: "https://example.com/blog/article",
          identifier: "user_123",
          displayName: "john@example.com",
        },
        true,
      ),
    },
    {
      title: "Track a custom event (POST /e)",
      code: curl(
        host,
        "/e",
        {
          projectToken: token,
          name: "purchase",
          identifier: "user_123",
          displayName: "john@example.com",
          customData: { plan: "pro", amount: "99.99", currency: "USD", billing_period: "monthly" },
        },
        true,
      ),
    },
    {
      title: "Track with user properties (POST /e)",
      code: curl(
        host,
        "/e",
        {
          projectToken: token,
          name: "signup",
          identifier: "user_123",
          displayName: "john@example.com",
          customData: { plan: "pro" },
          userData: {
            set: { email: "john@example.com", plan: "pro" },
            setOnce: { signup_date: "2026-03-04" },
          },
        },
        true,
      ),
    },
    {
      title: "Identify a user (POST /i)",
      code: curl(
        host,
        "/i",
        { projectToken: token, identifier: "user_123", displayName: "john@example.com" },
        false,
      ),
    },
    {
      title: "Update user properties (POST /u)",
      code: curl(
        host,
        "/u",
        {
          projectToken: token,
          // Names the user: pasted alone, there is no earlier visit to attach the update to.
          identifier: "user_123",
          displayName: "John Doe",
          data: { set: { plan: "enterprise", company: "Acme Inc" } },
        },
        false,
      ),
    },
  ];
}

export function nodeSnippet(host: string, token: string): string {
  return `import { Vemetric } from "@vemetric/node";

const vemetric = new Vemetric({
  token: "${token}",
  host: "${host}",
});

await vemetric.trackEvent("signup", {
  userIdentifier: "user_123",
  userDisplayName: "john@example.com",
  eventData: { plan: "pro" },
});`;
}

/** Runs the Node snippet saved as send.mjs; Node trusts the local CA only through this variable. */
export function nodeRunCommand(caFile: string | null): string {
  const run = "node send.mjs";
  return caFile ? `NODE_EXTRA_CA_CERTS='${caFile.replace(/'/g, `'\\''`)}' ${run}` : run;
}

export function webSnippet(host: string, token: string, sdkScriptPath: string): string {
  return `import { vemetric } from "@vemetric/web";

vemetric.init({
  token: "${token}",
  host: "${host}",
  // Loads the tracking script from this server rather than a third-party CDN.
  scriptUrl: "${host}${sdkScriptPath}",
});

// Pageviews are tracked automatically; custom events and users:
vemetric.trackEvent("signup", { eventData: { plan: "pro" } });
vemetric.identify({ identifier: "user_123", displayName: "john@example.com" });`;
}

export function scriptTagSnippet(host: string, token: string, sdkScriptPath: string): string {
  return `<script
  src="${host}${sdkScriptPath}"
  data-token="${token}"
  data-host="${host}"
  defer
></script>`;
}
