// A signed-in member's keys (PROTOCOL.md section 6): the unwrapped bundle and the office box
// secret keys opened from their grants, by version. DOM-free; wipe() overwrites them all.

import { b64uDecode, boxPkFromSk, bytesEqual, EnvelopeError, kid, openGrant, parseEnvelope } from "../crypto/index.js";

const NO_CURRENT_KEY = "You do not hold the current office key yet: a colleague must grant it to you.";

/** The error for an action that needs an office key this member does not hold yet. */
export function noOfficeKey() {
  return Object.assign(new Error("no office key"), { userMessage: NO_CURRENT_KEY });
}

export class Keyring {
  /** bundle: MemberBundle; grants: the session's office_grants [{version, box_pk, grant}]. */
  constructor(bundle, grants) {
    this.bundle = bundle;
    this.office = new Map();
    // Versions whose grant to this member does not open (a colleague posted junk, or sealed it to
    // another key): they count as not held, and are reported once so a colleague grants again.
    this.unopenable = new Set();
    this.reported = new Set();
    this.wiped = false;
    this.add(grants);
  }

  /** Opens the grants of versions not held yet (a new version after a member's removal). */
  add(grants) {
    for (const { version, box_pk: boxPk, grant } of grants) {
      if (this.office.has(version)) continue;
      let sk;
      try {
        sk = openGrant(grant, this.bundle.boxPk, this.bundle.boxSk);
      } catch (err) {
        if (!(err instanceof EnvelopeError)) throw err;
        this.unopenable.add(version); // the member keeps working, as one waiting for the key
        continue;
      }
      this.unopenable.delete(version);
      const pk = boxPkFromSk(sk);
      // The grant's own key is the truth; a server that paired it with another public key lies.
      if (!bytesEqual(pk, b64uDecode(boxPk, 32))) throw new Error(`office key version ${version} does not match its grant`);
      this.office.set(version, { sk, pk, kid: kid(pk) });
    }
  }

  /** Takes this member's grant of key `version` if not held yet (GET /office/grants): a member was removed. */
  async update(api, version) {
    if (version === undefined || this.version(version)) return;
    const { items } = await api.get("/office/grants");
    if (!this.wiped) this.add(items); // (signed out meanwhile: nothing to take)
  }

  /** Tells the server, once per version, which grants do not open (POST /office/grants/unopenable). */
  async reportUnopenable(api) {
    for (const version of this.unopenable) {
      if (this.reported.has(version)) continue;
      await api.post("/office/grants/unopenable", { version });
      this.reported.add(version);
    }
  }

  /**
   * Keeps only the key versions the verified office log names, with the public key it names: a
   * grant of a version an operator slipped into the database opens a key nobody signed for, and
   * nothing is sealed to it or taken from it.
   */
  trust(log) {
    for (const [version, held] of this.office) {
      const named = log.keys.find((k) => k.version === version);
      if (!named || !bytesEqual(named.boxPk, held.pk)) {
        held.sk.fill(0);
        this.office.delete(version);
      }
    }
  }

  /** Throws unless the held key of `key.version` (a KeyVersion) has that public key. */
  checkKey(key) {
    const held = this.version(key.version);
    if (held && !bytesEqual(held.pk, key.boxPk)) throw new Error(`office key version ${key.version} is not the one this member holds`);
  }

  get hasOfficeKey() {
    return this.office.size > 0;
  }

  /** The office key of this version if held, else null. */
  version(version) {
    return this.office.get(version) ?? null;
  }

  /** The current office key (version from the office), from this member's own grant, never the server's word alone. */
  current(version) {
    const held = this.version(version);
    if (!held) throw noOfficeKey();
    return held;
  }

  /** The office secret key the envelope was sealed to (by recipient kid), or the newest one. */
  secretKeyFor(envelope) {
    let kids = [];
    try {
      kids = parseEnvelope(envelope).recipientKids;
    } catch {
      // Malformed: openEnvelope will refuse it with its one opaque error.
    }
    const held = [...this.office.values()];
    const match = held.find((k) => kids.includes(k.kid)) ?? held.at(-1);
    if (!match) throw new EnvelopeError("no office key held");
    return match.sk;
  }

  wipe() {
    this.wiped = true;
    for (const { sk } of this.office.values()) sk.fill(0);
    this.office.clear();
    this.bundle.signSeed.fill(0);
    this.bundle.boxSk.fill(0);
  }
}
