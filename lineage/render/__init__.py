"""Renderers: turn results into text for terminals, JSON, and pages."""
