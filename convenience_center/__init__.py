"""Henan Population and Family Planning Online Convenience Service Center."""
