"""The hostile-request benchmark at a small size: every route stays within the bounds (figures judged)."""

from __future__ import annotations

from bench import hostile


def test_every_route_stays_within_the_bounds_under_hostile_requests(tmp_path):
    result = hostile.run(tmp_path, passages=4000, legacy_chars=100_000)
    routes = set(result["routes"])
    assert {"/search", "/quote", "/documents/<id>", "/api/search", "/api/documents/<id>", "/api/cite",
            "/documents/<id>/cite", "/bibliography", "/login"} <= routes
    assert result["server_errors"] == 0 and result["worker_survived"]
    # Each request of the small set costs far less than the targets; these margins hold on a busy machine.
    assert result["max_cpu_s"] < hostile.TARGET_CPU_S
    assert result["largest_answer_mb"] < 5
    assert result["worker_peak_rss_mb"] < 250
    statuses = {route: r["statuses"] for route, r in result["routes"].items()}
    assert statuses["/bibliography"][0] == 400 and statuses["/bibliography"][-1] == 413
    assert 400 in statuses["/api/cite"]  # a whole-document range is refused
    assert "| `/bibliography` |" in "\n".join(hostile.markdown(result))
