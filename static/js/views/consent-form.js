// The member's "Ask for consent" form (templates/member.html): what may be shared, with whom,
// named or anonymous, until when. Each wrong field says why beside it; nothing is sent until all
// are right (models/consents.js checks them).

import { checkConsentForm } from "../models/consents.js";
import { busy, byTestId } from "./dom.js";

const FIELDS = { body: "consent-body", with: "consent-with-input", until: "consent-until-input" };

export class ConsentForm {
  /** root: the thread's section; status: views/status.js; onSend(request) seals and sends a ConsentRequest. */
  constructor(root, status, onSend) {
    this.status = status;
    this.onSend = onSend;
    this.panel = byTestId("consent-panel", root);
    this.form = byTestId("consent-form", root);
    this.named = byTestId("consent-named-input", root);
    this.inputs = Object.fromEntries(Object.entries(FIELDS).map(([name, id]) => [name, byTestId(id, root)]));
    this.errors = Object.fromEntries(Object.keys(FIELDS).map((name) => [name, byTestId(`consent-${name}-error`, root)]));
    this.panel.addEventListener("toggle", () => {
      if (this.panel.open) this.inputs.until.min = today(); // the date picker offers no day already past
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(this.form, () => this.submit());
    });
  }

  async submit() {
    const fields = {
      body: this.inputs.body.value,
      withWhom: this.inputs.with.value,
      named: this.named.checked,
      until: this.inputs.until.value,
    };
    const { request, errors } = checkConsentForm(fields, Math.floor(Date.now() / 1000));
    this.showErrors(errors ?? {});
    if (errors) {
      this.status.error(Object.keys(errors).length === 1 ? "One field needs your attention." : `${Object.keys(errors).length} fields need your attention.`);
      this.inputs[Object.keys(FIELDS).find((name) => errors[name])].focus();
      return;
    }
    try {
      this.status.progress("Sealing and sending the request…");
      await this.onSend(request);
      this.reset();
      this.status.progress("The request for consent is sent. The visitor's answer will show on it.");
    } catch (err) {
      this.status.error(err);
    }
  }

  showErrors(errors) {
    for (const name of Object.keys(FIELDS)) {
      const message = errors[name] ?? "";
      this.errors[name].textContent = message;
      this.errors[name].hidden = message === "";
      if (message) this.inputs[name].setAttribute("aria-invalid", "true");
      else this.inputs[name].removeAttribute("aria-invalid");
    }
  }

  /** Empty, its errors gone, closed (a case left, a request sent). */
  reset() {
    this.form.reset();
    this.showErrors({});
    this.panel.open = false;
  }
}

/** Today in the member's time zone, as a date field writes it (YYYY-MM-DD). */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
