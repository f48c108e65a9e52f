"""The messaging store contract (threads, messages, the staff desk in one unit of work): the in-memory twin
(tests/unit) and the SQL store (SQLite and PostgreSQL, tests/integration) must pass these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from core.media.model import Classification, Variant
from core.media.model import Verdict as Moderation
from core.messaging.attachments import Attachment, AttachmentStatus
from core.messaging.circumvention import Action, Verdict
from core.messaging.errors import AttachmentInUse
from core.messaging.model import Folder, Message, Thread
from core.messaging.ports import AuditEntry, InboxKey, MessagingUnitOfWork, Report
from core.messaging.unread_notices import NoticePreferences
from core.shared.errors import AlreadyExists, NotFound, VersionConflict

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
NewUnit = Callable[[], MessagingUnitOfWork]


def message(thread: Thread, n: int, sender: str | None, body: str = "hello", *, held: bool = False) -> Message:
    return Message(id=f"msg_{thread.id}_{n:03d}", thread_id=thread.id, sender_id=sender, body=body, shown_body=body,
                   client_message_id=f"c{n}" if sender else None, sent_at=T0 + timedelta(minutes=n),
                   action=Action.HOLD if held else Action.DELIVER)  # fmt: skip


def stored(new_uow: NewUnit, thread: Thread, *messages: Message) -> Thread:
    with new_uow() as uow:
        uow.threads.add(thread)
        for m in messages:
            thread.post(m, Verdict(m.action))
            uow.messages.add(m)
        uow.threads.save(thread)
        uow.commit()
    return thread


class MessagingStoreContract:
    @pytest.fixture
    def new_uow(self) -> NewUnit:
        raise NotImplementedError

    def test_a_thread_comes_back_as_stored_with_its_seats(self, new_uow: NewUnit) -> None:
        thread = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=False)
        stored(new_uow, thread, message(thread, 1, "usr_a", "Hi, are you free?"))
        with new_uow().reading() as uow:
            back = uow.threads.get("thr_1")
        assert back.recipient.unread == 1 and back.starter.unread == 0 and back.preview == "Hi, are you free?"
        assert back.status == thread.status and back.version == 2 and back.last_message_at == T0 + timedelta(minutes=1)

    def test_a_stale_save_conflicts_and_unknown_ids_are_not_found(self, new_uow: NewUnit) -> None:
        stored(new_uow, Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True))
        with new_uow() as uow:
            first, second = uow.threads.get("thr_1"), uow.threads.get("thr_1")
            first.read("usr_a", T0)
            uow.threads.save(first)
            with pytest.raises(VersionConflict):
                uow.threads.save(second)
            with pytest.raises(NotFound):
                uow.threads.get("thr_none")

    def test_one_thread_per_booking(self, new_uow: NewUnit) -> None:
        stored(new_uow, Thread.for_booking("thr_1", "bkg_1", "usr_a", "usr_b", T0))
        with new_uow() as uow, pytest.raises(AlreadyExists):
            uow.threads.add(Thread.for_booking("thr_2", "bkg_1", "usr_a", "usr_b", T0))
        with new_uow().reading() as uow:
            assert (found := uow.threads.of_booking("bkg_1")) is not None and found.id == "thr_1"
            assert uow.threads.of_booking("bkg_2") is None

    def test_a_client_message_id_is_used_once_per_sender_and_thread(self, new_uow: NewUnit) -> None:
        thread = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True)
        stored(new_uow, thread, first := message(thread, 1, "usr_a"))
        with new_uow() as uow, pytest.raises(AlreadyExists):
            uow.messages.add(attrs.evolve(first, id="msg_other"))
        with new_uow().reading() as uow:
            assert uow.messages.by_client_id("thr_1", "usr_a", "c1") == first
            assert uow.messages.by_client_id("thr_1", "usr_b", "c1") is None

    def test_pages_go_back_in_time_from_a_message(self, new_uow: NewUnit) -> None:
        thread = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True)
        stored(new_uow, thread, *[message(thread, n, "usr_a" if n % 2 else "usr_b") for n in range(1, 8)])
        with new_uow().reading() as uow:
            newest = uow.messages.page("thr_1", None, 3)
            older = uow.messages.page("thr_1", newest[-1].id, 10)
            with pytest.raises(NotFound):
                uow.messages.page("thr_1", "msg_none", 3)
        assert [m.id[-3:] for m in newest] == ["007", "006", "005"]
        assert [m.id[-3:] for m in older] == ["004", "003", "002", "001"]

    def test_the_inbox_is_per_folder_latest_first_in_keyset_pages(self, new_uow: NewUnit) -> None:
        for n in range(1, 6):
            thread = Thread.inquiry(f"thr_{n}", f"usr_{n}", "usr_me", T0, known=n % 2 == 0)
            stored(new_uow, thread, message(thread, n, f"usr_{n}", f"note {n}"))
        with new_uow().reading() as uow:
            everything = uow.threads.inbox("usr_me", Folder.ALL, "", None, 10)
            requests = uow.threads.inbox("usr_me", Folder.REQUESTS, "", None, 10)
            first = uow.threads.inbox("usr_me", Folder.ACTION_REQUIRED, "", None, 2)
            rest = uow.threads.inbox(
                "usr_me", Folder.ACTION_REQUIRED, "", InboxKey(T0 + timedelta(minutes=4), "thr_4"), 10
            )
            strangers = uow.threads.inbox("usr_9", Folder.ALL, "", None, 10)
        assert [t.id for t in everything] == ["thr_4", "thr_2"]
        assert [t.id for t in requests] == ["thr_5", "thr_3", "thr_1"]
        assert [t.id for t in first] == ["thr_5", "thr_4"] and [t.id for t in rest] == ["thr_3", "thr_2", "thr_1"]
        assert strangers == []

    def test_archiving_and_blocking_move_a_thread_between_folders(self, new_uow: NewUnit) -> None:
        thread = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True)
        stored(new_uow, thread, message(thread, 1, "usr_a"))
        with new_uow() as uow:
            thread = uow.threads.get("thr_1")
            thread.file("usr_b", archived=True)
            thread.block("usr_a")
            uow.threads.save(thread)
            uow.commit()
        with new_uow().reading() as uow:
            assert [t.id for t in uow.threads.inbox("usr_b", Folder.ARCHIVED, "", None, 5)] == ["thr_1"]
            assert uow.threads.inbox("usr_b", Folder.ALL, "", None, 5) == []
            assert [t.id for t in uow.threads.inbox("usr_a", Folder.BLOCKED, "", None, 5)] == ["thr_1"]
            assert uow.threads.inbox("usr_a", Folder.ALL, "", None, 5) == []

    def test_search_finds_words_in_the_users_own_threads_only(self, new_uow: NewUnit) -> None:
        one = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True)
        stored(new_uow, one, message(one, 1, "usr_a", "Loft studio in Brooklyn"), message(one, 2, "usr_b", "ok"))
        two = Thread.inquiry("thr_2", "usr_c", "usr_b", T0, known=True)
        stored(new_uow, two, message(two, 3, "usr_c", "A secret LOFT plan", held=True))
        with new_uow().reading() as uow:
            assert [t.id for t in uow.threads.inbox("usr_b", Folder.ALL, "loft", None, 5)] == ["thr_1"]
            assert [t.id for t in uow.threads.inbox("usr_c", Folder.ALL, "loft", None, 5)] == ["thr_2"]
            assert uow.threads.inbox("usr_z", Folder.ALL, "loft", None, 5) == []

    def test_threads_between_two_users_and_started_since(self, new_uow: NewUnit) -> None:
        stored(new_uow, Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=False))
        stored(new_uow, Thread.inquiry("thr_2", "usr_a", "usr_c", T0 + timedelta(hours=2), known=False))
        stored(new_uow, Thread.for_booking("thr_3", "bkg_1", "usr_a", "usr_d", T0 + timedelta(hours=3)))
        with new_uow().reading() as uow:
            assert [t.id for t in uow.threads.between("usr_b", "usr_a")] == ["thr_1"]
            assert uow.threads.started_since("usr_a", T0 + timedelta(hours=1)) == [T0 + timedelta(hours=2)]

    def test_reporters_since_counts_distinct_reporters_in_the_window(self, new_uow: NewUnit) -> None:
        def report(n: int, reporter: str, reported: str, hours: int) -> Report:
            return Report(id=f"rpt_{n}", thread_id="thr_1", reporter_id=reporter, reported_id=reported, reason="spam",
                          message_ids=(), created_at=T0 + timedelta(hours=hours))  # fmt: skip

        with new_uow() as uow:
            for each in (report(1, "usr_b", "usr_a", 0), report(2, "usr_b", "usr_a", 2), report(3, "usr_c", "usr_a", 3),
                         report(4, "usr_d", "usr_a", -5), report(5, "usr_a", "usr_b", 4)):  # fmt: skip
                uow.staff_desk.report(each)
            uow.commit()
        with new_uow().reading() as uow:
            assert uow.staff_desk.reporters_since("usr_a", T0) == 2  # usr_b twice counts once; usr_d was earlier
            assert uow.staff_desk.reporters_since("usr_a", T0 - timedelta(hours=5)) == 3
            assert uow.staff_desk.reporters_since("usr_a", T0 + timedelta(hours=3)) == 1
            assert uow.staff_desk.reporters_since("usr_z", T0) == 0

    def test_blocked_parties_are_the_other_sides_of_blocked_threads_either_way(self, new_uow: NewUnit) -> None:
        mine = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True)
        mine.block("usr_a")
        theirs = Thread.inquiry("thr_2", "usr_c", "usr_a", T0, known=True)
        theirs.block("usr_c")
        lifted = Thread.inquiry("thr_3", "usr_a", "usr_d", T0, known=True)
        lifted.block("usr_d")
        lifted.unblock("usr_d")
        for thread in (mine, theirs, lifted, Thread.inquiry("thr_4", "usr_e", "usr_a", T0, known=False)):
            stored(new_uow, thread)
        with new_uow().reading() as uow:
            assert uow.threads.blocked_parties("usr_a") == {"usr_b", "usr_c"}
            assert uow.threads.blocked_parties("usr_b") == {"usr_a"}
            assert uow.threads.blocked_parties("usr_d") == frozenset()

    def test_a_rolled_back_unit_leaves_nothing(self, new_uow: NewUnit) -> None:
        with new_uow() as uow:
            uow.threads.add(Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True))
        with new_uow().reading() as uow, pytest.raises(NotFound):
            uow.threads.get("thr_1")

    def test_the_staff_desk_queues_reports_and_keeps_the_audit_trail(self, new_uow: NewUnit) -> None:
        report = Report(id="rpt_1", thread_id="thr_1", reporter_id="usr_b", reported_id="usr_a", reason="spam",
                        message_ids=("msg_1", "msg_2"), created_at=T0)  # fmt: skip
        entry = AuditEntry(id="aud_1", staff_user_id="usr_staff", thread_id="thr_1", action="read", at=T0)
        with new_uow() as uow:
            uow.staff_desk.report(report)
            uow.staff_desk.audit(entry)
            uow.commit()
        with new_uow().reading() as uow:
            assert list(uow.staff_desk.reports(5)) == [report] and uow.staff_desk.reporters_since("usr_a", T0) == 1
            assert list(uow.staff_desk.audit_trail("thr_1")) == [entry] and uow.staff_desk.audit_trail("thr_2") == []

    def test_since_replays_what_a_user_may_see_after_a_message_oldest_first(self, new_uow: NewUnit) -> None:
        one = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True)
        stored(new_uow, one, message(one, 1, "usr_a"), message(one, 3, "usr_b", held=True), message(one, 5, None))
        two = Thread.inquiry("thr_2", "usr_c", "usr_b", T0, known=True)
        stored(new_uow, two, message(two, 2, "usr_c"), message(two, 4, "usr_b"))
        with new_uow().reading() as uow:
            everything = [m.id[-3:] for m in uow.messages.since("usr_b", None, 10)]
            after = [m.id[-3:] for m in uow.messages.since("usr_a", "msg_thr_1_001", 10)]
            foreign = uow.messages.since("usr_a", "msg_thr_2_002", 10)
            assert uow.messages.get("msg_thr_1_001").body == "hello"
            with pytest.raises(NotFound):
                uow.messages.get("msg_none")
        assert everything == ["001", "002", "003", "004", "005"] and after == ["005"] and foreign == []

    def test_threads_awaiting_a_notice_until_it_is_sent_or_read(self, new_uow: NewUnit) -> None:
        one = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True)
        stored(new_uow, one, message(one, 1, "usr_a"))
        two = Thread.inquiry("thr_2", "usr_c", "usr_b", T0, known=True)
        stored(new_uow, two, message(two, 2, "usr_c"))
        muted = Thread.inquiry("thr_3", "usr_d", "usr_b", T0, known=True)
        muted.file("usr_b", muted=True)
        stored(new_uow, muted, message(muted, 3, "usr_d"))
        read = Thread.inquiry("thr_4", "usr_e", "usr_b", T0, known=True)
        stored(new_uow, read, message(read, 4, "usr_e"))
        with new_uow() as uow:
            notified, opened = uow.threads.get("thr_1"), uow.threads.get("thr_4")
            notified.notified("usr_b", T0 + timedelta(minutes=30))
            opened.read("usr_b", T0 + timedelta(minutes=30))
            uow.threads.save(notified)
            uow.threads.save(opened)
            uow.commit()
        with new_uow().reading() as uow:
            window = [t.id for t in uow.threads.awaiting_notice(InboxKey(T0, ""), T0 + timedelta(minutes=10), 10)]
            after_two = InboxKey(T0 + timedelta(minutes=2), "thr_2")
            narrow = [t.id for t in uow.threads.awaiting_notice(after_two, T0 + timedelta(hours=1), 10)]
            assert uow.threads.get("thr_1").recipient.notified_at == T0 + timedelta(minutes=30)
        assert window == ["thr_2"] and narrow == []

    def test_notice_preferences_are_stored_and_replaced(self, new_uow: NewUnit) -> None:
        prefs = NoticePreferences("usr_b", email_consent=False, time_zone="Europe/Berlin", quiet_start_minute=60)
        with new_uow() as uow:
            uow.notice_preferences.put(prefs)
            uow.notice_preferences.put(attrs.evolve(prefs, quiet_end_minute=420))
            uow.commit()
        with new_uow().reading() as uow:
            assert uow.notice_preferences.get("usr_b") == attrs.evolve(prefs, quiet_end_minute=420)
            assert uow.notice_preferences.get("usr_none") is None
        with new_uow() as uow:
            assert uow.notice_preferences.forget("usr_b") is True
            assert uow.notice_preferences.forget("usr_b") is False  # idempotent
            uow.commit()
        with new_uow().reading() as uow:
            assert uow.notice_preferences.get("usr_b") is None


def attachment(attachment_id: str, owner: str, n: int = 0, verdict: Classification = Classification.SAFE) -> Attachment:
    variant = Variant("card", f"attachments/{owner}/{attachment_id}/card.webp", 800, 533, "image/webp", 1234)
    return Attachment.moderated(attachment_id=attachment_id, owner_id=owner, content_type="image/jpeg",
                                size=(1200, 800), variants=(variant,), verdict=Moderation(verdict, "scripted"),
                                now=T0 + timedelta(minutes=n))  # fmt: skip


class AttachmentStoreContract:
    """The attachments of the messaging unit of work: bound to one message once, by their owner only."""

    @pytest.fixture
    def new_uow(self) -> NewUnit:
        raise NotImplementedError

    def test_an_attachment_comes_back_and_is_bound_to_one_message_by_its_owner_only(self, new_uow: NewUnit) -> None:
        with new_uow() as uow:
            uow.attachments.add(attachment("att_1", "usr_a"))
            uow.commit()
        with new_uow() as uow:
            with pytest.raises(NotFound):
                uow.attachments.attach("att_1", "usr_b", "msg_1", "thr_1")
            with pytest.raises(NotFound):
                uow.attachments.attach("att_none", "usr_a", "msg_1", "thr_1")
            bound = uow.attachments.attach("att_1", "usr_a", "msg_1", "thr_1")
            assert (bound.message_id, bound.thread_id) == ("msg_1", "thr_1")
            with pytest.raises(AttachmentInUse):
                uow.attachments.attach("att_1", "usr_a", "msg_2", "thr_1")
            uow.commit()
        with new_uow().reading() as uow:
            back = uow.attachments.get("att_1")
            assert back == attrs.evolve(attachment("att_1", "usr_a"), message_id="msg_1", thread_id="thr_1")
            assert [a.id for a in uow.attachments.of_messages(["msg_1", "msg_9"])] == ["att_1"]
            assert uow.attachments.of_messages(["msg_9"]) == []
            with pytest.raises(NotFound):
                uow.attachments.get("att_none")
        with new_uow() as uow, pytest.raises(AlreadyExists):
            uow.attachments.add(attachment("att_1", "usr_a"))

    def test_an_owners_attachments_are_listed_and_removed(self, new_uow: NewUnit) -> None:
        with new_uow() as uow:
            for n, (name, owner) in enumerate([("att_2", "usr_a"), ("att_1", "usr_a"), ("att_3", "usr_b")]):
                uow.attachments.add(attachment(name, owner, n))
            uow.commit()
        with new_uow() as uow:
            assert [a.id for a in uow.attachments.of_owner("usr_a")] == ["att_2", "att_1"]
            uow.attachments.remove("att_2")
            uow.attachments.remove("att_2")  # idempotent
            uow.commit()
        with new_uow().reading() as uow:
            assert [a.id for a in uow.attachments.of_owner("usr_a")] == ["att_1"]
            assert [a.id for a in uow.attachments.of_owner("usr_b")] == ["att_3"]

    def test_the_quarantine_lists_oldest_first_and_staff_decide(self, new_uow: NewUnit) -> None:
        with new_uow() as uow:
            for n, (name, verdict) in enumerate(
                [
                    ("att_2", Classification.NEEDS_REVIEW),
                    ("att_1", Classification.NEEDS_REVIEW),
                    ("att_3", Classification.SAFE),
                ]
            ):
                uow.attachments.add(attachment(name, "usr_a", n, verdict))
            uow.commit()
        with new_uow() as uow:
            waiting = uow.attachments.in_status(AttachmentStatus.PENDING_REVIEW, 10)
            assert [a.id for a in waiting] == ["att_2", "att_1"]
            assert uow.attachments.set_status("att_2", AttachmentStatus.APPROVED).shown
            with pytest.raises(NotFound):
                uow.attachments.set_status("att_none", AttachmentStatus.APPROVED)
            uow.commit()
        with new_uow().reading() as uow:
            assert [a.id for a in uow.attachments.in_status(AttachmentStatus.PENDING_REVIEW, 10)] == ["att_1"]

    def test_a_held_pdf_comes_back_as_a_document_in_the_quarantine(self, new_uow: NewUnit) -> None:
        variant = Variant("document", "attachments/usr_a/att_pdf/document.pdf", 0, 0, "application/pdf", 99)
        pdf = Attachment.held_document(
            attachment_id="att_pdf", owner_id="usr_a", content_type="application/pdf", variant=variant, now=T0
        )
        with new_uow() as uow:
            uow.attachments.add(pdf)
            uow.commit()
        with new_uow().reading() as uow:
            back = uow.attachments.get("att_pdf")
            assert back == pdf and back.is_document and not back.shown
            assert [a.id for a in uow.attachments.in_status(AttachmentStatus.PENDING_REVIEW, 10)] == ["att_pdf"]
