"""A run's status: finished, interrupted or failed, from the stats and the durable count."""

from ogpcrawl.runinfo import run_summary


def stats(total=10, done=10, unreachable=0):
    return {"ogp/agencies_total": total, "ogp/agencies_done": done,
            "ogp/unreachable": unreachable, "ogp/pages": 99, "ogp/page_errors/http_5xx": 2}


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
