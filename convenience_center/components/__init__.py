"""Reusable UI pieces: translated text, the page frame, form fields."""
