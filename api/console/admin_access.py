"""Who may open the admin pages: administrators, by the domain's own check."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.console.viewer import Viewer, ViewerDep


def admin_viewer(viewer: ViewerDep) -> Viewer:
    """Refuses everyone else with the API's 403, even where a table's data is public to them."""
    viewer.principal.require_admin("open the admin pages")
    return viewer


AdminDep = Annotated[Viewer, Depends(admin_viewer)]
