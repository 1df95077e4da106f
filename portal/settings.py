"""Typed settings: config/defaults.toml, then SOTTOVOCE_* environment variables on top."""

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "config" / "defaults.toml"
ENV_PREFIX = "SOTTOVOCE_"


class SettingsError(ValueError):
    """A setting that is missing or cannot be read as its type."""


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str
    message_queue: str
    office_demo_name: str
    kdf_visitor_ops: int
    kdf_visitor_mem: int
    kdf_member_ops: int
    kdf_member_mem: int
    pow_difficulty: int
    pow_ttl_seconds: int
    auth_challenge_ttl_seconds: int
    auth_idle_minutes: int
    auth_absolute_hours: int
    auth_clock_skew_seconds: int
    invitations_valid_hours: int
    messages_max_padded_bytes: int
    messages_max_header_bytes: int
    messages_ttl_min_seconds: int
    messages_ttl_max_seconds: int
    messages_ttl_choices: tuple[int, ...]
    retention_idle_days: int
    retention_closed_days: int
    retention_tombstone_days: int
    covenant_version: int
    purge_interval_seconds: int
    rate_limits_signin_per_subject: int
    rate_limits_signin_visitors_global: int
    rate_limits_signin_members_global: int
    rate_limits_signin_window_seconds: int
    rate_limits_signin_code_failures_per_subject: int
    rate_limits_signin_code_window_seconds: int
    rate_limits_enrol_per_invitation: int
    rate_limits_enrol_window_seconds: int
    rate_limits_cases_global: int
    rate_limits_cases_window_seconds: int
    rate_limits_anonymous_global: int
    rate_limits_anonymous_window_seconds: int
    quotas_case_items: int
    quotas_case_bytes: int
    quotas_case_posts: int
    quotas_case_posts_window_seconds: int
    realtime_channel: str
    server_host: str
    server_port: int
    passkeys_origin: str
    passkeys_rp_id: str
    passkeys_user_verification: str
    passkeys_required: bool
    notify_smtp_host: str
    notify_smtp_port: int
    notify_smtp_starttls: bool
    notify_smtp_username: str
    notify_smtp_password: str
    notify_smtp_from: str
    notify_interval_minutes: int
    reports_min_count: int

    @property
    def public_origin(self) -> str:
        """Where members' browsers reach the portal: what passkeys are bound to."""
        return self.passkeys_origin or f"http://{self.server_host}:{self.server_port}"

    @property
    def rp_id(self) -> str:
        """The WebAuthn relying party: the origin's host unless set."""
        return self.passkeys_rp_id or self.public_origin.split("://", 1)[1].split(":", 1)[0].split("/", 1)[0]

    def replace(self, **changes: Any) -> "Settings":
        return Settings(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


def _flatten(table: dict[str, Any]) -> dict[str, Any]:
    return {f"{section}_{key}": value for section, keys in table.items() for key, value in keys.items()}


def _coerce(name: str, kind: Any, value: Any) -> Any:
    try:
        if getattr(kind, "__origin__", None) is tuple:
            items = value.split(",") if isinstance(value, str) else value
            return tuple(int(v) for v in items if str(v).strip())
        if kind is bool or kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "1", "yes"):
                return True
            if str(value).lower() in ("false", "0", "no"):
                return False
            raise ValueError(value)
        if kind is int or kind == "int":
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if kind is Path or kind == "Path":
            return Path(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name} must be {kind}: {value!r}") from exc


def load_settings(env: dict[str, str] | None = None, defaults_file: Path = DEFAULTS_FILE, **overrides: Any) -> Settings:
    """Read the defaults file, apply ``SOTTOVOCE_*`` variables, then explicit overrides."""
    env = dict(os.environ) if env is None else env
    values = _flatten(tomllib.loads(defaults_file.read_text("utf-8")))
    instance = Path(env.get(ENV_PREFIX + "INSTANCE", Path.cwd() / "instance")).resolve()
    values["instance_path"] = instance
    values["database_url"] = env.get(ENV_PREFIX + "DATABASE_URL", f"sqlite:///{instance / 'sottovoce.db'}")
    values["message_queue"] = env.get(ENV_PREFIX + "MESSAGE_QUEUE", "")
    for f in fields(Settings):
        key = ENV_PREFIX + f.name.upper()
        if key in env:
            values[f.name] = env[key]
    values.update(overrides)
    missing = [f.name for f in fields(Settings) if f.name not in values]
    if missing:
        raise SettingsError(f"missing settings: {', '.join(missing)}")
    return Settings(**{f.name: _coerce(f.name, f.type, values[f.name]) for f in fields(Settings)})
