"""Pure detection functions: Page records (and as_of) in, findings with evidence out.

Nothing in this package imports Scrapy, reads settings or the environment, or looks at the
wall clock, so every rule can be tested on saved HTML alone.
"""
