import { describe, expect, it } from "vitest";
import { imagePoint, rect, screenPoint } from "../core/geometry";
import { LabelMap } from "../core/labelMap";
import { FrameScheduler } from "../view/frameScheduler";
import { rasterizeOverlay } from "../view/overlayRaster";
import { buildPalette, packRgba, parseHexColor } from "../view/overlayStyle";
import { TileGrid } from "../view/tileGrid";
import { Viewport } from "../view/viewport";
import { CLASSES, makeEditor } from "./helpers";

describe("viewport", () => {
  it("converts between screen and image points", () => {
    const v = new Viewport(100, 50);
    v.resize(400, 300);
    v.zoomTo(2, screenPoint(0, 0));
    v.panBy(10, 20);
    const p = v.toImage(screenPoint(30, 40));
    expect(p).toEqual({ x: 10, y: 10 });
    expect(v.toScreen(imagePoint(10, 10))).toEqual({ x: 30, y: 40 });
  });

  it("zooms around the anchor point", () => {
    const v = new Viewport(100, 100);
    v.resize(200, 200);
    const anchor = screenPoint(50, 70);
    const before = v.toImage(anchor);
    v.zoomBy(3, anchor);
    expect(v.toImage(anchor).x).toBeCloseTo(before.x);
    expect(v.toImage(anchor).y).toBeCloseTo(before.y);
  });

  it("1:1 puts image pixels exactly on screen pixels", () => {
    const v = new Viewport(333, 211);
    v.resize(801, 603);
    v.fit();
    v.oneToOne();
    expect(v.scale).toBe(1);
    expect(Number.isInteger(v.offsetX) && Number.isInteger(v.offsetY)).toBe(true);
    expect(v.toImage(screenPoint(v.offsetX + 10, v.offsetY + 20))).toEqual({ x: 10, y: 20 });
  });

  it("keeps the image fitted across resizes until the user zooms or pans", () => {
    const editor = makeEditor(1000, 500);
    editor.resizeView(1032, 532);
    expect(editor.zoomState.scale).toBeCloseTo(1);
    editor.resizeView(532, 532); // the page around the editor finished laying out
    expect(editor.zoomState.scale).toBeCloseTo(0.5);
    editor.panBy(5, 0);
    editor.resizeView(1032, 532);
    expect(editor.zoomState.scale).toBeCloseTo(0.5);
    editor.fit();
    editor.resizeView(1032, 532);
    expect(editor.zoomState.scale).toBeCloseTo(1);
  });

  it("fits and centres the image", () => {
    const v = new Viewport(1000, 500);
    v.resize(532, 532);
    v.fit();
    expect(v.scale).toBeCloseTo(0.5);
    expect(v.offsetY).toBeCloseTo((532 - 250) / 2);
  });
});

describe("tiles", () => {
  it("uses one tile up to 4096 px and 2048-px tiles beyond", () => {
    expect(new TileGrid(4096, 3000).count).toBe(1);
    const big = new TileGrid(10000, 5000);
    expect([big.columns, big.rows]).toEqual([5, 3]);
    expect(big.tileRect(14)).toEqual(rect(8192, 4096, 10000, 5000));
    expect(big.tilesIn({ x0: 2000, y0: -10, x1: 2100, y1: 10 })).toEqual([0, 1]);
  });
});

describe("frame scheduler", () => {
  it("draws at most once per animation frame", () => {
    const frames: (() => void)[] = [];
    let draws = 0;
    const scheduler = new FrameScheduler(() => draws++, (cb) => frames.push(cb));
    scheduler.request();
    scheduler.request();
    scheduler.request();
    expect(frames).toHaveLength(1);
    frames[0]();
    expect(draws).toBe(1);
    scheduler.request();
    expect(frames).toHaveLength(2);
  });
});

describe("overlay", () => {
  const objects = [
    { index: 1, classId: 11, attributes: {}, hidden: false },
    { index: 2, classId: 12, attributes: {}, hidden: false },
    { index: 3, classId: 12, attributes: {}, hidden: true },
  ];
  const classes = new Map(CLASSES.map((c) => [c.id, c]));

  it("colours objects by class and hides hidden objects, classes and non-solo ones", () => {
    expect(parseHexColor("#0a0b0c")).toEqual([10, 11, 12]);
    const all = buildPalette(objects, classes, { hiddenClasses: new Set(), solo: null });
    expect([...all]).toEqual([0, packRgba(255, 0, 0), packRgba(0, 255, 0), 0]);
    expect(buildPalette(objects, classes, { hiddenClasses: new Set([11]), solo: null })[1]).toBe(0);
    const solo = buildPalette(objects, classes, { hiddenClasses: new Set(), solo: { objectIndex: 2 } });
    expect([solo[1], solo[2] !== 0]).toEqual([0, true]);
    expect(buildPalette(objects, classes, { hiddenClasses: new Set(), solo: { classId: 11 } })[2]).toBe(0);
  });

  it("draws only the outline in outline mode", () => {
    const map = new LabelMap(5, 5);
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) map.set(x, y, 1);
    const palette = Uint32Array.from([0, 7]);
    const out = new Uint32Array(25);
    rasterizeOverlay(map, map.bounds, palette, true, out, map.bounds);
    expect(out[0]).toBe(7);
    expect(out[12]).toBe(0);
    rasterizeOverlay(map, rect(1, 1, 4, 4), palette, false, out, map.bounds);
    expect(out[12]).toBe(7);
  });

  it("draws flagged objects as outlines and the others filled", () => {
    const map = new LabelMap(10, 5);
    for (let y = 0; y < 5; y++) for (let x = 0; x < 10; x++) map.set(x, y, x < 5 ? 1 : 2);
    const palette = Uint32Array.from([0, 7, 9]);
    const out = new Uint32Array(50);
    rasterizeOverlay(map, map.bounds, palette, Uint8Array.from([0, 0, 1]), out, map.bounds);
    expect(out[2 * 10 + 2]).toBe(7); // object 1: filled
    expect(out[2 * 10 + 7]).toBe(0); // object 2: its inside left clear
    expect(out[2 * 10 + 9]).toBe(9); // and its border drawn
  });

  it("setOutlined flags the objects for the renderer and re-colours only when they change", () => {
    const editor = makeEditor(20, 20);
    const a = editor.createObject(12);
    const b = editor.createObject(12);
    editor.setOutlined([b, 99]);
    expect(editor.viewSettings.outlined.has(b)).toBe(true);
    expect([editor.overlayOutlined[a], editor.overlayOutlined[b]]).toEqual([0, 1]);
    const views: unknown[] = [];
    editor.on("view", (v) => views.push(v));
    editor.setOutlined([99, b]);
    expect(views).toHaveLength(0); // the same set: nothing to redraw
    editor.setOutlined([]);
    expect(editor.overlayOutlined[b]).toBe(0);
  });

  it("the editor reports the dirty rectangle a stroke touched", () => {
    const editor = makeEditor(100, 100);
    const dirty: { x0: number; x1: number }[] = [];
    editor.on("dirty", (r) => dirty.push(r));
    editor.setBrushSize(4);
    editor.pointerDown(imagePoint(50, 50));
    expect(dirty[0].x1 - dirty[0].x0).toBeLessThan(10);
    editor.pointerUp(imagePoint(50, 50));
  });
});
