"""The outbound gateways (email, SMS) and the captcha verifier, as providers chosen from settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dependency_injector import providers

from adapters.aws.messaging import SesEmailSender, SnsSmsSender, aws_client
from adapters.captcha.siteverify import SiteverifyCaptchaVerifier, TestCaptchaVerifier
from adapters.outbox.senders import ConsoleSmsSender, FileOutboxEmailSender
from adapters.smtp.email_sender import SmtpEmailSender
from config.settings import Settings
from config.singleton import Singleton
from config.tracing import traced_peer
from core.flags.handlers import Switchboard
from core.flags.model import Flag

# While Redis is down these limits (messages to one recipient, searches and suggestions: public reads that must
# degrade, not fail; not sign-in) let requests through and log it; every other limit (sign-in, sign-up, resets,
# code checks, and any limit added later) refuses with 503.
FAIL_OPEN_LIMITS = ("resend-identity", "sms-phone", "message-pair", "search-ip", "suggest-ip")

# These build providers, not adapters: the container calls them once, in its class body, with its own
# ``settings`` dependency, so nothing is read or connected before first use.
Setting = providers.Dependency[Settings]


def email_gateway(settings: Setting, peer_spans: providers.Provider[Any]) -> providers.Selector[Any]:
    """EMAIL_BACKEND: the file outbox, SMTP (traced when tracing is on) or SES."""
    return providers.Selector(
        settings.provided.email_backend,
        outbox=Singleton(FileOutboxEmailSender, providers.Callable(Path, settings.provided.outbox_dir)),
        smtp=Singleton(
            traced_peer,
            "smtp",
            Singleton(
                SmtpEmailSender,
                host=settings.provided.smtp_host,
                port=settings.provided.smtp_port,
                sender=settings.provided.email_sender,
                security=settings.provided.smtp_security,
                username=settings.provided.smtp_username,
                password=settings.provided.smtp_password,
                timeout_s=settings.provided.smtp_timeout_s,
            ),
            settings,
            peer_spans,
        ),
        ses=Singleton(
            SesEmailSender,
            client=Singleton(aws_client, "ses", settings.provided.aws_region),
            sender=settings.provided.email_sender,
        ),
    )


def sms_gateway(settings: Setting) -> providers.Selector[Any]:
    """SMS_BACKEND: the console file or SNS."""
    return providers.Selector(
        settings.provided.sms_backend,
        console=Singleton(ConsoleSmsSender, providers.Callable(Path, settings.provided.outbox_dir)),
        sns=Singleton(SnsSmsSender, client=Singleton(aws_client, "sns", settings.provided.aws_region)),
    )


def captcha(settings: Setting) -> providers.Selector[Any]:
    """CAPTCHA_BACKEND: the test verifier, Turnstile or hCaptcha."""
    return providers.Selector(
        settings.provided.captcha_backend,
        test=Singleton(TestCaptchaVerifier),
        turnstile=Singleton(SiteverifyCaptchaVerifier.turnstile, settings.provided.captcha_secret),
        hcaptcha=Singleton(SiteverifyCaptchaVerifier.hcaptcha, settings.provided.captcha_secret),
    )


def paused_while_off(switchboard: Switchboard, flag: Flag) -> Callable[[], bool]:
    """For background work a kill switch holds back: true while ``flag`` is off."""
    return lambda: not switchboard.is_on(flag)
