"""Everything said to a user, in English and Chinese."""
