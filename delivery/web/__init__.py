"""The web layer: one package of views per actor (staff, courier, public, api, auth)."""
