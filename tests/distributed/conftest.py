"""A Redis key prefix of its own for each test, and its keys removed afterwards."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture()
def redis_prefix(redis_url):
    import redis

    prefix = f"ogptest-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url)
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()
