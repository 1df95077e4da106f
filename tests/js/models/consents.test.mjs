import assert from "node:assert/strict";
import { test } from "node:test";
import { ConsentAnswer, ConsentRequest, consentDigest, parseEnvelope } from "../../../static/js/crypto/index.js";
import { memberCaseCrypto, visitorCaseCrypto } from "../../../static/js/models/case-crypto.js";
import { checkConsentForm, Consents, untilFromDate } from "../../../static/js/models/consents.js";
import { Office } from "../../../static/js/models/office.js";
import { Thread } from "../../../static/js/models/thread.js";
import { CASE, member, officeApi, OfficeLog, officeKey, serverRecord, signedIn, T0, visitor } from "./office-fixtures.mjs";

const NOW = 1_790_000_000;
const form = (fields) => ({ body: "Words to share.", withWhom: "Senior group leader", named: false, until: "2099-12-31", ...fields });

test("the until field is the end of the day picked, in the member's time zone", () => {
  const end = untilFromDate("2026-12-31");
  const at = new Date(end * 1000);
  assert.deepEqual([at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes(), at.getSeconds()], [2026, 11, 31, 23, 59, 59]);
  for (const bad of ["", "2026-02-30", "31/12/2026", null]) assert.equal(untilFromDate(bad), null);
});

test("the form says what is wrong with each field, and gives a request once all are right", () => {
  assert.deepEqual(Object.keys(checkConsentForm(form({ body: "  ", withWhom: "", until: "" }), NOW).errors).sort(), ["body", "until", "with"]);
  assert.match(checkConsentForm(form({ until: "2020-01-01" }), NOW).errors.until, /from today on/);
  assert.match(checkConsentForm(form({ body: "x".repeat(4001) }), NOW).errors.body, /4000 characters/);
  assert.match(checkConsentForm(form({ withWhom: "x".repeat(201) }), NOW).errors.with, /200 characters/);
  const { request, errors } = checkConsentForm(form({ body: "  Words to share. ", named: true }), NOW);
  assert.equal(errors, undefined);
  assert.deepEqual([request.body, request.withWhom, request.named, request.until], ["Words to share.", "Senior group leader", true, untilFromDate("2099-12-31")]);
});

/** Ada of the office log, the case's visitor, and the crypto of each side. */
async function setting() {
  const ada = member("m_ada", "Ada");
  const k1 = officeKey(1);
  const office = await new Office(officeApi({ record: serverRecord([ada], [k1]), entries: new OfficeLog([ada], [k1]).entries })).load();
  const reader = visitor();
  return {
    visitor: visitorCaseCrypto(office, reader, CASE),
    ada: memberCaseCrypto(office, signedIn(ada, [k1]), CASE, reader.caseRecord),
  };
}

/** A thread over `items` ({from, envelope}), as an honest server lists and opens them. */
function threadOver(caseCrypto, items) {
  const byId = new Map(items.map((item) => [parseEnvelope(item.envelope).id, item]));
  const listing = [...byId].map(([id, { from, envelope }]) => ({ id, from, kind: parseEnvelope(envelope).header.kind, view_once: false, received_at: T0, expires_at: null }));
  const api = {
    get: async () => ({ items: listing, cursor: "1" }),
    post: async (path) => ({ envelope: byId.get(decodeURIComponent(/\/messages\/([^/]+)\/open$/.exec(path)[1])).envelope, view: null }),
  };
  return new Thread({ api, caseCrypto });
}

test("a thread opens a request and the answers to it; only the visitor's answer bound to its exact bytes counts", async () => {
  const sides = await setting();
  const now = Math.floor(Date.now() / 1000); // answers are sealed at the clock's time
  const asked = new ConsentRequest("Words to share.", "Senior group leader", false, now + 86400);
  const request = sides.ada.seal(asked.payload(), { kind: "consent-request" }).toJSON();
  const other = sides.ada.seal(asked.payload(), { kind: "consent-request" }).toJSON();
  const answer = (side, env, decision, id = parseEnvelope(request).id) =>
    sides[side].seal(new ConsentAnswer(id, consentDigest(env), decision).payload(), { kind: "consent-answer" }).toJSON();
  const items = [
    { from: "m_ada", envelope: request },
    { from: "visitor", envelope: answer("visitor", request, "accept") },
    { from: "m_ada", envelope: answer("ada", request, "withdraw") }, // a member cannot answer for the visitor
    { from: "visitor", envelope: answer("visitor", other, "withdraw") }, // another request's bytes under this id
  ];
  const entries = [];
  await threadOver(sides.ada, items).fetchNew((entry) => entries.push(entry));
  assert.deepEqual(entries.map((e) => [e.kind, Boolean(e.failed)]), [
    ["consent-request", false],
    ["consent-answer", false],
    ["consent-answer", false],
    ["consent-answer", false],
  ]);
  assert.equal(entries[0].text, "Words to share.");
  assert.deepEqual(entries[0].consent.request, asked);

  const consents = new Consents();
  consents.addRequest(entries[0].id, entries[0].consent.request, entries[0].consent.envelope);
  const bound = entries.slice(1).map((e) => consents.addAnswer(e.consent.answer, e.sentAt, e.consent.fromVisitor));
  assert.deepEqual(bound, [entries[0].id, null, null]);
  assert.equal(consents.stateOf(entries[0].id, now + 10).state, "accepted");
  assert.equal(consents.stateOf(entries[0].id, now + 86401).state, "expired");
  assert.equal(consents.nextExpiry(now + 10), now + 86400);
  assert.equal(consents.nextExpiry(now + 86401), null);
});

test("a consent item whose payload is not what its kind says comes back refused", async () => {
  const sides = await setting();
  const bogus = sides.ada.seal({ format: "plain", body: "not a request" }, { kind: "consent-request" }).toJSON();
  const entries = [];
  await threadOver(sides.visitor, [{ from: "m_ada", envelope: bogus }]).fetchNew((entry) => entries.push(entry));
  assert.equal(entries[0].failed, true);
});
