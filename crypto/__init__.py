"""The wire protocol ``ombuds-e2e/v1`` (shared/spec/PROTOCOL.md), on PyNaCl only.

Nothing here imports Flask, SQLAlchemy or the portal: the server, the tests and any
future client use the same functions, and the browser module in ``static/js/crypto``
mirrors them file by file.
"""
