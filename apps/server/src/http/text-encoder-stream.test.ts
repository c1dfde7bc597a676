// The one-call TextEncoderStream gives Node's own bytes, surrogate pairs split across chunks included.
import { describe, expect, it } from "vitest";
import { ChunkTextEncoderStream } from "./text-encoder-stream.ts";

async function encodeWith(stream: TextEncoderStream, chunks: string[]): Promise<number[]> {
  const writer = stream.writable.getWriter();
  const reading = (async () => {
    const bytes: number[] = [];
    for await (const part of stream.readable) bytes.push(...part);
    return bytes;
  })();
  for (const chunk of chunks) await writer.write(chunk);
  await writer.close();
  return reading;
}

const cases: Record<string, string[]> = {
  "plain text": ['data: {"a":1}\n', "\n\n"],
  "accents and emoji in one chunk": ["café 😀 ok"],
  "a pair split across chunks": ["x\uD83D", "\uDE00y"],
  "a lone high surrogate before text": ["a\uD83D", "b"],
  "a lone low surrogate": ["a\uDE00b"],
  "a high surrogate at the very end": ["end\uD83D"],
  "empty chunks": ["", "a", ""],
};

describe("ChunkTextEncoderStream", () => {
  for (const [name, chunks] of Object.entries(cases)) {
    it(`encodes ${name} as Node's TextEncoderStream does`, async () => {
      const expected = await encodeWith(new TextEncoderStream(), chunks);
      expect(await encodeWith(new ChunkTextEncoderStream(), chunks)).toEqual(expected);
    });
  }
});
