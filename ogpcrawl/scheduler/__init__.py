"""The scheduler service: submits the monitoring schedule (deploy/schedule.toml) to Scrapyd.

`python -m ogpcrawl.scheduler --schedule deploy/schedule.toml --scrapyd http://127.0.0.1:6800`

- schedule.py: the schedule file (jobs: spider, cron, settings, args), validated on load.
- timing.py: which jobs are due at a given instant; pure, the clock is passed in.
- scrapyd.py: the two Scrapyd calls the service makes (listjobs.json, schedule.json).
- state.py: the last fire time handled per job, kept in a file so a restart catches up.
- service.py: one tick = due jobs -> skip those whose spider still runs -> submit -> log.
- events.py: one JSON line per decision (submitted, skipped, failed, ...).
"""
