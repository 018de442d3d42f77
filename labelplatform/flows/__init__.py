"""Writes that cross apps, orchestrated above the apps they touch.

A lower app never calls up: it returns what it did, and the flow here hands that to the next
app. `label_save` is the label save; `gold` makes or unmakes a gold reference.
"""
