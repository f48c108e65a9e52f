"""Seed a messaging load: ``users`` users (the signed-in clients first, the rest ids only: messaging keeps no
foreign key to accounts), ``messages`` messages in threads of ``per_thread``, written in bulk through the same
row mapping and folder rules as the SQL store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from adapters.sqlalchemy.messaging_rows import message_row, thread_row
from adapters.sqlalchemy.tables.messaging import messaging_inbox, messaging_messages, messaging_threads
from core.messaging.circumvention import Action, Verdict
from core.messaging.model import Folder, Message, Thread

T0 = datetime(2026, 11, 1, tzinfo=UTC)
CHUNK = 5_000


def seed_messages(database_url: str, clients: list[str], users: int, messages: int, per_thread: int = 10) -> int:
    """Write the threads and messages; answers how many threads. Every client is a party to some threads."""
    people = clients + [f"usr_synth_{n:05d}" for n in range(users - len(clients))]
    engine = sa.create_engine(database_url)
    threads, rows, inbox = [], [], []
    for t in range(messages // per_thread):
        a, b = people[t % len(people)], people[(t * 7919 + 1) % len(people)]
        if a == b:
            b = people[(t + 1) % len(people)]
        thread = Thread.inquiry(f"thr_seed_{t:06d}", a, b, T0 + timedelta(minutes=t), known=True)
        for n in range(per_thread):
            sender = (a, b)[n % 2]
            body = f"Message {n} about the shoot on Saturday, studio {t % 97}, {n + 1} looks."
            message = Message(id=f"msg_seed_{t:06d}_{n:02d}", thread_id=thread.id, sender_id=sender, body=body,
                              shown_body=body, client_message_id=f"seed-{n}",
                              sent_at=thread.created_at + timedelta(seconds=n))  # fmt: skip
            thread.post(message, Verdict(Action.DELIVER))
            rows.append(message_row(message))
        threads.append(thread_row(thread, 1))
        inbox += [
            {"user_id": u, "folder": f.value, "thread_id": thread.id, "last_message_at": thread.last_message_at}
            for u in thread.parties
            for f in Folder
            if thread.in_folder(u, f)
        ]
    with engine.begin() as connection:
        for table, values in ((messaging_threads, threads), (messaging_messages, rows), (messaging_inbox, inbox)):
            for start in range(0, len(values), CHUNK):
                connection.execute(sa.insert(table), values[start : start + CHUNK])
        connection.execute(sa.text("ANALYZE"))
    engine.dispose()
    return len(threads)
