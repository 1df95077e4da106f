// The visible watermark over an opened item: who is reading, the view's code and when, drawn
// once on a <canvas> and tiled as the background of a layer that covers the item's text. The
// layer sits in the same box as the text, so it grows with it, scrolls with it and prints with
// it (app.css asks for backgrounds in print). The CSP allows no inline style, but setting a
// property through the CSSOM (element.style.setProperty) is allowed; the image is a data: URL,
// which img-src allows. Screen readers skip it (aria-hidden), and it takes no clicks.

import { formatTime, h } from "./dom.js";

const TILE = { width: 230, height: 84 }; // CSS pixels of one tile (app.css: the text's box is at least this tall)
const ANGLE = (-6 * Math.PI) / 180; // slanted a little: it reads as a stamp, not as part of the text
const FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif';
const LINE_HEIGHT = 14;
// Mid grey at a low opacity: faint on a light page and on a dark one, still legible in a photo.
const INK = "rgba(128, 128, 128, 0.34)";
const MIN_SCALE = 2; // drawn at twice the CSS size at least: sharp on high-density screens and in print

/** What the watermark says about a view: {reader, code (null: not an opening), at (Unix seconds)}. */
export function watermarkParts({ reader, code, at }) {
  return ["Confidential", reader, code ? `View ${code}` : "Sent from this page", formatTime(at)];
}

/** The layer to put last inside the positioned box that holds the item's text. */
export function watermarkLayer(view) {
  const parts = watermarkParts(view);
  const layer = h("div", {
    class: "watermark",
    "aria-hidden": "true",
    "data-testid": "watermark",
    "data-view-code": view.code ?? "",
    "data-lines": parts.join(" · "),
  });
  const url = tileUrl(parts);
  if (url) {
    layer.style.setProperty("background-image", `url("${url}")`);
    layer.style.setProperty("background-size", `${TILE.width}px ${TILE.height}px`);
  }
  return layer;
}

/** One tile as a PNG data: URL: the lines once, centred, so that a box one tile tall shows them whole. */
function tileUrl(lines) {
  const scale = Math.max(MIN_SCALE, Math.ceil(globalThis.devicePixelRatio || 1));
  const canvas = document.createElement("canvas");
  canvas.width = TILE.width * scale;
  canvas.height = TILE.height * scale;
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  ctx.scale(scale, scale);
  ctx.font = FONT;
  ctx.fillStyle = INK;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.translate(TILE.width / 2, TILE.height / 2);
  ctx.rotate(ANGLE);
  const top = -((lines.length - 1) * LINE_HEIGHT) / 2;
  lines.forEach((line, i) => ctx.fillText(line, 0, top + i * LINE_HEIGHT, TILE.width - 40));
  return canvas.toDataURL("image/png");
}
