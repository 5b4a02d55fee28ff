"""Demo copy for an online clothing shop."""

from __future__ import annotations

from typing import Any

from convert_tui.sandbox.content.types import AudienceDef, GoalDef, Hyp, Idea

IDEAS: list[Idea] = [
    (
        "Free shipping banner on PDP",
        "Show the free-shipping threshold above add-to-cart on product pages to lift basket size.",
        ".pdp-buy-box",
        "/products/",
        [
            ("Green banner", "Free shipping on orders over $50", "background:#0b7a3e;color:#fff"),
            ("Progress bar", "You are $12 away from free shipping", "border:2px dashed #0b7a3e"),
        ],
    ),
    (
        "Sticky add-to-cart on mobile",
        "Keep the add-to-cart button visible while shoppers scroll long product pages on phones.",
        ".add-to-cart",
        "/products/",
        [("Sticky bottom bar", "Add to cart", "position:sticky;bottom:0;z-index:50")],
    ),
    (
        "Checkout trust badges",
        "Show payment and security badges next to the pay button to reduce checkout anxiety.",
        ".checkout-pay",
        "/checkout/",
        [
            ("Badges under button", "Secure checkout - SSL encrypted", "font-size:12px;color:#555"),
            ("Badges + guarantee", "30-day money-back guarantee", "font-weight:600"),
        ],
    ),
    (
        "One-page checkout",
        "Collapse the three checkout steps into a single page.",
        ".checkout-steps",
        "/checkout/",
        [("Single page", "Checkout", "display:block")],
    ),
    (
        "Low-stock urgency message",
        "Tell shoppers when fewer than five items are left in their size.",
        ".pdp-stock",
        "/products/",
        [("Only N left", "Only 3 left in your size", "color:#b42318;font-weight:600")],
    ),
    (
        "Reviews above the fold",
        "Move the star rating and review count next to the product title.",
        ".pdp-title",
        "/products/",
        [("Stars under title", "4.7 out of 5 - 1,284 reviews", "color:#f5a623")],
    ),
    (
        "Simplified top navigation",
        "Cut the mega-menu down to six categories to speed up browsing.",
        "nav.main-menu",
        "/",
        [
            ("Six categories", "Shop by category", "font-size:15px"),
            ("Search-first", "What are you looking for?", "width:100%"),
        ],
    ),
    (
        "Bundle discount on cart page",
        "Offer 10% off when a matching accessory is added from the cart.",
        ".cart-upsell",
        "/cart",
        [("Bundle card", "Complete the look and save 10%", "border:1px solid #ddd;padding:12px")],
    ),
    (
        "Size guide link placement",
        "Put the size guide link right above the size picker.",
        ".size-picker",
        "/products/",
        [("Link above picker", "Not sure? See the size guide", "text-decoration:underline")],
    ),
    (
        "Exit-intent coupon popup",
        "Offer 10% off to visitors about to leave the cart.",
        "body",
        "/cart",
        [
            ("10% coupon", "Wait! Take 10% off your first order", "border-radius:8px"),
            ("Free returns", "Free returns for 60 days", "border-radius:8px"),
        ],
    ),
    (
        "Seasonal homepage hero",
        "Swap the generic hero for a seasonal collection.",
        ".home-hero",
        "/",
        [
            ("Winter collection", "The winter edit is here", "background:#1d3557;color:#fff"),
            ("Bestsellers", "Our bestsellers, back in stock", "background:#f1faee"),
        ],
    ),
    (
        "Guest checkout by default",
        "Pre-select guest checkout instead of asking shoppers to sign in.",
        ".checkout-login",
        "/checkout/",
        [("Guest preselected", "Continue as guest", "font-weight:600")],
    ),
    (
        "Compare-at price anchoring",
        "Show the original price struck through next to sale prices.",
        ".pdp-price",
        "/products/",
        [("Struck-through price", "Was $89", "text-decoration:line-through;color:#888")],
    ),
    (
        "Delivery date estimate",
        "Show 'Get it by Friday' on product pages.",
        ".pdp-delivery",
        "/products/",
        [("Delivery date", "Order within 3 h, get it by Friday", "color:#0b7a3e")],
    ),
]

GOALS: list[GoalDef] = [
    (
        "Purchase",
        "revenue",
        "Completed order; revenue and product count are tracked.",
        "/checkout/thank-you",
        None,
    ),
    (
        "Add to cart",
        "clicks_element",
        "Any click on an add-to-cart button.",
        "/products/",
        [{"event": "click", "selector": ".add-to-cart"}],
    ),
    ("Checkout started", "visits_page", "Reached the first checkout step.", "/checkout/", None),
    (
        "Newsletter signup",
        "submits_form",
        "Footer newsletter form submitted.",
        "/",
        [{"event": "submit", "selector": "form.newsletter"}],
    ),
    (
        "Scrolled 75% of PDP",
        "scroll_percentage",
        "Scrolled three quarters of a product page.",
        "/products/",
        None,
    ),
    ("Size guide opened", "clicks_link", "Opened the size guide.", "/size-guide", None),
    ("Engaged session", "advanced", "Three or more pages in a session.", "/", None),
]

AUDIENCES: list[AudienceDef] = [
    (
        "Mobile shoppers",
        "transient",
        "Visitors on phones.",
        [("device", "equals", "mobile", False)],
    ),
    (
        "Returning customers",
        "permanent",
        "Bought at least once before.",
        [
            ("visitor_type", "equals", "returning", False),
            ("cookie", "contains", "has_ordered=1", False),
        ],
    ),
    (
        "Cart abandoners",
        "segmentation",
        "Left items in the cart in the last 7 days.",
        [("cookie", "contains", "cart_abandoned", False)],
    ),
    (
        "EU visitors",
        "permanent",
        "Visitors from EU countries.",
        [("country", "regex", "^(DE|FR|NL|ES|IT|PL)$", False)],
    ),
    (
        "Paid search traffic",
        "transient",
        "Landed from a paid search ad.",
        [("query_string", "contains", "utm_medium=cpc", False)],
    ),
    (
        "VIP segment",
        "segmentation",
        "Lifetime value above $1,000.",
        [("cookie", "equals", "tier=vip", False)],
    ),
]

HYPOTHESES: list[Hyp] = [
    (
        "Shipping costs scare buyers",
        "Raise checkout completion",
        "Surprise shipping costs are the top exit reason in the survey; "
        "showing them early should cut drop-off.",
        ["checkout", "pricing"],
    ),
    (
        "Mobile PDPs bury the CTA",
        "Raise add-to-cart on phones",
        "On phones the buy button is below the fold on 70% of product pages.",
        ["mobile", "ux"],
    ),
    (
        "Reviews build trust",
        "Raise conversion on first visits",
        "First-time visitors who open reviews convert twice as often.",
        ["trust", "copy"],
    ),
    (
        "Too many nav options",
        "Raise category page visits",
        "Heatmaps show the mega-menu gets hovered but rarely clicked.",
        ["ux", "navigation"],
    ),
    (
        "Guest checkout reduces friction",
        "Raise checkout completion",
        "A third of checkout exits happen on the sign-in step.",
        ["checkout"],
    ),
    (
        "Bundles lift order value",
        "Raise average order value",
        "Accessories are bought in a separate order 20% of the time.",
        ["pricing", "retention"],
    ),
    (
        "Delivery dates beat 'ships fast'",
        "Raise add-to-cart",
        "Concrete dates are easier to trust than vague promises.",
        ["copy", "trust"],
    ),
    (
        "Urgency works only when true",
        "Raise conversion on low-stock items",
        "Real stock counts may create urgency without hurting trust.",
        ["copy"],
    ),
]

THEME: dict[str, Any] = {
    "key": "shop",
    "name": "Northwind Outfitters",
    "domain": "northwind-outfitters.example",
    "ideas": IDEAS,
    "goals": GOALS,
    "audiences": AUDIENCES,
    "hypotheses": HYPOTHESES,
    "traffic": (3000, 8000),
    "aov": (55.0, 95.0),
    "global_js": "window.dataLayer = window.dataLayer || [];\n"
    "window.dataLayer.push({event: 'convert_ready', store: 'us'});",
}
