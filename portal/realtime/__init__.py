"""Live events over Socket.IO (PROTOCOL.md section 8): ids only, the HTTP API stays the truth."""
