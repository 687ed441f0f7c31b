"""The routes the e2e stage `production` drives, read from a generated project's own schema.

Usage (with the project's interpreter, in the project's folder): production_routes.py COLLECTION
Prints JSON: {"register", "login": paths or null, "register_fields": the required fields of the
registration body, "list": the path that lists COLLECTION, or null}. A production app serves no
/openapi.json, so the schema is taken from the app built in-process with ENVIRONMENT=development.
"""

import importlib
import json
import os
import sys
import tomllib
from pathlib import Path
from typing import Any


def main() -> None:
    collection = sys.argv[1]
    os.environ["ENVIRONMENT"] = "development"
    entrypoint = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["fastapi"]["entrypoint"]
    app = importlib.import_module(entrypoint.split(":")[0]).create_app()
    spec: dict[str, Any] = app.openapi()
    paths: dict[str, Any] = spec["paths"]
    components = spec.get("components", {}).get("schemas", {})
    register = next((p for p in paths if p.endswith("/auth/register")), None)
    login = next((p for p in paths if p.endswith("/auth/login")), None)
    fields: list[str] = []
    if register is not None:
        schema = paths[register]["post"]["requestBody"]["content"]["application/json"]["schema"]
        if "$ref" in schema:
            schema = components[schema["$ref"].rsplit("/", 1)[-1]]
        fields = list(schema.get("required", []))
    listing = next(
        (p for p in paths if p.rstrip("/").endswith(f"/{collection}") and "get" in paths[p]),
        None,
    )
    print(json.dumps({"register": register, "login": login, "register_fields": fields, "list": listing}))


if __name__ == "__main__":
    main()
