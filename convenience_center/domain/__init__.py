"""Pure domain logic: no Reflex, no database."""
