// DOM controller for the live indicator ([data-testid=live-indicator], aria-live polite): the
// words models/live.js reports, and a data-state the stylesheet colours by.

import { LIVE, OFFLINE } from "../models/live.js";

/** The onState(text) for models/live.js that shows its state in `indicator`. */
export function liveIndicator(indicator) {
  return (text) => {
    if (indicator.textContent !== text) indicator.textContent = text;
    indicator.dataset.state = text === LIVE ? "live" : text === OFFLINE ? "offline" : "reconnecting";
  };
}
