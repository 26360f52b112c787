"""Intervals: the published rule table that turns a number's words into a qualifier and an interval."""
