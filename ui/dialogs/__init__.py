"""Dialogs for editing an article's details and a speaker."""
