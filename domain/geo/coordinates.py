"""Coordinates as clients send them, turned into the WGS84 the grid keeps.

Maps published in mainland China (Amap, Tencent, most city platforms) give GCJ-02, WGS84 shifted
by an obfuscating offset of a few hundred metres; a point stored unconverted lands in the wrong
compound. The offset is the published GCJ-02 formula on the Krasovsky 1940 ellipsoid; like the
usual implementations it is applied only inside a rough bounding box of mainland China. It has no
closed-form inverse, so GCJ-02 → WGS84 iterates to a fixed point instead of taking the common
one-step approximation, which is off by up to about 6 m (measured over the box).
"""

from __future__ import annotations

import math
from enum import StrEnum

from domain.shared.errors import InvalidInputError

_A = 6378245.0  # Krasovsky 1940 semi-major axis (m)
_EE = 0.00669342162296594323  # its first eccentricity squared
# (west, east, south, north): mainland China, roughly; outside it GCJ-02 equals WGS84.
_CHINA = (73.66, 135.05, 3.86, 53.55)
_TOLERANCE = 1e-9  # degrees (≈ 0.1 mm); the inverse stops once the forward image is this close
_MAX_STEPS = 30  # the offset changes slowly, so each step gains about three digits


class CoordinateSystem(StrEnum):
    """The datum a client's coordinates are in: the values are what clients send."""

    WGS84 = "wgs84"  # GPS, OpenStreetMap, Open311's default
    GCJ02 = "gcj02"  # 国测局坐标 ("Mars coordinates"), Amap and Tencent maps


def in_china(lon: float, lat: float) -> bool:
    west, east, south, north = _CHINA
    return west < lon < east and south < lat < north


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """The GCJ-02 position of a WGS84 one (unchanged outside mainland China)."""
    if not in_china(lon, lat):
        return lon, lat
    d_lon, d_lat = _offset(lon, lat)
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """The WGS84 position whose GCJ-02 image is (lon, lat), to better than 1e-7 degrees.

    Fixed-point iteration w ← w + (target − gcj(w)): the offset's slope is about 1e-3 per degree,
    so the error shrinks a thousandfold each step.
    """
    if not in_china(lon, lat):
        return lon, lat
    w_lon, w_lat = lon, lat
    for _ in range(_MAX_STEPS):
        g_lon, g_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = lon - g_lon, lat - g_lat
        if abs(e_lon) < _TOLERANCE and abs(e_lat) < _TOLERANCE:
            break
        w_lon, w_lat = w_lon + e_lon, w_lat + e_lat
    return w_lon, w_lat


def to_wgs84(system: CoordinateSystem, lon: float, lat: float) -> tuple[float, float]:
    """A client's coordinates in WGS84, whichever system it sent them in."""
    if CoordinateSystem(system) is CoordinateSystem.GCJ02:
        return gcj02_to_wgs84(lon, lat)
    return lon, lat


def check_wgs84(lon: float, lat: float, field: str) -> tuple[float, float]:
    """Refuses (422 naming `field`) a position that is not on the globe; returns it unchanged."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise InvalidInputError(f"{field}: give finite decimal degrees, not {lon!r}, {lat!r}", field=field)
    if not -90.0 <= lat <= 90.0:
        raise InvalidInputError(f"{field}: latitude {lat} is outside -90 … 90 degrees", field=field)
    if not -180.0 <= lon <= 180.0:
        raise InvalidInputError(f"{field}: longitude {lon} is outside -180 … 180 degrees", field=field)
    return lon, lat


def _offset(lon: float, lat: float) -> tuple[float, float]:
    """The GCJ-02 shift (degrees of longitude, of latitude) at a WGS84 position."""
    x, y = lon - 105.0, lat - 35.0
    d_lat = _shift_lat(x, y)
    d_lon = _shift_lon(x, y)
    rad = lat / 180.0 * math.pi  # as the published formula writes it, to the last bit
    magic = 1.0 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return d_lon, d_lat


def _shift_lat(x: float, y: float) -> float:
    pi = math.pi
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * pi) + 20.0 * math.sin(2.0 * x * pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * pi) + 40.0 * math.sin(y / 3.0 * pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * pi) + 320.0 * math.sin(y * pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon(x: float, y: float) -> float:
    pi = math.pi
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * pi) + 20.0 * math.sin(2.0 * x * pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * pi) + 40.0 * math.sin(x / 3.0 * pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * pi) + 300.0 * math.sin(x / 30.0 * pi)) * 2.0 / 3.0
    return ret
