"""Sending alerts over SMTP (smtplib), from the scheduler: take what is due in one short
transaction, send outside it (a slow mail server must not hold the database), then record
failures. The email is fixed text: it names no case, counts nothing and quotes nothing, so a
mailbox, a mail server or a forwarded copy learns only that the portal has news."""

import logging
import smtplib
import ssl
from email.message import EmailMessage

from sqlalchemy.orm import Session

from portal.alerts import service as alerts
from portal.deps import Deps
from portal.settings import Settings

log = logging.getLogger("sottovoce.alerts")
SMTP_TIMEOUT = 15
SUBJECT = "New activity on the ombuds portal / Nouvelle activité sur le portail de l'ombuds"
BODY = """There is new activity on the ombuds portal.
Sign in to read it: {link}

This email says nothing more on purpose: no case, no count, no content.
To stop these emails, turn them off under "Alerts" in the portal.

---

Il y a du nouveau sur le portail de l'ombuds.
Connectez-vous pour le lire : {link}

Ce courriel n'en dit volontairement pas plus : ni dossier, ni nombre, ni contenu.
Pour ne plus les recevoir, désactivez-les sous « Alertes » dans le portail.
"""


def message_for(settings: Settings, address: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.notify_smtp_from
    email["To"] = address
    email["Subject"] = SUBJECT
    email.set_content(BODY.format(link=f"{settings.public_origin}/office/"))
    return email


def _send(settings: Settings, emails: list[EmailMessage]) -> list[bool]:
    """Sends each over one connection; which went through (a refused recipient fails alone)."""
    results = []
    with smtplib.SMTP(settings.notify_smtp_host, settings.notify_smtp_port, timeout=SMTP_TIMEOUT) as smtp:
        if settings.notify_smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.notify_smtp_username:
            smtp.login(settings.notify_smtp_username, settings.notify_smtp_password)
        for email in emails:
            try:
                smtp.send_message(email)
                results.append(True)
            except smtplib.SMTPException as exc:
                log.warning("an alert was refused by the mail server: %s", type(exc).__name__)
                results.append(False)
    return results


def send_due_alerts(session: Session, deps: Deps) -> int:
    """Sends the alerts due now; returns how many went out. Commits as it goes."""
    settings = deps.settings
    if not settings.notify_smtp_host:
        return 0
    due = alerts.take_due(session, deps)
    session.commit()
    if not due:
        return 0
    try:
        results = _send(settings, [message_for(settings, d.address) for d in due])
    except (OSError, smtplib.SMTPException) as exc:
        # (never the address or the server's reply in the log: only what kind of failure)
        log.warning("alerts could not be sent: %s", type(exc).__name__)
        results = [False] * len(due)
    for alert, ok in zip(due, results, strict=True):
        if ok:
            alerts.sent(session, alert.member_id)
        else:
            alerts.sending_failed(session, deps, alert.member_id, alert.since)
    session.commit()
    return sum(results)
