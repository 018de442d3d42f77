import { describe, expect, it } from "vitest";
import type { DayStats, LabelerStats } from "../../api/workflowTypes";
import { bands, labelEvery, linearScale, niceAxis, niceMax } from "./chartScale";
import { csvCell, csvFileName, labelerCsv, toCsv } from "./csv";
import { sortRows } from "./LabelerTable";
import { addDays, fillDays, formatDuration, formatHours, formatRate, formatScore, formatTick, lastDays, rangeFromSearch, timeUnit } from "./statsFormat";

const FIGURES = {
  assets_labeled: 0, objects: 0, productive_time_s: 0, saves: 0, time_per_asset_s: null,
  reviews_received: 0, accepted: 0, rejected: 0, rejection_rate: null, reviews_done: 0,
};

function row(id: number, username: string, extra: Partial<LabelerStats> = {}): LabelerStats {
  return { user: { id, username }, ...FIGURES, ...extra };
}

describe("formatting", () => {
  it("formats durations", () => {
    expect(formatDuration(12.4)).toBe("12 s");
    expect(formatDuration(250)).toBe("4 min 10 s");
    expect(formatDuration(7500)).toBe("2 h 05 min");
    expect(formatDuration(null)).toBe("—");
    expect(formatHours(36000)).toBe("10.00");
  });

  it("picks the time axis unit from the largest day, so 26 s is not ticked '0 min'", () => {
    // given a range whose busiest day had 26 s of work, the axis (niceAxis of 26) ticks in seconds
    const unit = timeUnit(26);
    expect(unit).toEqual({ unit: "s", seconds: 1 });
    expect(niceAxis(26 / unit.seconds).ticks.map((t) => formatTick(t, unit))).toEqual(["0", "10 s", "20 s", "30 s"]);
    expect(timeUnit(45 * 60)).toEqual({ unit: "min", seconds: 60 });
    expect(niceAxis(45).ticks.map((t) => formatTick(t, timeUnit(45 * 60)))).toContain("20 min");
    expect(timeUnit(5 * 3600)).toEqual({ unit: "h", seconds: 3600 });
    expect(formatTick(1.5, timeUnit(5 * 3600))).toBe("1.5 h");
    expect(timeUnit(0).unit).toBe("s");
  });

  it("formats rates and scores", () => {
    expect(formatRate(0.125)).toBe("12.5%");
    expect(formatRate(0.5)).toBe("50%");
    expect(formatRate(null)).toBe("—");
    expect(formatScore(0.83125)).toBe("0.831");
    expect(formatScore(undefined)).toBe("—");
  });
});

describe("date ranges", () => {
  const now = new Date("2031-03-10T23:30:00Z");

  it("counts days in UTC", () => {
    expect(lastDays(7, now)).toEqual({ from: "2031-03-04", to: "2031-03-10" });
    expect(addDays("2031-02-28", 1)).toBe("2031-03-01");
    expect(addDays("2032-03-01", -1)).toBe("2032-02-29");
  });

  it("reads the range from the URL", () => {
    expect(rangeFromSearch(new URLSearchParams(""), now)).toEqual({ from: "2031-02-09", to: "2031-03-10" });
    expect(rangeFromSearch(new URLSearchParams("from=2031-01-01&to=2031-01-31"), now)).toEqual({ from: "2031-01-01", to: "2031-01-31" });
    expect(rangeFromSearch(new URLSearchParams("from=2031-01-01"), now)).toEqual({ from: "2031-01-01", to: "" });
    expect(rangeFromSearch(new URLSearchParams("range=all"), now)).toEqual({ from: "", to: "" });
    expect(rangeFromSearch(new URLSearchParams("from=yesterday"), now)).toEqual({ from: "2031-02-09", to: "2031-03-10" });
  });

  it("fills the days without activity with zeros", () => {
    const days: DayStats[] = [
      { date: "2031-03-02", ...FIGURES, assets_labeled: 4 },
      { date: "2031-03-04", ...FIGURES, assets_labeled: 1 },
    ];
    const filled = fillDays(days, "2031-03-01", "2031-03-05");
    expect(filled.map((d) => d.date)).toEqual(["2031-03-01", "2031-03-02", "2031-03-03", "2031-03-04", "2031-03-05"]);
    expect(filled.map((d) => d.assets_labeled)).toEqual([0, 4, 0, 1, 0]);
    expect(fillDays(days, null, null).map((d) => d.date)).toEqual(["2031-03-02", "2031-03-03", "2031-03-04"]);
    expect(fillDays([], null, null)).toEqual([]);
    expect(fillDays([], "2031-03-05", "2031-03-01")).toEqual([]);
    expect(fillDays([], "2000-01-01", "2031-01-01")).toHaveLength(400);
  });
});

describe("CSV", () => {
  it("quotes per RFC 4180 and defuses formulas", () => {
    expect(csvCell("ana")).toBe("ana");
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("-1+2,3")).toBe(`"'-1+2,3"`);
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(toCsv([["a", 1], ["b\nc", null]])).toBe('a,1\r\n"b\nc",\r\n');
  });

  it("writes the labeler table for payment", () => {
    const csv = labelerCsv(
      [row(3, "ana", { assets_labeled: 120, objects: 804, productive_time_s: 36000, saves: 190, time_per_asset_s: 300, reviews_received: 24, accepted: 21, rejected: 3, rejection_rate: 0.125 })],
      { from: "2031-03-01", to: "2031-03-31" },
    );
    const [head, line, end] = csv.split("\r\n");
    expect(head).toBe("user_id,username,from,to,assets_labeled,objects,productive_time_s,productive_hours,time_per_asset_s,saves,reviews_received,accepted,rejected,rejection_rate,reviews_done");
    expect(line).toBe("3,ana,2031-03-01,2031-03-31,120,804,36000,10,300,190,24,21,3,0.125,0");
    expect(end).toBe("");
    expect(labelerCsv([row(4, "bo")], { from: null, to: null }).split("\r\n")[1]).toBe("4,bo,,,0,0,0,0,,0,0,0,0,,0");
    expect(csvFileName(1, { from: "2031-03-01", to: null })).toBe("project-1-labelers-2031-03-01-to-now.csv");
  });
});

describe("chart scales", () => {
  it("rounds the top of the axis to a nice number", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(10)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(0.23)).toBe(0.25);
    expect(niceMax(420)).toBe(500);
  });

  it("picks round tick steps up to the top value", () => {
    expect(niceAxis(20)).toEqual({ top: 20, ticks: [0, 5, 10, 15, 20] });
    expect(niceAxis(0.21)).toEqual({ top: 0.3, ticks: [0, 0.1, 0.2, 0.3] });
    expect(niceAxis(0.47)).toEqual({ top: 0.6, ticks: [0, 0.2, 0.4, 0.6] });
    expect(niceAxis(37)).toEqual({ top: 40, ticks: [0, 10, 20, 30, 40] });
    expect(niceAxis(1, 4, true)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceAxis(6, 4, true)).toEqual({ top: 6, ticks: [0, 2, 4, 6] });
    expect(niceAxis(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceAxis(0, 4, true)).toEqual({ top: 1, ticks: [0, 1] });
  });

  it("maps values to pixels, y pointing down", () => {
    const y = linearScale(0, 20, 180, 10);
    expect(y(0)).toBe(180);
    expect(y(20)).toBe(10);
    expect(y(10)).toBe(95);
    expect(linearScale(5, 5, 3, 9)(100)).toBe(3);
  });

  it("lays out bars and thins the labels", () => {
    const b = bands(4, 400);
    expect(b).toHaveLength(4);
    expect(b[0]).toEqual({ x: 3, width: 94 });
    expect(b[3].x + b[3].width).toBeCloseTo(397);
    expect(bands(0, 400)).toEqual([]);
    expect(labelEvery(30, 8)).toBe(4);
    expect(labelEvery(5, 8)).toBe(1);
  });
});

describe("labeler table", () => {
  it("sorts by any column, ties by name", () => {
    const rows = [row(1, "zoe", { assets_labeled: 5, rejection_rate: 0.1 }), row(2, "Ana", { assets_labeled: 9 }), row(3, "bo", { assets_labeled: 5, rejection_rate: 0.3 })];
    expect(sortRows(rows, "username", false).map((r) => r.user.username)).toEqual(["Ana", "bo", "zoe"]);
    expect(sortRows(rows, "assets_labeled", true).map((r) => r.user.username)).toEqual(["Ana", "zoe", "bo"]);
    // Unreviewed (null) sorts below every rate.
    expect(sortRows(rows, "rejection_rate", true).map((r) => r.user.username)).toEqual(["bo", "zoe", "Ana"]);
  });
});
