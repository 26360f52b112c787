"""Mentions: where a text states a number, and the drafts of figures and exclusions made from them."""
