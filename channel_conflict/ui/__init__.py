"""Streamlit glue: cached data access, page frame, URL-bound controls, chart display."""


def lang() -> str:
    """The language of this run ('en' or 'zh-TW'), from the URL's `lang` (see ui.language)."""
    from .language import current

    return current()
