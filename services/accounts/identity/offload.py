"""CPU-heavy work (argon2) in a real thread: on a green thread it would stall every other one."""
from eventlet import tpool


def offload(function, *args):
    return tpool.execute(function, *args)
