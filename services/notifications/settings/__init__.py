"""Each family's notification settings: language, daily report, extra invoice addresses."""
