"""Job handlers of the sequences app (filled in below as the kinds land)."""
