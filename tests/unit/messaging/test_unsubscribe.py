"""The unsubscribe links of the unread-message emails: a token names its user until 90 days after its email, and
any change to it, another key or a later use is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.messaging.errors import UnsubscribeLinkInvalid
from core.messaging.unsubscribe import TOKEN_TTL, UnsubscribeLinks, unsubscribe_token, unsubscriber

KEY, OTHER_KEY = b"k" * 32, b"o" * 32
T0 = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
user_ids = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@given(user_ids, st.timedeltas(min_value=timedelta(0), max_value=TOKEN_TTL - timedelta(seconds=1)))
def test_a_token_names_its_user_until_it_expires(user_id: str, later: timedelta) -> None:
    assert unsubscriber(unsubscribe_token(user_id, T0, KEY), KEY, T0 + later) == user_id


@given(user_ids, st.data())
def test_any_changed_character_is_refused(user_id: str, data: st.DataObject) -> None:
    token = unsubscribe_token(user_id, T0, KEY)
    at = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from("AZaz09-_.").filter(lambda c: c != token[at]))
    with pytest.raises(UnsubscribeLinkInvalid):
        unsubscriber(token[:at] + replacement + token[at + 1 :], KEY, T0)


def test_another_key_an_expired_or_a_future_token_is_refused() -> None:
    token = unsubscribe_token("usr_bo", T0, KEY)
    with pytest.raises(UnsubscribeLinkInvalid, match="tampered"):
        unsubscriber(token, OTHER_KEY, T0)
    with pytest.raises(UnsubscribeLinkInvalid, match="expired"):
        unsubscriber(token, KEY, T0 + TOKEN_TTL)
    with pytest.raises(UnsubscribeLinkInvalid, match="expired"):
        unsubscriber(token, KEY, T0 - timedelta(minutes=1))
    for junk in ("", ".", "x" * 500, "bm9waXBl.sig"):
        with pytest.raises(UnsubscribeLinkInvalid):
            unsubscriber(junk, KEY, T0)


def test_the_links_carry_rfc_8058_headers() -> None:
    links = UnsubscribeLinks("https://rastup.example/", KEY)
    link = links.link("usr_bo", T0)
    assert link.startswith("https://rastup.example/api/messages/unsubscribe?token=")
    assert links.headers(link) == (
        ("List-Unsubscribe", f"<{link}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    )
