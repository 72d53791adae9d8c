"""Meeting formats: the agenda a meeting follows, kept as plain TOML a facilitator can edit.

``files`` reads, checks and writes them; ``shipped/`` holds the formats roomtui comes with.
"""
