"""The photo store over HTTP: upload an image once, attach it by its hash, fetch it back.

Reading a photo needs a signed-in account and its 256-bit hash, and nothing else: the hash is the
capability. A hash reaches a caller only with an issue that caller may read, or once could (the
report's or a feedback's attachments), from their own upload, or from the audit trail, whose readers
read every issue; it cannot be guessed, and whoever could compute it already holds the image. Checking
the issue again here would need an index from photos to issues that the read models do not keep; the
price is that a department taken off an issue can still open the photos it was shown.
"""

from __future__ import annotations

import posixpath
import re
from typing import Annotated

from fastapi import APIRouter, Depends, File, Header, Path, Response, UploadFile
from fastapi.responses import JSONResponse

from api.adapters.photos import MAX_BYTES, MEDIA_TYPES, PhotoStore, photo_store, sniff
from api.http.deps import WRITES, PrincipalDep, ServicesDep, principal
from api.http.errors import problem
from api.http.schemas.photos import PhotoOut
from domain.accounts.principal import Principal
from domain.issues.permissions import PERMISSIONS
from domain.issues.status import Command
from domain.shared.errors import NotFoundError

router = APIRouter(prefix="/api/v1/photos", tags=["photos"])

# A photo is uploaded to be attached to a report or a feedback: whoever may send one of those may upload.
ATTACHING = (Command.REPORT, Command.GRID_FEEDBACK, Command.FEEDBACK)
# The multipart body: the photo and room for its part headers, so an oversized photo reaches the route,
# which names the field, rather than the app's body limit, which cannot.
BODY_BYTES = MAX_BYTES + (64 << 10)
# Stored bytes never change under their hash: a browser may keep them for good.
CACHED = "private, max-age=31536000, immutable"
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="the hash an upload answered")]


def store(svc: ServicesDep) -> PhotoStore:
    return photo_store(svc.engine)


StoreDep = Annotated[PhotoStore, Depends(store)]


def uploader(caller: PrincipalDep) -> Principal:
    roles = frozenset().union(*(PERMISSIONS[command].roles for command in ATTACHING))
    caller.require(caller.has(*roles), "upload photos: only roles that report or feed back attach them")
    return caller


@router.post(
    "",
    status_code=201,
    response_model=PhotoOut,
    dependencies=WRITES,
    responses={
        200: {"description": "these bytes were stored before: the same hash, nothing stored twice"},
        413: {"description": f"the file is over {MAX_BYTES >> 20} MiB"},
        415: {"description": "the bytes are not a JPEG, PNG or WebP image"},
    },
)
def upload(
    file: Annotated[UploadFile, File(description=f"a JPEG, PNG or WebP image, at most {MAX_BYTES >> 20} MiB")],
    svc: ServicesDep,
    photos: StoreDep,
    caller: Annotated[Principal, Depends(uploader)],
    response: Response,
) -> PhotoOut | JSONResponse:
    content = file.file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        return _refused(
            413, "Content Too Large", f"the photo is over {MAX_BYTES >> 20} MiB: scale it down and send it again"
        )
    media_type = sniff(content)
    if media_type is None:
        return _refused(415, "Unsupported Media Type", f"the file is not an image of type {', '.join(MEDIA_TYPES)}")
    digest, created = photos.put(content, media_type, by=caller.username, at=svc.app.clock.now())
    if not created:
        response.status_code = 200
    return PhotoOut(sha256=digest, name=_name(file.filename, media_type), size=len(content), media_type=media_type)


@router.get(
    "/{sha256}",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA_TYPES}, "description": "the stored image"}},
    dependencies=[Depends(principal)],
)
def fetch(
    sha256: Sha256,
    photos: StoreDep,
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    """The image stored under the hash, for any signed-in account that holds the hash (see the module)."""
    tag = f'"{sha256}"'
    headers = {"ETag": tag, "Cache-Control": CACHED}
    if if_none_match == tag:
        return Response(status_code=304, headers=headers)
    photo = photos.get(sha256)
    if photo is None:
        raise NotFoundError(f"no photo {sha256} is stored", field="sha256")
    return Response(photo.content, media_type=photo.media_type, headers=headers)


def _refused(status: int, title: str, reason: str) -> JSONResponse:
    """Named by field, as every validation error is."""
    return problem(status, title, f"file: {reason}", errors=[{"field": "file", "reason": reason}])


def _name(sent: str | None, media_type: str) -> str:
    """The file's own name without any folder a browser sent with it; a default when there is none."""
    name = _UNSAFE_NAME.sub("", posixpath.basename((sent or "").replace("\\", "/"))).strip()
    return name[-200:] or f"photo.{media_type.removeprefix('image/')}"
