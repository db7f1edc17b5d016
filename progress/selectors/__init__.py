"""Reads for progress, one module per concern (import the module, nothing is re-exported here):
the dashboard table and one municipality's page (dashboard), headline figures, roll-ups and the
adoption timeline (figures), and the change log from the history tables (history)."""
