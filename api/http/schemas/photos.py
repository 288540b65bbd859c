"""The photo store's answers: what an upload stored, to attach by its hash."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PhotoOut(BaseModel):
    sha256: str = Field(description="the content's hash: attach the photo by it (with `name`)")
    name: str = Field(description="the file name sent, without folders, at most 200 characters")
    size: int = Field(description="bytes stored")
    media_type: str = Field(description="image/jpeg, image/png or image/webp, read from the bytes themselves")
