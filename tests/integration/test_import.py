"""Importing a street's grid from CSV or XLSX: everything or nothing."""

from __future__ import annotations

import pytest

from api.adapters.sheets import read_sheet
from api.bootstrap import Services
from domain.shared.errors import InvalidInputError
from tests.support.sheets import GOOD_ROWS, csv_bytes, xlsx_bytes


def _count(services: Services) -> int:
    return services.app.recorder.max_notification_id() or 0


def test_a_csv_sheet_creates_the_street_with_its_whole_tree(services: Services) -> None:
    plan = services.app.import_sheet(read_sheet("grid.csv", csv_bytes(*GOOD_ROWS)), actor="admin", reason="import")
    assert len(plan.to_create) == 1 + 2 + 2 + 3
    tree = services.follower.catch_up()
    assert [v.code for v in tree.path("300001002001001")] == ["300001", "300001002", "300001002001", "300001002001001"]
    assert tree.subtree("300001").counts() == {"street": 1, "community": 2, "compound": 2, "building": 3}


def test_importing_the_same_sheet_again_changes_nothing(services: Services) -> None:
    rows = read_sheet("grid.csv", csv_bytes(*GOOD_ROWS))
    services.app.import_sheet(rows, actor="admin", reason="import")
    before = _count(services)
    plan = services.app.import_sheet(rows, actor="admin", reason="import again")
    assert (len(plan.to_create), plan.unchanged, _count(services)) == (0, 8, before)


def test_an_xlsx_sheet_with_chinese_headers_imports(services: Services) -> None:
    rows = read_sheet("网格.xlsx", xlsx_bytes(GOOD_ROWS))
    services.app.import_sheet(rows, actor="admin", reason="import")
    assert services.follower.catch_up().node("300001001").name == "民安社区"


def test_a_sheet_with_one_bad_row_imports_nothing_and_names_each_bad_line(services: Services) -> None:
    bad = [
        *GOOD_ROWS,
        "300001,北新桥街道,300001001,民安社区,300001001001,民安小区,300001001001001,重复楼",
        "300001,北新桥街道,300001003,,300001003001,新小区,300001003001001,1号楼",
    ]
    with pytest.raises(InvalidInputError) as refused:
        services.app.import_sheet(read_sheet("grid.csv", csv_bytes(*bad)), actor="admin", reason="import")
    lines = {(d["line"], d["field"]) for d in refused.value.details}
    assert (5, "building_code") in lines
    assert (6, "community_name") in lines
    assert _count(services) == 0
