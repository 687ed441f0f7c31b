"""Print a bearer token for a generated project's running API, for Schemathesis.

Usage: api_token.py BASE_URL AUTH [SECRET]
- AUTH "jwt": registers a user through the API (fields from the OpenAPI schema) and logs in.
- AUTH "jwt-verify": mints an HS256 token signed with SECRET, as the issuing service would.
Runs with the generated project's own interpreter (httpx and PyJWT come with it).
"""

import json
import sys
import time
import uuid
from typing import Any

import httpx


def _body_for(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, str]:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    body: dict[str, str] = {}
    for name in schema.get("required", []):
        prop = schema["properties"][name]
        if "password" in name:
            body[name] = "Correct-horse-battery-staple-9"
        elif prop.get("format") == "email" or "email" in name:
            body[name] = f"schemathesis-{uuid.uuid4().hex[:8]}@example.com"
        else:
            body[name] = "schemathesis"
    return body


def jwt_token(base: str) -> str:
    spec = httpx.get(f"{base}/openapi.json").json()
    components = spec.get("components", {}).get("schemas", {})
    register = next(p for p in spec["paths"] if p.endswith("/auth/register"))
    login = next(p for p in spec["paths"] if p.endswith("/auth/login"))
    content = spec["paths"][register]["post"]["requestBody"]["content"]
    body = _body_for(content["application/json"]["schema"], components)
    created = httpx.post(f"{base}{register}", json=body)
    created.raise_for_status()
    username = next(v for k, v in body.items() if "email" in k or "username" in k)
    password = next(v for k, v in body.items() if "password" in k)
    response = httpx.post(f"{base}{login}", data={"username": username, "password": password})
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


def minted_token(secret: str) -> str:
    import jwt

    now = int(time.time())
    claims = {"sub": "schemathesis", "iat": now, "exp": now + 3600}
    return jwt.encode(claims, secret, algorithm="HS256")


def main() -> None:
    base, auth = sys.argv[1].rstrip("/"), sys.argv[2]
    if auth == "jwt":
        print(jwt_token(base))
    elif auth == "jwt-verify":
        print(minted_token(sys.argv[3]))
    else:
        sys.exit(f"api_token.py: no token for auth {json.dumps(auth)}")


if __name__ == "__main__":
    main()
