"""The Open311 GeoReport v2 façade's parts: formats and datetimes, rendering, errors, the POST form,
places, the request list query and the shaping of public views (docs/open311.md)."""
