import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEnvelope, sealEnvelope } from "../../../static/js/crypto/index.js";
import { memberCaseCrypto, visitorCaseCrypto } from "../../../static/js/models/case-crypto.js";
import { Office, VISITOR } from "../../../static/js/models/office.js";
import { Thread } from "../../../static/js/models/thread.js";
import { CASE, itemBy, member, officeApi, OfficeLog, officeKey, serverRecord, signedIn, T0, visitor } from "./office-fixtures.mjs";

const MESSAGES = `/cases/${CASE}/messages`;
const REMOVED_AT = T0 + 100; // Bob's removal
const VIEW = { view_id: "v_1", code: "7K3QD-M9XTA", opened_at: T0 }; // what POST …/open records

/**
 * An office whose log names Ada and Bob (key 1), then removes Bob (key 2); the server lists
 * Mallory too. The visitor's side and Ada's, and `say(side, text, options)` sealing an item.
 */
async function setting() {
  const [ada, bob, mallory] = [member("m_ada", "Ada"), member("m_bob", "Bob"), member("m_mallory", "Mallory")];
  const [k1, k2] = [officeKey(1), officeKey(2)];
  const log = new OfficeLog([ada, bob], [k1]);
  log.remove("m_bob", k2, ada, REMOVED_AT);
  const office = await new Office(officeApi({ record: serverRecord([ada, bob, mallory], [k1, k2]), entries: log.entries })).load();
  const reader = visitor();
  const sides = {
    visitor: visitorCaseCrypto(office, reader, CASE),
    ada: memberCaseCrypto(office, signedIn(ada, [k1, k2]), CASE, reader.caseRecord),
    mallory: memberCaseCrypto(office, signedIn(mallory, [k1, k2]), CASE, reader.caseRecord), // granted by the server alone
  };
  const say = (side, text, options = {}) => sides[side].seal({ format: "plain", body: text }, options).toJSON();
  return { bob, k1, reader, sides, say };
}

/** An item as an honest server lists it, under the id its sender signed; `claims` are the listing's word besides. */
const listed = (from, envelope, claims = {}) => ({ id: parseEnvelope(envelope).id, from, kind: "message", envelope, ...claims });

/**
 * A stand-in for models/api.js listing `items` ({id, from, kind, view_once, envelope}: what the
 * listing claims, and what POST …/open hands back) and opening each.
 */
function threadApi(items) {
  const listing = items.map(({ id, from, kind, view_once }) => ({ id, from, kind, view_once, received_at: T0, expires_at: null }));
  const byId = new Map(items.map((item) => [item.id, item]));
  return {
    get: async (path) => (assert.ok(path.startsWith(`${MESSAGES}?after=`), path), { items: listing, cursor: "c_1" }),
    post: async (path) => {
      const id = decodeURIComponent(/\/messages\/([^/]+)\/open$/.exec(path)?.[1]);
      assert.ok(byId.has(id), path);
      return { envelope: byId.get(id).envelope, view: VIEW };
    },
  };
}

/** What a reader records as opened once: the ids it was told of, and those it had opened before. */
function viewOnceLog(openedBefore = []) {
  const log = { recorded: [] };
  log.openedBefore = (id) => openedBefore.includes(id);
  log.opened = async (id) => log.recorded.push(id);
  return log;
}

/** The entries `caseCrypto`'s thread shows for the `named` items ({name: item}), by the same names. */
async function shown(caseCrypto, named, viewOnce = viewOnceLog()) {
  const items = Object.values(named);
  const thread = new Thread({ api: threadApi(items), caseCrypto, viewOnce });
  const byId = new Map();
  await thread.fetchNew((entry) => byId.set(entry.id, entry));
  return Object.fromEntries(Object.entries(named).map(([name, item]) => [name, byId.get(item.id)]));
}

test("kind and view once are those the sender signed, whatever the listing says", async () => {
  const s = await setting();
  const entries = await shown(s.sides.visitor, {
    once: listed("m_ada", s.say("ada", "read once", { kind: "guidance", viewOnce: true }), { view_once: false }),
    plain: listed("m_ada", s.say("ada", "plain"), { kind: "guidance", view_once: true }),
  });
  const signed = ({ kind, viewOnce, text }) => [kind, viewOnce, text];
  assert.deepEqual(signed(entries.once), ["guidance", true, "read once"]);
  assert.deepEqual(signed(entries.plain), ["message", false, "plain"]);
  assert.deepEqual(entries.once.view, VIEW);
});

test("an item signed by a key the log does not name, or by a member after their removal, comes back refused", async () => {
  const s = await setting();
  const viewOnce = viewOnceLog();
  const entries = await shown(
    s.sides.visitor,
    {
      forged: listed("m_mallory", s.say("mallory", "trust me", { viewOnce: true })),
      late: listed("m_bob", itemBy(s.bob, { officeKey: s.k1, visitor: s.reader, sentAt: REMOVED_AT + 1 })),
      fine: listed("m_ada", s.say("ada", "hello")),
    },
    viewOnce,
  );
  for (const name of ["forged", "late"]) {
    const { failed, text, label, mine } = entries[name];
    assert.deepEqual({ failed, text, label, mine }, { failed: true, text: "", label: "Unknown", mine: false }, name);
  }
  assert.equal(entries.fine.failed, undefined); // the listing went on past them
  assert.equal(entries.fine.text, "hello");
  assert.deepEqual(viewOnce.recorded, []); // a refused item is no opening
});

test("a view-once item the reader's pin says was opened before comes back refused as replayed", async () => {
  const s = await setting();
  const spent = listed("m_ada", s.say("ada", "once only", { viewOnce: true }));
  const viewOnce = viewOnceLog([spent.id]);
  const { again } = await shown(s.sides.visitor, { again: spent }, viewOnce);
  assert.deepEqual([again.failed, again.replayed, again.text], [true, true, ""]);
  assert.deepEqual(viewOnce.recorded, []);
});

test("a first opening of a view-once item from the other side is recorded; the reader's own, or a plain one, is not", async () => {
  const s = await setting();
  const items = {
    theirs: listed("m_ada", s.say("ada", "once", { viewOnce: true })),
    own: listed(VISITOR, s.say("visitor", "mine, once", { viewOnce: true })),
    plain: listed("m_ada", s.say("ada", "any time")),
  };
  const onVisitorSide = viewOnceLog();
  const entries = await shown(s.sides.visitor, items, onVisitorSide);
  assert.deepEqual([entries.theirs.text, entries.theirs.replayed], ["once", undefined]);
  assert.deepEqual(onVisitorSide.recorded, [items.theirs.id]);
  const onAdaSide = viewOnceLog(); // for Ada, the visitor's item is the other side's, and her own is not
  await shown(s.sides.ada, items, onAdaSide);
  assert.deepEqual(onAdaSide.recorded, [items.own.id]);
});

// A server could list a spent item again under a new id: the model goes by the id the sender
// signed, and refuses an item listed under another (an item is what its sender signed, id included).

test("a spent view-once item served again under another id is not shown again", async () => {
  const s = await setting();
  const item = listed("m_ada", s.say("ada", "once only", { viewOnce: true }));
  const first = viewOnceLog();
  await shown(s.sides.visitor, { item }, first);
  const next = viewOnceLog(first.recorded); // the next sign-in, with the pin as stored
  const { copy } = await shown(s.sides.visitor, { copy: { ...item, id: "i_copy" } }, next);
  assert.deepEqual([copy.failed, copy.text], [true, ""]);
});

test("an item whose sender saw another office log than the reader's is refused", async () => {
  const s = await setting();
  const ada = s.sides.ada;
  const forked = sealEnvelope(
    { format: "plain", body: "written on a forked log" },
    {
      caseId: CASE,
      kind: "message",
      senderSeed: ada.signSeed,
      recipientBoxPks: [ada.officeBoxPk(), ada.visitor.boxPk],
      sentAt: T0 + 200,
      log: { length: 1, head: new Uint8Array(32).fill(9) },
    },
  ).toJSON();
  const entries = await shown(s.sides.visitor, { honest: listed("m_ada", s.say("ada", "on the same log")), forked: listed("m_ada", forked) });
  assert.equal(parseEnvelope(s.say("ada", "x")).header.log.length, 2); // a sender says which log it saw
  assert.deepEqual([entries.honest.failed, entries.honest.text], [undefined, "on the same log"]);
  assert.deepEqual([entries.forked.failed, entries.forked.text], [true, ""]);
});

test("a flagged message tells the server only that it is flagged; why is in its sealed payload, read by the office", async () => {
  const s = await setting();
  const posted = [];
  const api = {
    post: async (path, body) => (posted.push({ path, body }), { id: parseEnvelope(body).id, received_at: T0, expires_at: null, flagged: true }),
  };
  const sent = await new Thread({ api, caseCrypto: s.sides.visitor }).send("I think I am facing retaliation.", { flag: "retaliation" });
  assert.equal(posted[0].path, `${MESSAGES}?flag=true`);
  assert.ok(!JSON.stringify(posted[0].body).includes("retaliation"));
  assert.ok(!JSON.stringify(parseEnvelope(posted[0].body).header).includes("retaliation"));
  assert.deepEqual([sent.flagged, sent.flag], [true, "retaliation"]);
  // An unknown flag is not sent as one
  await new Thread({ api, caseCrypto: s.sides.visitor }).send("hello", { flag: "whatever" });
  assert.equal(posted[1].path, MESSAGES);

  // Ada's page reads why; a flag a member sealed in their own payload means nothing
  const fromVisitor = s.sides.visitor.seal({ format: "plain", body: "alert", flag: "retaliation" }).toJSON();
  const fromAda = s.sides.ada.seal({ format: "plain", body: "reply", flag: "retaliation" }).toJSON();
  const entries = await shown(s.sides.ada, { alert: listed(VISITOR, fromVisitor, { flagged: true }), reply: listed("m_ada", fromAda) });
  assert.deepEqual([entries.alert.flag, entries.reply.flag], ["retaliation", null]);
});
