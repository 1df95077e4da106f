// libsodium, loaded once. Call `await ready()` once at start-up; after that every function of
// this package is synchronous and reaches libsodium through getSodium(), which throws if the
// start-up step was skipped (a plain Error, not a ProtocolError: it is a programming mistake).
//
// The relative path works in the browser (served from /static/) and in Node alike, once
// `npm ci` has run tools/build-vendor.mjs.

import * as libsodium from "../../vendor/libsodium-wrappers.mjs";

let sodium = null;

export async function ready() {
  if (sodium === null) {
    await libsodium.ready;
    sodium = libsodium.default;
  }
  return sodium;
}

export function getSodium() {
  if (sodium === null) throw new Error("libsodium is not loaded: await ready() first");
  return sodium;
}
