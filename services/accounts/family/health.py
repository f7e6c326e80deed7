"""Children's health data at rest: a Fernet token (AES-128-CBC + HMAC-SHA256) of its JSON.

The key is `HEALTH_DATA_KEY` (`Fernet.generate_key()`); several keys separated by commas allow a
rotation: the first encrypts, every one decrypts.
"""
from __future__ import annotations

import json
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet

from services.accounts.family import rules
from services.chassis import config

# Development default only, like the chassis' SECRET_KEY: production sets HEALTH_DATA_KEY.
DEVELOPMENT_KEY = "ZGV2LW9ubHktaGVhbHRoLWtleS1jaGFuZ2UtbWUtMDA="


def _key_setting() -> str:
    return config.get("HEALTH_DATA_KEY") or DEVELOPMENT_KEY


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.strip()) for key in keys.split(",") if key.strip()])


def encrypt(health: dict | None) -> str:
    """The token of a health object (completed with its defaults)."""
    plain = json.dumps(rules.complete("health", health), ensure_ascii=False, sort_keys=True)
    return _fernet(_key_setting()).encrypt(plain.encode()).decode("ascii")


def decrypt(token: str | None) -> dict:
    if token is None:
        return rules.complete("health", None)
    return rules.complete("health", json.loads(_fernet(_key_setting()).decrypt(token.encode("ascii"))))
