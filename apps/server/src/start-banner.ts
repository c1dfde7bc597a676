/** What `pnpm start` prints for a person: where Inlet is, and what to do next. */
export function startBanner(options: {
  url: string;
  localTls: { url: string; caFile: string } | undefined;
  needsFirstAdmin: boolean;
}): string {
  const { url, localTls, needsFirstAdmin } = options;
  const lines = [`Inlet is running at ${url}`];
  if (needsFirstAdmin) lines.push(`Open ${url} in a browser to create the first admin.`);
  if (localTls) {
    lines.push(
      `HTTPS is served on the same port (${localTls.url}) with a certificate from a local CA:`,
      `  ${localTls.caFile}`,
      `Clients trust it with e.g. NODE_EXTRA_CA_CERTS=${localTls.caFile} (set INLET_LOCAL_TLS=false to turn it off).`,
    );
  }
  return lines.join("\n");
}
