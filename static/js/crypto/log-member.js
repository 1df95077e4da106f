// A member as a verified office log knows them (crypto/log_state.py, MemberState).

/** A member of the log: current while `removedAt` is null. */
export class MemberState {
  constructor(record, addedSeq, removedAt = null, lastKey = null) {
    this.record = record;
    this.addedSeq = addedSeq;
    this.removedAt = removedAt; // the removal's time; null while a current member
    this.lastKey = lastKey; // the last key version current while a member, once removed
  }

  get current() {
    return this.removedAt === null;
  }
}
