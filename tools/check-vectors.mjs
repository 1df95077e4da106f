// `npm run check-vectors -- DIR`: run every vector file present in DIR through the JavaScript
// protocol, one line per vector, ending with `N passed, M failed`; exit 1 if any failed or none
// ran, 2 on a usage error. The same output as `python -m crypto check-vectors DIR`.

import fs from "node:fs";
import path from "node:path";
import { ready } from "../static/js/crypto/sodium.js";
import { checkVectors, VECTOR_FILES } from "../static/js/crypto/vectors.js";

function main(argv) {
  if (argv.length !== 1) {
    console.error("usage: npm run check-vectors -- DIR");
    return 2;
  }
  // npm runs scripts from the package root; a relative DIR means the caller's directory.
  const folder = path.resolve(process.env.INIT_CWD ?? process.cwd(), argv[0]);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`no such folder: ${folder}`);
    return 2;
  }
  const files = {};
  for (const name of VECTOR_FILES) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) files[name] = JSON.parse(fs.readFileSync(file, "utf8"));
  }
  const results = checkVectors(files);
  for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}${r.detail ? `  ${r.detail}` : ""}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed > 0 || results.length === 0 ? 1 : 0;
}

await ready();
process.exitCode = main(process.argv.slice(2));
