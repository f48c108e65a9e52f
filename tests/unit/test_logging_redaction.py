"""PII redaction: emails, phones, tokens and card data never reach a log line in clear."""

from __future__ import annotations

from config.logging import REDACTED, redact_pii, redact_text


def test_sensitive_keys_are_redacted_whatever_their_value() -> None:
    event = redact_pii(
        None,
        "info",
        {
            "event": "login",
            "password": "hunter2",
            "session_token": "abc",
            "email": "a@b.co",
            "status_code": 200,
            "nested": {"card_number": "4242"},
        },
    )
    assert event["password"] == event["session_token"] == event["email"] == REDACTED
    assert event["nested"] == {"card_number": REDACTED}
    assert event["status_code"] == 200 and event["event"] == "login"


def test_free_text_is_scrubbed() -> None:
    text = redact_text(
        "mail ana.diaz+x@example.co.uk, call +1 (415) 555-0199, card 4242 4242 4242 4242, Bearer eyJhbGciOi.x.y"
    )
    for secret in ("ana.diaz", "555-0199", "4242 4242", "eyJhbGciOi"):
        assert secret not in text
    assert "a***@example.co.uk" in text and "+1***0199" in text and "[card]" in text and "Bearer [redacted]" in text


def test_ordinary_text_is_left_alone() -> None:
    assert redact_text("GET /api/profiles/prf_01J 200 in 3.2 ms") == "GET /api/profiles/prf_01J 200 in 3.2 ms"
