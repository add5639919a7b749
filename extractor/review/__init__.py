"""Reviewer workbench: stored reviews, reviewer actions, audit trail and the reviewed export."""
