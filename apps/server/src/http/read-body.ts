import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { createGunzip, createInflate } from "node:zlib";

/** A body that could not be read; its message is the reason the client is given. */
export class BodyReadError extends Error {
  override name = "BodyReadError";
  constructor(
    readonly statusCode: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

function decoderFor(encoding: string): Readable & NodeJS.WritableStream {
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    default:
      throw new BodyReadError(
        415,
        `Content-Encoding ${encoding.slice(0, 40)} is not supported; use gzip, deflate or none`,
      );
  }
}

/**
 * Reads a request body as UTF-8 text, inflating gzip or deflate. The limit applies to
 * what the body inflates to and is checked as it streams: a small body that would inflate
 * to gigabytes is refused once it passes the limit, having inflated at most that much.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const encoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  const tooLarge = () => new BodyReadError(413, `body is larger than ${limit} bytes`);
  return new Promise((resolve, reject) => {
    let source: Readable = request;
    if (encoding !== "identity" && encoding !== "") {
      let decoder;
      try {
        decoder = decoderFor(encoding);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      source = request.pipe(decoder);
      request.on("error", (error) => decoder.destroy(error));
    } else if (Number(request.headers["content-length"]) > limit) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      if (source !== request) {
        request.unpipe();
        source.destroy();
      }
      reject(error);
    };
    source.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(tooLarge());
      else chunks.push(chunk);
    });
    source.on("error", (error: Error & { code?: string }) =>
      fail(
        source !== request && error.code?.startsWith("Z_")
          ? new BodyReadError(400, `body is not valid ${encoding} data`)
          : error,
      ),
    );
    source.on("end", () => {
      if (done) return;
      done = true;
      // A small body arrives in one chunk: decoded where it lies, not copied first.
      const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      resolve(whole?.toString("utf8") ?? "");
    });
  });
}
