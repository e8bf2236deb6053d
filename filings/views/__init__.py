"""Officer-facing pages of the filings app (the regulator's side lives in the review app)."""
