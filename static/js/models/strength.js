// Password strength with zxcvbn-ts (served from our own /static/vendor). DOM-free. Loaded on
// demand: its dictionaries are large and only the enrolment page needs them.

export const MIN_SCORE = 3; // of 0-4: "safely unguessable" against offline guessing at Argon2id's pace
export const SCORE_WORDS = ["very weak", "weak", "fair", "strong", "very strong"];
export const WHY =
  "This password guards keys that open every case of the office. Someone who copied the " +
  "server's data could try guesses offline, so it must not be guessable.";

let factory = null; // a promise of the ZxcvbnFactory, started once

async function load() {
  const [core, common, en] = await Promise.all([
    import("../../vendor/zxcvbn/core/index.mjs"),
    import("../../vendor/zxcvbn/language-common/index.mjs"),
    import("../../vendor/zxcvbn/language-en/index.mjs"),
  ]);
  return new core.ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
}

/** Starts loading the dictionaries, so the meter answers from the first key typed. */
export function preload() {
  factory ??= load();
  return factory;
}

/** {score 0-4, ok, words, advice} for `password`, penalising words the person or portal gave. */
export async function rate(password, userInputs = []) {
  const result = (await preload()).check(password, userInputs.filter(Boolean));
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(" ");
  return { score: result.score, ok: result.score >= MIN_SCORE, words: SCORE_WORDS[result.score], advice };
}
