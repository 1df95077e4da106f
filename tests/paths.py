"""Where the tests find the project and the shared specification."""

import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT.parent / "shared" / "spec" / "vectors"
OUR_VECTORS = ROOT / "docs" / "protocol" / "vectors"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
