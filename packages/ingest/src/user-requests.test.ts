// Covers parseIdentifyRequest and parseUpdateUserRequest on the seed examples and their rules.
import { describe, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS } from "./limits.ts";
import { parseIdentifyRequest, parseUpdateUserRequest } from "./user-requests.ts";

const limits = DEFAULT_INGEST_LIMITS;

describe("identify", () => {
  it("parses the seed example", () => {
    const body = {
      projectToken: "proj_your_project_token_here",
      identifier: "user_123",
      displayName: "john@example.com",
    };
    expect(parseIdentifyRequest(body, {}, limits)).toEqual({
      ok: true,
      value: {
        identifier: "user_123",
        displayName: "john@example.com",
        avatarUrl: null,
        userData: null,
        allowCookies: false,
        sentAt: null,
      },
    });
  });

  it("accepts userIdentifier and userData as aliases", () => {
    const body = { userIdentifier: "u1", userData: { unset: ["a"] }, "Allow-Cookies": true };
    const result = parseIdentifyRequest(body, {}, limits);
    expect(result.ok && result.value).toMatchObject({
      identifier: "u1",
      userData: { unset: ["a"] },
      allowCookies: true,
    });
  });

  it.each([
    [{}, "identifier is required"],
    [{ identifier: "   " }, "identifier is required"],
    [{ identifier: 123 }, "identifier must be a string"],
    [{ identifier: "u", avatarUrl: false }, "avatarUrl must be a string"],
    [{ identifier: "u", data: "plan=pro" }, "data must be an object"],
    [[], "body must be a JSON object"],
  ])("%j -> %s", (body, reason) => {
    expect(parseIdentifyRequest(body, {}, limits)).toEqual({ ok: false, reason });
  });
});

describe("update user", () => {
  it("parses the seed example", () => {
    const body = {
      projectToken: "proj_your_project_token_here",
      displayName: "John Doe",
      data: { set: { plan: "enterprise", company: "Acme Inc" } },
    };
    expect(parseUpdateUserRequest(body, {}, limits)).toEqual({
      ok: true,
      value: {
        identifier: null,
        displayName: "John Doe",
        avatarUrl: null,
        data: { set: { plan: "enterprise", company: "Acme Inc" }, setOnce: {}, unset: [] },
        allowCookies: false,
        sentAt: null,
      },
    });
  });

  it("accepts an empty update", () => {
    expect(parseUpdateUserRequest({ projectToken: "p" }, {}, limits)).toEqual({
      ok: true,
      value: {
        identifier: null,
        displayName: null,
        avatarUrl: null,
        data: null,
        allowCookies: false,
        sentAt: null,
      },
    });
  });

  it("prefers data over userData and names the member used in reasons", () => {
    const both = parseUpdateUserRequest({ data: { set: { a: 1 } }, userData: "x" }, {}, limits);
    expect(both.ok && both.value.data).toEqual({ set: { a: 1 }, setOnce: {}, unset: [] });
    expect(parseUpdateUserRequest({ userData: { set: 1 } }, {}, limits)).toEqual({
      ok: false,
      reason: "userData.set must be an object",
    });
  });

  it("reads the cookie opt-in from the header", () => {
    const result = parseUpdateUserRequest({}, { "allow-cookies": " TRUE " }, limits);
    expect(result.ok && result.value.allowCookies).toBe(true);
  });
});
