import { test } from "node:test";
import assert from "node:assert/strict";
import {
  TimeFormatError,
  formatDuration,
  formatInstant,
  isRFC3339,
  parseDuration,
  parseInstant,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
} from "../src/time/format.js";

test("parseDuration: the documented forms", () => {
  const cases: [string, number][] = [
    ["7d", 7 * MS_PER_DAY],
    ["36h", 36 * MS_PER_HOUR],
    ["90m", 90 * MS_PER_MINUTE],
    ["1w", 7 * MS_PER_DAY],
    ["2d12h", 60 * MS_PER_HOUR],
    ["168h0m0s", 7 * MS_PER_DAY],
    ["1h30m", 90 * MS_PER_MINUTE],
    ["1.5h", 90 * MS_PER_MINUTE],
    [".5h", 30 * MS_PER_MINUTE],
    ["1500ms", 1500],
    ["45s", 45_000],
    ["0", 0],
    ["0s", 0],
    ["  7d\n", 7 * MS_PER_DAY],
    ["1w2d", 9 * MS_PER_DAY],
    ["2h45m30.5s", 2 * MS_PER_HOUR + 45 * MS_PER_MINUTE + 30_500],
    ["1500us", 1.5],
    ["1\u00b5s", 0.001],
    ["2000000ns", 2],
  ];
  for (const [s, want] of cases) assert.equal(parseDuration(s), want, s);
});

test("parseDuration: garbage, negative and unit-less numbers are clear errors", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["   ", /empty/],
    ["abc", /unexpected "abc"/],
    ["-7d", /negative/],
    ["-0", /negative/],
    ["5", /missing unit/],
    ["1.5", /missing unit/],
    ["7dd", /unknown unit "dd"/],
    ["7D", /unknown unit "D"/],
    ["7 d", /unexpected/],
    ["d", /unexpected "d"/],
    ["1.2.3h", /unexpected/],
    ["+5m", /unexpected/],
    ["7d-1h", /unexpected "-1h"/],
    ["1e3s", /unknown unit "e"/],
  ];
  for (const [s, re] of cases) {
    assert.throws(
      () => parseDuration(s),
      (e: unknown) => e instanceof TimeFormatError && re.test(e.message) && e.message.includes(JSON.stringify(s.trim() === "" ? "" : s)),
      `parseDuration(${JSON.stringify(s)})`,
    );
  }
  // Every message shows an example of what to write.
  assert.throws(() => parseDuration("soon"), /e\.g\. 7d, 36h, 90m, 1w, 2d12h/);
});

test("formatDuration: compact, with days", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [7 * MS_PER_DAY, "7d"],
    [36 * MS_PER_HOUR, "1d12h"],
    [90 * MS_PER_MINUTE, "1h30m"],
    [1500, "1s500ms"],
    [45_000, "45s"],
    [MS_PER_DAY + 1, "1d1ms"],
    [0.5, "0.5ms"],
    [-MS_PER_MINUTE, "-1m"],
  ];
  for (const [ms, want] of cases) assert.equal(formatDuration(ms), want, String(ms));
  assert.throws(() => formatDuration(Number.NaN), RangeError);
});

test("formatDuration and parseDuration round-trip whole milliseconds", () => {
  let x = 1;
  const samples = [0, 1, 999, 1000, 59_999, 60_000, 3_599_999, MS_PER_DAY - 1, MS_PER_DAY, 400 * MS_PER_DAY + 12345];
  for (let i = 0; i < 500; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    samples.push(x * 977);
  }
  for (const ms of samples) assert.equal(parseDuration(formatDuration(ms)), ms, String(ms));
});

test("parseInstant: RFC 3339 forms", () => {
  assert.equal(parseInstant("2024-01-02T03:04:05Z").toISOString(), "2024-01-02T03:04:05.000Z");
  assert.equal(parseInstant("2024-01-02T03:04:05.123456789Z").toISOString(), "2024-01-02T03:04:05.123Z");
  assert.equal(parseInstant("2024-01-02T03:04:05.5Z").toISOString(), "2024-01-02T03:04:05.500Z");
  assert.equal(parseInstant("2024-01-02T05:04:05+02:00").toISOString(), "2024-01-02T03:04:05.000Z");
  assert.equal(parseInstant("2024-01-01T23:30:00-04:30").toISOString(), "2024-01-02T04:00:00.000Z");
  assert.equal(parseInstant("2024-02-29T00:00:00Z").toISOString(), "2024-02-29T00:00:00.000Z");
  assert.equal(parseInstant("0005-03-04T00:00:00Z").getUTCFullYear(), 5);
  assert.equal(parseInstant(" 2024-01-02T03:04:05Z ").toISOString(), "2024-01-02T03:04:05.000Z");
});

test("parseInstant: YYYY-MM-DD is UTC midnight", () => {
  assert.equal(parseInstant("2024-01-02").toISOString(), "2024-01-02T00:00:00.000Z");
  assert.equal(parseInstant("2000-02-29").toISOString(), "2000-02-29T00:00:00.000Z");
});

test("parseInstant: clear errors", () => {
  const cases: [string, RegExp][] = [
    ["yesterday", /invalid instant "yesterday": not in RFC 3339 form; write an RFC 3339 time such as 2024-01-02T03:04:05Z/],
    ["2024-01-02T03:04:05", /not in RFC 3339 form/],
    ["2024-01-02 03:04:05Z", /not in RFC 3339 form/],
    ["2024-01-02t03:04:05z", /not in RFC 3339 form/],
    ["2024-1-2", /not in RFC 3339 form/],
    ["2023-02-29", /invalid date "2023-02-29": day out of range/],
    ["1900-02-29", /day out of range/],
    ["2024-13-01", /month out of range/],
    ["2024-04-31T00:00:00Z", /day out of range/],
    ["2024-01-02T24:00:00Z", /hour out of range/],
    ["2024-01-02T23:60:00Z", /minute out of range/],
    ["2024-01-02T23:59:60Z", /second out of range/],
    ["2024-01-02T23:59:59+24:00", /offset out of range/],
    ["", /not in RFC 3339 form/],
  ];
  for (const [s, re] of cases) {
    assert.throws(() => parseInstant(s), (e: unknown) => e instanceof TimeFormatError && re.test(e.message), s);
  }
});

test("isRFC3339 agrees with parseInstant but rejects bare dates", () => {
  assert.equal(isRFC3339("2024-01-02T03:04:05Z"), true);
  assert.equal(isRFC3339("2024-01-02T03:04:05.999999999-07:00"), true);
  assert.equal(isRFC3339("2024-01-02"), false);
  assert.equal(isRFC3339("2024-02-30T03:04:05Z"), false);
  assert.equal(isRFC3339("2024-01-02T03:04:05+0100"), false);
});

test("formatInstant: Go's time.RFC3339 in UTC, seconds truncated", () => {
  assert.equal(formatInstant(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), "2024-01-02T03:04:05Z");
  assert.equal(formatInstant(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 999))), "2024-01-02T03:04:05Z");
  assert.equal(formatInstant(new Date("1969-12-31T23:59:59.900Z")), "1969-12-31T23:59:59Z");
  assert.equal(formatInstant(parseInstant("2024-01-02T05:04:05+02:00")), "2024-01-02T03:04:05Z");
  assert.equal(formatInstant(parseInstant("0005-03-04T00:00:00Z")), "0005-03-04T00:00:00Z");
  assert.throws(() => formatInstant(new Date(Number.NaN)), RangeError);
  assert.throws(() => formatInstant(new Date(Date.UTC(10000, 0, 1))), /outside 0000\.\.9999/);
});

test("formatInstant and parseInstant round-trip at second precision", () => {
  for (const s of ["2024-01-02T03:04:05Z", "1999-12-31T23:59:59Z", "2000-02-29T12:00:00Z", "1970-01-01T00:00:00Z"]) {
    assert.equal(formatInstant(parseInstant(s)), s);
  }
});
