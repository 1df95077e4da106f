"""The one table from domain errors to HTTP: each error's status and code (PROTOCOL.md section 8:
``{"error": {"code", "message"}}``). A domain error missing here is a bug, and answers 500."""

import logging

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from portal.alerts import errors as alerts
from portal.auth import errors as auth
from portal.bookmarks import errors as bookmarks
from portal.case_tags import errors as case_tags
from portal.cases import errors as cases
from portal.errors import DomainError
from portal.exceptions import errors as exceptions
from portal.guidance import errors as guidance
from portal.log import errors as office_log
from portal.members import errors as members
from portal.messages import errors as messages
from portal.office import errors as office
from portal.passkeys import errors as passkeys
from portal.web import body

log = logging.getLogger("sottovoce")

HTTP: dict[type[DomainError], tuple[int, str]] = {
    # the request's form
    body.NotJson: (400, "not_json"),
    body.MalformedJson: (400, "malformed_json"),
    body.UnstorableText: (400, "malformed_json"),
    body.InvalidField: (400, "invalid_field"),
    body.InvalidQuery: (400, "invalid_query"),
    # signing in, sessions, limits
    alerts.AlertsUnavailable: (409, "alerts_unavailable"),
    alerts.BadAddress: (400, "invalid_email"),
    auth.NoToken: (401, "no_token"),
    auth.SessionEnded: (401, "session_ended"),
    auth.SignInFailed: (401, "sign_in_failed"),
    auth.MemberRemoved: (401, "member_removed"),
    auth.MembersOnly: (403, "wrong_role"),
    auth.VisitorsOnly: (403, "wrong_role"),
    auth.PowInvalid: (400, "pow_invalid"),
    auth.RateLimited: (429, "rate_limited"),
    # the office and its keys
    office.NoOffice: (404, "no_office"),
    office.OfficeExists: (409, "office_exists"),
    office.OfficeNotReady: (409, "office_not_ready"),
    office.NoGrantToPass: (403, "no_grant"),
    office.AwaitingGrant: (403, "awaiting_grant"),
    office.NoSuchMember: (404, "no_member"),
    office.AlreadyGranted: (409, "already_granted"),
    office.NoGrantToReport: (404, "no_grant_to_report"),
    office.GrantNotReported: (409, "grant_not_reported"),
    office.StaleKeyVersion: (409, "stale_key_version"),
    office.KeyReused: (400, "key_reused"),
    office.WrongKeyHolders: (400, "bad_grants"),
    office.GrantedTwice: (400, "bad_grants"),
    # members
    members.InvitationInvalid: (404, "invitation_invalid"),
    members.EnrolmentNotStarted: (400, "enrolment_not_started"),
    members.InvalidUsername: (400, "invalid_field"),
    members.InvalidDisplayName: (400, "invalid_field"),
    members.InvalidBundle: (400, "invalid_field"),
    members.TotpInvalid: (400, "totp_invalid"),
    members.OfficeKeyRequired: (400, "office_key_required"),
    members.OfficeKeyExists: (400, "office_key_exists"),
    members.AlreadyTaken: (409, "taken"),
    members.CannotRemoveSelf: (400, "cannot_remove_self"),
    members.RemoverHoldsNoKey: (403, "no_grant"),
    # the signed office log
    office_log.EntryRefused: (400, "invalid_log_entry"),
    office_log.EntryMismatch: (400, "log_mismatch"),
    office_log.EntryRequired: (400, "log_entry_required"),
    office_log.LogConflict: (409, "log_conflict"),
    office_log.LogBroken: (409, "log_broken"),
    office_log.NotAKeyHolder: (403, "no_grant"),
    # passkeys
    passkeys.PasskeyRefused: (400, "passkey_refused"),
    passkeys.PasskeyNotFound: (404, "passkey_not_found"),
    passkeys.LastPasskey: (409, "last_passkey"),
    passkeys.InvalidPasskeyName: (400, "invalid_field"),
    # cases
    cases.CaseNotFound: (404, "case_not_found"),
    cases.CaseExists: (409, "case_exists"),
    cases.StaleCovenant: (409, "stale_covenant"),
    cases.CaseDestroyed: (410, "case_destroyed"),
    cases.NoSuchAssignee: (400, "no_member"),
    bookmarks.MalformedBookmark: (400, "invalid_bookmark"),
    # items and their envelopes
    messages.UnsupportedVersion: (400, "unsupported_version"),
    messages.MalformedEnvelope: (400, "invalid_envelope"),
    messages.HeaderTooLarge: (413, "too_large"),
    messages.ItemTooLarge: (413, "too_large"),
    messages.WrongCase: (400, "wrong_case"),
    messages.WrongSender: (400, "wrong_sender"),
    messages.BadSignature: (400, "bad_signature"),
    messages.ClockSkew: (400, "clock_skew"),
    messages.TtlOutOfRange: (400, "ttl_out_of_range"),
    messages.KindNotAllowed: (400, "kind_not_allowed"),
    messages.ConsentMustLast: (400, "consent_must_last"),
    messages.BadRecipients: (400, "bad_recipients"),
    messages.BadPadding: (400, "bad_padding"),
    messages.NotAMember: (403, "not_a_member"),
    messages.IdInUse: (409, "id_in_use"),
    messages.ItemNotFound: (404, "item_not_found"),
    messages.ItemExpired: (410, "expired"),
    messages.ItemSpent: (410, "spent"),
    messages.CovenantRequired: (403, "covenant_required"),
    messages.FlagNotAllowed: (403, "flag_not_allowed"),
    messages.NotYourItem: (403, "not_your_item"),
    messages.UnknownViewCode: (404, "unknown_code"),
    messages.CaseFull: (429, "case_full"),
    messages.CaseTooLarge: (413, "case_too_large"),
    messages.PostingTooFast: (429, "posting_too_fast"),
    exceptions.RecordIdInUse: (409, "id_in_use"),
    case_tags.TagRecordIdInUse: (409, "id_in_use"),
    case_tags.TagRecordNotFound: (404, "tag_record_not_found"),
    # guidance
    guidance.ArticleNotFound: (404, "article_not_found"),
    guidance.ArticleExpired: (410, "expired"),
    guidance.SlugTaken: (409, "slug_taken"),
    guidance.TemplateIdInUse: (409, "id_in_use"),
    guidance.TemplateNotFound: (404, "template_not_found"),
}


def error_response(status: int, code: str, message: str) -> Response:
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(exc: DomainError) -> Response:
        if type(exc) not in HTTP:
            return _unexpected(exc)
        status, code = HTTP[type(exc)]
        response = error_response(status, code, exc.message)
        if isinstance(exc, auth.RateLimited):
            response.headers["Retry-After"] = str(max(1, exc.retry_after))
        return response

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response | HTTPException:
        if not request.path.startswith("/api/"):
            return exc
        code = "too_large" if exc.code == 413 else (exc.name or "error").lower().replace(" ", "_")
        return error_response(exc.code or 500, code, exc.description or "Request failed.")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # The type only: a message could quote input, and input is not for logs.
        log.error("unexpected %s in %s", type(exc).__name__, request.url_rule.rule if request.url_rule else "-")
        return error_response(500, "internal_error", "Something went wrong on the server. Nothing was stored.")
