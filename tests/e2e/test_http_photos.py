"""The photo store over HTTP: content-addressed uploads, checked by their bytes, bounded, fetched back."""

from __future__ import annotations

import hashlib
from uuid import UUID

from fastapi.testclient import TestClient

from api.adapters.photos import MAX_BYTES
from projections.rebuild import rebuild
from tests.e2e.test_http_dispatch_loop import ISSUES
from tests.support.images import png
from tests.support.world import B1, RUBBISH, World

PHOTOS = "/api/v1/photos"


def _upload(
    client: TestClient, world: World, username: str, content: bytes, name: str = "门口.png"
) -> dict[str, object]:
    answer = client.post(PHOTOS, files={"file": (name, content, "image/png")}, headers=world.headers(username))
    return {"status": answer.status_code, **answer.json()}


def test_a_photo_is_stored_once_by_its_hash_and_fetched_back(client: TestClient, world: World) -> None:
    image = png()
    first = _upload(client, world, "worker1", image, name="C:\\fakepath\\门口.png")
    digest = hashlib.sha256(image).hexdigest()
    assert first == {"status": 201, "sha256": digest, "name": "门口.png", "size": len(image), "media_type": "image/png"}
    again = _upload(client, world, "dept1", image, name="again.png")
    assert (again["status"], again["sha256"], again["name"]) == (200, digest, "again.png")

    fetched = client.get(f"{PHOTOS}/{digest}", headers=world.headers("dept2"))
    assert fetched.status_code == 200 and fetched.content == image
    assert fetched.headers["content-type"] == "image/png"
    cached = client.get(f"{PHOTOS}/{digest}", headers={**world.headers("dept2"), "If-None-Match": f'"{digest}"'})
    assert cached.status_code == 304 and not cached.content
    assert client.get(f"{PHOTOS}/{'0' * 64}", headers=world.headers("worker1")).status_code == 404
    assert client.get(f"{PHOTOS}/not-a-hash", headers=world.headers("worker1")).status_code == 422


def test_only_images_are_stored_whatever_the_client_claims(client: TestClient, world: World) -> None:
    refused = _upload(client, world, "worker1", b"<svg onload=alert(1)>", name="x.png")
    assert refused["status"] == 415
    assert refused["errors"] == [
        {"field": "file", "reason": "the file is not an image of type image/jpeg, image/png, image/webp"}
    ]
    for image, media_type in (
        (b"\xff\xd8\xff\xe0" + b"\0" * 32, "image/jpeg"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
    ):
        assert _upload(client, world, "worker1", image, name="x.png")["media_type"] == media_type


def test_a_photo_over_the_limit_is_413_naming_the_field(client: TestClient, world: World) -> None:
    over = _upload(client, world, "worker1", b"\xff\xd8\xff" + b"\0" * (MAX_BYTES - 2))
    assert over["status"] == 413 and over["errors"][0]["field"] == "file"  # type: ignore[index]
    assert "5 MiB" in str(over["detail"])
    far_over = client.post(
        PHOTOS, files={"file": ("big.jpg", b"\xff" * (MAX_BYTES * 2), "image/jpeg")}, headers=world.headers("worker1")
    )
    assert far_over.status_code == 413  # refused by the body limit before it is read
    assert _upload(client, world, "worker1", b"\xff\xd8\xff" + b"\0" * (MAX_BYTES - 3))["status"] == 201


def test_auditors_and_strangers_upload_nothing(client: TestClient, world: World) -> None:
    assert _upload(client, world, "auditor", png())["status"] == 403
    anonymous = client.post(PHOTOS, files={"file": ("a.png", png(), "image/png")})
    assert anonymous.status_code == 401
    digest = _upload(client, world, "worker1", png())["sha256"]
    assert client.get(f"{PHOTOS}/{digest}").status_code == 401


def test_a_report_attaches_only_stored_photos(client: TestClient, world: World) -> None:
    report = {"node": B1, "category": RUBBISH, "description": "垃圾堆在楼道"}
    headers = world.headers("worker1")
    missing = {"sha256": "1" * 64, "name": "a.png"}
    refused = client.post(ISSUES, json={**report, "attachments": [missing]}, headers=headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "attachments"
    digest = _upload(client, world, "worker1", png())["sha256"]
    stored = {"sha256": digest, "name": "门口.png"}
    made = client.post(ISSUES, json={**report, "attachments": [stored]}, headers=headers)
    assert made.status_code == 201, made.text
    issue = world.services.app.issue(UUID(made.json()["id"]))
    assert issue.attachments == [stored]


def test_a_rebuild_of_the_read_models_keeps_the_photos(client: TestClient, world: World) -> None:
    digest = _upload(client, world, "worker1", png())["sha256"]
    rebuild(world.services.runner)
    assert client.get(f"{PHOTOS}/{digest}", headers=world.headers("worker1")).content == png()
