// Bad-input corpus, text and transport: NUL, surrogates, bad UTF-8, prototype keys, content types, methods.
import { RAW, put, withBytes, type CorpusBuilder, type Endpoint, type Spec } from "./builder.ts";

const FORBIDDEN = ["__proto__", "constructor", "prototype"];
export const CHARS = [
  "a",
  "Z",
  "7",
  " ",
  "é",
  "漢",
  "😀",
  "\u0000",
  "\ud800",
  "\udfff",
  '"',
  "\\",
  "\n",
];
const BAD_UTF8 = [
  [0xff],
  [0xfe],
  [0xc3],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

export function addTextCases(b: CorpusBuilder) {
  const { token } = b;
  const e = (n: number) => b.base("/e", n);
  const u = (path: Endpoint, n: number) => b.base(path, n);
  const cases: [Endpoint, string, (n: number) => Spec][] = [
    // NUL characters: cleaned where text survives, refused where nothing (or a forbidden key) is left.
    [
      "/e",
      "NUL inside name",
      (n) => ({ body: put(e(n), ["name"], `e\u0000${n}`), event: `e${n}` }),
    ],
    [
      "/e",
      "name of NULs only",
      (n) => ({ body: put(e(n), ["name"], "\u0000\u0000 "), status: 400 }),
    ],
    ["/e", "NUL in a customData key", (n) => ({ body: put(e(n), ["customData", "k\u0000"], "v") })],
    [
      "/e",
      "customData key of NUL only",
      (n) => ({ body: put(e(n), ["customData", "\u0000"], 1), status: 400 }),
    ],
    [
      "/e",
      "NUL in a customData value",
      (n) => ({ body: put(e(n), ["customData", "k"], "\u0000v\u0000") }),
    ],
    [
      "/e",
      "NUL-only nested key",
      (n) => ({ body: put(e(n), ["customData", "x", "\u0000"], "\u0000") }),
    ],
    [
      "/e",
      "NUL in a userData.set key",
      (n) => ({ body: put(e(n), ["userData", "set", "\u0000k"], "v\u0000") }),
    ],
    [
      "/e",
      "NUL-only unset key",
      (n) => ({ body: put(e(n), ["userData", "unset"], ["\u0000"]), status: 400 }),
    ],
    [
      "/e",
      "NUL inside identifier",
      (n) => ({ body: put(e(n), ["identifier"], `u\u0000${n}`), user: `u${n}` }),
    ],
    [
      "/e",
      "identifier of NUL only",
      (n) => ({ body: put(e(n), ["identifier"], "\u0000"), user: undefined }),
    ],
    [
      "/i",
      "identifier of NUL only",
      (n) => ({ body: put(u("/i", n), ["identifier"], "\u0000"), status: 400 }),
    ],
    [
      "/u",
      "NULs around identifier",
      (n) => ({ body: put(u("/u", n), ["identifier"], `\u0000u${n}\u0000`), user: `u${n}` }),
    ],
    [
      "/e",
      "NUL in displayName and url",
      (n) => ({
        body: put(put(e(n), ["displayName"], "\u0000"), ["url"], "https://a\u0000.example/"),
      }),
    ],
    ["/e", "NUL after the token", (n) => ({ body: put(e(n), ["projectToken"], `${token}\u0000`) })],
    [
      "/e",
      "__proto__ hidden by a NUL",
      (n) => ({ body: put(e(n), ["customData", "__pro\u0000to__"], "x"), status: 400 }),
    ],
    [
      "/e",
      "NUL in Allow-Cookies and V-SDK members",
      (n) => ({ body: put(put(e(n), ["Allow-Cookies"], "tr\u0000ue"), ["V-SDK"], "\u0000") }),
    ],
    // Lone surrogates become U+FFFD; one in the token makes it an unknown token.
    [
      "/e",
      "lone high surrogate name",
      (n) => ({ body: put(e(n), ["name"], `\ud800-${n}`), event: `\ufffd-${n}` }),
    ],
    [
      "/e",
      "lone low surrogate name",
      (n) => ({ body: put(e(n), ["name"], `${n}\udc00`), event: `${n}\ufffd` }),
    ],
    [
      "/e",
      "reversed pair in name",
      (n) => ({ body: put(e(n), ["name"], `\udc00\ud800${n}`), event: `\ufffd\ufffd${n}` }),
    ],
    ["/e", "valid pair in name", (n) => ({ body: put(e(n), ["name"], `😀${n}`) })],
    [
      "/e",
      "surrogate customData key and value",
      (n) => ({ body: put(e(n), ["customData", "\ud800"], "\udfff") }),
    ],
    [
      "/e",
      "surrogate nested value",
      (n) => ({ body: put(e(n), ["userData", "set", "x"], { y: ["\ud800"] }) }),
    ],
    [
      "/e",
      "surrogate identifier",
      (n) => ({ body: put(e(n), ["identifier"], `u${n}\udfff`), user: `u${n}\ufffd` }),
    ],
    [
      "/i",
      "surrogate identifier",
      (n) => ({ body: put(u("/i", n), ["identifier"], `\udbff${n}`), user: `\ufffd${n}` }),
    ],
    [
      "/u",
      "surrogate data key",
      (n) => ({ body: put(u("/u", n), ["data", "set", "a\udc00"], "b") }),
    ],
    [
      "/e",
      "surrogate in the token",
      (n) => ({ body: put(e(n), ["projectToken"], `${token}\ud800`), status: 401 }),
    ],
  ];
  for (const [path, label, make] of cases) b.add(path, label, make);

  // Invalid UTF-8, sent as bytes: replaced inside strings, malformed JSON outside them.
  for (const sequence of BAD_UTF8) {
    const bytes = Buffer.from(sequence);
    const hex = bytes.toString("hex");
    b.add("/e", `bytes ${hex} in name`, (n) => {
      const name = Buffer.concat([Buffer.from(`e${n}`), bytes]);
      const body = withBytes(put(e(n), ["name"], RAW), name);
      return { body, event: name.toString("utf8"), user: `u${n}` };
    });
    b.add("/u", `bytes ${hex} as a data key`, (n) => ({
      body: withBytes(put(u("/u", n), ["data", "set", RAW], "v"), bytes),
      user: `u${n}`,
    }));
    b.everywhere(`bytes ${hex} between members`, (path, n) => {
      const text = JSON.stringify(u(path, n));
      const body = Buffer.concat([Buffer.from("{"), bytes, Buffer.from(text.slice(1))]);
      return { body, status: 400 };
    });
    b.add("/e", `bytes ${hex} in the token`, (n) => ({
      body: withBytes(put(e(n), ["projectToken"], `${token}${RAW}`), bytes),
      status: 401,
    }));
  }

  // __proto__, constructor, prototype: refused in property maps at any depth, ignored where
  // unknown members are ignored anyway, and never a way to smuggle in the token or name.
  for (const key of FORBIDDEN) {
    const evil = key === "constructor" ? { prototype: { polluted: "yes" } } : { polluted: "yes" };
    const refusedAt: [Endpoint, string[]][] = [
      ["/e", ["customData", key]],
      ["/e", ["customData", "x", key]],
      ["/e", ["customData", "a", "b", "c", key]],
      ["/e", ["userData", "set", key]],
      ["/e", ["userData", "setOnce", key]],
      ["/e", ["userData", "set", "x", key]],
      ["/i", ["data", "set", key]],
      ["/u", ["data", "setOnce", "x", key]],
    ];
    for (const [path, at] of refusedAt) b.set(path, at, evil, 400);
    const inArray = JSON.parse(`[{"${key}":{"polluted":"yes"}}]`) as unknown;
    b.set("/e", ["customData", "x"], inArray, 400);
    b.set("/e", ["userData", "unset"], [key], 400);
    b.set("/u", ["data", "unset"], [key], 400);
    b.everywhere(`top-level ${key}`, (path, n) => ({ body: put(u(path, n), [key], evil) }));
    b.set("/e", ["userData", key], evil);
    b.set("/e", ["customData", key.toUpperCase()], "x");
    b.add("/e", `token only inside ${key}`, (n) => ({
      body: put(put(e(n), ["projectToken"], undefined), [key], { projectToken: token }),
      status: 401,
    }));
    b.add("/e", `name only inside ${key}`, (n) => ({
      body: put(put(e(n), ["name"], undefined), [key], { name: "x" }),
      status: 400,
    }));
  }

  // Content types: any media type is read as text (beacons send text/plain), so the body
  // decides; a header that is no media type at all is 415.
  const types = [
    "text/html",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "application/json; charset=utf-8",
    "",
  ];
  for (const type of types) {
    b.everywhere(`valid body as ${type || "no content type"}`, (path, n) => ({
      body: u(path, n),
      headers: { "content-type": type },
    }));
  }
  b.everywhere("valid body as `nonsense`", (path, n) => ({
    body: u(path, n),
    headers: { "content-type": "nonsense" },
    status: 415,
  }));
  const form = "application/x-www-form-urlencoded";
  b.add("/e", "form-encoded body", (n) => ({
    body: new URLSearchParams({ projectToken: token, name: `e${n}` }).toString(),
    headers: { "content-type": form },
    status: 400,
  }));
  b.add("/e", "multipart body", (n) => ({
    body: `--x\r\nContent-Disposition: form-data; name="b"\r\n\r\n${JSON.stringify(e(n))}\r\n--x--\r\n`,
    headers: { "content-type": "multipart/form-data; boundary=x" },
    status: 400,
  }));
  b.add("/e", "HTML body", () => ({
    body: "<html><body>hi</body></html>",
    headers: { "content-type": "text/html", token },
    status: 400,
  }));

  // Empty bodies, and methods these endpoints do not have.
  for (const type of ["application/json", "text/plain", ""]) {
    const headers = { "content-type": type };
    b.everywhere(`empty body as ${type || "nothing"}`, () => ({
      body: "",
      headers: { ...headers, token },
      status: 400,
    }));
    b.everywhere(`blank body as ${type || "nothing"}`, () => ({
      body: " \n ",
      headers,
      status: 400,
    }));
  }
  for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
    b.everywhere(`${method} instead of POST`, (path, n) => ({
      method,
      body: method === "GET" ? undefined : u(path, n),
      status: 404,
    }));
  }
}
