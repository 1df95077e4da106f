// The Alerts tab (member app): an email that says only "there is new activity on the portal",
// when a visitor writes, at most once per interval. The address goes to the server (it sends the
// emails); nothing about any case ever goes into them.

import { byTestId, showView } from "../../views/dom.js";

const UNAVAILABLE = "Email alerts are not set up on this portal: the operator must first give it a mail server.";
const NO_ADDRESS = "Enter the address the alerts should go to.";

export class AlertsTab {
  constructor(app) {
    this.app = app;
    this.form = byTestId("alerts-form");
    this.address = byTestId("alerts-email");
    app.on("nav-alerts", "click", () => this.show());
    app.on("alerts-form", "submit", () => this.save());
    app.on("alerts-off", "click", () => this.turnOff());
  }

  async show() {
    const { api, status } = this.app;
    const navigation = this.app.tab("nav-alerts");
    this.render(await api.get("/alerts"));
    if (!this.app.isCurrent(navigation)) return;
    status.clear();
    showView("alerts");
  }

  /** Shows the setting: {available, email, interval_minutes}. */
  render({ available, email, interval_minutes: minutes }) {
    byTestId("alerts-unavailable").hidden = available;
    byTestId("alerts-unavailable").textContent = available ? "" : UNAVAILABLE;
    this.form.hidden = !available;
    this.address.value = email ?? "";
    byTestId("alerts-state").textContent = email
      ? `On: an alert goes to ${email} when a visitor writes, at most one every ${interval(minutes)}.`
      : "Off: you learn of new messages when you open the portal.";
    byTestId("alerts-off").hidden = !email;
    byTestId("alerts-save").textContent = email ? "Change the address" : "Send me alerts";
  }

  async save() {
    const { api, status } = this.app;
    const email = this.address.value.trim();
    if (!email) {
      status.error(NO_ADDRESS);
      this.address.focus();
      return;
    }
    this.render(await api.request("PUT", "/alerts", { email }));
    status.progress("Alerts are on. They will never name a case or quote anything.");
  }

  async turnOff() {
    const { api, status } = this.app;
    this.render(await api.request("DELETE", "/alerts"));
    status.progress("Alerts are off.");
  }

  clear() {
    this.address.value = "";
    byTestId("alerts-state").textContent = "";
  }
}

function interval(minutes) {
  if (minutes % 60 === 0) return minutes === 60 ? "hour" : `${minutes / 60} hours`;
  return minutes === 1 ? "minute" : `${minutes} minutes`;
}
