import { useQuery } from "@tanstack/react-query";
import { CodeBlock } from "../../../components/code-block.tsx";
import { ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { useTRPC } from "../../../lib/trpc.ts";
import { nodeRunCommand, nodeSnippet, scriptTagSnippet, webSnippet } from "@inlet/contracts";

/** The SDK snippets, pointed at this server: HTTPS for Node, the SDK script served from here. */
export function SdkSnippets({ host, token }: { host: string; token: string }) {
  const trpc = useTRPC();
  const connection = useQuery(trpc.instance.connection.queryOptions());
  if (connection.isPending) return <LoadingState label="Loading the SDK settings…" />;
  if (connection.isError)
    return <ErrorState error={connection.error} onRetry={() => void connection.refetch()} />;

  const { localCaFile, sdkScriptPath } = connection.data;
  const secure = host.startsWith("https:");
  // The port answers HTTPS too when the server made its own certificate.
  const httpsHost = secure ? host : localCaFile ? host.replace(/^http:/, "https:") : null;

  return (
    <section className="stack" aria-labelledby="sdk-heading">
      <h2 id="sdk-heading">Use an SDK</h2>
      <p className="muted">
        The published Vemetric SDKs work unchanged: set <code>host</code> to this server.
      </p>
      <CodeBlock title="Browser: @vemetric/web" code={webSnippet(host, token, sdkScriptPath)} />
      <CodeBlock title="Browser: script tag" code={scriptTagSnippet(host, token, sdkScriptPath)} />
      <p className="notice notice-info">
        The browser SDK sends nothing from pages whose host is exactly <code>localhost</code> or{" "}
        <code>127.0.0.1</code>. To try it on this machine, open your page as{" "}
        <code>http://app.localhost:PORT</code> (browsers send every <code>*.localhost</code> name
        here) or on <code>127.0.0.2</code>.
      </p>

      <h3>Node.js: @vemetric/node</h3>
      {httpsHost ? (
        <>
          <p className="muted">
            Install it with <code>npm install @vemetric/node</code>, save this as{" "}
            <code>send.mjs</code>, and run it with the command below.
          </p>
          <CodeBlock title="send.mjs" code={nodeSnippet(httpsHost, token)} />
          <CodeBlock title="Run it" code={nodeRunCommand(secure ? null : localCaFile)} />
          {!secure && localCaFile && (
            <p className="muted">
              @vemetric/node speaks HTTPS only. This server answers HTTPS on the same port with a
              certificate from its own local CA; <code>NODE_EXTRA_CA_CERTS</code> makes Node trust
              that CA.
            </p>
          )}
        </>
      ) : (
        <p className="notice notice-info">
          @vemetric/node speaks HTTPS only, and this server answers plain HTTP: start it without{" "}
          <code>INLET_LOCAL_TLS=false</code>, or give it a certificate (<code>TLS_CERT_FILE</code>{" "}
          and <code>TLS_KEY_FILE</code>).
        </p>
      )}
    </section>
  );
}
