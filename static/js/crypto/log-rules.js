// The rules of each entry type (docs/protocol/v2.md sections 3.2 to 3.4), applied to a LogState
// by its apply(): who may sign, and what each type may change. Split from log-state.js to keep
// files short; together they mirror crypto/log_state.py, the same checks in the same order.

import { b64uEncode } from "./encoding.js";
import { LogError, ParameterError, SignatureError } from "./errors.js";
import { checkKdf, MEMBER_FLOOR_MEM, MEMBER_FLOOR_OPS, VISITOR_FLOOR_MEM, VISITOR_FLOOR_OPS } from "./keys.js";
import { keyVersion, logSettings, MAX_SIGS, memberRecord, verifySignature } from "./log.js";
import { MemberState } from "./log-member.js";

function signersPool(state, entry) {
  if (entry.type !== "genesis") return state.current;
  return new Map(entry.body.members.map((v) => memberRecord(v)).map((m) => [m.memberId, m]));
}

export function checkSignatures(state, entry) {
  const signers = entry.sigs.map((s) => s.by);
  if (signers.length < 1 || signers.length > MAX_SIGS || new Set(signers).size !== signers.length) {
    throw new LogError(`an entry has 1 to ${MAX_SIGS} signatures, by distinct members`);
  }
  const pool = signersPool(state, entry);
  for (const s of entry.sigs) {
    const signer = pool.get(s.by);
    if (signer === undefined) throw new LogError(`${s.by} is not a current member and may not sign`);
    try {
      verifySignature(entry.bodyBytes, s, signer.signPk, entry.hash);
    } catch (err) {
      if (err instanceof SignatureError) throw new LogError(`the signature of ${s.by} does not verify`, { cause: err });
      throw err;
    }
  }
  let needed = 1;
  if (entry.type === "member_added" && state.settings?.twoSignaturesToAdd && pool.size >= 2) needed = 2;
  if (entry.sigs.length < needed) throw new LogError(`a ${entry.type} entry needs ${needed} signatures here`);
  return signers;
}

function checkNewKey(state, key) {
  if (key.version !== state.currentKey.version + 1) throw new LogError("a new office key version must follow the current one");
  if (state.used.has(`office-key:${b64uEncode(key.boxPk)}`)) throw new LogError("an office key may not come back");
}

// A new member's id and both keys must be new to the log, and differ from each other: a key
// reused as the other kind of key is refused too. (Ids and keys are kept apart by a prefix.)
function checkNewMember(state, record) {
  const named = [`id:${record.memberId}`, `key:${b64uEncode(record.signPk)}`, `key:${b64uEncode(record.boxPk)}`];
  if (new Set(named).size !== 3 || named.some((n) => state.used.has(n))) {
    throw new LogError("a member's id and keys may appear in the log once");
  }
  named.forEach((n) => state.used.add(n));
}

const sameKdf = (a, b) => a.ops === b.ops && a.mem === b.mem;

function checkSettings(state, settings) {
  if (state.settings !== null) {
    if (!sameKdf(settings.visitorKdf, state.settings.visitorKdf) || !sameKdf(settings.memberKdf, state.settings.memberKdf)) {
      throw new LogError("key derivation parameters are fixed for the life of the office");
    }
  } else if (state.enforceFloor) {
    try {
      checkKdf(settings.visitorKdf, VISITOR_FLOOR_OPS, VISITOR_FLOOR_MEM);
      checkKdf(settings.memberKdf, MEMBER_FLOOR_OPS, MEMBER_FLOOR_MEM);
    } catch (err) {
      if (err instanceof ParameterError) throw new LogError(`settings below the protocol's floor: ${err.message}`, { cause: err });
      throw err;
    }
  }
}

function applyGenesis(state, entry) {
  const body = entry.body;
  const members = body.members.map((v) => memberRecord(v));
  const former = body.former_members.map((v) => memberRecord(v));
  const keys = body.office_keys.map((v) => keyVersion(v));
  const settings = logSettings(body.settings);
  if (members.length === 0) throw new LogError("a genesis names at least one member");
  const distinct = new Set(keys.map((k) => b64uEncode(k.boxPk))).size === keys.length;
  if (!keys.every((k, i) => k.version === i + 1) || !distinct) {
    throw new LogError("the genesis's office keys are versions 1, 2, … each a different key");
  }
  checkSettings(state, settings);
  for (const record of [...members, ...former]) {
    checkNewMember(state, record);
    state.members.set(record.memberId, new MemberState(record, 0));
  }
  for (const record of members) state.current.set(record.memberId, record);
  for (const record of former) {
    const m = state.members.get(record.memberId);
    m.removedAt = Number(body.at);
    m.lastKey = keys.length;
  }
  state.officeId = body.office;
  state.name = body.name;
  keys.forEach((k) => addKey(state, k));
  state.settings = settings;
}

/** A key version taken in: current from now, and never to come back. */
function addKey(state, key) {
  state.keys.push(key);
  state.used.add(`office-key:${b64uEncode(key.boxPk)}`);
}

function applyMemberAdded(state, entry) {
  const record = memberRecord(entry.body.member);
  checkNewMember(state, record);
  state.members.set(record.memberId, new MemberState(record, entry.seq));
  state.current.set(record.memberId, record);
}

function applyMemberRemoved(state, entry, signers) {
  const member = state.members.get(entry.body.member_id);
  if (member === undefined || !member.current) throw new LogError("only a current member can be removed");
  // (so at least the signer remains)
  if (signers.includes(member.record.memberId)) throw new LogError("a member does not sign their own removal");
  const key = keyVersion(entry.body.office_key);
  checkNewKey(state, key);
  member.removedAt = Number(entry.body.at);
  member.lastKey = state.currentKey.version;
  state.current.delete(member.record.memberId);
  addKey(state, key);
}

function applyOfficeKey(state, entry) {
  const key = keyVersion(entry.body.office_key);
  checkNewKey(state, key);
  addKey(state, key);
}

function applySettings(state, entry) {
  const settings = logSettings(entry.body.settings);
  checkSettings(state, settings);
  state.settings = settings;
}

export const APPLY = Object.freeze({
  genesis: applyGenesis,
  member_added: applyMemberAdded,
  member_removed: applyMemberRemoved,
  office_key: applyOfficeKey,
  settings: applySettings,
});
