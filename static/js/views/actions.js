// A person's actions, wired the same way in every app: a control is busy while its action runs
// (a second click cannot start it twice), and a failure goes to the page's one handler, which
// shows it or, for an ended session, signs out.

import { busy } from "./dom.js";

/**
 * {run, on} for a page whose failures go to onError(err): run(action) runs a callback's action
 * (a list's button, a link in a result); on(testId, event, action) wires a control of the shell,
 * if the shell has it (the visitor's landing has no buttons before the office is ready).
 */
export function userActions(onError) {
  async function run(action) {
    try {
      await action();
    } catch (err) {
      await onError(err);
    }
  }

  function on(testId, event, action) {
    const el = document.querySelector(`[data-testid="${testId}"]`);
    el?.addEventListener(event, (e) => {
      if (event === "submit") e.preventDefault();
      busy(el, () => run(action));
    });
  }

  return { run, on };
}
