"""A run's status: finished, interrupted or failed, from the stats and the durable count."""

from ogpcrawl.runinfo import run_summary


def stats(total=10, done=10, unreachable=0):
    return {
        "ogp/agencies_total": total,
        "ogp/agencies_done": done,
        "ogp/unreachable": unreachable,
        "ogp/pages": 99,
        "ogp/page_errors/http_5xx": 2,
    }


def test_finished():
    status, summary = run_summary(stats(), "finished")
    assert status == "finished"
    assert summary["agencies_done"] == 10
    assert summary["process"]["page_errors"] == {"http_5xx": 2}


def test_stopped_by_the_operator_is_interrupted():
    assert run_summary(stats(done=4), "shutdown")[0] == "interrupted"


def test_most_sites_unreachable_is_a_failed_run():
    # a broken network must never read as agencies doing nothing
    assert run_summary(stats(unreachable=6), "finished")[0] == "failed"


def test_shared_run_is_judged_on_every_process_durable_count():
    # this process did 4 of 10, the other processes the rest: the run is finished
    status, summary = run_summary(stats(done=4), "finished", done=10)
    assert status == "finished"
    assert summary["process"]["agencies_done"] == 4
    # ... and while other processes are still at work, it is not
    assert run_summary(stats(done=4), "finished", done=7)[0] == "interrupted"


def test_process_health_judges_from_this_process_figures():
    from ogpcrawl.runinfo import process_health

    stats = {"ogp/agencies_total": 4, "ogp/agencies_done": 4, "ogp/unreachable": 4}
    status, summary = run_summary(stats, "finished")
    verdict = process_health("r1", "local_ih", status, summary)
    assert verdict.state == "failed" and "every site unreachable (4 of 4)" in verdict.reasons

    fine = {"ogp/agencies_total": 4, "ogp/agencies_done": 4, "ogp/unreachable": 1}
    assert process_health("r1", "local_ih", *run_summary(fine, "finished")).state == "ok"


def test_a_distributed_process_done_with_its_share_is_not_a_failed_run():
    from ogpcrawl.runinfo import process_health

    stats = {"ogp/agencies_total": 80, "ogp/agencies_done": 30, "ogp/unreachable": 0}
    status, summary = run_summary(stats, "finished", done=50)
    assert status == "interrupted"  # the other process is still crawling
    assert process_health("r1", "local_ih", status, summary, distributed=True).state == "running"
    assert process_health("r1", "local_ih", status, summary).state == "failed"


def test_the_verdict_line_names_the_run_its_state_and_the_reason():
    from ogpcrawl.runinfo import verdict_line

    assert verdict_line(
        "r1", "ok", (), {"agencies": 80, "unreachable": 2, "pages": 900}, "annexes in output/r1/"
    ) == ("ogpcrawl: run r1 OK: 80 agencies, 2 unreachable, 900 pages; annexes in output/r1/")
    assert verdict_line("r1", "degraded", ("a", "b"), {}, "") == "ogpcrawl: run r1 DEGRADED: a; b"
