"""Content-free email alerts for members: "there is new activity", nothing more."""
