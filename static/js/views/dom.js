// Building and switching DOM without HTML strings: the CSP's Trusted Types refuse innerHTML,
// and text set through textContent can never turn into markup.

const VIEW_ATTR = "data-view";

/** An element: attributes as strings (true gives an empty attribute, false/null none), children as nodes or text. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

/** The element with this data-testid, which the page shell must contain. */
export function byTestId(id, root = document) {
  const el = root.querySelector(`[data-testid="${id}"]`);
  if (el === null) throw new Error(`the page has no element ${id}`);
  return el;
}

export function clear(el) {
  el.replaceChildren();
}

/**
 * Shows the section whose data-view is `name` and hides the others; focus moves to its heading
 * so that a screen reader announces the new view and keyboard users start from its top.
 */
export function showView(name) {
  let shown = null;
  for (const section of document.querySelectorAll(`[${VIEW_ATTR}]`)) {
    const match = section.getAttribute(VIEW_ATTR) === name;
    section.hidden = !match;
    if (match) shown = section;
  }
  if (shown === null) throw new Error(`no view ${name}`);
  const heading = shown.querySelector("h1, h2");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  return shown;
}

const held = new WeakMap(); // control → {jobs: how many busy() hold it, before: its state then}

/**
 * Disables a control, or a form's controls, while `job` runs, so a second click cannot start it
 * twice. Jobs may overlap on a control (a click while a live update runs): it gets back the state
 * it had before the first, once the last ends.
 */
export async function busy(el, job) {
  const selector = "button, input, textarea, select";
  const controls = el.matches(selector) ? [el] : [...el.querySelectorAll(selector)];
  for (const c of controls) {
    const hold = held.get(c) ?? { jobs: 0, before: c.disabled };
    hold.jobs += 1;
    held.set(c, hold);
    c.disabled = true;
  }
  try {
    return await job();
  } finally {
    for (const c of controls) {
      const hold = held.get(c);
      hold.jobs -= 1;
      if (hold.jobs === 0) {
        held.delete(c);
        c.disabled = hold.before;
      }
    }
  }
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Unix seconds as a local date and time for people, in a <time> element. */
export function timeElement(seconds) {
  const when = new Date(seconds * 1000);
  return h("time", { datetime: when.toISOString() }, dateTime.format(when));
}

/** Unix seconds as the same local date and time, as text (watermarks, saved copies). */
export function formatTime(seconds) {
  return dateTime.format(new Date(seconds * 1000));
}
