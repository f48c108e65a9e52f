"""Messaging through the command bus on in-memory adapters: requests, idempotent posts, quotas, access, filing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.messaging.circumvention import Action
from core.messaging.commands import (
    AnswerRequest,
    BlockThread,
    FileThread,
    ListInbox,
    MarkRead,
    ReportThread,
    ViewThread,
)
from core.messaging.errors import ConversationRefused, CooledDown, NotARequest, TooManyConversations, TooManyMessages
from core.messaging.events import MessagePosted
from core.messaging.model import Folder, ThreadStatus
from core.messaging.sending import MessagingRules
from core.shared.actor import Actor
from core.shared.errors import InvalidInput, NotFound
from tests.unit.messaging.messaging_world import World


def inbox(world: World, user: str, folder: Folder = Folder.ALL, q: str = "") -> list[str]:
    return [t.id for t in world.bus.handle(ListInbox(actor=Actor(user), folder=folder, query=q)).threads]


def test_a_first_message_from_a_stranger_is_a_request_until_accepted() -> None:
    world = World()
    posted = world.start("usr_ana", "usr_bo")
    thread = posted.thread.id
    assert posted.thread.status is ThreadStatus.REQUEST and posted.reminder is None
    assert inbox(world, "usr_bo", Folder.REQUESTS) == [thread] and inbox(world, "usr_bo") == []
    assert inbox(world, "usr_ana") == [thread]  # the sender sees it in their inbox at once
    accepted = world.bus.handle(AnswerRequest(actor=Actor("usr_bo"), thread_id=thread, accept=True))
    assert accepted.status is ThreadStatus.OPEN and inbox(world, "usr_bo") == [thread]
    with pytest.raises(NotARequest):
        world.bus.handle(AnswerRequest(actor=Actor("usr_bo"), thread_id=thread, accept=False))


def test_a_declined_request_takes_no_more_from_its_sender_and_the_starter_cannot_answer_it() -> None:
    world = World()
    thread = world.start("usr_ana", "usr_bo").thread.id
    with pytest.raises(NotARequest):
        world.bus.handle(AnswerRequest(actor=Actor("usr_ana"), thread_id=thread, accept=True))
    world.bus.handle(AnswerRequest(actor=Actor("usr_bo"), thread_id=thread, accept=False))
    with pytest.raises(ConversationRefused):
        world.post("usr_ana", thread, "Please?")
    assert inbox(world, "usr_bo", Folder.REQUESTS) == [] and inbox(world, "usr_bo") == []


def test_people_with_a_booking_skip_the_request_and_a_second_first_message_joins_the_thread() -> None:
    world = World()
    world.parties.booked.add(frozenset(("usr_ana", "usr_bo")))
    first = world.start("usr_ana", "usr_bo")
    again = world.start("usr_ana", "usr_bo", "One more thing")
    assert first.thread.status is ThreadStatus.OPEN and again.thread.id == first.thread.id
    assert again.thread.recipient.unread == 2


def test_a_retried_post_answers_the_first_message_and_counts_once() -> None:
    world = World()
    thread = world.start("usr_ana", "usr_bo").thread.id
    first = world.post("usr_ana", thread, "Still there?", cid="same")
    retry = world.post("usr_ana", thread, "Still there?", cid="same")
    assert retry.replayed and retry.message == first.message and retry.thread.recipient.unread == 2
    assert sum(isinstance(e, MessagePosted) for e in world.events) == 2


def test_unread_counts_move_with_messages_and_reading_clears_them() -> None:
    world = World()
    thread = world.start("usr_ana", "usr_bo").thread.id
    world.post("usr_bo", thread, "Yes, Saturday works")  # replying accepts the request
    read = world.bus.handle(MarkRead(actor=Actor("usr_ana"), thread_id=thread))
    assert read.status is ThreadStatus.OPEN and read.starter.unread == 0 and read.recipient.unread == 0
    assert inbox(world, "usr_ana", Folder.ACTION_REQUIRED) == []


def test_only_the_two_parties_read_a_thread_staff_leave_an_audit_entry_and_strangers_get_404() -> None:
    world = World()
    thread = world.start("usr_ana", "usr_bo").thread.id
    page = world.bus.handle(ViewThread(actor=Actor("usr_bo"), thread_id=thread))
    assert [m.body for m in page.messages] == ["Hi! Are you free on Saturday?"]
    with pytest.raises(NotFound):
        world.bus.handle(ViewThread(actor=Actor("usr_eve"), thread_id=thread))
    with pytest.raises(NotFound):
        world.post("usr_eve", thread, "hello")
    world.bus.handle(ViewThread(actor=Actor("usr_sam", ("support",)), thread_id=thread))
    with world.new_uow().reading() as uow:
        assert [e.staff_user_id for e in uow.staff_desk.audit_trail(thread)] == ["usr_sam"]
    with pytest.raises(NotFound):
        world.post("usr_sam", thread, "staff never write here")


def test_pages_go_back_with_before() -> None:
    world = World()
    world.parties.booked.add(frozenset(("usr_ana", "usr_bo")))
    thread = world.start("usr_ana", "usr_bo", "m0").thread.id
    for n in range(1, 5):
        world.clock.advance(timedelta(seconds=1))
        world.post("usr_bo", thread, f"m{n}")
    first = world.bus.handle(ViewThread(actor=Actor("usr_ana"), thread_id=thread, limit=3))
    rest = world.bus.handle(ViewThread(actor=Actor("usr_ana"), thread_id=thread, before=first.next_before, limit=3))
    assert [m.body for m in first.messages] == ["m4", "m3", "m2"] and [m.body for m in rest.messages] == ["m1", "m0"]
    assert rest.next_before is None


def test_new_conversations_are_capped_per_day() -> None:
    world = World(rules=MessagingRules(new_conversations_per_day=2))
    world.start("usr_ana", "usr_1")
    world.start("usr_ana", "usr_2")
    with pytest.raises(TooManyConversations) as refused:
        world.start("usr_ana", "usr_3")
    assert refused.value.retry_after_s > 0
    world.clock.advance(timedelta(days=1, seconds=1))
    assert world.start("usr_ana", "usr_3").thread.recipient.user_id == "usr_3"


def test_a_pair_sending_too_fast_is_told_when_to_retry() -> None:
    world = World(rules=MessagingRules(pair_limit=2, pair_window_s=60))
    thread = world.start("usr_ana", "usr_bo").thread.id
    world.post("usr_ana", thread, "two")
    with pytest.raises(TooManyMessages) as refused:
        world.post("usr_ana", thread, "three")
    assert 1 <= refused.value.retry_after_s <= 60


def test_contact_sharing_nudges_then_masks_then_holds_and_cools_down() -> None:
    world = World()
    world.parties.booked.add(frozenset(("usr_ana", "usr_bo")))
    thread = world.start("usr_ana", "usr_bo").thread.id
    nudged = world.post("usr_bo", thread, "Just text me at 555 123 4567")
    masked = world.post("usr_bo", thread, "or email bo at gmail dot com")
    held = world.post("usr_bo", thread, "my number again: five five five one two three four")
    assert [nudged.action, masked.action, held.action] == [Action.NUDGE, Action.MASK, Action.HOLD]
    assert all(p.reminder for p in (nudged, masked, held))
    assert "555 123 4567" in nudged.message.shown_body and "gmail" not in masked.message.shown_body
    seen = world.bus.handle(ViewThread(actor=Actor("usr_ana"), thread_id=thread)).messages
    assert len(seen) == 3 and "[contact hidden]" in seen[0].seen_by("usr_ana") and "gmail" in seen[0].seen_by("usr_bo")
    assert held.message.id not in [m.id for m in seen]
    with pytest.raises(CooledDown):
        world.post("usr_bo", thread, "hello?")
    world.clock.advance(timedelta(hours=2))
    assert world.post("usr_bo", thread, "See you Saturday").action is Action.DELIVER


def test_blocking_stops_both_ways_and_a_new_inquiry_too() -> None:
    world = World()
    thread = world.start("usr_ana", "usr_bo").thread.id
    world.bus.handle(BlockThread(actor=Actor("usr_bo"), thread_id=thread))
    for sender in ("usr_ana", "usr_bo"):
        with pytest.raises(ConversationRefused):
            world.post(sender, thread, "hello")
    with pytest.raises(ConversationRefused):
        world.start("usr_ana", "usr_bo", "new try")
    assert inbox(world, "usr_bo", Folder.BLOCKED) == [thread]
    world.bus.handle(BlockThread(actor=Actor("usr_bo"), thread_id=thread, blocked=False))
    assert world.post("usr_bo", thread, "ok, hello").action is Action.DELIVER


def test_a_report_names_the_other_partys_messages_for_staff() -> None:
    world = World()
    thread = world.start("usr_ana", "usr_bo", "buy followers now").thread.id
    report = world.bus.handle(ReportThread(actor=Actor("usr_bo"), thread_id=thread, reason="spam"))
    with world.new_uow().reading() as uow:
        [queued] = uow.staff_desk.reports(5)
        assert queued.id == report and queued.reported_id == "usr_ana" and len(queued.message_ids) == 1
        assert uow.staff_desk.reporters_since("usr_ana", world.clock.now()) == 1


def test_archive_and_mute_are_per_party_and_a_new_message_unarchives() -> None:
    world = World()
    world.parties.booked.add(frozenset(("usr_ana", "usr_bo")))
    thread = world.start("usr_ana", "usr_bo").thread.id
    filed = world.bus.handle(FileThread(actor=Actor("usr_bo"), thread_id=thread, archived=True, muted=True))
    assert filed.recipient.archived and filed.recipient.muted and not filed.starter.archived
    assert inbox(world, "usr_bo", Folder.ARCHIVED) == [thread] and inbox(world, "usr_ana") == [thread]
    world.post("usr_ana", thread, "ping")
    assert inbox(world, "usr_bo") == [thread]


def test_bad_input_is_refused_and_stores_nothing() -> None:
    world = World()
    for body in ("", "   ", "x" * 5_001):
        with pytest.raises(InvalidInput):
            world.start("usr_ana", "usr_bo", body)
    with pytest.raises(InvalidInput):
        world.start("usr_ana", "usr_ana")
    with pytest.raises(NotFound):
        world.post("usr_ana", "thr_none", "hello")
    with pytest.raises(InvalidInput):
        world.bus.handle(ListInbox(actor=Actor("usr_ana"), cursor="not-a-cursor"))
    assert inbox(world, "usr_ana") == [] and world.events == []


def test_inbox_pages_follow_the_cursor() -> None:
    world = World()
    for n in range(5):
        world.clock.advance(timedelta(minutes=1))
        world.start(f"usr_{n}", "usr_bo")
    world.bus.handle(AnswerRequest(actor=Actor("usr_bo"), thread_id="thr_000001", accept=True))
    first = world.bus.handle(ListInbox(actor=Actor("usr_bo"), folder=Folder.REQUESTS, limit=2))
    second = world.bus.handle(
        ListInbox(actor=Actor("usr_bo"), folder=Folder.REQUESTS, limit=2, cursor=first.next_cursor)
    )
    third = world.bus.handle(
        ListInbox(actor=Actor("usr_bo"), folder=Folder.REQUESTS, limit=2, cursor=second.next_cursor)
    )
    ids = [t.id for page in (first, second, third) for t in page.threads]
    assert len(ids) == 4 == len(set(ids)) and third.next_cursor is None
