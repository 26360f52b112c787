"""Shared output helpers: the memory pool the command line chooses."""

import pyarrow as pa
import pytest

from tolls.files import release_memory_promptly


@pytest.fixture
def pool():
    before = pa.default_memory_pool()
    yield
    pa.set_memory_pool(before)


def test_the_command_line_allocates_from_a_pool_that_gives_memory_back(pool, monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        assert release_memory_promptly() is False
        return
    assert release_memory_promptly() is True
    assert pa.default_memory_pool().backend_name == "jemalloc"


def test_a_pool_the_user_chose_is_kept(pool, monkeypatch):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    before = pa.default_memory_pool().backend_name
    assert release_memory_promptly() is False
    assert pa.default_memory_pool().backend_name == before
