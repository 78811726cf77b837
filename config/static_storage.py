"""The production static files storage: whitenoise's, with each file's URL remembered."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Every `{% static %}` looked its file up in the manifest again (a dozen per page, ~5 % of
    the dashboard's time); the manifest is read when the process starts and a running process
    never sees another, so each URL is computed once. collectstatic's own rewriting of CSS
    references asks with force=True, which is never remembered.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
