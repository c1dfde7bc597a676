// Identifications and user updates at a steady rate beside a load phase, as a backend sends
// them between its events: POST /i and POST /u for users of the identified shapes.
import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { BACKEND_HEADERS } from "./load.ts";
import { benchUser, USER_COUNT } from "./traffic.ts";

export interface SideTrafficResult {
  ratePerSecond: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
}

function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: "POST", agent, headers: BACKEND_HEADERS });
    req.setTimeout(10_000, () => req.destroy());
    req.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/** Sends /i and /u alternately at `ratePerSecond` in all until `stop` is called. */
export function startSideTraffic(baseUrl: string, token: string, ratePerSecond: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const result: SideTrafficResult = { ratePerSecond, sent: 0, ok: 0, non2xx: 0, errors: 0 };
  const inFlight = new Set<Promise<void>>();
  let running = true;
  const send = (n: number) => {
    const user = benchUser((n * 7919) % USER_COUNT);
    const [path, body] =
      n % 2 === 0
        ? ["/i", { projectToken: token, ...user }]
        : [
            "/u",
            {
              projectToken: token,
              identifier: user.identifier,
              data: { set: { lastSeenPlan: "pro" } },
            },
          ];
    const done = post(agent, `${baseUrl}${path}`, JSON.stringify(body)).then((status) => {
      if (status >= 200 && status < 300) result.ok += 1;
      else if (status === 0) result.errors += 1;
      else result.non2xx += 1;
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  const loop = (async () => {
    const start = performance.now();
    while (running) {
      const due = ((performance.now() - start) / 1000) * ratePerSecond;
      for (; result.sent < due; result.sent++) send(result.sent);
      await sleep(5);
    }
  })();
  return {
    async stop(): Promise<SideTrafficResult> {
      running = false;
      await loop;
      await Promise.all(inFlight);
      agent.destroy();
      return result;
    },
  };
}
