"""Pages: the read models of public pages (the public profile view), kept true by other contexts' events."""
