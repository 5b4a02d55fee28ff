"""The report view: verdict, uplift, chance to beat, chart, export."""
