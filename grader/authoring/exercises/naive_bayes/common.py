"""Words shared by the case generators of notebook 02."""

WORDS = ["buy", "cash", "dear", "free", "friend", "lunch", "meeting", "money", "now", "offer",
         "python", "report", "tomato", "win"]
