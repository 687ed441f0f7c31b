"""Rows through a generated project's own API, for the e2e stage `evolve`.

Usage (with the project's interpreter, in the project's folder, DATABASE_URL set):
  evolve_rows.py create STATE COLLECTION...   create one row in each collection, in order
  evolve_rows.py check STATE [EXPECT...]      read every recorded row back; it must be unchanged
                                              but for EXPECT: `books:summary=null` (a field added
                                              since, with its JSON value), `books:-pages` (dropped)

The app is driven in-process (httpx over ASGI, lifespan included) with ENVIRONMENT=test. Bodies
come from the OpenAPI schema: every required field gets a valid sample; a reference field
(`author_id`) gets the id of the row created in the collection it names (`authors`), or the
authenticated user's id when it names none. STATE is a JSON file of the rows created so far.
"""

import asyncio
import importlib
import json
import os
import re
import sys
import time
import tomllib
import uuid
from pathlib import Path
from typing import Any

import httpx

PASSWORD = "Correct-horse-battery-staple-9"


def _app() -> Any:
    entrypoint = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["fastapi"]["entrypoint"]
    module = importlib.import_module(entrypoint.split(":")[0])
    return module.create_app()


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        if options:
            return _resolve(options[0], components)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return {**schema, **_resolve(schema["allOf"][0], components)}
    return schema


def _sample(name: str, prop: dict[str, Any], ids: dict[str, Any], user_id: Any) -> Any:
    if name.endswith("_id"):
        stem = name[: -len("_id")]
        for collection, created in ids.items():
            if collection.rsplit("/", 1)[-1].startswith(stem):
                return created
        return user_id
    if "enum" in prop:
        return prop["enum"][0]
    kind, fmt = prop.get("type"), prop.get("format")
    if kind == "boolean":
        return False
    if kind == "integer":
        return max(int(prop.get("minimum", 1)), 1)
    if kind == "number":
        return max(float(prop.get("minimum", 1.5)), 1.5)
    if kind in ("object", "array") or (kind is None and fmt is None and "pattern" not in prop):
        return {"evolve": 1} if kind != "array" else [1]
    if fmt == "email" or "email" in name:
        return f"evolve-{uuid.uuid4().hex[:8]}@example.com"
    if fmt == "uri":
        return "https://example.com/evolve"
    if fmt == "date":
        return "2024-01-02"
    if fmt == "date-time":
        return "2024-01-02T03:04:05Z"
    if fmt == "uuid":
        return str(uuid.uuid4())
    if "pattern" in prop and re.fullmatch(prop["pattern"], "12.5") is not None:
        return "12.5"
    text = f"evolve {uuid.uuid4().hex[:6]}"
    return text[: int(prop.get("maxLength", len(text)))].ljust(int(prop.get("minLength", 1)), "x")


async def _headers(http: httpx.AsyncClient, spec: dict[str, Any]) -> tuple[dict[str, str], Any]:
    paths = spec["paths"]
    register = next((p for p in paths if p.endswith("/auth/register")), None)
    if register is not None:
        email = f"evolve-{uuid.uuid4().hex[:8]}@example.com"
        response = await http.post(register, json={"email": email, "password": PASSWORD})
        response.raise_for_status()
        login = next(p for p in paths if p.endswith("/auth/login"))
        token = (await http.post(login, data={"username": email, "password": PASSWORD})).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        me = next(p for p in paths if p.endswith("/auth/me"))
        return headers, (await http.get(me, headers=headers)).json()["id"]
    secret = os.environ.get("JWT_SECRET")
    if secret and spec.get("components", {}).get("securitySchemes"):
        import jwt  # the project's own dependency, with jwt-verify

        now = int(time.time())
        claims = {"sub": "evolve-user", "iat": now, "exp": now + 3600}
        return {"Authorization": f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}"}, None
    return {}, None


def _expectations(items: list[str]) -> tuple[dict[str, dict[str, Any]], dict[str, set[str]]]:
    """`books:summary=null` → added fields' values; `books:-pages` → dropped fields."""
    added: dict[str, dict[str, Any]] = {}
    dropped: dict[str, set[str]] = {}
    for item in items:
        collection, _, rest = item.partition(":")
        if rest.startswith("-"):
            dropped.setdefault(collection, set()).add(rest[1:])
        else:
            name, _, value = rest.partition("=")
            added.setdefault(collection, {})[name] = json.loads(value)
    return added, dropped


async def main(command: str, state_file: Path, collections: list[str]) -> None:
    state: dict[str, Any] = json.loads(state_file.read_text()) if state_file.exists() else {}
    app = _app()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://evolve") as http:
            spec = app.openapi()
            components = spec.get("components", {}).get("schemas", {})
            if "headers" not in state:
                state["headers"], state["user_id"] = await _headers(http, spec)
            headers, user_id = state["headers"], state["user_id"]
            rows: dict[str, Any] = state.setdefault("rows", {})
            if command == "create":
                ids = {c: row["id"] for c, row in rows.items()}
                for collection in collections:
                    path = next(p for p in spec["paths"] if p.rstrip("/").endswith(f"/{collection}"))
                    content = spec["paths"][path]["post"]["requestBody"]["content"]
                    schema = _resolve(content["application/json"]["schema"], components)
                    body = {
                        name: _sample(name, _resolve(prop, components), ids, user_id)
                        for name, prop in schema["properties"].items()
                        if name in schema.get("required", [])
                    }
                    response = await http.post(path.rstrip("/"), json=body, headers=headers)
                    if response.status_code != 201:
                        sys.exit(f"POST {path} {body} -> {response.status_code} {response.text}")
                    rows[path.rstrip("/")] = response.json()
                    ids[path.rstrip("/")] = response.json()["id"]
                    print(f"created {path.rstrip('/')} {response.json()['id']}")
                state_file.write_text(json.dumps(state, indent=2))
            else:
                added, dropped = _expectations(collections)
                for path, row in rows.items():
                    collection = path.rsplit("/", 1)[-1]
                    want = {k: v for k, v in row.items() if k not in dropped.get(collection, set())}
                    want.update(added.get(collection, {}))
                    response = await http.get(f"{path}/{row['id']}", headers=headers)
                    if response.status_code != 200 or response.json() != want:
                        sys.exit(
                            f"GET {path}/{row['id']} -> {response.status_code} {response.text}"
                            f" (expected {json.dumps(want)})"
                        )
                    changed = [f"{k}={json.dumps(v)}" for k, v in added.get(collection, {}).items()]
                    gone = sorted(dropped.get(collection, set()))
                    note = ", ".join(changed + [f"no {k}" for k in gone])
                    print(f"read back {path}/{row['id']}" + (f" ({note})" if note else ""))
                print(f"read back {len(rows)} rows as expected: {', '.join(rows)}")


if __name__ == "__main__":
    os.environ.setdefault("ENVIRONMENT", "test")
    os.environ.setdefault("RATE_LIMIT_ENABLED", "false")
    asyncio.run(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:]))
