// Node tool for the cross-implementation test (tests/crypto/test_cross_node.py). Reads one JSON
// object from stdin, byte strings as b64u, and writes one JSON object to stdout:
//   node tools/crypto-cli.mjs seal  {payload, caseId, kind, senderSeed, recipientBoxPks,
//                                        sentAt, ttl?, viewOnce?, keep?, id?}  -> the envelope
//   node tools/crypto-cli.mjs open  {envelope, boxSk, expectedSenders, expectedCase}
//                                        -> {header, payload}
//   node tools/crypto-cli.mjs log-entry  {entries, type, at, fields, signers: [{memberId, signSeed}],
//                                        officeId? (genesis), enforceFloor?}
//                                        -> the next entry of the log `entries` (verified
//                                        first), its body built from `fields` as JSON, signed
//   node tools/crypto-cli.mjs verify-log {entries, officeId?, enforceFloor?}
//                                        -> {officeId, name, length, head, hashes, fingerprint,
//                                        shortCode, currentMembers, formerMembers, currentKey}
//   node tools/crypto-cli.mjs seal-pin   {pin, caseId, signSeed, boxPk, sentAt} -> the envelope
//   node tools/crypto-cli.mjs open-pin   {envelope, caseId, signPk, boxSk} -> the pin
// Any failure exits 1 with {"error": "..."}; a usage error exits 2.

import { b64uDecode, b64uEncode } from "../static/js/crypto/encoding.js";
import { openEnvelope, sealEnvelope } from "../static/js/crypto/envelope.js";
import { genesisBody, keyVersion, logSettings, makeEntry, memberRecord } from "../static/js/crypto/log.js";
import { verifyLog } from "../static/js/crypto/log-state.js";
import { openPin, Pin, sealPin } from "../static/js/crypto/pin.js";
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

function logEntry(input) {
  const f = input.fields;
  let body;
  if (input.type === "genesis") {
    const members = f.members.map((m) => memberRecord(m));
    const former = f.former_members.map((m) => memberRecord(m));
    const keys = f.office_keys.map((k) => keyVersion(k));
    body = genesisBody(input.officeId, input.at, f.name, members, former, keys, logSettings(f.settings));
  } else {
    const state = verifyLog(input.entries, null, { enforceFloor: input.enforceFloor ?? true });
    const bodies = {
      member_added: () => state.memberAdded(input.at, memberRecord(f.member)),
      member_removed: () => state.memberRemoved(input.at, f.member_id, keyVersion(f.office_key)),
      office_key: () => state.officeKey(input.at, keyVersion(f.office_key)),
      settings: () => state.settingsChange(input.at, logSettings(f.settings)),
    };
    body = bodies[input.type]();
  }
  const signers = input.signers.map((s) => [s.memberId, b64uDecode(s.signSeed, 32)]);
  return makeEntry(body, signers).toJSON();
}

function verifyLogCommand(input) {
  const state = verifyLog(input.entries, input.officeId ?? null, { enforceFloor: input.enforceFloor ?? true });
  return {
    officeId: state.officeId,
    name: state.name,
    length: state.length,
    head: b64uEncode(state.head),
    hashes: state.hashes.map((h) => b64uEncode(h)),
    fingerprint: state.fingerprint,
    shortCode: state.shortCode,
    currentMembers: state.currentMembers().map((m) => ({ member_id: m.memberId, display_name: m.displayName })),
    formerMembers: [...state.members].filter(([, m]) => !m.current).map(([id]) => id).sort(),
    currentKey: state.currentKey.toJSON(),
  };
}

function sealPinCommand(input) {
  const p = input.pin;
  const pin = new Pin(p.length, b64uDecode(p.head, 32), p.fingerprint, p.view_once);
  return sealPin(pin, {
    caseId: input.caseId,
    signSeed: b64uDecode(input.signSeed, 32),
    boxPk: b64uDecode(input.boxPk, 32),
    sentAt: input.sentAt,
  }).toJSON();
}

function openPinCommand(input) {
  return openPin(input.envelope, {
    caseId: input.caseId,
    signPk: b64uDecode(input.signPk, 32),
    boxSk: b64uDecode(input.boxSk, 32),
  }).toJSON();
}

const COMMANDS = {
  seal,
  open,
  "log-entry": logEntry,
  "verify-log": verifyLogCommand,
  "seal-pin": sealPinCommand,
  "open-pin": openPinCommand,
};

async function main(argv) {
  if (argv.length !== 1 || !Object.hasOwn(COMMANDS, argv[0])) {
    console.error(`usage: node tools/crypto-cli.mjs ${Object.keys(COMMANDS).join("|")} < input.json`);
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
