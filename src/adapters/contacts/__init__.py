"""Contact details in text, found with phonenumbers (libphonenumber's matcher) and urlextract, offline."""
