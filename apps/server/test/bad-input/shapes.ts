// Bad-input corpus, structure: wrong types, missing fields, cut and almost-JSON, non-objects, nesting, sizes.
import {
  ENDPOINTS,
  RAW,
  deepArrays,
  deepObjects,
  manyKeys,
  put,
  withRaw,
  type CorpusBuilder,
  type Endpoint,
} from "./builder.ts";

const WRONG_FOR_TEXT: unknown[] = [42, -1.5, ["x"], [], { a: "b" }, {}, true, false];
const WRONG_FOR_OBJECT: unknown[] = [7, "x", "", [1], [], true, false];
const WRONG_FOR_UNSET: unknown[] = ["old", 3, {}, true, [1], [null], [["a"]], [{}]];

export const TEXT_FIELDS: Record<Endpoint, string[]> = {
  "/e": ["name", "url", "identifier", "displayName", "avatarUrl", "contextId", "id"],
  "/i": ["identifier", "displayName", "avatarUrl"],
  "/u": ["identifier", "displayName", "avatarUrl"],
};
const OBJECT_FIELDS: Record<Endpoint, string[][]> = {
  "/e": [["customData"], ["userData"], ["userData", "set"], ["userData", "setOnce"]],
  "/i": [["data"], ["data", "set"], ["data", "setOnce"]],
  "/u": [["data"], ["data", "set"], ["data", "setOnce"]],
};

export function addShapeCases(b: CorpusBuilder) {
  const { token } = b;
  addWrongTypes(b);

  // Missing fields and the special events' extra fields.
  b.set("/e", ["name"], undefined, 400);
  b.everywhere("no token", (path, n) => ({
    body: put(b.base(path, n), ["projectToken"], undefined),
    status: 401,
  }));
  b.add("/e", "token and name only", (n) => ({ body: { projectToken: token, name: `e${n}` } }));
  b.set("/i", ["identifier"], undefined, 400);
  b.set("/u", ["identifier"], undefined, 400); // no identifier and an unknown visitor
  b.add("/u", "token only", () => ({ body: { projectToken: token }, status: 400 }));
  b.add("/u", "token and identifier", (n) => ({
    body: { projectToken: token, identifier: `u${n}` },
  }));
  const url = "https://a.example/";
  const special: [object, number, string?][] = [
    [{ name: "$pageview" }, 400],
    [{ name: "$$pageView" }, 400],
    [{ name: "$pageview", url: " " }, 400],
    [{ name: "$$pageView", url }, 200, "$pageview"],
    [{ name: "$outbound_link", url }, 400],
    [{ name: "$outbound_link", customData: { href: url } }, 400],
    [{ name: "$outbound_link", url, customData: { href: " " } }, 400],
    [{ name: "$$outboundLink", url, customData: { href: url } }, 200, "$outbound_link"],
  ];
  for (const [fields, status, event] of special) {
    const body = { projectToken: token, ...fields };
    b.add("/e", `special ${JSON.stringify(fields)}`, () => ({ body, status, event }));
  }

  // Truncated JSON: every proper prefix of a valid body, then valid bodies with a tail.
  for (const path of ENDPOINTS) {
    const text = JSON.stringify(b.base(path, b.cases.length));
    for (let length = 0; length < text.length; length++) {
      const headers: Record<string, string> = b.random() < 0.5 ? { token } : {};
      const body = text.slice(0, length);
      b.add(path, `prefix ${length}/${text.length}`, () => ({ body, headers, status: 400 }));
    }
  }
  for (const tail of ["x", "}", ",", "]", "{}", "\u0000", "//", "\u00a0"]) {
    b.everywhere(`body + ${JSON.stringify(tail)}`, (path, n) => ({
      body: JSON.stringify(b.base(path, n)) + tail,
      status: 400,
    }));
  }
  b.everywhere("body in whitespace", (path, n) => ({
    body: ` \n${JSON.stringify(b.base(path, n))}\r\n\t `,
  }));
  const t = JSON.stringify(token);
  const almostJson = [
    `{'projectToken':${t},'name':'x'}`,
    `{"projectToken":${t},"name":"x",}`,
    `{projectToken:${t},name:"x"}`,
    `{"projectToken":${t},"name":"x"/*c*/}`,
    `{"projectToken":${t},"name":"x\\q"}`,
    `{"projectToken":${t},"name":"\\u12"}`,
    `{"projectToken":${t},"name":"x\ny"}`,
    `{"projectToken":${t},"name":"x\u0000y"}`,
    `{"projectToken":${t},"name":"x","customData":{"a":NaN}}`,
    `{"projectToken":${t},"name":"x","customData":{"a":01}}`,
    `{"projectToken":${t} "name":"x"}`,
  ];
  for (const body of almostJson) {
    b.add("/e", `almost JSON ${JSON.stringify(body.slice(48))}`, () => ({ body, status: 400 }));
  }

  // Non-object JSON: 400 with the token in a header, 401 with no token anywhere.
  for (const json of ["[]", "[1,2,3]", '"str"', '""', "0", "-1.5e3", "null", "true", "false"]) {
    b.everywhere(`body ${json}, token header`, () => ({
      body: json,
      headers: { token },
      status: 400,
    }));
    b.everywhere(`body ${json}, no token`, () => ({ body: json, status: 401 }));
  }
  b.everywhere("array of a valid body", (path, n) => ({
    body: JSON.stringify([b.base(path, n)]),
    headers: { token },
    status: 400,
  }));
  b.everywhere("valid body as a JSON string", (path, n) => ({
    body: JSON.stringify(JSON.stringify(b.base(path, n))),
    headers: { token },
    status: 400,
  }));

  addNesting(b);
  addSizes(b);
}

function addWrongTypes(b: CorpusBuilder) {
  for (const path of ENDPOINTS) {
    for (const field of TEXT_FIELDS[path]) {
      for (const value of WRONG_FOR_TEXT) b.set(path, [field], value, 400);
      const required = field === "name" || (field === "identifier" && path !== "/e");
      b.set(path, [field], null, required ? 400 : 200);
      // Blank text counts as absent, except for the idempotency key, which must be 1-200 chars.
      for (const blank of ["", "  "])
        b.set(path, [field], blank, required || field === "id" ? 400 : 200);
    }
    for (const alias of ["userIdentifier", "userDisplayName", "userAvatarUrl"]) {
      for (const value of WRONG_FOR_TEXT) {
        b.add(path, `${alias} = ${JSON.stringify(value)}`, (n) => {
          const body = put(
            put(b.base(path, n), ["displayName"], undefined),
            ["identifier"],
            undefined,
          );
          return { body: put(body, [alias], value), status: 400 };
        });
      }
    }
    for (const field of OBJECT_FIELDS[path]) {
      for (const value of WRONG_FOR_OBJECT) b.set(path, field, value, 400);
      b.set(path, field, null);
    }
    const unset = path === "/e" ? ["userData", "unset"] : ["data", "unset"];
    for (const value of WRONG_FOR_UNSET) b.set(path, unset, value, 400);
    b.set(path, unset, []);
    b.set(path, unset, null);
    b.set(path, ["projectToken"], 42, 401);
    b.set(path, ["projectToken"], [b.token], 401);
    b.set(path, ["projectToken"], "proj_000000000000000000000000000", 401);
  }
  for (const value of WRONG_FOR_OBJECT) {
    b.add("/i", `userData = ${JSON.stringify(value)}`, (n) => ({
      body: put(put(b.base("/i", n), ["data"], undefined), ["userData"], value),
      status: 400,
    }));
  }
}

/** 10,000 levels where values are walked (400) and where members are ignored (200), and 16/17. */
function addNesting(b: CorpusBuilder) {
  const refusedAt: Record<Endpoint, string[][]> = {
    "/e": [
      ["customData", "x"],
      ["customData", "x", "y"],
      ["userData", "set", "x"],
      ["userData", "setOnce", "x"],
      ["name"],
      ["userData", "unset"],
    ],
    "/i": [
      ["data", "set", "x"],
      ["data", "setOnce", "x"],
    ],
    "/u": [["data", "set", "x"], ["identifier"]],
  };
  for (const [shape, deep] of [
    ["arrays", deepArrays],
    ["objects", deepObjects],
  ] as const) {
    for (const path of ENDPOINTS) {
      for (const at of refusedAt[path]) {
        const value = at.at(-1) === "unset" ? [RAW] : RAW;
        b.add(path, `10,000 nested ${shape} in ${at.join(".")}`, (n) => ({
          body: withRaw(put(b.base(path, n), at, value), deep(10_000)),
          status: 400,
        }));
      }
      b.add(path, `10,000 nested ${shape} in an unknown member`, (n) => ({
        body: withRaw(put(b.base(path, n), ["junk"], RAW), deep(10_000)),
      }));
      b.add(path, `10,000 nested ${shape} as the body`, () => ({
        body: deep(10_000),
        headers: { token: b.token },
        status: 400,
      }));
    }
    for (const [depth, status] of [
      [16, 200],
      [17, 400],
    ] as const) {
      const at = {
        "/e": ["customData", "x"],
        "/i": ["data", "setOnce", "x"],
        "/u": ["data", "set", "x"],
      };
      b.everywhere(`${depth} nested ${shape}`, (path, n) => ({
        body: withRaw(put(b.base(path, n), at[path], RAW), deep(depth)),
        status,
      }));
    }
  }
  for (const number of ["1e999", "-1e999"]) {
    const refused = [
      ["customData", "x"],
      ["userData", "set", "x"],
      ["userData", "setOnce", "x", "y"],
    ];
    for (const at of refused) {
      b.add("/e", `${number} in ${at.join(".")}`, (n) => ({
        body: withRaw(put(b.base("/e", n), at, RAW), number),
        status: 400,
      }));
    }
    b.add("/u", `${number} in data.set.x[0]`, (n) => ({
      body: withRaw(put(b.base("/u", n), ["data", "set", "x"], [RAW]), number),
      status: 400,
    }));
    b.everywhere(`${number} in an unknown member`, (path, n) => ({
      body: withRaw(put(b.base(path, n), ["junk"], RAW), number),
    }));
  }
  b.add("/e", "30-digit integer in customData", (n) => ({
    body: withRaw(put(b.base("/e", n), ["customData", "x"], RAW), "1".repeat(30)),
  }));
}

/** 10 MB bodies, the exact body limit (trailing spaces are valid JSON), text and key limits. */
function addSizes(b: CorpusBuilder) {
  b.everywhere("10 MB body", (path, n) => ({
    body: JSON.stringify(put(b.base(path, n), ["customData", "big"], "x".repeat(10 * 2 ** 20))),
    status: 413,
  }));
  b.add("/e", "10 MB of garbage", () => ({
    body: Buffer.alloc(10 * 2 ** 20, "{"),
    headers: { token: b.token },
    status: 413,
  }));
  for (const [size, status] of [
    [65_536, 200],
    [65_537, 413],
  ] as const) {
    b.everywhere(`body of ${size} bytes`, (path, n) => {
      const text = JSON.stringify(b.base(path, n));
      return { body: text + " ".repeat(size - Buffer.byteLength(text)), status };
    });
  }
  const textLimits: [Endpoint, string[], number][] = [
    ["/e", ["name"], 200],
    ["/e", ["customData", "x"], 4096],
    ["/e", ["userData", "set", "x"], 4096],
    ["/e", ["url"], 2048],
    ["/e", ["contextId"], 255],
    ["/i", ["identifier"], 255],
    ["/u", ["displayName"], 255],
    ["/u", ["data", "setOnce", "x"], 4096],
  ];
  for (const [path, at, limit] of textLimits) {
    b.set(path, at, "v".repeat(limit));
    b.set(path, at, "v".repeat(limit + 1), 400);
  }
  for (const [length, status] of [
    [100, 200],
    [101, 400],
  ] as const) {
    b.set("/e", ["customData", "k".repeat(length)], 1, status);
    b.set("/e", ["customData", "x", "k".repeat(length)], 1, status);
    b.set("/e", ["userData", "unset"], ["k".repeat(length)], status);
    b.set("/i", ["data", "set", "k".repeat(length)], 1, status);
  }
  for (const [count, status] of [
    [100, 200],
    [101, 400],
    [5_000, 400],
  ] as const) {
    b.set("/e", ["customData"], manyKeys(count), status);
    b.set("/e", ["userData", "set"], manyKeys(count), status);
    b.set("/e", ["userData", "unset"], Object.keys(manyKeys(count)), status);
    b.set("/i", ["data", "setOnce"], manyKeys(count), status);
    b.set("/u", ["data", "set"], manyKeys(count), status);
  }
  b.everywhere("5,000 unknown top-level keys", (path, n) => ({
    body: { ...manyKeys(5_000), ...b.base(path, n) },
  }));
}
