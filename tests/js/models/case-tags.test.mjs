import assert from "node:assert/strict";
import { test } from "node:test";
import { CaseTags, sealTags } from "../../../static/js/crypto/index.js";
import { memberCaseCrypto } from "../../../static/js/models/case-crypto.js";
import { TagRegister } from "../../../static/js/models/case-tags.js";
import { Office } from "../../../static/js/models/office.js";
import { member, OFFICE_ID, officeApi, OfficeLog, officeKey, serverRecord, signedIn } from "./office-fixtures.mjs";

/** The office's API with the tag records route as the server has it: a new record may replace one. */
function tagsApi(server) {
  const api = officeApi(server);
  const officeGet = api.get;
  const items = [];
  let next = 0;
  api.items = items;
  api.get = async (path) => (path === "/office/case-tags" ? { items: structuredClone(items) } : officeGet(path));
  api.post = async (path, { envelope, replaces }) => {
    assert.equal(path, "/office/case-tags");
    if (replaces !== null) {
      const at = items.findIndex((i) => i.id === replaces);
      if (at < 0) throw Object.assign(new Error("gone"), { code: "tag_record_not_found" });
      items.splice(at, 1);
    }
    next += 1;
    const item = { id: `r${String(next).padStart(3, "0")}`, envelope, recorded_by: "?", recorded_at: 0 };
    items.push(item);
    return structuredClone(item);
  };
  return api;
}

test("a member's tags are opened by a colleague, replaced in one record per case, and a stranger's are not counted", async () => {
  const [ada, bob, mallory] = [member("m_ada", "Ada"), member("m_bob", "Bob"), member("m_mallory", "Mallory")];
  const k1 = officeKey(1);
  const log = new OfficeLog([ada, bob], [k1]);
  const api = tagsApi({ record: serverRecord([ada, bob, mallory], [k1]), entries: log.entries });
  const office = await new Office(api).load();
  const register = (who) => new TagRegister({ api, caseCrypto: memberCaseCrypto(office, signedIn(who, [k1]), OFFICE_ID) });

  const adas = register(ada);
  await adas.load();
  await adas.save("c_1", "2026-Q3", ["2", "2.h"]);
  await adas.save("c_2", "2026-Q4", ["5.c"]);

  const bobs = register(bob);
  const { records, failed } = await bobs.load();
  assert.equal(failed, 0);
  assert.deepEqual(
    records.map((r) => [r.caseId, r.quarter, r.codes, r.by]),
    [
      ["c_1", "2026-Q3", ["2", "2.h"], "Ada"],
      ["c_2", "2026-Q4", ["5.c"], "Ada"],
    ],
  );
  await bobs.save("c_1", "2026-Q3", ["3"]);
  assert.equal(api.items.length, 2, "one record per case");
  assert.deepEqual(bobs.of("c_1").codes, ["3"]);

  // Ada's page still holds the record Bob replaced: her save is refused, nothing changes
  await assert.rejects(adas.save("c_1", "2026-Q3", ["4"]), (err) => err.code === "tag_record_not_found");
  assert.equal(api.items.length, 2);

  // Mallory is on the server's list, not in the office log: her record is not believed
  api.items.push({
    id: "r999",
    envelope: sealTags(new CaseTags("c_3", "2026-Q4", ["9"]), {
      officeId: OFFICE_ID,
      signSeed: mallory.bundle.signSeed,
      officeBoxPk: k1.boxPk,
      sentAt: Math.floor(Date.now() / 1000),
    }).toJSON(),
  });
  const again = await register(bob).load();
  assert.equal(again.failed, 1);
  assert.deepEqual(
    again.records.map((r) => r.caseId),
    ["c_2", "c_1"],
  );
});
