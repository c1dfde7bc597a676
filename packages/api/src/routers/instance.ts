import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { viewerProcedure } from "../trpc.ts";

export const instanceRouter = {
  /**
   * How clients reach this server, for Get started: the CA file that signs its local HTTPS
   * certificate (when the port also answers HTTPS), and where it serves the browser SDK.
   */
  connection: viewerProcedure
    .input(z.object({}).optional())
    .output(z.strictObject({ localCaFile: z.string().nullable(), sdkScriptPath: z.string() }))
    .query(({ ctx }) => ({
      localCaFile: ctx.instance?.localCaFile ?? null,
      sdkScriptPath: ctx.instance?.sdkScriptPath ?? "/sdk.js",
    })),
} satisfies TRPCRouterRecord;
