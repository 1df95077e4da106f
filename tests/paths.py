"""Where the tests find the project and the shared specification."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT.parent / "shared" / "spec" / "vectors"
