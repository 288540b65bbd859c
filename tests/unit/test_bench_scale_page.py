"""docs/scale.md: a run of one backend replaces that backend's section and keeps everything else."""

from __future__ import annotations

from bench.scale import HEADER, NOTES, merged

READING = f"{NOTES}\n\n- written by hand\n"


def _section(backend: str, figure: str) -> str:
    return (
        f"## {backend}\n\nProduced by `python -m bench.scale --backend {backend}`.\n\n| events |\n|---|\n| {figure} |\n"
    )


def test_a_run_of_one_backend_keeps_the_others_section_and_the_reading() -> None:
    before = merged("", {"sqlite": _section("sqlite", "10,211")}) + "\n" + READING
    after = merged(before, {"postgresql": _section("postgresql", "10,500")})
    assert after.startswith("\n".join(HEADER))
    assert after.index("## sqlite") < after.index("## postgresql") < after.index(NOTES)
    assert "| 10,211 |" in after and "| 10,500 |" in after
    assert after.endswith(READING)
    again = merged(after, {"sqlite": _section("sqlite", "10,999")})
    assert "| 10,211 |" not in again and "| 10,999 |" in again and "| 10,500 |" in again
    assert again.count("## sqlite") == again.count("## postgresql") == again.count(NOTES) == 1
