// A confirmation step in the page itself (no window.confirm): a short panel after the button
// that asked, saying what will happen, with a button to go ahead and one to stay. Focus moves
// to the panel's question, and back to the button after a "no". Leaving the view (another case,
// signing out) must call dismissConfirms(), so that no "yes" outlives what it was asked about.

import { h } from "./dom.js";

const open = new Map(); // panel → answer(value)
let counter = 0;

/**
 * Asks under `anchor` (the button pressed) and resolves true (go ahead) or false. testId names
 * the panel; its buttons are `${testId}-yes` and `${testId}-no`.
 */
export function confirmStep(anchor, { testId, question, detail = "", yes, no = "Cancel", danger = true }) {
  for (const [panel, answer] of open) if (panel.dataset.testid === testId) answer(false);
  const id = `confirm-${++counter}`;
  return new Promise((resolve) => {
    const yesButton = h("button", { type: "button", class: danger ? "danger" : "primary", "data-testid": `${testId}-yes` }, yes);
    const noButton = h("button", { type: "button", "data-testid": `${testId}-no` }, no);
    const panel = h(
      "div",
      { class: "confirm", role: "group", "aria-labelledby": id, "data-testid": testId },
      h("p", { id, class: "confirm-question", tabindex: "-1" }, h("strong", {}, question)),
      detail ? h("p", {}, detail) : null,
      h("div", { class: "actions" }, yesButton, noButton),
    );
    const answer = (value, refocus = !value) => {
      if (!open.delete(panel)) return;
      panel.remove();
      if (refocus) anchor.focus();
      resolve(value);
    };
    open.set(panel, answer);
    yesButton.addEventListener("click", () => answer(true));
    noButton.addEventListener("click", () => answer(false));
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") answer(false);
    });
    anchor.after(panel);
    panel.querySelector(".confirm-question").focus();
  });
}

/** Answers "no" to every open confirmation and removes it (the view it belongs to is going). */
export function dismissConfirms() {
  for (const answer of [...open.values()]) answer(false, false);
}
