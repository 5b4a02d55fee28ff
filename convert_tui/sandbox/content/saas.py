"""Demo copy for a SaaS bookkeeping app."""

from __future__ import annotations

from typing import Any

from convert_tui.sandbox.content.types import AudienceDef, GoalDef, Hyp, Idea

IDEAS: list[Idea] = [
    (
        "Annual billing toggle on pricing",
        "Default the pricing page toggle to annual billing and show the saving.",
        ".billing-toggle",
        "/pricing",
        [("Annual default", "Save 20% with annual billing", "font-weight:600")],
    ),
    (
        "Shorter signup form",
        "Drop the company and phone fields from the signup form.",
        "form.signup",
        "/signup",
        [
            ("Email + password only", "Create your free account", "max-width:360px"),
            (
                "Single sign-on first",
                "Continue with Google",
                "background:#fff;border:1px solid #ccc",
            ),
        ],
    ),
    (
        "Trial CTA copy",
        "Test 'Start free trial' against more concrete call-to-action copy.",
        ".cta-primary",
        "/",
        [
            ("Start free", "Start free - no card needed", "letter-spacing:0.2px"),
            ("See it in action", "See it in action", "letter-spacing:0.2px"),
        ],
    ),
    (
        "Onboarding checklist",
        "Add a five-step checklist to the empty dashboard.",
        ".dashboard-empty",
        "/app/",
        [("Checklist", "Finish setting up: 2 of 5 done", "border-left:4px solid #6941c6")],
    ),
    (
        "Customer logos on homepage",
        "Show recognisable customer logos under the hero.",
        ".home-hero",
        "/",
        [("Logo strip", "Trusted by 4,000 teams", "filter:grayscale(100%)")],
    ),
    (
        "Feature comparison table",
        "Add a full comparison table below the pricing cards.",
        ".pricing-cards",
        "/pricing",
        [("Full table", "Compare all features", "border-collapse:collapse")],
    ),
    (
        "Upgrade nudge at usage limit",
        "Show an in-app upgrade prompt at 80% of the plan's limit.",
        ".usage-meter",
        "/app/",
        [
            ("Banner", "You have used 80% of your plan", "background:#fef0c7"),
            ("Modal", "Unlock unlimited projects", "box-shadow:0 8px 24px rgba(0,0,0,.2)"),
        ],
    ),
    (
        "Demo request form length",
        "Ask for four fields instead of nine on the demo request form.",
        "form.demo-request",
        "/demo",
        [("Four fields", "Book a 20-minute demo", "max-width:420px")],
    ),
    (
        "Chat widget on pricing",
        "Open a sales chat prompt after 30 seconds on the pricing page.",
        "body",
        "/pricing",
        [("Proactive chat", "Questions about plans? Ask us", "bottom:24px;right:24px")],
    ),
    (
        "Hero video vs screenshot",
        "Replace the static product screenshot with a 40-second video.",
        ".home-hero-media",
        "/",
        [("Autoplay muted video", "Watch the 40-second tour", "border-radius:12px")],
    ),
    (
        "Plan recommendation quiz",
        "Help visitors pick a plan with three quick questions.",
        ".pricing-header",
        "/pricing",
        [("Quiz", "Which plan fits you? Take the 30-second quiz", "color:#6941c6")],
    ),
    (
        "Testimonials on signup",
        "Show a short customer quote beside the signup form.",
        ".signup-aside",
        "/signup",
        [("Quote", "We shipped our launch two weeks early", "font-style:italic")],
    ),
]

GOALS: list[GoalDef] = [
    (
        "Trial signup",
        "submits_form",
        "Signup form submitted.",
        "/signup/welcome",
        [{"event": "submit", "selector": "form.signup"}],
    ),
    (
        "Upgrade to paid",
        "revenue",
        "First paid invoice; revenue is the plan price.",
        "/app/billing/success",
        None,
    ),
    ("Pricing page visit", "visits_page", "Viewed the pricing page.", "/pricing", None),
    (
        "Demo requested",
        "DOM_interaction",
        "Demo request form submitted.",
        "/demo",
        [{"event": "submit", "selector": "form.demo-request"}],
    ),
    ("Docs engagement", "scroll_percentage", "Scrolled half of a docs page.", "/docs/", None),
    (
        "Onboarding completed",
        "code_trigger",
        "Fired by the app when the checklist is done.",
        "/app/",
        None,
    ),
]

AUDIENCES: list[AudienceDef] = [
    (
        "Trial users",
        "segmentation",
        "Accounts in their 14-day trial.",
        [("cookie", "contains", "plan=trial", False)],
    ),
    (
        "Logged-out visitors",
        "transient",
        "No session cookie.",
        [("cookie", "contains", "session_id", True)],
    ),
    (
        "Docs readers",
        "transient",
        "Currently on the documentation.",
        [("url", "contains", "/docs/", False)],
    ),
    (
        "Enterprise prospects",
        "permanent",
        "Company size 1000+ from enrichment.",
        [("cookie", "equals", "company_size=1000+", False)],
    ),
    (
        "Free plan users",
        "segmentation",
        "Active accounts on the free plan.",
        [("cookie", "contains", "plan=free", False)],
    ),
    (
        "Desktop Chrome",
        "transient",
        "Chrome on desktop.",
        [("browser_name", "equals", "chrome", False), ("device", "equals", "desktop", False)],
    ),
]

HYPOTHESES: list[Hyp] = [
    (
        "Annual plans look cheaper per month",
        "Raise annual plan share",
        "Showing the monthly equivalent of annual pricing makes the saving concrete.",
        ["pricing"],
    ),
    (
        "Fewer signup fields, more trials",
        "Raise trial signups",
        "Every extra form field costs about 5% of signups in our funnel data.",
        ["signup", "ux"],
    ),
    (
        "Empty dashboards lose users",
        "Raise week-one activation",
        "Users who finish setup in day one retain three times better.",
        ["onboarding", "retention"],
    ),
    (
        "Logos answer 'who else uses this'",
        "Raise trial signups from the homepage",
        "Sales calls show prospects ask for references early.",
        ["trust"],
    ),
    (
        "Usage limits are the best upgrade moment",
        "Raise upgrades",
        "Upgrade intent peaks when users hit a limit.",
        ["pricing", "retention"],
    ),
    (
        "Short demo forms book more calls",
        "Raise demo requests",
        "Nine fields is twice the industry median.",
        ["signup"],
    ),
    (
        "Video explains faster than screenshots",
        "Raise homepage engagement",
        "Session recordings show visitors skim past static images.",
        ["copy", "ux"],
    ),
]

THEME: dict[str, Any] = {
    "key": "saas",
    "name": "Ledgerly",
    "domain": "ledgerly-app.example",
    "ideas": IDEAS,
    "goals": GOALS,
    "audiences": AUDIENCES,
    "hypotheses": HYPOTHESES,
    "traffic": (1800, 4500),
    "aov": (29.0, 79.0),
    "global_js": "if (window.Ledgerly && window.Ledgerly.user) {\n"
    "  window._conv_q = window._conv_q || [];\n"
    "  window._conv_q.push(['setUserId', window.Ledgerly.user.id]);\n}",
}
