"""Chart packs (PNG, SVG, CSV and the scenario) for the app's share bar and the command line."""
from .pack import Pack, PackError, ViewNotReady, build, build_pack, pack_from_charts, view_for

__all__ = ["Pack", "PackError", "ViewNotReady", "build", "build_pack", "pack_from_charts", "view_for"]
