"""Smoke tests: each real peer the integration suite relies on is up, isolated and behaves."""

import uuid

import httpx
import pytest
import sqlalchemy as sa

from tests.harness import AwsEndpoint, TypesenseServer, redis_peer

pytestmark = pytest.mark.integration

STRIPE_AUTH = {"Authorization": "Bearer sk_test_xxx"}


def test_postgres_round_trips_a_row_in_the_scratch_database(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    try:
        with engine.begin() as connection:
            database = connection.execute(sa.text("SELECT current_database()")).scalar_one()
            connection.execute(sa.text("CREATE TABLE smoke (id int PRIMARY KEY, label text NOT NULL)"))
            connection.execute(sa.text("INSERT INTO smoke VALUES (1, 'hello')"))
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT id, label FROM smoke")).all()
    finally:
        with engine.begin() as connection:  # the scratch database is the session's: later tests compare its schema
            connection.execute(sa.text("DROP TABLE IF EXISTS smoke"))
        engine.dispose()
    assert database.startswith("rastup_test_")
    assert [tuple(row) for row in rows] == [(1, "hello")]


def test_redis_db_starts_empty_and_round_trips_a_value(clean_redis_url: str) -> None:
    with redis_peer.client(clean_redis_url) as connection:
        assert connection.dbsize() == 0
        connection.set("smoke:key", "value")
        assert connection.get("smoke:key") == b"value"


def test_typesense_indexes_and_finds_a_document(typesense: TypesenseServer) -> None:
    name = f"smoke_{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=typesense.url, headers=typesense.headers, timeout=10) as api:
        schema = {"name": name, "fields": [{"name": "title", "type": "string"}]}
        assert api.post("/collections", json=schema).status_code == 201
        document = {"id": "1", "title": "Portrait photographer in Los Angeles"}
        assert api.post(f"/collections/{name}/documents", json=document).status_code == 201
        found = api.get(f"/collections/{name}/documents/search", params={"q": "photographer", "query_by": "title"})
        api.delete(f"/collections/{name}").raise_for_status()
    assert found.status_code == 200
    assert [hit["document"]["id"] for hit in found.json()["hits"]] == ["1"]


def test_localstripe_creates_a_payment_intent_and_flush_forgets_it(stripe_api: str) -> None:
    with httpx.Client(base_url=stripe_api, headers=STRIPE_AUTH, timeout=10) as api:
        customer = api.post("/v1/customers", data={"email": "ada@example.com"})
        assert customer.status_code == 200, customer.text
        customer_id = customer.json()["id"]
        intent = api.post("/v1/payment_intents", data={"amount": "2500", "currency": "usd", "customer": customer_id})
        assert intent.status_code == 200, intent.text
        assert (intent.json()["amount"], intent.json()["customer"]) == (2500, customer_id)
        assert api.get(f"/v1/customers/{customer_id}").status_code == 200
        api.delete("/_config/data").raise_for_status()
        assert api.get(f"/v1/customers/{customer_id}").status_code == 404
        assert api.get(f"/v1/payment_intents/{intent.json()['id']}").status_code == 404


def test_moto_s3_round_trips_an_object_and_accepts_a_presigned_put(aws_api: AwsEndpoint) -> None:
    s3 = aws_api.client("s3")
    s3.create_bucket(Bucket="rastup-smoke")
    s3.put_object(Bucket="rastup-smoke", Key="direct.txt", Body=b"direct")
    upload_url = s3.generate_presigned_url(
        "put_object", Params={"Bucket": "rastup-smoke", "Key": "presigned.txt"}, ExpiresIn=60
    )
    uploaded = httpx.put(upload_url, content=b"via presigned url", timeout=10)
    assert uploaded.status_code == 200, uploaded.text
    assert s3.get_object(Bucket="rastup-smoke", Key="direct.txt")["Body"].read() == b"direct"
    assert s3.get_object(Bucket="rastup-smoke", Key="presigned.txt")["Body"].read() == b"via presigned url"
    assert [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]] == ["rastup-smoke"]
