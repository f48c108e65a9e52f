"""A fake OpenID provider for tests: it mints RSA keys and ID tokens and serves its JWKS on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey

ISSUER = "https://issuer.test"
CLIENT_ID = "rastup-web"


class FakeIssuer:
    def __init__(self) -> None:
        self.keys = [RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)]
        self.requests = 0
        self.url = ""

    def rotate(self, kid: str) -> None:
        """Publish a new signing key (the old one disappears from the JWKS)."""
        self.keys = [RSAKey.generate_key(2048, parameters={"kid": kid}, private=True)]

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.as_dict(private=False) for key in self.keys]}

    def token(self, now: datetime, *, nonce: str = "n-1", key: RSAKey | None = None, **claims: Any) -> str:
        signing = key or self.keys[0]
        exp = int((now + timedelta(minutes=10)).timestamp())
        body = {"iss": ISSUER, "aud": CLIENT_ID, "sub": "sub-1", "email": "ann@example.com", "email_verified": True,
                "iat": int(now.timestamp()), "exp": exp, "nonce": nonce}  # fmt: skip
        body.update(claims)
        return jwt.encode(
            {"alg": "RS256", "kid": signing.kid}, {k: v for k, v in body.items() if v is not None}, signing
        )


@contextmanager
def serving(issuer: FakeIssuer) -> Iterator[FakeIssuer]:
    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            issuer.requests += 1
            body = json.dumps(issuer.jwks()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    issuer.url = f"http://127.0.0.1:{server.server_address[1]}/jwks"
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()
