// Every protocol failure derives from ProtocolError, so callers can catch one type.
// Mirrors crypto/errors.py; `name` is set so that messages and logs say which one it was.

export class ProtocolError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bytes or JSON that are not in the protocol's strict form. */
export class DecodeError extends ProtocolError {}

/** A protocol version this implementation does not speak. */
export class VersionError extends ProtocolError {}

/** A signature that does not verify under the expected key. */
export class SignatureError extends ProtocolError {}

/** An envelope that cannot be opened; one opaque error, whatever the cause. */
export class EnvelopeError extends ProtocolError {}

/** Key-derivation or proof-of-work parameters outside the allowed range. */
export class ParameterError extends ProtocolError {}

/** An office log, or an entry of one, that does not verify (docs/protocol/v2.md section 3.4). */
export class LogError extends ProtocolError {}

/**
 * A consent answer that is not the visitor's signed answer to exactly the request it names
 * (docs/protocol/v2.md section 13).
 */
export class ConsentError extends ProtocolError {}

/** The classes by name, for rebuilding an error that crossed a worker boundary. */
export const ERROR_CLASSES = Object.freeze({
  ProtocolError,
  DecodeError,
  VersionError,
  SignatureError,
  EnvelopeError,
  ParameterError,
  LogError,
  ConsentError,
});
