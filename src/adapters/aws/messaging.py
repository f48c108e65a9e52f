"""Email through Amazon SES and SMS through Amazon SNS (boto3); botocore errors become DeliveryFailed."""

from __future__ import annotations

from typing import Any

import boto3  # type: ignore[import-untyped]  # boto3 ships no type hints
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]  # same

from core.identity.delivery import EmailMessage
from core.identity.errors import DeliveryFailed


def aws_client(service: str, region: str, endpoint_url: str | None = None, **credentials: str) -> Any:
    """A boto3 client; credentials come from the standard AWS chain unless given (tests pass moto's)."""
    return boto3.session.Session().client(service, region_name=region, endpoint_url=endpoint_url, **credentials)


class SesEmailSender:
    def __init__(self, client: Any, sender: str) -> None:
        self._client = client
        self._sender = sender

    def send(self, message: EmailMessage) -> None:
        try:
            self._client.send_email(
                Source=self._sender,
                Destination={"ToAddresses": [message.to]},
                Message={
                    "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                    "Body": {
                        "Text": {"Data": message.text, "Charset": "UTF-8"},
                        **({"Html": {"Data": message.html, "Charset": "UTF-8"}} if message.html is not None else {}),
                    },
                },
            )
        except (ClientError, BotoCoreError) as error:
            raise DeliveryFailed("email", _reason(error), permanent=_refused_for_good(error)) from error


class SnsSmsSender:
    def __init__(self, client: Any, sender_id: str = "RastUp") -> None:
        self._client = client
        self._sender_id = sender_id

    def send(self, phone_e164: str, text: str) -> None:
        try:
            self._client.publish(
                PhoneNumber=phone_e164,
                Message=text,
                MessageAttributes={
                    "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                    "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": self._sender_id},
                },
            )
        except (ClientError, BotoCoreError) as error:
            raise DeliveryFailed("sms", _reason(error), permanent=_refused_for_good(error)) from error


_THROTTLED = frozenset({"Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException"})


def _refused_for_good(error: Exception) -> bool:
    """A 4xx answer (a rejected message, an unverified sender, a bad number) is final, unless it is throttling;
    5xx answers and botocore's own errors (network, timeouts) are worth a retry."""
    if not isinstance(error, ClientError):
        return False
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500))
    return 400 <= status < 500 and _reason(error) not in _THROTTLED


def _reason(error: Exception) -> str:
    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code", "ClientError"))
    return type(error).__name__
