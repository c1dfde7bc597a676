import { stdSerializers, type LoggerOptions } from "pino";

// Tokens travel in headers and bodies, sessions in cookies, one-time link secrets in bodies
// and query strings: none of them may reach a log.
const REDACTED_PATHS = [
  "req.headers.token",
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["idempotency-key"]',
  "res.headers['set-cookie']",
  "token",
  "password",
  "*.token",
  "*.password",
  "*.projectToken",
  "*.currentPassword",
  "*.newPassword",
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: {
      // The default serializer logs the full URL; query strings are not ours to log.
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        path: req.url.split("?")[0],
      }),
      // The database driver hangs the whole connection on an idle connection's error (its
      // settings, every prepared statement's text): one such line ran to 9 KB.
      err: (error: Error) => {
        const serialized = stdSerializers.err(error);
        delete serialized.client;
        return serialized;
      },
    },
  };
}
