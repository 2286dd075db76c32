"""Data shipped with Wattkeeper: device profiles, default settings and texts."""
