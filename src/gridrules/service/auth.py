"""Bearer-token authentication: tokens from a file or the environment, never the policy folder.

Two scopes: `read` tokens may ask (check, batch, route, who-can, what-can,
policy metadata, metrics); `admin` tokens may also reload the policy. Tokens
are compared as SHA-256 digests with `hmac.compare_digest`, against every
configured token without stopping at the first match, so neither a token's
content nor its position leaks through timing.

Token file (one token per line, `#` comments)::

    # scope  token                              name (optional, for the log)
    read     3f6c0e2b9a1d4c7e8f5a2b1c0d9e8f7a    grid-app
    admin    9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d    ops
    read     0d9e8f7a6b5c4d3f6c0e2b9a1d4c7e8f    wuhou-app   jurisdictions=chengdu-wuhou

A token may be limited to some jurisdictions (`jurisdictions=ID,ID`, last field):
asking about another one answers 403.

Environment: GRIDRULES_TOKENS and GRIDRULES_ADMIN_TOKENS, comma-separated.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from gridrules.catalogue import msg
from gridrules.errors import GridrulesError
from gridrules.problems import Text
from gridrules.service.errors import ServiceError

MIN_TOKEN_LENGTH = 16
ENV_READ, ENV_ADMIN = "GRIDRULES_TOKENS", "GRIDRULES_ADMIN_TOKENS"
JURISDICTIONS_FIELD = "jurisdictions="


class Scope(enum.StrEnum):
    READ = "read"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Token:
    name: str
    scope: Scope
    digest: bytes  # sha256 of the token; the token itself is not kept
    jurisdictions: frozenset[str] | None = None  # None: every jurisdiction

    def allows(self, scope: Scope) -> bool:
        return self.scope is Scope.ADMIN or scope is Scope.READ

    def may_see(self, jurisdiction: str | None) -> bool:
        """Whether this token may ask about `jurisdiction` (None: not a jurisdiction's path)."""
        return (
            jurisdiction is None
            or self.jurisdictions is None
            or (jurisdiction in self.jurisdictions)
        )


class AuthConfigError(GridrulesError):
    """The token configuration cannot be used (missing, too short, inside the policy folder)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message, exit_code=2)


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def _token(
    raw: str, scope: Scope, name: str, where: str, jurisdictions: frozenset[str] | None = None
) -> Token:
    if len(raw) < MIN_TOKEN_LENGTH:
        raise AuthConfigError(
            msg("service.auth.token_too_short", where=where, minimum=MIN_TOKEN_LENGTH)
        )
    return Token(name, scope, _digest(raw), jurisdictions)


def parse_token_file(path: Path) -> list[Token]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuthConfigError(msg("service.auth.unreadable_file", path=path, error=exc)) from None
    tokens: list[Token] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        where = f"{path}:{number}"
        limited: frozenset[str] | None = None
        if len(fields) > 2 and fields[-1].startswith(JURISDICTIONS_FIELD):
            ids = fields.pop()[len(JURISDICTIONS_FIELD) :].split(",")
            limited = frozenset(i.strip() for i in ids if i.strip())
            if not limited:
                raise AuthConfigError(msg("service.auth.no_jurisdictions", where=where))
        if len(fields) not in (2, 3) or fields[0] not in (Scope.READ, Scope.ADMIN):
            raise AuthConfigError(msg("service.auth.bad_line", where=where))
        name = fields[2] if len(fields) == 3 else f"{fields[0]}@{number}"
        tokens.append(_token(fields[1], Scope(fields[0]), name, where, limited))
    return tokens


def parse_env_tokens(env: Mapping[str, str]) -> list[Token]:
    tokens: list[Token] = []
    for var, scope in ((ENV_READ, Scope.READ), (ENV_ADMIN, Scope.ADMIN)):
        for i, raw in enumerate(t.strip() for t in env.get(var, "").split(",")):
            if raw:
                tokens.append(_token(raw, scope, f"{var}[{i}]", var))
    return tokens


def _inside(path: Path, folders: Iterable[Path]) -> Path | None:
    resolved = path.resolve()
    for folder in folders:
        folder = folder.resolve()
        if resolved == folder or folder in resolved.parents:
            return folder
    return None


class TokenAuth:
    """Checks `Authorization: Bearer …` headers against the configured tokens."""

    def __init__(
        self,
        tokens: Iterable[Token],
        *,
        enabled: bool = True,
        jurisdiction: str | Callable[[], str | None] | None = None,
    ) -> None:
        self.tokens = tuple(tokens)
        self.enabled = enabled
        # the jurisdiction this app answers for: an id, or asked of the served policy
        self._jurisdiction = jurisdiction
        if enabled and not self.tokens:
            raise AuthConfigError(msg("service.auth.no_tokens", read=ENV_READ, admin=ENV_ADMIN))

    @classmethod
    def from_sources(
        cls,
        file: str | os.PathLike[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        policy_folders: Iterable[Path] = (),
        enabled: bool = True,
    ) -> TokenAuth:
        """Tokens from `file` and the environment; refuses a file inside a policy folder."""
        tokens: list[Token] = []
        if file is not None:
            path = Path(file)
            folder = _inside(path, policy_folders)
            if folder is not None:
                raise AuthConfigError(msg("service.auth.inside_policy", path=path, folder=folder))
            tokens += parse_token_file(path)
        tokens += parse_env_tokens(os.environ if env is None else env)
        return cls(tokens, enabled=enabled)

    @property
    def jurisdiction(self) -> str | None:
        found = self._jurisdiction
        return found() if callable(found) else found

    def for_jurisdiction(self, jurisdiction: str | Callable[[], str | None] | None) -> TokenAuth:
        """The same tokens, checked also against `jurisdiction` (a token limited elsewhere: 403)."""
        if not self.enabled:
            return self
        return TokenAuth(self.tokens, enabled=True, jurisdiction=jurisdiction)

    def authenticate(self, header: str | None) -> Token | None:
        """The token a header carries, or None. Constant-time over every configured token."""
        if header is None:
            return None
        scheme, _, presented = header.partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            return None
        digest = _digest(presented.strip())
        found: Token | None = None
        for token in self.tokens:
            if hmac.compare_digest(digest, token.digest) and found is None:
                found = token
        return found

    def require(self, header: str | None, scope: Scope) -> Token | None:
        """The caller's token, or a 401/403 `ServiceError`. None when auth is disabled."""
        if not self.enabled:
            return None
        token = self.authenticate(header)
        if token is None:
            raise ServiceError(
                401,
                "unauthorized",
                msg("service.auth.unauthorized"),
                headers={"WWW-Authenticate": 'Bearer realm="gridrules"'},
            )
        if not token.allows(scope):
            raise ServiceError(403, "forbidden", msg("service.auth.admin_only"))
        if token.jurisdictions is not None and not token.may_see(jurisdiction := self.jurisdiction):
            raise ServiceError(
                403,
                "forbidden",
                msg("service.auth.other_jurisdiction", jurisdiction=jurisdiction),
            )
        return token
