"""Vox: the core every feature stands on (accounts, profiles, the event spine, search, mail, web)."""
