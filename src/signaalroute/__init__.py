"""signaalroute — van signaal tot aanpak."""

__version__ = "0.1.0"
