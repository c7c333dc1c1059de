"""Use cases: keyword-only functions taking a Session. The only layer that commits."""
