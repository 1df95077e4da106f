"""``sottovoce-client``: the portal's client in a terminal, built on ``crypto/`` and the standard
library only, for members who trust no served page and for visitors (issue 16)."""
