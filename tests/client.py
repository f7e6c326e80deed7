"""An API client as a browser or an app would be: a cookie session plus the CSRF header."""
from __future__ import annotations

import uuid

import requests


class ApiClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()
        self.csrf_token: str | None = None

    def _send(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.csrf_token and method != "GET":
            headers["X-CSRF-Token"] = self.csrf_token
        return self.http.request(method, f"{self.base_url}/api/v1{path}", headers=headers, timeout=30, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self._send("GET", path, **kwargs)

    def post(self, path: str, json=None, **kwargs) -> requests.Response:
        return self._send("POST", path, json=json, **kwargs)

    def login(self, login: str, password: str) -> requests.Response:
        response = self.post("/auth/login", {"login": login, "password": password})
        if response.status_code == 200:
            self.csrf_token = response.json()["csrf_token"]
        return response

    def book(self, child_id: str, changes: list[dict], key: str | None = None) -> requests.Response:
        return self.post("/bookings", {"child_id": child_id, "changes": changes},
                         headers={"Idempotency-Key": key or str(uuid.uuid4())})
