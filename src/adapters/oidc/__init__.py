"""OpenID Connect ID-token verification (joserfc) against providers' JWKS, fetched with urllib."""
