"""Email over SMTP with the standard library's smtplib."""
