"""The contributor's tools: drafting a source (add), mechanical fixes (fix), the diff a reviewer reads, the docs."""
