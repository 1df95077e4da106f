// Errors that mean the portal cannot be trusted right now (a log that does not verify, a pin it
// does not extend, an item from no member of the office): the page stops and says so, rather
// than showing it as an ordinary failure. DOM-free.

/** An error whose `userMessage` is a warning for the person, marked `integrity`. */
export function integrityError(message, cause = undefined) {
  return Object.assign(new Error(message, { cause }), { userMessage: message, integrity: true });
}

export function isIntegrityError(err) {
  return err?.integrity === true;
}

/** The log is not the one this page (or this person, by their pin) saw before. */
export const LOG_CHANGED =
  "The office's key log is not the one this page saw last time: it has been cut short or rewritten. Someone may have tampered with the portal. Do not continue here: contact the office another way.";
