"""GCJ-02 ⇄ WGS84: the published offset, its iterative inverse, and positions refused off the globe."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.geo.coordinates import CoordinateSystem, check_wgs84, gcj02_to_wgs84, to_wgs84, wgs84_to_gcj02
from domain.shared.errors import InvalidInputError

TIANANMEN = (116.404, 39.915)
# Inside the mainland box with a margin wider than the offset (< 0.01°), so no point nor its image leaves it.
china_lon = st.floats(74.0, 134.5, allow_nan=False)
china_lat = st.floats(4.5, 53.0, allow_nan=False)
abroad = st.one_of(
    st.tuples(st.floats(-180.0, 73.0), st.floats(-90.0, 90.0)),  # west of it: Europe, Africa, the Americas
    st.tuples(st.floats(136.0, 180.0), st.floats(-90.0, 90.0)),  # east of it: Japan, the Pacific
    st.tuples(st.floats(73.0, 136.0), st.floats(-90.0, 3.0)),  # south of it: the Indian Ocean, Indonesia
    st.tuples(st.floats(73.0, 136.0), st.floats(54.0, 90.0)),  # north of it: Siberia
)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance on a sphere of the mean Earth radius: plenty for a few hundred metres."""
    (lon1, lat1), (lon2, lat2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def test_the_published_reference_pair_for_tiananmen() -> None:
    # From wandergis/coordtransform (test/app.js, the widely used JavaScript implementation):
    # wgs84togcj02(116.404, 39.915) → [116.41024449916938, 39.91640428150164].
    assert wgs84_to_gcj02(*TIANANMEN) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-12)


def test_the_offset_in_beijing_is_several_hundred_metres() -> None:
    shifted = _metres(TIANANMEN, wgs84_to_gcj02(*TIANANMEN))
    assert 300 < shifted < 1000, shifted


@given(china_lon, china_lat)
def test_converting_to_gcj02_and_back_returns_the_point(lon: float, lat: float) -> None:
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert abs(back[0] - lon) < 1e-6
    assert abs(back[1] - lat) < 1e-6


@given(china_lon, china_lat)
def test_the_inverse_lands_within_1e_7_degrees_of_its_preimage(lon: float, lat: float) -> None:
    image = wgs84_to_gcj02(*gcj02_to_wgs84(lon, lat))
    assert abs(image[0] - lon) < 1e-7
    assert abs(image[1] - lat) < 1e-7


def test_the_inverse_is_metres_better_than_the_one_step_approximation_in_the_north_east() -> None:
    harbin_area = (125.0, 50.0)  # the offset's slope grows with latitude; Shanghai's is 1.5 m
    shifted = wgs84_to_gcj02(*harbin_area)
    one_step = (2 * harbin_area[0] - shifted[0], 2 * harbin_area[1] - shifted[1])
    exact = gcj02_to_wgs84(*harbin_area)
    assert _metres(wgs84_to_gcj02(*exact), harbin_area) < 0.01
    assert _metres(wgs84_to_gcj02(*one_step), harbin_area) > 2


@given(abroad)
def test_nothing_moves_outside_china(point: tuple[float, float]) -> None:
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


def test_to_wgs84_converts_only_what_was_sent_in_gcj02() -> None:
    gcj = wgs84_to_gcj02(*TIANANMEN)
    assert to_wgs84(CoordinateSystem.WGS84, *TIANANMEN) == TIANANMEN
    assert to_wgs84(CoordinateSystem.GCJ02, *gcj) == pytest.approx(TIANANMEN, abs=1e-7)
    assert [s.value for s in CoordinateSystem] == ["wgs84", "gcj02"]


def test_positions_on_the_globe_pass_unchanged() -> None:
    for point in ((0.0, 0.0), (-180.0, -90.0), (180.0, 90.0), TIANANMEN):
        assert check_wgs84(*point, "location") == point


@pytest.mark.parametrize(
    ("lon", "lat", "says"),
    [
        (116.4, 90.5, "latitude"),
        (116.4, -91.0, "latitude"),
        (180.1, 39.9, "longitude"),
        (-200.0, 39.9, "longitude"),
        (math.nan, 39.9, "finite"),
        (116.4, math.inf, "finite"),
    ],
)
def test_a_position_off_the_globe_is_refused_naming_the_field(lon: float, lat: float, says: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_wgs84(lon, lat, "long")
    assert refused.value.field == "long"
    assert says in refused.value.message
