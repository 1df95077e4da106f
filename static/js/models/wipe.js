// Forgetting keys: what a page held is overwritten, not left for the garbage collector. DOM-free.

/** Overwrites every Uint8Array in the given values (and one level into objects, arrays and maps). */
export function wipe(...values) {
  for (const value of values) {
    if (value instanceof Uint8Array) value.fill(0);
    else if (value instanceof Map) wipe(...value.values());
    else if (Array.isArray(value)) value.forEach((v) => v instanceof Uint8Array && v.fill(0));
    else if (value && typeof value === "object") {
      Object.values(value).forEach((v) => v instanceof Uint8Array && v.fill(0));
    }
  }
}
