"""CAPTCHA verification: Cloudflare Turnstile and hCaptcha siteverify over HTTP, and a test double."""
