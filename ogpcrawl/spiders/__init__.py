"""One spider per site family: local_ih (the shared *-ih.gov.az CMS) and ministries (bespoke sites)."""
