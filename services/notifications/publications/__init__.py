"""News (actualités), published forms (files to download) and the contact form."""
