"""The Open311 GeoReport v2 façade, driven by an independent client against a real `gridgov serve`.

The GETs go through `georeport` (a GeoReport v2 client from PyPI that speaks to a URL with
`requests`), in JSON and in XML. It has no POST and no token lookup, so those are sent with httpx
exactly as the spec describes them (a form-encoded POST; GET tokens/{token}), and their XML is
read with xmltodict. The grid's side of the story (check on site, whistle, check in, feed back,
verify, close) goes over the JSON API with each account's own token.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import xmltodict
from georeport import GeoReport

from api.bootstrap import bootstrap
from api.settings import Settings
from domain.geo.coordinates import CoordinateSystem, to_wgs84
from domain.shared.clock import ManualClock
from tests.e2e import processes
from tests.support.world import B1, BUILDING_WORK, PASSWORD, S1, seed

ROOT = "/open311/v2"
PHONE, FIRST, LAST, EMAIL = "139 1234 5678", "秀英", "李", "xiuying.li@example.cn"
SECRETS = ("13912345678", "139 1234 5678", "秀英", "李秀英", "xiuying", EMAIL)


@dataclass(frozen=True)
class Served:
    base: str
    key: str

    @property
    def root(self) -> str:
        return self.base + ROOT

    def client(self, output_format: str) -> GeoReport:
        return GeoReport(self.root, jurisdiction=S1, output_format=output_format)

    def post(self, fmt: str, form: dict[str, str], **headers: str) -> httpx.Response:
        """POST requests as the spec sends it: application/x-www-form-urlencoded, the key in the form."""
        return httpx.post(f"{self.root}/requests.{fmt}", data={"api_key": self.key, **form}, headers=headers)

    def staff(self, username: str) -> Staff:
        answer = httpx.post(f"{self.base}/api/v1/auth/token", data={"username": username, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        return Staff(self.base, {"Authorization": f"Bearer {answer.json()['access_token']}"})


@dataclass(frozen=True)
class Staff:
    base: str
    headers: dict[str, str]

    def act(self, issue: str, command: str, **body: Any) -> dict[str, Any]:
        answer = httpx.post(
            f"{self.base}/api/v1/issues/{issue}/{command}",
            json={"reason": f"{command} step", **body},
            headers=self.headers,
        )
        assert answer.status_code == 200, answer.text
        return dict(answer.json())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One served store with the test world and a registered client, for the whole module."""
    folder = tmp_path_factory.mktemp("open311")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'events.db'}")
    services = bootstrap(settings, clock=ManualClock(datetime.now(UTC)))
    seed(services.app)
    _, key = services.app.register_client(name="12345 市民热线", actor="admin", reason="Open311 test client")
    services.close()
    with processes.served(settings) as base:
        yield Served(base, key)


def _items(parsed: Any) -> list[dict[str, Any]]:
    """xmltodict reads no element as None, one as a dict and several as a list."""
    return [] if parsed is None else [dict(p) for p in (parsed if isinstance(parsed, list) else [parsed])]


def _one(parsed: Any) -> dict[str, Any]:
    [item] = _items(parsed)
    return item


def _requests_xml(text: str) -> list[dict[str, Any]]:
    """The <request> items of a <service_requests> document (read with xmltodict, as georeport does)."""
    return _items((xmltodict.parse(text)["service_requests"] or {}).get("request"))


def _xml_text(value: Any) -> Any:
    """A JSON value as its XML text reads back."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def test_a_request_goes_from_the_client_round_the_loop_and_shows_closed_in_both_formats(served: Served) -> None:
    as_json, as_xml = served.client("json"), served.client("xml")
    services = as_json.get_service_list()
    assert {s["service_code"] for s in services} == {"01.01", "02.01"}
    assert _items(as_xml.get_service_list()) == [{k: _xml_text(v) for k, v in s.items()} for s in services]
    building = next(s for s in services if s["service_code"] == BUILDING_WORK)
    assert (building["type"], building["group"], building["metadata"]) == ("realtime", "违法建设", True)
    definition = as_json.get_service_definition(BUILDING_WORK)
    assert definition["service_code"] == BUILDING_WORK
    [urgency] = definition["attributes"]
    assert (urgency["code"], urgency["datatype"], urgency["required"]) == ("urgency", "singlevaluelist", False)
    assert [v["key"] for v in urgency["values"]] == ["normal", "urgent"]
    in_xml = as_xml.get_service_definition(BUILDING_WORK)
    assert in_xml["service_code"] == BUILDING_WORK and in_xml["attributes"]["attribute"]["code"] == "urgency"

    form = {
        "jurisdiction_id": S1,
        "service_code": BUILDING_WORK,
        "address_id": B1,
        "address_string": "锦绣小区1号楼楼顶",
        "description": "楼顶新搭建彩钢板房",
        "phone": PHONE,
        "first_name": FIRST,
        "last_name": LAST,
        "email": EMAIL,
        "device_id": "phone-7",
        "attribute[urgency]": "urgent",
    }
    created = served.post("json", form, **{"X-Client-Request-Id": "hotline-0001"})
    assert created.status_code == 201, created.text
    [receipt] = created.json()
    request_id = receipt["service_request_id"]
    assert receipt["token"] == request_id
    assert receipt["account_id"] is None and receipt["service_notice"]
    listed = [r["service_request_id"] for r in as_json.get_service_requests()]
    again = served.post("xml", form, **{"X-Client-Request-Id": "hotline-0001"})
    assert again.status_code == 200, again.text
    assert _requests_xml(again.text)[0]["service_request_id"] == request_id
    assert request_id in listed
    assert [r["service_request_id"] for r in as_json.get_service_requests()] == listed  # the retry recorded nothing

    for fmt in ("json", "xml"):
        token = httpx.get(f"{served.root}/tokens/{request_id}.{fmt}", params={"jurisdiction_id": S1})
        assert token.status_code == 200, token.text
        found = token.json() if fmt == "json" else _requests_xml(token.text)
        assert found == [{"service_request_id": request_id, "token": request_id}]

    opened = as_json.get_service_request(request_id)
    assert (opened["status"], opened["status_notes"], opened["service_name"]) == (
        "open",
        "已受理，待网格员现场核实",
        "违法建设",
    )
    assert (opened["address"], opened["address_id"]) == ("1号楼, 锦绣小区, 多福巷社区, 东华门街道", B1)
    assert opened["description"] is None and opened["agency_responsible"] is None
    assert opened["requested_datetime"].endswith("+08:00") and opened["expected_datetime"]
    assert _one(as_xml.get_service_request(request_id))["status"] == "open"

    worker, leader, department = served.staff("worker1"), served.staff("leader1"), served.staff("dept1")
    confirmed = worker.act(request_id, "confirm")
    assert (confirmed["status"], confirmed["urgency"], confirmed["intake"]) == ("registered", "urgent", "open311")
    leader.act(request_id, "whistle", lead="CG")
    assert as_json.get_service_request(request_id)["agency_responsible"] == "城管"
    department.act(request_id, "check-in")
    department.act(request_id, "feedback", result="已拆除")
    worker.act(request_id, "verify", passed=True)
    assert leader.act(request_id, "close")["status"] == "closed"

    closed_json = as_json.get_service_request(request_id)
    closed_xml = _one(as_xml.get_service_request(request_id))
    assert (closed_json["status"], closed_json["status_notes"], closed_json["agency_responsible"]) == (
        "closed",
        "已办结",
        "城管",
    )
    assert (closed_xml["status"], closed_xml["agency_responsible"]) == ("closed", "城管")
    assert closed_json["expected_datetime"] is None and closed_xml["expected_datetime"] is None
    assert [r["service_request_id"] for r in as_json.get_service_requests(status="closed")] == [request_id]
    still_open = httpx.get(f"{served.root}/requests.xml", params={"jurisdiction_id": S1, "status": "open"})
    assert request_id not in [r["service_request_id"] for r in _requests_xml(still_open.text)]

    # Nothing the sender said about themselves comes back out, in any GET answer, in either format.
    for fmt in ("json", "xml"):
        for path in (f"requests.{fmt}", f"requests/{request_id}.{fmt}", f"tokens/{request_id}.{fmt}"):
            text = httpx.get(f"{served.root}/{path}", params={"jurisdiction_id": S1}).text
            assert not [s for s in (*SECRETS, "锦绣小区1号楼楼顶", "彩钢板房") if s in text], (path, text)


def test_gcj02_coordinates_are_stored_in_wgs84_and_a_report_without_a_node_lands_on_its_street(
    served: Served,
) -> None:
    lat, lon = 39.915119, 116.403963  # 天安门 as Amap gives it
    form = {
        "jurisdiction_id": S1,
        "service_code": "01.01",
        "lat": str(lat),
        "long": str(lon),
        "coordinate_system": "gcj02",
        "description": "路边暴露垃圾",
    }
    created = served.post("xml", form)
    assert created.status_code == 201, created.text
    request_id = _requests_xml(created.text)[0]["service_request_id"]
    wgs_lon, wgs_lat = to_wgs84(CoordinateSystem.GCJ02, lon, lat)
    assert abs(wgs_lon - lon) > 1e-3  # the shift is real: several hundred metres
    as_json = served.client("json").get_service_request(request_id)
    as_xml = _one(served.client("xml").get_service_request(request_id))
    assert (as_json["lat"], as_json["long"]) == (wgs_lat, wgs_lon)
    assert (float(as_xml["lat"]), float(as_xml["long"])) == (wgs_lat, wgs_lon)
    assert (as_json["address_id"], as_json["address"]) == (S1, "东华门街道")
