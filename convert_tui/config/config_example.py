"""The commented example `convert-tui config --example` prints (every key, at its default)."""

EXAMPLE = """\
# convert-tui settings: copy to the path `convert-tui config --path` prints, then uncomment and
# change what you want. A line that is wrong is reported at start-up (with its line number) and
# its default used; the app never writes to this file. No secrets here: `convert-tui login` keeps
# credentials apart. Which setting wins: a command-line flag > a choice the app remembered (a
# theme picked in the palette) > this file > the experience's own setting > the default.

# A Textual theme: textual-dark, textual-light, nord, gruvbox, solarized-light, ... (ctrl+p,
# "Theme" previews them all). NO_COLOR in the environment still turns colour off.
# theme = "textual-dark"

[keymap]
# Binding id = key(s). `?` in the app lists the id of every key. Keys as Textual names them:
# "j", "ctrl+n", "f5", "escape", "question_mark"; several: "j,down". Two actions on one key in
# one screen are refused (the default stays, and the start-up message says which).
# tree.down = "j"
# tree.up = "k"
# app.refresh = "r"

[overview]
# Which columns, in this order (project, ids, experience, type, status, days, visitors, goal,
# verdict, chance, significant, progress, srm, alerts). Unset: the overview picks by width.
# columns = ["project", "experience", "days", "visitors", "verdict", "progress"]
# The section shown first: running, attention, scheduled, ended or all.
# first_section = "running"
# "Ended" lists experiences completed within this many days.
# ended_days = 30

[refresh]
# Seconds between automatic refreshes (5 or more), and whether auto-refresh (a) is on at start.
# interval_seconds = 60
# on_at_start = false

[statistics]
# The confidence level for every experience (90, 95, 99, or 0.95); unset: each experience's own.
# confidence = 95
# 2: two-sided tests; 1: one-sided, "variation better than baseline".
# sides = 2
# Sequential testing (always-valid p-values) and its tuning (visitors).
# sequential = false
# sequential_tuning = 5000
# Multiple-comparison correction: none, bonferroni or sidak.
# correction = "none"

[network]
# The total deadline of one request, in seconds, and the largest answer accepted, in MB.
# deadline_seconds = 30
# max_body_mb = 32

[time]
# Dates and times in the local time zone ("local") or in UTC ("utc"); the header says which.
# zone = "local"
"""
