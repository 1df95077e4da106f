// What people call a case: "Case c_1a2b3c4d", its id cut short. DOM-free. The inbox, a thread's
// title, the visitor's watermark and export, and a traced view all name cases this way.

const SHORT_ID = 10; // "c_" and 8 characters: enough to tell cases apart at a glance

/** The case id cut to what people read. */
export function shortId(caseId) {
  return caseId.slice(0, SHORT_ID);
}

/** "Case c_1a2b3c4d". */
export function caseName(caseId) {
  return `Case ${shortId(caseId)}`;
}
