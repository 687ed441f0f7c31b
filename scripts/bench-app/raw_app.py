"""Hand-written baseline for `npm run bench:app`: FastAPI + an asyncpg pool + raw SQL.

It serves the same three requests as the generated project's sample resource (a page of the
list, one row by id, create) on the same table, with the same authentication work: an HS256 JWT
checked with PyJWT and, when the generated app keeps users (auth "jwt"), the same look-up of the
user row on every request. No ORM, no Pydantic models, no dependency tree: what is left is the
price of FastAPI's routing, asyncpg and the database.

Configured by the environment (scripts/bench-app.js sets it):
  BENCH_DSN      postgresql://… (asyncpg's form)
  SECRET_KEY     the key the generated app signs or verifies its tokens with
  BENCH_CONFIG   JSON: see _Config below
Run: uvicorn raw_app:app --app-dir scripts/bench-app --workers 2 …
"""

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import jwt
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect

CONFIG: dict[str, Any] = json.loads(os.environ["BENCH_CONFIG"])
SECRET = os.environ["SECRET_KEY"]
TABLE = CONFIG["table"]  # identifiers come from information_schema, quoted below
PATH = CONFIG["path"]
ID_TYPE = CONFIG["idType"]  # "uuid" | "int"
OWNER = CONFIG.get("ownerColumn")  # None: rows are shared (no user isolation)
OWNER_TYPE = CONFIG.get("ownerType", "text")  # "uuid" | "int" | "text"
USERS = CONFIG.get("usersTable")  # auth "jwt": the user row is read on every request
AUTH = CONFIG["auth"]  # "jwt" | "jwt-verify" | "none"
READ = CONFIG["readColumns"]
CREATE = CONFIG["createFields"]  # field -> JSON type: string | integer | number | boolean
ENVELOPE = CONFIG["envelope"]
PAGINATION = CONFIG["pagination"]  # "limit-offset" | "skip-limit" | "cursor"
SOFT_DELETE = CONFIG.get("softDeleteColumn")
ORDER = CONFIG.get("orderColumn")
POOL_MAX = int(CONFIG.get("poolMax", 15))


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


COLUMNS = ", ".join(q(c) for c in READ)
SCOPE: list[str] = []
if OWNER:
    SCOPE.append(f"{q(OWNER)} = $1")
if SOFT_DELETE:
    SCOPE.append(f"{q(SOFT_DELETE)} IS NULL")
N = 1 if OWNER else 0  # number of owner parameters before the others
ID = q("id")


def where(*extra: str) -> str:
    conditions = SCOPE + list(extra)
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


ORDER_BY = f"{q(ORDER)} DESC, {ID} DESC" if ORDER else f"{ID} DESC"
SQL_COUNT = f"SELECT count(*) FROM {q(TABLE)}{where()}"
SQL_PAGE = (
    f"SELECT {COLUMNS} FROM {q(TABLE)}{where()} ORDER BY {ORDER_BY} LIMIT ${N + 1} OFFSET ${N + 2}"
)
# keyset pagination, as the generated projects do it: ascending ids after the cursor
SQL_FIRST = f"SELECT {COLUMNS} FROM {q(TABLE)}{where()} ORDER BY {ID} LIMIT ${N + 1}"
SQL_CURSOR = (
    f"SELECT {COLUMNS} FROM {q(TABLE)}{where(f'{ID} > ${N + 2}')} ORDER BY {ID} LIMIT ${N + 1}"
)
SQL_GET = f"SELECT {COLUMNS} FROM {q(TABLE)}{where(f'{ID} = ${N + 1}')}"
SQL_USER = f"SELECT is_active FROM {q(USERS)} WHERE id = $1" if USERS else ""

UNAUTHORIZED = JSONResponse({"detail": "Not authenticated"}, status_code=401)
NOT_FOUND = JSONResponse({"detail": "Not found"}, status_code=404)
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def row(record: asyncpg.Record) -> dict[str, Any]:
    return {k: _json(v) for k, v in record.items()}


def _owner(sub: str) -> Any:
    if OWNER_TYPE == "uuid":
        return uuid.UUID(sub)
    if OWNER_TYPE == "int":
        return int(sub)
    return sub


def _id(raw: str) -> Any:
    return uuid.UUID(raw) if ID_TYPE == "uuid" else int(raw)


async def authenticate(request: Request) -> tuple[Any, ...] | None:
    """The owner parameter, () without isolation, or None when the token is refused."""
    if AUTH == "none":
        return ()
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        claims = jwt.decode(
            token, SECRET, algorithms=["HS256"], options={"require": ["exp", "sub"]}
        )
        if AUTH == "jwt" and claims.get("type", "access") != "access":
            return None
        owner = _owner(claims["sub"])
    except (jwt.PyJWTError, ValueError, KeyError):
        return None
    if USERS:
        active = await request.app.state.pool.fetchval(SQL_USER, owner)
        if not active:
            return None
    return (owner,) if OWNER else ()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(
        os.environ["BENCH_DSN"], min_size=1, max_size=POOL_MAX
    )
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get(PATH)
async def list_rows(request: Request) -> Response:
    owner = await authenticate(request)
    if owner is None:
        return UNAUTHORIZED
    params = request.query_params
    try:
        limit = int(params.get("limit", 20))
        offset = int(params.get("offset", params.get("skip", 0)))
        cursor = params.get("cursor")
    except ValueError:
        return JSONResponse({"detail": "invalid page"}, status_code=422)
    if not 1 <= limit <= 100 or offset < 0:
        return JSONResponse({"detail": "invalid page"}, status_code=422)
    pool = request.app.state.pool
    body: dict[str, Any] = {}
    if PAGINATION == "cursor":
        if cursor:
            records = await pool.fetch(SQL_CURSOR, *owner, limit + 1, _id(cursor))
        else:
            records = await pool.fetch(SQL_FIRST, *owner, limit + 1)
        has_more = len(records) > limit
        records = records[:limit]
        body["items"] = [row(r) for r in records]
        body["next_cursor"] = str(records[-1]["id"]) if has_more and records else None
        return JSONResponse({k: body.get(k) for k in ENVELOPE})
    async with pool.acquire() as connection:
        total = await connection.fetchval(SQL_COUNT, *owner) if "total" in ENVELOPE else 0
        records = await connection.fetch(SQL_PAGE, *owner, limit, offset)
    values = {
        "items": [row(r) for r in records],
        "total": total,
        "limit": limit,
        "offset": offset,
        "skip": offset,
        "has_more": offset + len(records) < total,
    }
    return JSONResponse({k: values.get(k) for k in ENVELOPE})


@app.get(PATH + "/{row_id}")
async def get_row(row_id: str, request: Request) -> Response:
    owner = await authenticate(request)
    if owner is None:
        return UNAUTHORIZED
    try:
        key = _id(row_id)
    except ValueError:
        return JSONResponse({"detail": "invalid id"}, status_code=422)
    record = await request.app.state.pool.fetchrow(SQL_GET, *owner, key)
    return NOT_FOUND if record is None else JSONResponse(row(record))


@app.post(PATH)
async def create_row(request: Request) -> Response:
    owner = await authenticate(request)
    if owner is None:
        return UNAUTHORIZED
    try:
        data = await request.json()
    except ValueError:
        return JSONResponse({"detail": "invalid JSON"}, status_code=422)
    except ClientDisconnect:
        # wrk closes its connections when its time is up, some mid-request
        return Response(status_code=499)
    if not isinstance(data, dict) or set(data) - set(CREATE):
        return JSONResponse({"detail": "unknown field"}, status_code=422)
    for field, kind in CREATE.items():
        value = data.get(field)
        if value is not None and (
            not isinstance(value, JSON_TYPES.get(kind, (object,)))
            or (kind != "boolean" and isinstance(value, bool))
        ):
            return JSONResponse({"detail": f"{field}: expected {kind}"}, status_code=422)
    columns = list(data)
    values = [data[c] for c in columns]
    if OWNER:
        columns.append(OWNER)
        values.append(owner[0])
    if ID_TYPE == "uuid":
        columns.append("id")
        values.append(uuid.uuid4())
    placeholders = ", ".join(f"${i + 1}" for i in range(len(columns)))
    sql = (
        f"INSERT INTO {q(TABLE)} ({', '.join(q(c) for c in columns)})"
        f" VALUES ({placeholders}) RETURNING {COLUMNS}"
    )
    record = await request.app.state.pool.fetchrow(sql, *values)
    return JSONResponse(row(record), status_code=201)
