import assert from "node:assert/strict";
import { test } from "node:test";
import { Bookmarks } from "../../../static/js/models/bookmarks.js";
import { CaseSearch } from "../../../static/js/models/case-search.js";
import { emptyText, FILTERS, inboxRows, shownRows } from "../../../static/js/models/inbox.js";
import { member } from "./office-fixtures.mjs";

/** A stand-in for models/api.js keeping what a member PUTs at /cases/{id}/bookmark, as the server does. */
function bookmarkApi() {
  const api = { stored: new Map(), puts: 0 };
  api.get = async (path) => {
    assert.equal(path, "/office/bookmarks");
    return { items: [...api.stored].map(([caseId, bookmark]) => ({ case_id: caseId, bookmark })) };
  };
  api.request = async (method, path, body) => {
    const [, caseId] = path.match(/^\/cases\/([^/]+)\/bookmark$/);
    assert.equal(method, "PUT");
    api.stored.set(caseId, body.bookmark);
    api.puts += 1;
    return { stored: true };
  };
  return api;
}

function keeper(api, who) {
  return new Bookmarks(api, { memberId: who.memberId, keyring: { bundle: who.bundle, wiped: false } });
}

test("a label and a read marker are stored sealed and found again at the next sign-in", async () => {
  const api = bookmarkApi();
  const ada = member("m_ada", "Ada");
  const first = keeper(api, ada);
  await first.load();
  await first.setLabel("c_1", "Pay dispute");
  await first.markRead("c_1", 7);
  await first.markRead("c_1", 5); // (an older listing: nothing to store)
  assert.equal(api.puts, 2);
  assert.ok(!JSON.stringify([...api.stored]).includes("Pay dispute"));
  const again = keeper(api, ada);
  await again.load();
  assert.equal(again.label("c_1"), "Pay dispute");
  assert.equal(again.unread("c_1", [9, 8, 7, 3]), 2);
  assert.equal(again.unread("c_2", [4, 2]), 2); // never opened: all unread
});

test("another member's bookmarks, or one moved to another case, do not open and are counted", async () => {
  const api = bookmarkApi();
  const [ada, bob] = [member("m_ada", "Ada"), member("m_bob", "Bob")];
  const adas = keeper(api, ada);
  await adas.load();
  await adas.setLabel("c_1", "Ada's own");
  api.stored.set("c_2", api.stored.get("c_1")); // a server moving it
  const bobs = keeper(api, bob);
  await bobs.load();
  assert.equal(bobs.label("c_1"), "");
  assert.equal(bobs.unreadable, 2);
  await adas.load();
  assert.equal(adas.label("c_1"), "Ada's own");
  assert.equal(adas.label("c_2"), "");
  assert.equal(adas.unreadable, 1);
});

const LISTED = [
  { case_id: "c_aaaa1111xyz", status: "open", urgent: true, assignee: "m_ada", created_at: 1, last_activity_at: 5, items: 3, from_others: [3, 1] },
  { case_id: "c_bbbb2222xyz", status: "closed", urgent: false, assignee: null, created_at: 2, last_activity_at: 4, items: 1, from_others: [2] },
  { case_id: "c_cccc3333xyz", status: "open", urgent: false, assignee: "m_bob", created_at: 3, last_activity_at: 3, items: 0, from_others: [] },
];

function rows() {
  const labels = { c_aaaa1111xyz: "Équipe logistique" };
  const bookmarks = { label: (id) => labels[id] ?? "", unread: (id, seqs) => (id === "c_aaaa1111xyz" ? 0 : seqs.length) };
  return inboxRows(LISTED, { bookmarks, self: "m_ada", nameOf: (id) => ({ m_ada: "Ada", m_bob: "Bob" })[id] });
}

test("a row says the label or the reference, and the office's triage", () => {
  const [a, b, c] = rows();
  assert.deepEqual([a.title, a.reference, a.urgent, a.unread, a.assignee], ["Équipe logistique", "c_aaaa1111", true, 0, { id: "m_ada", name: "Ada", mine: true }]);
  assert.deepEqual([b.title, b.status, b.unread, b.assignee], ["Case c_bbbb2222", "closed", 1, null]);
  assert.deepEqual(c.assignee, { id: "m_bob", name: "Bob", mine: false });
});

test("each filter keeps its cases, in the server's order", () => {
  const ids = (filter) => shownRows(rows(), { filter, search: new CaseSearch() }).map((r) => r.reference);
  assert.deepEqual(Object.keys(FILTERS), ["all", "open", "urgent", "unread", "mine", "unassigned", "closed"]);
  assert.deepEqual(ids("all"), ["c_aaaa1111", "c_bbbb2222", "c_cccc3333"]);
  assert.deepEqual(ids("open"), ["c_aaaa1111", "c_cccc3333"]);
  assert.deepEqual(ids("urgent"), ["c_aaaa1111"]);
  assert.deepEqual(ids("unread"), ["c_bbbb2222"]);
  assert.deepEqual(ids("mine"), ["c_aaaa1111"]);
  assert.deepEqual(ids("unassigned"), ["c_bbbb2222"]);
  assert.deepEqual(ids("closed"), ["c_bbbb2222"]);
});

test("the cases their visitors flagged come first, each group in the server's order, and say so", () => {
  const flagged = new Set(["c_bbbb2222xyz", "c_cccc3333xyz"]);
  const listed = LISTED.map((item) => ({ ...item, flagged: flagged.has(item.case_id) }));
  const bookmarks = { label: () => "", unread: () => 0 };
  const shown = inboxRows(listed, { bookmarks, self: "m_ada", nameOf: () => "Ada" });
  assert.deepEqual(
    shown.map((r) => [r.reference, r.flagged]),
    [["c_bbbb2222", true], ["c_cccc3333", true], ["c_aaaa1111", false]],
  );
  assert.deepEqual(rows().map((r) => r.flagged), [false, false, false]); // (a listing without the field: none)
});

test("search finds labels, references and opened text, without case or accents, and says where", () => {
  const search = new CaseSearch();
  search.add("c_cccc3333xyz", "My manager   shouted at me\nin front of the whole team on Monday, and again on Tuesday morning.");
  const found = (query, filter = "all") => shownRows(rows(), { filter, query, search }).map((r) => [r.reference, r.match.where]);
  assert.deepEqual(found("equipe"), [["c_aaaa1111", "label"]]);
  assert.deepEqual(found("BBBB2222"), [["c_bbbb2222", "reference"]]);
  assert.deepEqual(found("shouted at me in"), []); // (a line break is not a space to the search)
  assert.deepEqual(found("Whole TEAM"), [["c_cccc3333", "message"]]);
  assert.deepEqual(found("whole team", "closed"), []);
  const [match] = shownRows(rows(), { query: "whole team", search });
  assert.equal(match.match.excerpt, "…manager shouted at me in front of the whole team on Monday, and again on Tuesday morning…");
  search.clear();
  assert.deepEqual(found("whole team"), []);
});

test("an empty list says why", () => {
  assert.equal(emptyText({ total: 0, filter: "all", query: "" }), "No cases yet.");
  assert.equal(emptyText({ total: 3, filter: "urgent", query: "" }), "No case is marked urgent.");
  assert.match(emptyText({ total: 3, filter: "all", query: "x" }), /^No case matches\./);
});
