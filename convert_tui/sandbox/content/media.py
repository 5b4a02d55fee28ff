"""Demo copy for a news and media site."""

from __future__ import annotations

from typing import Any

from convert_tui.sandbox.content.types import AudienceDef, GoalDef, Hyp, Idea

IDEAS: list[Idea] = [
    (
        "Paywall meter: 3 vs 5 free articles",
        "Lower the monthly free-article allowance before the paywall.",
        ".paywall",
        "/news/",
        [("3 free articles", "You have read 3 of 3 free articles", "background:#fff8e6")],
    ),
    (
        "Inline newsletter signup",
        "Insert a newsletter box after the third paragraph of articles.",
        ".article-body p:nth-of-type(3)",
        "/news/",
        [
            (
                "Inline box",
                "Get the morning briefing in your inbox",
                "border:1px solid #e4e7ec;padding:16px",
            ),
            ("Inline one-liner", "Sign up for the briefing", "font-weight:600"),
        ],
    ),
    (
        "Related articles at article end",
        "Replace the generic footer with four related stories.",
        ".article-end",
        "/news/",
        [("Four related", "More on this story", "display:grid;grid-template-columns:1fr 1fr")],
    ),
    (
        "Larger headlines on mobile",
        "Bump mobile headline size from 24px to 30px.",
        "h1.headline",
        "/news/",
        [("30px headline", "", "font-size:30px;line-height:1.15")],
    ),
    (
        "Autoplay video off",
        "Stop autoplaying the lead video on article pages.",
        ".lead-video",
        "/video/",
        [("Click to play", "Play video", "cursor:pointer")],
    ),
    (
        "First month for $1 offer",
        "Test a $1 first-month subscription offer on the paywall.",
        ".subscribe-offer",
        "/subscribe",
        [
            ("$1 first month", "Your first month for $1", "color:#c01048"),
            ("Two weeks free", "Read free for two weeks", "color:#c01048"),
        ],
    ),
    (
        "Sticky share bar",
        "Keep share buttons on the left edge while reading.",
        ".share-bar",
        "/news/",
        [("Sticky left", "Share", "position:sticky;top:120px")],
    ),
    (
        "Infinite scroll on sections",
        "Load the next page of stories automatically on section fronts.",
        ".section-list",
        "/sections/",
        [("Infinite scroll", "Loading more stories", "min-height:200px")],
    ),
    (
        "Dark mode toggle in header",
        "Offer a dark mode switch next to the search icon.",
        "header .tools",
        "/",
        [("Toggle", "Dark mode", "margin-left:8px")],
    ),
    (
        "Breaking news ticker",
        "Show a scrolling ticker under the masthead during live events.",
        ".masthead",
        "/",
        [("Red ticker", "BREAKING: live coverage", "background:#d92d20;color:#fff")],
    ),
    (
        "Podcast player placement",
        "Move the podcast player above the article text.",
        ".podcast-player",
        "/podcasts/",
        [("Player on top", "Listen to this episode", "margin-bottom:16px")],
    ),
    (
        "Collapsed comments",
        "Collapse the comment section behind a 'Show comments' button.",
        ".comments",
        "/news/",
        [("Collapsed", "Show 128 comments", "max-height:0;overflow:hidden")],
    ),
]

GOALS: list[GoalDef] = [
    (
        "Subscription purchase",
        "revenue",
        "Paid subscription started.",
        "/subscribe/thank-you",
        None,
    ),
    (
        "Newsletter signup",
        "submits_form",
        "Briefing signup submitted.",
        "/news/",
        [{"event": "submit", "selector": "form.briefing"}],
    ),
    (
        "Read 75% of article",
        "scroll_percentage",
        "Scrolled three quarters of an article.",
        "/news/",
        None,
    ),
    (
        "Video play",
        "dom_interaction",
        "Pressed play on any video.",
        "/video/",
        [{"event": "click", "selector": ".video-play"}],
    ),
    (
        "Share click",
        "clicks_element",
        "Clicked a share button.",
        "/news/",
        [{"event": "click", "selector": ".share-bar a"}],
    ),
    (
        "Sessions imported from GA",
        "ga_import",
        "Engaged sessions imported from Google Analytics.",
        "/",
        None,
    ),
]

AUDIENCES: list[AudienceDef] = [
    (
        "Subscribers",
        "segmentation",
        "Logged-in paying subscribers.",
        [("cookie", "contains", "subscriber=1", False)],
    ),
    (
        "Anonymous readers",
        "permanent",
        "Never logged in.",
        [("cookie", "contains", "reader_id", True)],
    ),
    (
        "Social referrals",
        "transient",
        "Arrived from social networks.",
        [("referrer_url", "regex", "(facebook|t\\.co|reddit)", False)],
    ),
    ("Mobile readers", "transient", "Reading on a phone.", [("device", "equals", "mobile", False)]),
    (
        "Night owls",
        "transient",
        "Reading between 22:00 and 02:00.",
        [("hour_of_day", "regex", "^(22|23|0|1)$", False)],
    ),
    (
        "Heavy readers",
        "segmentation",
        "Ten or more articles this month.",
        [("cookie", "contains", "heavy_reader", False)],
    ),
]

HYPOTHESES: list[Hyp] = [
    (
        "A tighter meter converts more readers",
        "Raise subscriptions",
        "Most readers who hit the wall at 5 articles never return for a sixth.",
        ["paywall", "pricing"],
    ),
    (
        "Newsletter readers subscribe later",
        "Raise newsletter signups",
        "Newsletter readers subscribe at 4x the rate of other readers.",
        ["newsletter", "retention"],
    ),
    (
        "Related stories keep readers longer",
        "Raise pages per session",
        "Article exits spike at the footer.",
        ["engagement"],
    ),
    (
        "Autoplay annoys readers",
        "Lower bounce on video pages",
        "Complaints about autoplay doubled this quarter.",
        ["ux", "video"],
    ),
    (
        "A $1 trial lowers the barrier",
        "Raise subscription starts",
        "Price is the top objection in exit surveys.",
        ["pricing", "paywall"],
    ),
    (
        "Comments distract from the next story",
        "Raise pages per session",
        "Readers who open comments rarely read another article.",
        ["engagement", "ux"],
    ),
]

THEME: dict[str, Any] = {
    "key": "media",
    "name": "The Daily Lantern",
    "domain": "dailylantern.example",
    "ideas": IDEAS,
    "goals": GOALS,
    "audiences": AUDIENCES,
    "hypotheses": HYPOTHESES,
    "traffic": (6000, 18000),
    "aov": (8.0, 15.0),
    "global_js": "",
}
