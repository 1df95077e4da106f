// Node tool for the cross-implementation test (tests/crypto/test_cross_node.py). Reads one JSON
// object from stdin, byte strings as b64u, and writes one JSON object to stdout:
//   node tools/crypto-cli.mjs seal  {payload, caseId, kind, senderSeed, recipientBoxPks,
//                                        sentAt, ttl?, viewOnce?, keep?, id?}  -> the envelope
//   node tools/crypto-cli.mjs open  {envelope, boxSk, expectedSenders, expectedCase}
//                                        -> {header, payload}
// Any failure exits 1 with {"error": "..."}; a usage error exits 2.

import { b64uDecode } from "../static/js/crypto/encoding.js";
import { openEnvelope, sealEnvelope } from "../static/js/crypto/envelope.js";
import { ready } from "../static/js/crypto/sodium.js";

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function seal(input) {
  return sealEnvelope(input.payload, {
    caseId: input.caseId,
    kind: input.kind,
    senderSeed: b64uDecode(input.senderSeed, 32),
    recipientBoxPks: input.recipientBoxPks.map((pk) => b64uDecode(pk, 32)),
    sentAt: input.sentAt,
    ttl: input.ttl ?? null,
    viewOnce: input.viewOnce ?? false,
    keep: input.keep ?? undefined,
    id: input.id ?? undefined,
  }).toJSON();
}

function open(input) {
  const senders = input.expectedSenders.map((pk) => b64uDecode(pk));
  return openEnvelope(input.envelope, b64uDecode(input.boxSk, 32), senders, input.expectedCase);
}

const COMMANDS = { seal, open };

async function main(argv) {
  if (argv.length !== 1 || !Object.hasOwn(COMMANDS, argv[0])) {
    console.error("usage: node tools/crypto-cli.mjs seal|open < input.json");
    return 2;
  }
  try {
    await ready();
    const output = COMMANDS[argv[0]](await readStdin());
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (err) {
    const cause = err?.cause ? ` (${err.cause.name ?? "Error"}: ${err.cause.message ?? err.cause})` : "";
    process.stdout.write(`${JSON.stringify({ error: `${err?.name ?? "Error"}: ${err?.message ?? err}${cause}` })}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
