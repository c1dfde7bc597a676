import type { FastifyPluginAsync } from "fastify";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import {
  appRouter,
  createInnerContext,
  SESSION_COOKIE,
  type ApiDependencies,
  type AppRouter,
} from "@inlet/api";
import { readCookie } from "../http/cookies.ts";
import { useChunkTextEncoderStream } from "../http/text-encoder-stream.ts";

function header(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The admin API: tRPC over HTTP (and SSE for the live stream) under /trpc. */
export const trpcRoutes: FastifyPluginAsync<{
  dependencies: ApiDependencies;
  secureCookies: boolean;
}> = async (app, { dependencies, secureCookies }) => {
  const trpcOptions: FastifyTRPCPluginOptions<AppRouter>["trpcOptions"] = {
    router: appRouter,
    // The outer context layer: only here does HTTP meet the API.
    createContext: ({ req, res }) =>
      createInnerContext(dependencies, {
        sessionToken: readCookie(req.headers.cookie, SESSION_COOKIE) ?? null,
        origin: header(req.headers.origin),
        host: header(req.headers.host),
        fetchSite: header(req.headers["sec-fetch-site"]),
        clientIp: req.ip,
        userAgent: header(req.headers["user-agent"]),
        // HTTPS here, or at a trusted proxy in front (Fastify reads X-Forwarded-Proto only then).
        secureCookies: secureCookies || req.protocol === "https",
        setCookie: (cookie) => void res.header("set-cookie", cookie),
      }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        app.log.error({ err: error, path }, "admin API error");
    },
  };
  // tRPC encodes every SSE message through `new TextEncoderStream()` (see that file).
  useChunkTextEncoderStream();
  await app.register(fastifyTRPCPlugin, { prefix: "/trpc", trpcOptions });
};
