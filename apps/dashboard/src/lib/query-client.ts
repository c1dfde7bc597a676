import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { errorCode, isPermanent, isUnauthorized } from "./errors.ts";
import { reportAccessChanged, reportSessionExpired } from "./session-expiry.ts";

declare module "@tanstack/react-query" {
  interface Register {
    mutationMeta: {
      /** The mutation shows UNAUTHORIZED itself (sign-in: "wrong password"). */
      handlesUnauthorized?: boolean;
    };
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthorized(error)) reportSessionExpired();
        if (errorCode(error) === "FORBIDDEN") reportAccessChanged();
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (isUnauthorized(error) && !mutation.meta?.handlesUnauthorized) reportSessionExpired();
        if (errorCode(error) === "FORBIDDEN") reportAccessChanged();
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failures, error) => !isPermanent(error) && failures < 2,
        staleTime: 5_000,
      },
    },
  });
}
