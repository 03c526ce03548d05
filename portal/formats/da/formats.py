# Danish dates as the library writes them: "23. november 2026 kl. 17.00".
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
SHORT_DATE_FORMAT = "j. b Y"
SHORT_DATETIME_FORMAT = r"j. b Y \k\l. H.i"
MONTH_DAY_FORMAT = "j. b"
TIME_FORMAT = "H.i"
